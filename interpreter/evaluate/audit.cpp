// Audit: the units a claim bills, held against the units the rules support (the chosen
// allocation and every alternative).
#include <algorithm>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "scratch.hpp"

namespace cptrules::interp {

namespace {

std::string units_text(std::int64_t units) {
  return units == 1 ? std::string("1 unit") : fmt::format("{} units", units);
}

}  // namespace

// units.over-billed (error) where no valid allocation supports a line's billed units, and
// units.under-billed (warning) where every valid allocation supports more; for the lines
// together, over-billed when no one allocation supports all their billed units at once.
void Evaluator::audit_billed_units(Result& r) {
  bool any = false;
  for (const Line& line : r.lines)
    any = any || (line.billed_units && line.priced);
  if (!any)
    return;
  bool line_over = false;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const Line& line = r.lines[i];
    if (!line.billed_units || !line.priced)
      continue;
    std::int64_t most = line.units;
    std::int64_t least = line.units;
    for (const Allocation& alt : r.alternatives) {
      if (i < alt.size()) {
        most = std::max(most, alt[i]);
        least = std::min(least, alt[i]);
      }
    }
    const std::int64_t billed = *line.billed_units;
    const std::string supported =
        most == least ? units_text(most) : fmt::format("{} to {} units", least, most);
    if (billed > most) {
      line_over = true;
      add_line_finding(
          r, FindingSeverity::error, "units.over-billed",
          fmt::format("{} bills {}; the rules support {}{}", line_name(r, i), units_text(billed),
                      supported, r.alternatives.empty() ? "" : " in any valid allocation"),
          line.code, line.discipline);
    } else if (billed < least) {
      add_line_finding(r, FindingSeverity::warning, "units.under-billed",
                       fmt::format("{} bills {}; the rules support {}", line_name(r, i),
                                   units_text(billed), supported),
                       line.code, line.discipline);
    }
  }
  if (line_over || r.alternatives.empty())
    return;
  // Each line within some allocation, but perhaps not all within the same one.
  const auto billed_in = [&](const std::vector<std::int64_t>& units) {
    std::int64_t total = 0;
    for (std::size_t i = 0; i < r.lines.size() && i < units.size(); ++i) {
      if (r.lines[i].billed_units && r.lines[i].priced)
        total += units[i];
    }
    return total;
  };
  std::vector<std::int64_t> chosen;
  std::int64_t billed = 0;
  for (const Line& line : r.lines) {
    chosen.push_back(line.units);
    if (line.billed_units && line.priced)
      billed += *line.billed_units;
  }
  std::int64_t most = billed_in(chosen);
  for (const Allocation& alt : r.alternatives)
    most = std::max(most, billed_in(alt));
  if (billed > most) {
    add_finding(r, FindingSeverity::error, "units.over-billed",
                fmt::format("together the lines bill {}; no valid allocation supports more than "
                            "{} for them",
                            units_text(billed), units_text(most)));
  }
}

}  // namespace cptrules::interp
