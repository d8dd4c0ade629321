// The finding ids that evaluation gives, for checking a test's `expect [no] finding ID`.
#pragma once

#include <array>
#include <string_view>

namespace cptrules::interp {

// Every finding id the evaluator can give, besides `edit.NAME`, `limit.NAME` and `check.NAME` of
// the edits, limits and checks the rules declare. docs/findings.md lists each
// (tests/unit/finding_ids_test.cpp keeps this list, the evaluator's sources and that page in step).
inline constexpr std::array<std::string_view, 23> kFindingIds{
    "input.no-date",
    "code.not-in-rules",
    "discipline.assumed",
    "discipline.undecided",
    "modifier.discipline-conflict",
    "code.not-in-force",
    "code.discipline-mismatch",
    "time.overlap",
    "code.no-time",
    "code.addon-time",
    "code.addon-without-primary",
    "code.addon-before-first-block",
    "code.time-range-mismatch",
    "code.outside-time-ranges",
    "policy.full-units-exceed-pool",
    "policy.units-unallocated",
    "modifier.unknown",
    "modifier.not-in-force",
    "modifier.discipline-missing",
    "modifier.discipline-mismatch",
    "edit.bypassed",
    "units.over-billed",
    "units.under-billed",
};

}  // namespace cptrules::interp
