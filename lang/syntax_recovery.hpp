// After a syntax error: what to report (with did-you-mean), where parsing resumes, and which
// declaration was lost (internal to the parser).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "source.hpp"

namespace cptrules::lang {

// Reports the syntax error `message` found at offset `at` of `text`, in the declaration that
// starts at `decl_begin`: E0102 for a block left open, else E0101, with a did-you-mean note for
// a misspelt clause or declaration keyword.
void report_syntax_error(std::string_view message, std::size_t at, std::string_view text,
                         std::size_t decl_begin, const std::shared_ptr<const SourceFile>& file,
                         Diagnostics& out);

// The offset of the next line, at or after `from`, that starts a top-level declaration, or a
// misspelled one (so that it is reported, with did-you-mean, rather than skipped).
std::size_t next_declaration(std::string_view text, std::size_t from);

// True when `text` starts with a top-level declaration keyword and a space.
bool starts_declaration(std::string_view text);

// The kind and name of the declaration that starts at offset `begin` of `text` (`policy
// cms-8-minute {`), if it has a name; a misspelt keyword (`polcy p {`) gives the nearest kind.
std::optional<ast::BrokenDecl> broken_declaration(std::string_view text, std::size_t begin);

}  // namespace cptrules::lang
