// The result of one read item: its encounter evaluated, or its read error as an error record.
#pragma once

#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "result.hpp"

namespace cptrules::interp {

// Makes `result` the error record of an item that could not be read (item.ok is false): its id
// ("#N" when the input had none), its input_line, and the reader's error.
void error_result(const ReadItem& item, Result& result);

// Turns what the reader gave into a result: the evaluation of a well-formed encounter (recording
// its decisions in `record` when given), or the error record of a malformed one. Every path of
// `eval` goes through it.
void evaluate_item(Evaluator& evaluator, const ReadItem& item, Result& result,
                   Decisions* record = nullptr);

}  // namespace cptrules::interp
