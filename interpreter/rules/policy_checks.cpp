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

// The rows are read as the evaluator reads them (the first row that covers the minutes, in the
// order written). Minutes between rows are W0401's; minutes past the last row earn 0 units, which
// is a fall when the last row gave more.
void warn_if_table_decreasing(const ast::UnitsClause& u,
                              const std::unordered_map<const ast::Expr*, Program>& programs,
                              bool uses_unit, const std::shared_ptr<const lang::SourceFile>& file,
                              lang::Diagnostics& out) {
  struct Row {
    const ast::TableRow* row;
    std::int64_t to;
    const Program* units;
  };
  std::vector<Row> rows;
  std::int64_t first = std::numeric_limits<std::int64_t>::max();
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  for (const auto& row : u.rows) {
    const std::int64_t to = row.to.value_or(std::numeric_limits<std::int64_t>::max());
    if (to < row.from)
      continue;  // E0311: it covers no minutes
    rows.push_back({&row, to, &programs.at(&row.units)});
    first = std::min(first, row.from);
    last = std::max(last, to);
  }
  if (rows.empty())
    return;
  // Rows that never read `unit` give the same units for every unit length.
  const std::vector<std::int64_t> units =
      uses_unit ? std::vector<std::int64_t>{15, 30, 60} : std::vector<std::int64_t>{15};
  for (std::int64_t unit : units) {
    const Row* previous_row = nullptr;
    std::int64_t previous = 0;
    std::int64_t previous_minutes = 0;
    for (std::int64_t m = std::max<std::int64_t>(first, 0); m <= kMaxDayMinutes; ++m) {
      const auto covers = [m](const Row& r) { return r.row->from <= m && m <= r.to; };
      const auto at = std::find_if(rows.begin(), rows.end(), covers);
      std::int64_t value = 0;
      if (at != rows.end()) {
        if (at->units->run({m, unit}, value) != EvalStatus::ok)
          break;
      } else if (m <= last) {
        continue;  // a gap between rows: W0401
      }
      if (previous_row != nullptr && value < previous) {
        const std::string unit_text =
            uses_unit ? fmt::format(" (unit length {} min)", unit) : std::string();
        if (at == rows.end()) {
          out.warning(
              "W0403", file, previous_row->row->span,
              fmt::format("units fall from {} to {} when minutes grow from {} to {}{}: no row "
                          "covers {} min or more",
                          previous, value, previous_minutes, m, unit_text, m));
        } else {
          out.warning("W0403", file, at->row->span,
                      fmt::format("units fall from {} to {} when minutes grow from {} to {}{}",
                                  previous, value, previous_minutes, m, unit_text));
        }
        return;
      }
      if (at == rows.end())
        break;  // past the last row, every minute earns 0 units
      previous_row = &*at;
      previous = value;
      previous_minutes = m;
    }
  }
}

}  // namespace cptrules::interp
