// CsvEncounters: an encounter's rows to its services, each value checked and located by row.
#include "csv_encounters.hpp"

#include <charconv>
#include <iterator>

#include <fmt/format.h>

#include "day.hpp"
#include "input_errors.hpp"

namespace cptrules::interp::reader {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_modifier_separator(char c) {
  return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold(a[i]) != fold(b[i]))
      return false;
  }
  return true;
}

// A value as messages quote it.
std::string quote_text(std::string_view text) {
  return fmt::format("\"{}\"", input_error::excerpt(text));
}

// "M/D/YYYY" (one or two digits of month and day) rewritten as "YYYY-MM-DD" into `out`; false
// when `text` is not written so.
bool us_date(std::string_view text, std::string& out) {
  const std::size_t slash1 = text.find('/');
  const std::size_t slash2 = slash1 == std::string_view::npos ? slash1 : text.find('/', slash1 + 1);
  if (slash2 == std::string_view::npos)
    return false;
  const std::string_view month = text.substr(0, slash1);
  const std::string_view day = text.substr(slash1 + 1, slash2 - slash1 - 1);
  const std::string_view year = text.substr(slash2 + 1);
  const auto digits = [](std::string_view part, std::size_t min, std::size_t max) {
    if (part.size() < min || part.size() > max)
      return false;
    for (const char c : part) {
      if (!is_digit(c))
        return false;
    }
    return true;
  };
  if (!digits(month, 1, 2) || !digits(day, 1, 2) || !digits(year, 4, 4))
    return false;
  out.clear();
  out.append(year);
  out.push_back('-');
  if (month.size() == 1)
    out.push_back('0');
  out.append(month);
  out.push_back('-');
  if (day.size() == 1)
    out.push_back('0');
  out.append(day);
  return true;
}

}  // namespace

void CsvEncounters::read(std::string_view rows, std::int64_t first_row, const CsvColumns& columns) {
  first_date_.clear();
  first_payer_.clear();
  std::size_t pos = 0;
  std::int64_t row_no = first_row;
  while (pos < rows.size()) {
    const std::string_view rest = rows.substr(pos);
    const RowScan scan = scan_csv_row(rest, true, cells_);
    if (scan.end != RowEnd::complete) {
      if (ErrorInfo* error = out_.fail_first())
        input_error::csv_unclosed_quote(*error, row_no);
      return;
    }
    const std::string_view row = rest.substr(0, scan.length);
    if (!blank_csv_row(row, cells_))
      read_row(row, row_no, columns);
    pos += scan.length;
    ++row_no;
  }
}

std::string_view CsvEncounters::cell(std::string_view row, const CsvColumns& columns,
                                     CsvField field, std::string& scratch) const {
  const std::int32_t i = columns.column(field);
  if (i == CsvColumns::kAbsent)
    return {};
  return trim_cell(cell_text(row, cells_[static_cast<std::size_t>(i)], scratch));
}

