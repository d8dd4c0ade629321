// RecordCounts: what a batch of records adds up to, for the summary line and the exit status.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"

namespace cptrules::interp {

// The severity of finding from which `eval --fail-on` fails: never (the default), at an error
// finding, or at a warning or an error.
enum class FailOn { never, error, warning };

// Reads a --fail-on value: "error" or "warning"; nullopt for anything else.
std::optional<FailOn> parse_fail_on(std::string_view text);

// The audit of line `i` of an evaluated record, whose billed_units are given: how many units it
// bills over the most that a valid allocation (its own or an alternative) gives it (positive),
// under the fewest (negative), or 0 when some valid allocation gives what it bills.
inline std::int64_t billed_excess(const Result& result, std::size_t i) {
  const Line& line = result.lines[i];
  std::int64_t most = line.units;
  std::int64_t least = line.units;
  for (const Allocation& alt : result.alternatives) {
    if (i < alt.size()) {
      most = std::max(most, alt[i]);
      least = std::min(least, alt[i]);
    }
  }
  if (*line.billed_units > most)
    return *line.billed_units - most;
  if (*line.billed_units < least)
    return *line.billed_units - least;
  return 0;
}

// Counts over records. Each record is counted once in `records`; an evaluated one (ok) adds its
// units and is counted by its most severe finding: `with_errors` when it has a finding of
// severity error, else `with_warnings` when it has a warning (info findings count for neither).
// A record that could not be evaluated counts in `not_evaluated` only.
struct RecordCounts {
  std::int64_t records = 0;
  std::int64_t units = 0;
  std::int64_t not_evaluated = 0;
  std::int64_t with_errors = 0;
  std::int64_t with_warnings = 0;
  // The audit of billed units: lines that bill more (or fewer) units than any valid allocation
  // gives them, and by how many units in all.
  std::int64_t billed_lines = 0;
  std::int64_t over_billed = 0;
  std::int64_t units_over = 0;
  std::int64_t under_billed = 0;
  std::int64_t units_under = 0;

  void add(const Result& result) {
    ++records;
    if (!result.ok) {
      ++not_evaluated;
      return;
    }
    units += result.total_units;
    for (std::size_t i = 0; i < result.lines.size(); ++i) {
      if (result.lines[i].billed_units && result.lines[i].priced)
        audit(result, i);
    }
    bool warning = false;
    for (const Finding& finding : result.findings) {
      if (finding.severity == FindingSeverity::error) {
        ++with_errors;
        return;
      }
      warning = warning || finding.severity == FindingSeverity::warning;
    }
    with_warnings += warning ? 1 : 0;
  }

  RecordCounts& operator+=(const RecordCounts& other) {
    records += other.records;
    units += other.units;
    not_evaluated += other.not_evaluated;
    with_errors += other.with_errors;
    with_warnings += other.with_warnings;
    billed_lines += other.billed_lines;
    over_billed += other.over_billed;
    units_over += other.units_over;
    under_billed += other.under_billed;
    units_under += other.units_under;
    return *this;
  }

  bool operator==(const RecordCounts&) const = default;

  // Line `i`'s billed units against the fewest and most units a valid allocation gives it.
  void audit(const Result& result, std::size_t i) {
    const std::int64_t excess = billed_excess(result, i);
    ++billed_lines;
    if (excess > 0) {
      ++over_billed;
      units_over += excess;
    } else if (excess < 0) {
      ++under_billed;
      units_under -= excess;
    }
  }

  // True when an evaluated record has a finding of `fail_on`'s severity or worse.
  bool fails(FailOn fail_on) const {
    switch (fail_on) {
      case FailOn::never:
        return false;
      case FailOn::error:
        return with_errors > 0;
      case FailOn::warning:
        return with_errors > 0 || with_warnings > 0;
    }
    return false;
  }
};

// The summary line's text, without its line end: "3 encounters, 7 units, 1 not evaluated,
// 1 with errors, 0 with warnings".
std::string summary_text(const RecordCounts& counts);

}  // namespace cptrules::interp
