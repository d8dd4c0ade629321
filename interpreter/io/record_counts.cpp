// RecordCounts: the --fail-on values and the summary line's words.
#include "record_counts.hpp"

#include <fmt/format.h>

namespace cptrules::interp {

std::optional<FailOn> parse_fail_on(std::string_view text) {
  if (text == "error")
    return FailOn::error;
  if (text == "warning")
    return FailOn::warning;
  return std::nullopt;
}

std::string summary_text(const RecordCounts& counts) {
  const auto plural = [](std::int64_t n) { return n == 1 ? "" : "s"; };
  std::string text =
      fmt::format("{} encounter{}, {} unit{}, {} not evaluated, {} with errors, {} with warnings",
                  counts.records, plural(counts.records), counts.units, plural(counts.units),
                  counts.not_evaluated, counts.with_errors, counts.with_warnings);
  if (counts.billed_lines > 0) {
    text += fmt::format("; billed lines: {} over-billed by {} unit{}, {} under-billed by {} unit{}",
                        counts.over_billed, counts.units_over, plural(counts.units_over),
                        counts.under_billed, counts.units_under, plural(counts.units_under));
  }
  return text;
}

}  // namespace cptrules::interp
