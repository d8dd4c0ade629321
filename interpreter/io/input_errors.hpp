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

// input.field-repeated: the object of `path` gives the field twice.
void field_repeated(ErrorInfo& out, FieldPath path);

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

// CSV input (input_errors_csv.cpp). `row` is the row's number as a spreadsheet shows it (the
// header is row 1); `column` the header name of the cell's column, as written.

// input.csv-format-mismatch: the input looks like CSV when JSON was expected
// (`csv_expected` false), or like JSON when CSV was.
void csv_format_mismatch(ErrorInfo& out, bool csv_expected);

// input.csv-header-invalid: the header row cannot be read as asked; `why` says so.
void csv_header_invalid(ErrorInfo& out, std::string_view why);

// input.csv-unclosed-quote: a quoted cell of row `row` is not closed.
void csv_unclosed_quote(ErrorInfo& out, std::int64_t row);

// input.csv-too-long: the rows of one encounter, from row `row`, pass `max_bytes`.
void csv_too_long(ErrorInfo& out, std::int64_t row, std::size_t max_bytes);

// input.csv-id-missing: the encounter id cell of row `row` is empty.
void csv_id_missing(ErrorInfo& out, std::int64_t row, std::string_view column);

// input.csv-id-repeated: rows of encounter `id` again at row `row`, after other encounters; its
// first rows were at `first_row`.
void csv_id_repeated(ErrorInfo& out, std::string_view id, std::int64_t row, std::int64_t first_row);

// input.csv-ragged-row: row `row` has `cells` cells, the header `header_cells`.
void csv_ragged_row(ErrorInfo& out, std::int64_t row, std::size_t cells, std::size_t header_cells);

// input.csv-rows-disagree: a field of the encounter (date, payer) differs between its rows.
void csv_rows_disagree(ErrorInfo& out, std::int64_t row, std::string_view column,
                       std::string_view quoted, std::string_view first_quoted,
                       std::int64_t first_row);

// The errors that JSON input gives for the same values, located by row and column:
// input.id-too-long, input.code-missing, input.date-invalid, input.time-invalid,
// input.time-incomplete, input.minutes-conflict, and the whole-number errors of minutes and
// billed_units (`which`).
void csv_id_too_long(ErrorInfo& out, std::int64_t row, std::string_view column, std::size_t bytes);
void csv_code_missing(ErrorInfo& out, std::int64_t row, std::string_view column);
void csv_date_invalid(ErrorInfo& out, std::int64_t row, std::string_view column,
                      std::string_view quoted);
void csv_time_invalid(ErrorInfo& out, std::int64_t row, std::string_view column,
                      std::string_view quoted);
void csv_time_incomplete(ErrorInfo& out, std::int64_t row, std::string_view given,
                         std::string_view missing);
void csv_end_before_start(ErrorInfo& out, std::int64_t row, std::int64_t start, std::int64_t end);
void csv_minutes_conflict(ErrorInfo& out, std::int64_t row, std::int64_t minutes,
                          std::int64_t start, std::int64_t end);
void csv_not_whole_number(ErrorInfo& out, std::int64_t row, std::string_view column, Key which,
                          std::string_view quoted);
void csv_negative_number(ErrorInfo& out, std::int64_t row, std::string_view column, Key which,
                         std::string_view quoted);
void csv_number_too_large(ErrorInfo& out, std::int64_t row, std::string_view column, Key which,
                          std::string_view quoted);

}  // namespace cptrules::interp::input_error
