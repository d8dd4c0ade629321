// explain: the reasons behind a result: summary, minute ledger, rules that decided, near misses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "decisions.hpp"
#include "encounter.hpp"
#include "evaluator.hpp"
#include "explanation.hpp"
#include "result.hpp"

namespace cptrules::interp {

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
