// The words for the time shapes beyond units per block: a code chosen by time range, and an
// add-on counted alone after its initial code's first block.
#pragma once

#include <string>
#include <vector>

#include "decisions.hpp"
#include "explanation.hpp"
#include "result.hpp"

namespace cptrules::interp {

// The prefix of the ledger note of a line chosen by time range (its rows are not counted in a
// pool, and the summary tells them apart by it).
inline constexpr std::string_view kRangeNote = "chosen by time range";

// The ledger note of a line chosen by time range: which range its family's minutes fell in.
std::string range_note(const LineDecision& decided);

// The summary's sentences for the lines chosen by time range and the add-ons counted alone.
std::vector<std::string> time_shape_sentences(const Result& result, const Decisions& decisions);

// The steps for the code declarations that decided: the range of each code billed for its
// family's minutes, and each add-on counted alone.
void add_time_shape_steps(const Result& result, const Decisions& decisions, Explanation& out);

}  // namespace cptrules::interp