void CsvEncounters::read_row(std::string_view row, std::int64_t row_no, const CsvColumns& columns) {
  // The id first, so that an error record of the row is named by it.
  const auto id_column = static_cast<std::size_t>(columns.column(CsvField::encounter_id));
  if (!out_.id_given() && id_column < cells_.size()) {
    const std::string_view id = cell(row, columns, CsvField::encounter_id, scratch_);
    if (id.size() > kMaxIdBytes) {
      if (ErrorInfo* error = out_.fail_first())
        input_error::csv_id_too_long(*error, row_no, columns.name(CsvField::encounter_id),
                                     id.size());
    } else {
      out_.take_id(id);
    }
  }
  const std::size_t header_cells = columns.header.size();
  if (cells_.size() < header_cells) {
    if (ErrorInfo* error = out_.fail_first())
      input_error::csv_ragged_row(*error, row_no, cells_.size(), header_cells);
    return;
  }
  for (std::size_t c = header_cells; c < cells_.size(); ++c) {
    if (!trim_cell(cell_text(row, cells_[c], scratch_)).empty()) {
      if (ErrorInfo* error = out_.fail_first())
        input_error::csv_ragged_row(*error, row_no, cells_.size(), header_cells);
      return;
    }
  }
  read_encounter_field(row, row_no, columns, CsvField::date);
  read_encounter_field(row, row_no, columns, CsvField::payer);

  Service& service = out_.next_service();
  const std::string_view code = cell(row, columns, CsvField::code, scratch_);
  if (code.empty()) {
    if (ErrorInfo* error = out_.fail_first())
      input_error::csv_code_missing(*error, row_no, columns.name(CsvField::code));
  }
  service.code.assign(code);
  if (const std::string_view text = cell(row, columns, CsvField::minutes, scratch_); !text.empty())
    service.minutes =
        whole_number(text, row_no, columns.name(CsvField::minutes), Key::minutes, kMaxDayMinutes);
  if (const std::string_view text = cell(row, columns, CsvField::billed_units, scratch_);
      !text.empty()) {
    service.billed_units = whole_number(text, row_no, columns.name(CsvField::billed_units),
                                        Key::billed_units, kMaxBilledUnits);
  }
  if (const std::string_view text = cell(row, columns, CsvField::discipline, scratch_);
      !text.empty()) {
    service.discipline.emplace(text);
  }
  if (const std::string_view text = cell(row, columns, CsvField::provider, scratch_);
      !text.empty()) {
    service.provider.emplace(text);
  }
  if (const std::string_view text = cell(row, columns, CsvField::assistant_minutes, scratch_);
      !text.empty()) {
    service.assistant_minutes =
        whole_number(text, row_no, columns.name(CsvField::assistant_minutes),
                     Key::assistant_minutes, kMaxDayMinutes);
  }
  const std::string_view modifiers = cell(row, columns, CsvField::modifiers, scratch_);
  for (std::size_t i = 0; i < modifiers.size();) {
    while (i < modifiers.size() && is_modifier_separator(modifiers[i]))
      ++i;
    const std::size_t start = i;
    while (i < modifiers.size() && !is_modifier_separator(modifiers[i]))
      ++i;
    if (i > start)
      service.modifiers.emplace_back(modifiers.substr(start, i - start));
  }

  // Clock times as minutes since midnight; -1 when absent or not a time.
  const std::string_view start_text = cell(row, columns, CsvField::start, scratch_);
  const std::int64_t start =
      start_text.empty() ? -1 : time_of_day(start_text, row_no, columns.name(CsvField::start));
  const std::string_view end_text = cell(row, columns, CsvField::end, scratch_);
  const std::int64_t end =
      end_text.empty() ? -1 : time_of_day(end_text, row_no, columns.name(CsvField::end));
  if (start_text.empty() != end_text.empty()) {
    if (ErrorInfo* error = out_.fail_first()) {
      const bool start_given = !start_text.empty();
      input_error::csv_time_incomplete(*error, row_no,
                                       columns.name(start_given ? CsvField::start : CsvField::end),
                                       columns.name(start_given ? CsvField::end : CsvField::start));
    }
  } else if (start >= 0 && end >= 0) {
    if (end < start) {
      if (ErrorInfo* error = out_.fail_first())
        input_error::csv_end_before_start(*error, row_no, start, end);
    } else if (service.minutes && *service.minutes != end - start) {
      if (ErrorInfo* error = out_.fail_first())
        input_error::csv_minutes_conflict(*error, row_no, *service.minutes, start, end);
    } else {
      service.minutes = end - start;
      service.clock = ClockSpan{static_cast<std::int32_t>(start), static_cast<std::int32_t>(end)};
    }
  }
}

