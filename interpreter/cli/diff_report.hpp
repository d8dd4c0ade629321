// The report of `cptrules diff`: each encounter's change between two sides, the totals, text and
// JSON.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "date.hpp"
#include "record_counts.hpp"
#include "result.hpp"

namespace cptrules::cli {

// One side of a diff: the rules it loads, the date it evaluates on, and what its records add up
// to.
struct DiffSide {
  std::vector<std::string> rules;          // "stdlib-rules" and the paths given, in order
  std::optional<lang::Date> date;          // every date of service replaced by this one
  std::optional<lang::Date> default_date;  // the date of encounters that give none
  interp::RecordCounts counts;
  std::array<std::int64_t, 3> findings{};  // findings of evaluated records: error, warning, info

  // Counts one record of this side.
  void add(const interp::Result& result);
  // "stdlib-rules + my-rules, each encounter's own date": what the side is, for people.
  std::string name() const;
};

// The kinds of change, in the order the text report shows them.
enum class ChangeKind {
  no_longer_evaluated,  // evaluated before, an error record after
  now_evaluated,        // an error record before, evaluated after
  other_error,          // an error record on both sides, not the same error
  loses_units,          // fewer units in all
  gains_units,          // more units in all
  units_moved,          // the same units in all, not on the same lines
  findings_only,        // the same units on the same lines; findings differ
};

// The name of `kind` in JSON: "no-longer-evaluated", "loses-units", ...
const char* change_kind_name(ChangeKind kind);

// One encounter that the change changes.
struct ChangedEncounter {
  ChangeKind kind = ChangeKind::findings_only;
  interp::Result before;
  interp::Result after;
  std::int64_t units_delta = 0;  // units after minus before (an error record has none)
  // Findings (by severity, id and line; their messages aside) that one side has, not the other.
  std::vector<interp::Finding> before_only;
  std::vector<interp::Finding> after_only;
  std::string why_before;  // the reasons, when both sides are evaluated and units change
  std::string why_after;
};

// What changes between the two sides of `before` and `after` (results of one encounter); nullopt
// when nothing does. The reasons are left for the caller.
std::optional<ChangedEncounter> compare_results(const interp::Result& before,
                                                const interp::Result& after);

// The whole comparison.
struct DiffReport {
  DiffSide before;
  DiffSide after;
  std::int64_t compared = 0;              // encounters read, readable or not
  std::int64_t unreadable = 0;            // encounters that could not be read (both sides)
  std::vector<ChangedEncounter> changed;  // in input order

  // The exit status: 65 when an encounter can no longer be evaluated, else 1 when a finding
  // that the change brings (after, not before) is of `fail_on`'s severity or worse, else 0.
  int status(interp::FailOn fail_on) const;
  // The report for people.
  std::string text() const;
  // The report as one JSON document (and a line end).
  std::string json() const;
};

}  // namespace cptrules::cli
