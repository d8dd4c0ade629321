// parse: rule text to a typed syntax tree, with every syntax error located.
#pragma once

#include <memory>
#include <optional>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "source.hpp"

namespace cptrules::lang {

// The outcome of parsing one file. `module` holds every declaration that parsed; a syntax
// error skips to the next top-level declaration, so one run reports every broken declaration.
struct ParseResult {
  ast::Module module;
  Diagnostics diagnostics;
};

// Parses one rule file. Never throws for bad input: syntax errors become diagnostics
// (E0101 and E0102, see docs/diagnostics.md); a line that nests expressions too deeply is
// refused before it is parsed (E0109, E0110).
ParseResult parse(std::shared_ptr<const SourceFile> file);

}  // namespace cptrules::lang
