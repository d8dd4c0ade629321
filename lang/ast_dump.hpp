// dump_ast: the whole syntax tree of a module as deterministic, indented text, without spans.
#pragma once

#include <string>

#include "ast.hpp"

namespace cptrules::lang {

// Prints every declaration of `module` and every field of every node, one field a line,
// indented two spaces per level, e.g.
//   code 97140
//     title "Manual therapy techniques"
//     timing timed every 15 min
//     ...
// Spans and offsets are left out, so two modules that differ only in layout and comments
// (a file and its `cptrules fmt` output) dump to the same text. Strings are quoted with `"` and
// `\` escaped; expressions are fully parenthesised. The first line names the module's file,
// the last lines list the declarations that did not parse (`broken`). Never fails: a declaration
// kind this function does not know yet is printed as a placeholder line.
std::string dump_ast(const ast::Module& module);

}  // namespace cptrules::lang