// The date or the payer of a row: the encounter's, given by its first row that has one; a
// later row may leave it empty or repeat it.
void CsvEncounters::read_encounter_field(std::string_view row, std::int64_t row_no,
                                         const CsvColumns& columns, CsvField field) {
  const std::string_view text = cell(row, columns, field, scratch_);
  if (text.empty())
    return;
  Encounter& enc = out_.encounter();
  const bool is_date = field == CsvField::date;
  std::string& first = is_date ? first_date_ : first_payer_;
  std::int64_t& first_row = is_date ? first_date_row_ : first_payer_row_;
  if (!first.empty()) {
    if (first == text)
      return;
    // The same date written otherwise (3/4/2025 and 2025-03-04), or the same payer in another
    // letter case, agrees; a date that is not one is said to be so.
    const std::optional<lang::Date> date = is_date ? parse_date(text) : std::nullopt;
    if (is_date && !date) {
      if (ErrorInfo* error = out_.fail_first())
        input_error::csv_date_invalid(*error, row_no, columns.name(field), quote_text(text));
      return;
    }
    if (is_date ? enc.date && date == enc.date : same_ignoring_case(first, text))
      return;
    if (ErrorInfo* error = out_.fail_first()) {
      input_error::csv_rows_disagree(*error, row_no, columns.name(field), quote_text(text),
                                     quote_text(first), first_row);
    }
    return;
  }
  first.assign(text);
  first_row = row_no;
  if (!is_date) {
    enc.payer.emplace(text);
    return;
  }
  enc.date = parse_date(text);
  if (!enc.date) {
    if (ErrorInfo* error = out_.fail_first())
      input_error::csv_date_invalid(*error, row_no, columns.name(field), quote_text(first));
  }
}

// A date written YYYY-MM-DD or MM/DD/YYYY.
std::optional<lang::Date> CsvEncounters::parse_date(std::string_view text) {
  if (us_date(text, date_text_))
    return out_.dates().parse(date_text_);
  return out_.dates().parse(text);
}

std::optional<std::int64_t> CsvEncounters::whole_number(std::string_view text, std::int64_t row_no,
                                                        std::string_view column, Key which,
                                                        std::int64_t max) {
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative || (!digits.empty() && digits.front() == '+'))
    digits.remove_prefix(1);
  // A fraction of zeros ("10.0") is a whole number, as in JSON input.
  if (const std::size_t dot = digits.find('.'); dot != std::string_view::npos) {
    const std::string_view fraction = digits.substr(dot + 1);
    bool zeros = true;
    for (const char c : fraction)
      zeros = zeros && c == '0';
    if (!zeros || dot == 0) {
      if (ErrorInfo* error = out_.fail_first())
        input_error::csv_not_whole_number(*error, row_no, column, which, quote_text(text));
      return std::nullopt;
    }
    digits = digits.substr(0, dot);
  }
  bool all_digits = !digits.empty();
  for (const char c : digits)
    all_digits = all_digits && is_digit(c);
  if (!all_digits) {
    if (ErrorInfo* error = out_.fail_first())
      input_error::csv_not_whole_number(*error, row_no, column, which, quote_text(text));
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (negative && !(ec == std::errc() && value == 0)) {
    if (ErrorInfo* error = out_.fail_first())
      input_error::csv_negative_number(*error, row_no, column, which, quote_text(text));
    return std::nullopt;
  }
  if (ec != std::errc() || value > max) {
    if (ErrorInfo* error = out_.fail_first())
      input_error::csv_number_too_large(*error, row_no, column, which, quote_text(text));
    return std::nullopt;
  }
  return value;
}

// "HH:MM" or "H:MM", 0:00 to 23:59, as minutes since midnight; -1 (an error) for other text.
std::int64_t CsvEncounters::time_of_day(std::string_view text, std::int64_t row_no,
                                        std::string_view column) {
  const std::size_t colon = text.find(':');
  const bool shape = (colon == 1 || colon == 2) && text.size() == colon + 3 && is_digit(text[0]) &&
                     is_digit(text[colon - 1]) && is_digit(text[colon + 1]) &&
                     is_digit(text[colon + 2]);
  if (shape) {
    const int hours = colon == 1 ? text[0] - '0' : (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
    if (hours <= 23 && minutes <= 59)
      return hours * 60 + minutes;
  }
  if (ErrorInfo* error = out_.fail_first())
    input_error::csv_time_invalid(*error, row_no, column, quote_text(text));
  return -1;
}

}  // namespace cptrules::interp::reader
