// The JSON record of a result (the `jsonl` and `json` formats) and of its explanation.
#pragma once

#include <string>

#include "explain.hpp"
#include "json_text.hpp"
#include "result.hpp"

namespace cptrules::interp {

// Appends `"explanation": {...}` (a JSON object member, no leading comma).
void append_explanation_json(std::string& out, const Explanation& explanation);

// Appends the JSON record of `result` (one line, no line end) as `jsonl` and `json` write it,
// with the member "explanation" after the contract's fields when `explanation` is given.
void append_json_record(std::string& out, const Result& result,
                        const Explanation* explanation = nullptr);

}  // namespace cptrules::interp
