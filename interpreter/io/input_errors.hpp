// Input errors: the catalogue of the reader's `input.*` error ids and their messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "encounter_fields.hpp"
#include "result.hpp"

// Each function makes `out` one error of docs/input-errors.md: it sets the id and writes the
// message (reusing the message's buffer). `got` and `quoted` are input as a message quotes it
// (see excerpt). Every `input.*` id the reader gives is spelled here and nowhere else in it.
namespace cptrules::interp::input_error {

using reader::Key;

// A short excerpt of input for a message (at most 40 bytes, then "..."), cut at a UTF-8
// character boundary.
std::string excerpt(std::string_view text);

// What a JSON value is, for messages: "a JSON array", "a string", "null", ...
const char* json_type_phrase(simdjson::ondemand::json_type type);

// Names a field in messages: "payer", or "services[2].code" when `service` is set.
struct FieldPath {
  Key field;
  std::int64_t service = -1;
};

// input.json-malformed: `what` ("line" or "input") is not valid JSON.
void json_malformed(ErrorInfo& out, std::string_view what, simdjson::error_code code);

// input.not-object: `what` ("line" or "input") is a JSON value of `type`, not an object.
void not_object(ErrorInfo& out, std::string_view what, simdjson::ondemand::json_type type);

// input.not-object: element `position` (1-based) of the input's array is not an object.
void element_not_object(ErrorInfo& out, std::int64_t position, simdjson::ondemand::json_type type);

// input.field-type, for each field of the wrong JSON type.
void not_string(ErrorInfo& out, FieldPath path, std::string_view got);
void date_not_string(ErrorInfo& out, std::string_view got);
void services_not_array(ErrorInfo& out, std::string_view got);
void service_not_object(ErrorInfo& out, std::size_t service, std::string_view got);
void modifiers_not_array(ErrorInfo& out, std::size_t service, std::string_view got);
void modifier_not_string(ErrorInfo& out, std::size_t service, std::size_t position,
                         std::string_view got);

// input.id-too-long: the id has `bytes` bytes, more than kMaxIdBytes.
void id_too_long(ErrorInfo& out, std::size_t bytes);

// input.services-missing.
void services_missing(ErrorInfo& out);

// input.date-invalid: a string that is not a real calendar date.
void date_invalid(ErrorInfo& out, std::string_view quoted);

// input.code-missing: service `service` has no code, or an empty one.
void code_missing(ErrorInfo& out, std::size_t service);

// input.time-incomplete: one of start and end is given without the other.
void time_incomplete(ErrorInfo& out, std::size_t service, bool start_given);

// input.time-invalid: `which` (start or end) is not a time HH:MM.
void time_not_clock(ErrorInfo& out, std::size_t service, Key which, std::string_view quoted);

// input.time-invalid: end (minutes since midnight) is before start.
void end_before_start(ErrorInfo& out, std::size_t service, std::int64_t start, std::int64_t end);

// input.minutes-conflict: minutes disagree with start to end.
void minutes_conflict(ErrorInfo& out, std::size_t service, std::int64_t minutes, std::int64_t start,
                      std::int64_t end);

// A whole-number field of a service, `which`: minutes (input.minutes-not-integer,
// input.minutes-negative, input.minutes-too-large) or billed_units
// (input.billed-units-not-integer, input.billed-units-negative, input.billed-units-too-large).
void not_whole_number(ErrorInfo& out, std::size_t service, Key which, std::string_view quoted);
void negative_number(ErrorInfo& out, std::size_t service, Key which, std::string_view quoted);
void number_too_large(ErrorInfo& out, std::size_t service, Key which, std::string_view quoted);

// input.line-too-long: a line of JSON Lines longer than `max_line_bytes`.
void line_too_long(ErrorInfo& out, std::size_t max_line_bytes);

// input.too-large: a JSON array longer than `max_whole_bytes`.
void too_large(ErrorInfo& out, std::size_t max_whole_bytes);

// input.read-failed: reading the input `name` failed with `error_number` (an errno).
void read_failed(ErrorInfo& out, std::string_view name, int error_number);

}  // namespace cptrules::interp::input_error
