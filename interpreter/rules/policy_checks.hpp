// Checks of a policy that need no other declaration: its `let` names, and lints that run its
// compiled formulas (units at 0 minutes, units that fall as minutes grow).
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "program.hpp"

namespace cptrules::interp {

// The `let` of `lets` called `name`, or null.
const lang::ast::LetClause* find_let(const std::vector<lang::ast::LetClause>* lets,
                                     std::string_view name);

// The nesting depth of an expression as written.
std::size_t expr_depth(const lang::ast::Expr& e);

// The `let` names of a policy for Program::compile.
Program::LetNames let_names(const std::vector<lang::ast::LetClause>* lets);

// E0317: a `let` named like a variable (`minutes`, `unit`), or named twice in one policy.
void check_let_names(const lang::ast::PolicyDecl& d,
                     const std::shared_ptr<const lang::SourceFile>& file, lang::Diagnostics& out);

// W0409: units at 0 minutes.
void warn_if_units_at_zero(const Program& units, lang::Span span,
                           const std::shared_ptr<const lang::SourceFile>& file,
                           lang::Diagnostics& out);

// W0403: units of a formula that fall as minutes grow, sampled over a day for common unit
// lengths.
void warn_if_decreasing(const Program& units, lang::Span span,
                        const std::shared_ptr<const lang::SourceFile>& file,
                        lang::Diagnostics& out);

// W0403: units of a table that fall as minutes grow. `programs` holds the rows' compiled units;
// `uses_unit` says whether a row reads `unit` (then common unit lengths are sampled).
void warn_if_table_decreasing(const lang::ast::UnitsClause& u,
                              const std::unordered_map<const lang::ast::Expr*, Program>& programs,
                              bool uses_unit, const std::shared_ptr<const lang::SourceFile>& file,
                              lang::Diagnostics& out);

}  // namespace cptrules::interp
