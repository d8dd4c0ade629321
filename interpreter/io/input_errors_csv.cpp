// Input errors of CSV input: the ids and messages, each naming the row and the column.
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "clock_overlap.hpp"
#include "day.hpp"
#include "encounter_reader.hpp"
#include "input_errors.hpp"

namespace cptrules::interp::input_error {

namespace {

// Makes `out` the error `id` with the formatted message.
template <typename... Args>
void set(ErrorInfo& out, const char* id, fmt::format_string<Args...> format, Args&&... args) {
  out.id.assign(id);
  out.message.clear();
  fmt::format_to(std::back_inserter(out.message), format, std::forward<Args>(args)...);
}

const char* number_id(Key which, const char* minutes_id, const char* billed_id) {
  if (which == Key::assistant_minutes)
    return "input.assistant-minutes-invalid";
  return which == Key::billed_units ? billed_id : minutes_id;
}

}  // namespace

void csv_format_mismatch(ErrorInfo& out, bool csv_expected) {
  if (csv_expected) {
    set(out, "input.csv-format-mismatch",
        "the input looks like JSON, but CSV was expected (its name ends in .csv, or "
        "--input-format csv was given); to read it as JSON give --input-format json");
    return;
  }
  set(out, "input.csv-format-mismatch",
      "the input looks like CSV (its first line is a row of comma-separated names), but JSON was "
      "expected; name the file *.csv or give --input-format csv");
}

void csv_header_invalid(ErrorInfo& out, std::string_view why) {
  set(out, "input.csv-header-invalid", "{}", why);
}

void csv_unclosed_quote(ErrorInfo& out, std::int64_t row) {
  set(out, "input.csv-unclosed-quote",
      "row {} has a quoted cell that is not closed: a cell that starts with '\"' ends with '\"', "
      "and a quote inside it is written twice (\"\"); reading goes on at the next line",
      row);
}

void csv_too_long(ErrorInfo& out, std::int64_t row, std::size_t max_bytes) {
  set(out, "input.csv-too-long",
      "the rows of the encounter that starts at row {} are longer than {} bytes; the rows are "
      "skipped",
      row, max_bytes);
}

void csv_id_missing(ErrorInfo& out, std::int64_t row, std::string_view column) {
  set(out, "input.csv-id-missing",
      "row {}, column '{}': the encounter id is empty; every row needs the id of its encounter",
      row, column);
}

void csv_id_repeated(ErrorInfo& out, std::string_view id, std::int64_t row,
                     std::int64_t first_row) {
  set(out, "input.csv-id-repeated",
      "encounter '{}' has rows again at row {}, after other encounters (its first rows start at "
      "row {}); the rows of one encounter must be consecutive: sort the export by encounter",
      excerpt(id), row, first_row);
}

void csv_ragged_row(ErrorInfo& out, std::int64_t row, std::size_t cells, std::size_t header_cells) {
  set(out, "input.csv-ragged-row", "row {} has {} cells, but the header has {}", row, cells,
      header_cells);
}

void csv_rows_disagree(ErrorInfo& out, std::int64_t row, std::string_view column,
                       std::string_view quoted, std::string_view first_quoted,
                       std::int64_t first_row) {
  set(out, "input.csv-rows-disagree",
      "row {}, column '{}': {} differs from {} on row {}, a row of the same encounter", row, column,
      quoted, first_quoted, first_row);
}

void csv_id_too_long(ErrorInfo& out, std::int64_t row, std::string_view column, std::size_t bytes) {
  set(out, "input.id-too-long",
      "row {}, column '{}': the id must be at most {} bytes, got {} bytes", row, column,
      kMaxIdBytes, bytes);
}

void csv_code_missing(ErrorInfo& out, std::int64_t row, std::string_view column) {
  set(out, "input.code-missing", "row {}, column '{}': the code is empty; every row needs a code",
      row, column);
}

void csv_date_invalid(ErrorInfo& out, std::int64_t row, std::string_view column,
                      std::string_view quoted) {
  set(out, "input.date-invalid",
      "row {}, column '{}': the date must be a real calendar date YYYY-MM-DD or MM/DD/YYYY "
      "(years 1900 to 9999), got {}",
      row, column, quoted);
}

void csv_time_invalid(ErrorInfo& out, std::int64_t row, std::string_view column,
                      std::string_view quoted) {
  set(out, "input.time-invalid",
      "row {}, column '{}': must be a time HH:MM (00:00 to 23:59), got {}", row, column, quoted);
}

void csv_time_incomplete(ErrorInfo& out, std::int64_t row, std::string_view given,
                         std::string_view missing) {
  set(out, "input.time-incomplete",
      "row {} has a time in column '{}' but none in column '{}': give both (HH:MM), or minutes",
      row, given, missing);
}

void csv_end_before_start(ErrorInfo& out, std::int64_t row, std::int64_t start, std::int64_t end) {
  set(out, "input.time-invalid", "row {}: end {} is before start {}", row, clock_text(end),
      clock_text(start));
}

void csv_minutes_conflict(ErrorInfo& out, std::int64_t row, std::int64_t minutes,
                          std::int64_t start, std::int64_t end) {
  set(out, "input.minutes-conflict", "row {}: minutes is {} but start {} to end {} is {} minutes",
      row, minutes, clock_text(start), clock_text(end), end - start);
}

void csv_not_whole_number(ErrorInfo& out, std::int64_t row, std::string_view column, Key which,
                          std::string_view quoted) {
  set(out, number_id(which, "input.minutes-not-integer", "input.billed-units-not-integer"),
      "row {}, column '{}': {} must be a non-negative whole number, got {}", row, column,
      field_name(which), quoted);
}

void csv_negative_number(ErrorInfo& out, std::int64_t row, std::string_view column, Key which,
                         std::string_view quoted) {
  set(out, number_id(which, "input.minutes-negative", "input.billed-units-negative"),
      "row {}, column '{}': {} must be a non-negative whole number, got {}", row, column,
      field_name(which), quoted);
}

void csv_number_too_large(ErrorInfo& out, std::int64_t row, std::string_view column, Key which,
                          std::string_view quoted) {
  if (which == Key::billed_units) {
    set(out, "input.billed-units-too-large",
        "row {}, column '{}': billed_units must be at most {}, got {}: more units than any claim "
        "line bills",
        row, column, kMaxBilledUnits, quoted);
    return;
  }
  if (which == Key::assistant_minutes) {
    set(out, "input.assistant-minutes-over",
        "row {}, column '{}': assistant_minutes must be at most the service's minutes, got {}: "
        "more than 24 hours in a day",
        row, column, quoted);
    return;
  }
  set(out, "input.minutes-too-large",
      "row {}, column '{}': minutes must be at most {}, got {}: more than 24 hours in a day", row,
      column, kMaxDayMinutes, quoted);
}

}  // namespace cptrules::interp::input_error
