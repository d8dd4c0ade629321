// A policy's own checks: its `let` names, and the lints that run its compiled formulas.
#include "policy_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "day.hpp"

namespace cptrules::interp {

namespace ast = lang::ast;

const ast::LetClause* find_let(const std::vector<ast::LetClause>* lets, std::string_view name) {
  if (!lets)
    return nullptr;
  for (const ast::LetClause& l : *lets) {
    if (l.name.text == name)
      return &l;
  }
  return nullptr;
}

std::size_t expr_depth(const ast::Expr& e) {
  std::size_t deepest = 0;
  for (const ast::Expr& arg : e.args)
    deepest = std::max(deepest, expr_depth(arg));
  return deepest + 1;
}

Program::LetNames let_names(const std::vector<ast::LetClause>* lets) {
  Program::LetNames out;
  if (lets) {
    for (const ast::LetClause& l : *lets)
      out.emplace_back(l.name.text, &l.value);
  }
  return out;
}

void check_let_names(const ast::PolicyDecl& d, const std::shared_ptr<const lang::SourceFile>& file,
                     lang::Diagnostics& out) {
  for (std::size_t i = 0; i < d.lets.size(); ++i) {
    const ast::LetClause& l = d.lets[i];
    if (l.name.text == "minutes" || l.name.text == "unit") {
      out.error("E0317", file, l.name.span,
                fmt::format("'let {}' would hide the variable '{}'; choose another name",
                            l.name.text, l.name.text));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (d.lets[j].name.text == l.name.text) {
        out.error("E0317", file, l.name.span,
                  fmt::format("'let {}' is given twice in policy '{}'", l.name.text, d.name.text))
            .notes.push_back({"first given here", d.lets[j].name.span});
        break;
      }
    }
  }
}

// A service with no documented time earns nothing: units at 0 minutes are a mistake of the
// formula (say a division that was meant to round down, or a constant added).
void warn_if_units_at_zero(const Program& units, lang::Span span,
                           const std::shared_ptr<const lang::SourceFile>& file,
                           lang::Diagnostics& out) {
  for (std::int64_t unit : {15, 30, 60}) {
    std::int64_t value = 0;
    if (units.run({0, unit}, value) != EvalStatus::ok || value <= 0)
      continue;
    out.warning("W0409", file, span,
                fmt::format("this gives {} {} at 0 minutes (unit length {} min)", value,
                            value == 1 ? "unit" : "units", unit))
        .notes.push_back({"a service with no documented time earns no unit; make the formula "
                          "give 0 at 0 minutes, e.g. with 'if minutes == 0 then 0 else ...'",
                          {}});
    return;
  }
}

void warn_if_decreasing(const Program& units, lang::Span span,
                        const std::shared_ptr<const lang::SourceFile>& file,
                        lang::Diagnostics& out) {
  for (std::int64_t unit : {15, 30, 60}) {
    std::int64_t previous = std::numeric_limits<std::int64_t>::min();
    for (std::int64_t m = 0; m <= kMaxDayMinutes; ++m) {
      std::int64_t value = 0;
      if (units.run({m, unit}, value) != EvalStatus::ok)
        break;
      if (value < previous) {
        out.warning("W0403", file, span,
                    fmt::format("units fall from {} to {} when minutes grow from {} to {} (unit "
                                "length {} min)",
                                previous, value, m - 1, m, unit));
        return;
      }
      previous = value;
    }
  }
}

}  // namespace cptrules::interp
