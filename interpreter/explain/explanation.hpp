// Explanation: the reasons behind a result as values (summary, ledger, steps, near misses).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cptrules::interp {

// Where the minutes of one line went.
struct LedgerRow {
  // The pool it is counted in: its discipline ("all" when the policy pools every discipline
  // together), with the unit length when the discipline has pools of several ("PT 30min"); the
  // code itself under a per-code policy. A line counted by another policy than the payer's own
  // (a `counts` clause) has that policy's name before it: "cpt-midpoint: 99497".
  std::string pool;
  std::int32_t pool_index = -1;  // index into the record's pools, when counted in a shared pool
  std::string code;
  std::optional<std::int64_t> minutes;
  bool timed = false;
  bool counted = false;  // false: untimed, or not in force on the date of service
  std::int64_t full_units = 0;
  std::int64_t leftover = 0;
  bool extra_unit = false;  // took a unit beyond its full units
  bool competes = false;    // had minutes left over that could take a unit after the full units
  std::int64_t units = 0;
  std::string note;  // for rows whose minutes do not count: why
};

// A rule that decided, where it is written, and what it says in plain words.
struct ExplainStep {
  std::string rule;
  std::string at;      // "file:line"
  std::string source;  // the citation of the declaration, if any
  std::string says;
};

// The smallest change of one code's minutes after which the billed allocation is no longer
// valid: the total changes, or units move between codes (a new tie alone is not a change).
struct NearMiss {
  std::string code;
  std::string discipline;  // the line's, where lines of its code split by discipline; else ""
  std::int64_t change_minutes = 0;  // + more minutes, - fewer
  std::string effect;
};

struct Explanation {
  std::string summary;
  std::vector<LedgerRow> ledger;
  std::vector<ExplainStep> steps;
  std::vector<NearMiss> near_misses;
};

}  // namespace cptrules::interp
