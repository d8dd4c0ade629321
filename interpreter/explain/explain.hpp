// explain: the reasons behind a result: summary, minute ledger, rules that decided, near misses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "decisions.hpp"
#include "encounter.hpp"
#include "evaluator.hpp"
#include "result.hpp"

namespace cptrules::interp {

// Where the minutes of one line went.
struct LedgerRow {
  // The pool it is counted in: its discipline ("all" when the policy pools every discipline
  // together), with the unit length when the discipline has pools of several ("PT 30min"); the
  // code itself under a per-code policy.
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
  std::int64_t change_minutes = 0;  // + more minutes, - fewer
  std::string effect;
};

struct Explanation {
  std::string summary;
  std::vector<LedgerRow> ledger;
  std::vector<ExplainStep> steps;
  std::vector<NearMiss> near_misses;
};

// The most near misses an explanation lists.
inline constexpr std::size_t kMaxNearMisses = 4;

// Explains `result`, which `evaluator` produced from `encounter`. Near misses re-evaluate the
// encounter with changed minutes, so this costs far more than the evaluation: only call it when
// an explanation was asked for (`near_misses` false skips them). A result that is not ok gets an
// explanation of its error. `decisions` is what the evaluation of `result` recorded
// (Evaluator::evaluate with a record): the explanation reads the pools, full units, leftovers
// and the policy and payer that decided from it, and derives none of them again.
Explanation explain(Evaluator& evaluator, const Encounter& encounter, const Result& result,
                    const Decisions& decisions, bool near_misses = true);

// The same for a result evaluated without a record: evaluates `encounter` again, recording.
Explanation explain(Evaluator& evaluator, const Encounter& encounter, const Result& result,
                    bool near_misses = true);

// The explanation as text for people: the summary, the ledger as a small table, the steps and
// the near misses; every line starts with `indent`.
std::string explanation_text(const Explanation& explanation, std::string_view indent = "");

}  // namespace cptrules::interp
