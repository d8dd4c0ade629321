// format_rules: the canonical layout of a rule file, as `cptrules fmt` writes it (docs/fmt.md).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "diagnostic.hpp"
#include "source.hpp"

namespace cptrules::lang {

// Returns the text of `file` in the canonical layout of docs/fmt.md: two spaces of indentation
// per brace depth, one clause a line, one space between the tokens of a clause, comments and
// strings kept, one blank line between top-level declarations, one newline at the end.
//
// Only a file that parses is formatted: when `file` has a syntax or value error, its
// diagnostics (E01..) are added to `diagnostics` and nullopt is returned. The result is
// checked before it is returned: it must parse to the same syntax tree (dump_ast) and keep the
// same comments; if it would not (a formatter bug), an E0901 error is added and nullopt is
// returned, so a file is never rewritten into something that means something else.
// Formatting is idempotent: formatting the result again gives the result.
std::optional<std::string> format_rules(const std::shared_ptr<const SourceFile>& file,
                                        Diagnostics& diagnostics);

}  // namespace cptrules::lang
