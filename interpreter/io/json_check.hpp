// JSON checks: that a value simdjson On-Demand has not read yet is valid JSON, consuming it.
#pragma once

#include <string_view>

#include <simdjson.h>

namespace cptrules::interp::reader {

// True when `text` is exactly one number in JSON's grammar.
bool is_json_number(std::string_view text);

// Checks that a value (at nesting `depth`) is valid JSON, consuming it; deeper than
// kMaxJsonDepth is DEPTH_ERROR.
simdjson::error_code walk(simdjson::ondemand::value& value, int depth);

// Checks that every element of an array (at nesting `depth`) is valid JSON.
simdjson::error_code walk_array(simdjson::ondemand::array& array, int depth);

// Checks a document's root scalar of `type`, consuming it (else `check_trailing` is set to
// false: a number too large for a double is still JSON but is not consumed).
simdjson::error_code check_root_scalar(simdjson::ondemand::document& doc,
                                       simdjson::ondemand::json_type type, bool& check_trailing);

}  // namespace cptrules::interp::reader
