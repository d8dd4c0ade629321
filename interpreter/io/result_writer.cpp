// ResultWriter: JSON escaping, CSV quoting, table layout and buffered, error-checked writes.
#include "result_writer.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "date.hpp"

namespace cptrules::interp {

namespace {

using namespace std::string_view_literals;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence that starts `text` (which is not empty), or 0 when it is
// invalid; then `skip` is the number of bytes one U+FFFD replaces (the maximal subpart).
std::size_t utf8_sequence(std::string_view text, std::size_t& skip) {
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80)
    return 1;
  std::size_t need = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead == 0xE0) {
    need = 2;
    low = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    need = 2;
  } else if (lead == 0xED) {
    need = 2;
    high = 0x9F;
  } else if (lead == 0xF0) {
    need = 3;
    low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    need = 3;
  } else if (lead == 0xF4) {
    need = 3;
    high = 0x8F;
  } else {
    skip = 1;
    return 0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (k >= text.size()) {
      skip = k;
      return 0;
    }
    const auto byte = static_cast<unsigned char>(text[k]);
    const bool ok = k == 1 ? (byte >= low && byte <= high) : (byte >= 0x80 && byte <= 0xBF);
    if (!ok) {
      skip = k;
      return 0;
    }
  }
  return need + 1;
}

// Appends text for a terminal: valid UTF-8, control characters (C0, DEL, C1) as spaces so that
// input cannot move the cursor or change colours. Returns the number of characters appended.
std::size_t append_terminal_text(std::string& out, std::string_view text) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out.push_back(byte < 0x20 || byte == 0x7F ? ' ' : static_cast<char>(byte));
      ++i;
    } else {
      std::size_t skip = 0;
      const std::size_t length = utf8_sequence(text.substr(i), skip);
      if (length == 0) {
        out.append(kReplacement);
        i += skip;
      } else if (length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
        out.push_back(' ');  // C1 control
        i += 2;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
    }
    ++width;
  }
  return width;
}

std::size_t terminal_width(std::string_view text) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t skip = 0;
    const std::size_t length = utf8_sequence(text.substr(i), skip);
    i += length == 0 ? skip : length;
    ++width;
  }
  return width;
}

void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    append_valid_utf8(out, text);
    return;
  }
  out.push_back('"');
  std::size_t start = 0;
  for (std::size_t quote = text.find('"'); quote != std::string_view::npos;
       quote = text.find('"', start)) {
    append_valid_utf8(out, text.substr(start, quote - start));
    out.append("\"\""sv);
    start = quote + 1;
  }
  append_valid_utf8(out, text.substr(start));
  out.push_back('"');
}

template <typename T>
void append_number(std::string& out, T value) {
  const fmt::format_int text(value);
  out.append(text.data(), text.size());
}

// The year, month and day of `date` (Howard Hinnant's civil_from_days).
struct Civil {
  std::int64_t year;
  std::int64_t month;
  std::int64_t day;
};

Civil civil(lang::Date date) {
  const std::int64_t z = static_cast<std::int64_t>(date.days) + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

// True when put_date can write the date (years 0 to 9999); others go through format_date.
bool date_fits(const Civil& c) {
  return c.year >= 0 && c.year <= 9999;
}

// Writes a date that fits as YYYY-MM-DD at `p` without going through std::chrono (the hot path
// of every record); returns the end.
char* put_date(char* p, const Civil& c) {
  const char text[10] = {static_cast<char>('0' + c.year / 1000),
                         static_cast<char>('0' + c.year / 100 % 10),
                         static_cast<char>('0' + c.year / 10 % 10),
                         static_cast<char>('0' + c.year % 10),
                         '-',
                         static_cast<char>('0' + c.month / 10),
                         static_cast<char>('0' + c.month % 10),
                         '-',
                         static_cast<char>('0' + c.day / 10),
                         static_cast<char>('0' + c.day % 10)};
  std::memcpy(p, text, sizeof text);
  return p + sizeof text;
}

// Appends a date as YYYY-MM-DD.
void append_date(std::string& out, lang::Date date) {
  const Civil c = civil(date);
  if (!date_fits(c)) {
    out.append(lang::format_date(date));
    return;
  }
  char text[10];
  put_date(text, c);
  out.append(text, sizeof text);
}

// Bytes that JSON strings take as they are: printable ASCII but `"` and `\`.
constexpr std::array<bool, 256> kJsonPlain = [] {
  std::array<bool, 256> plain{};
  for (int byte = 0x20; byte < 0x80; ++byte)
    plain[byte] = byte != '"' && byte != '\\';
  return plain;
}();

// The most bytes the JSON string literal of `text` takes: every byte escaped as \u00XX, quotes.
constexpr std::size_t json_string_bound(std::string_view text) {
  return 6 * text.size() + 2;
}

// The most bytes a whole number takes in decimal ("-9223372036854775808").
constexpr std::size_t kNumberBound = 20;

// Writes `text` at `p` as a JSON string literal (see append_json_string); returns the end.
// At least json_string_bound(text) bytes must be writable.
char* put_json_string(char* p, std::string_view text) {
  *p++ = '"';
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // Plain bytes are copied as they are scanned: the strings are short.
    while (i < size && kJsonPlain[static_cast<unsigned char>(data[i])])
      *p++ = data[i++];
    if (i == size)
      break;
    const auto byte = static_cast<unsigned char>(data[i]);
    if (byte >= 0x80) {
      std::size_t skip = 0;
      const std::size_t length = utf8_sequence(text.substr(i), skip);
      if (length != 0) {
        std::memcpy(p, data + i, length);
        p += length;
        i += length;
      } else {
        std::memcpy(p, kReplacement.data(), kReplacement.size());
        p += kReplacement.size();
        i += skip;
      }
      continue;
    }
    *p++ = '\\';
    if (byte == '"' || byte == '\\') {
      *p++ = static_cast<char>(byte);
    } else {
      constexpr char kHex[] = "0123456789ABCDEF";
      *p++ = 'u';
      *p++ = '0';
      *p++ = '0';
      *p++ = kHex[byte >> 4];
      *p++ = kHex[byte & 0xF];
    }
    ++i;
  }
  *p++ = '"';
  return p;
}

// Writes `value` in decimal at `p` (kNumberBound bytes writable); returns the end.
char* put_number(char* p, std::int64_t value) {
  if (value >= 0 && value < 100) {
    if (value >= 10)
      *p++ = static_cast<char>('0' + value / 10);
    *p++ = static_cast<char>('0' + value % 10);
    return p;
  }
  const fmt::format_int text(value);
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

// Writes a string literal of the code (its text without the terminating NUL) at `p`.
template <std::size_t N>
char* put(char* p, const char (&text)[N]) {
  std::memcpy(p, text, N - 1);
  return p + N - 1;
}

char* put(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

// ANSI styles for the table.
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kCyan = "\x1b[36m";
constexpr std::string_view kReset = "\x1b[0m";

std::string_view severity_style(FindingSeverity severity) {
  switch (severity) {
    case FindingSeverity::error:
      return kRed;
    case FindingSeverity::warning:
      return kYellow;
    case FindingSeverity::info:
      return kCyan;
  }
  return kCyan;
}

enum Column { kEncounter, kPayer, kPolicy, kDate, kCode, kMinutes, kUnits, kColumns };

constexpr std::array<std::string_view, kColumns> kHeaders = {"ENCOUNTER", "PAYER", "POLICY", "DATE",
                                                             "CODE",      "MIN",   "UNITS"};

using Cells = std::array<std::string, kColumns>;

// Lays out a block of table records with column widths that fit all of them.
class TableLayout {
 public:
  TableLayout(std::string& out, bool color) : out_(out), color_(color) {}

  void measure(const Result& result) {
    widen(kEncounter, result.id);
    if (!result.ok)
      return;
    widen(kPayer, result.payer);
    widen(kPolicy, result.policy);
    if (result.date)
      widths_[kDate] = std::max<std::size_t>(widths_[kDate], 10);
    widen(kCode, "total");
    for (const Line& line : result.lines) {
      widen(kCode, line.code);
      if (line.minutes)
        widen_number(kMinutes, *line.minutes);
      widen_number(kUnits, line.units);
    }
    widen_number(kMinutes, result.timed_minutes);
    widen_number(kUnits, result.total_units);
  }

  void header() {
    for (std::size_t c = 0; c < kColumns; ++c)
      cells_[c].assign(kHeaders[c]);
    row(kBold);
  }

  void record(const Result& result) {
    clear_cells();
    cells_[kEncounter].assign(result.id);
    if (!result.ok) {
      append_cell(kEncounter, /*right=*/false, /*last=*/false);
      out_.append("  ");
      styled(kRed, "error");
      out_.push_back(' ');
      append_terminal_text(out_, result.error.id);
      out_.append(": ");
      append_terminal_text(out_, result.error.message);
      out_.push_back('\n');
      return;
    }
    cells_[kPayer].assign(result.payer);
    cells_[kPolicy].assign(result.policy);
    if (result.date)
      cells_[kDate] = lang::format_date(*result.date);
    for (std::size_t i = 0; i < result.lines.size(); ++i) {
      const Line& line = result.lines[i];
      if (i > 0)
        clear_cells();
      cells_[kCode].assign(line.code);
      if (line.minutes)
        append_number(cells_[kMinutes], *line.minutes);
      append_number(cells_[kUnits], line.units);
      row({});
    }
    if (result.lines.size() != 1) {
      if (!result.lines.empty())
        clear_cells();
      cells_[kCode].assign("total");
      append_number(cells_[kMinutes], result.timed_minutes);
      append_number(cells_[kUnits], result.total_units);
      row(result.lines.empty() ? std::string_view{} : kBold);
    }
    for (const Allocation& allocation : result.alternatives) {
      indent();
      styled(kDim, "or:");
      const std::size_t count = std::min(allocation.size(), result.lines.size());
      for (std::size_t i = 0; i < count; ++i) {
        out_.append(i == 0 ? " " : ", ");
        append_terminal_text(out_, result.lines[i].code);
        fmt::format_to(std::back_inserter(out_), " x{}", allocation[i]);
      }
      out_.push_back('\n');
    }
    for (const Finding& finding : result.findings) {
      indent();
      styled(severity_style(finding.severity), severity_name(finding.severity));
      out_.push_back(' ');
      append_terminal_text(out_, finding.id);
      out_.append(": ");
      append_terminal_text(out_, finding.message);
      out_.push_back('\n');
    }
  }

 private:
  void widen(Column column, std::string_view text) {
    widths_[column] = std::max(widths_[column], terminal_width(text));
  }
  void widen_number(Column column, std::int64_t value) {
    widths_[column] = std::max(widths_[column], fmt::formatted_size("{}", value));
  }

  void clear_cells() {
    for (std::string& cell : cells_)
      cell.clear();
  }

  void styled(std::string_view style, std::string_view text) {
    if (color_ && !style.empty())
      out_.append(style);
    out_.append(text);
    if (color_ && !style.empty())
      out_.append(kReset);
  }

  void indent() { out_.append(widths_[kEncounter] + 2, ' '); }

  // Appends one cell padded to its column's width (no padding after the last one).
  void append_cell(std::size_t column, bool right, bool last) {
    const std::size_t width = terminal_width(cells_[column]);
    const std::size_t pad = widths_[column] > width ? widths_[column] - width : 0;
    if (right)
      out_.append(pad, ' ');
    append_terminal_text(out_, cells_[column]);
    if (!right && !last)
      out_.append(pad, ' ');
  }

  // Appends the current cells as one row, trailing blanks trimmed.
  void row(std::string_view style) {
    std::size_t last = kColumns;
    while (last > 0 && cells_[last - 1].empty())
      --last;
    if (color_ && !style.empty())
      out_.append(style);
    for (std::size_t c = 0; c < last; ++c) {
      if (c > 0)
        out_.append("  ");
      append_cell(c, c == kMinutes || c == kUnits, c + 1 == last);
    }
    if (color_ && !style.empty())
      out_.append(kReset);
    out_.push_back('\n');
  }

  std::string& out_;
  bool color_ = false;
  std::array<std::size_t, kColumns> widths_ = {9, 5, 6, 4, 4, 3, 5};
  Cells cells_;
};

}  // namespace

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "jsonl")
    return OutputFormat::jsonl;
  if (name == "json")
    return OutputFormat::json;
  if (name == "csv")
    return OutputFormat::csv;
  if (name == "table")
    return OutputFormat::table;
  return std::nullopt;
}

const char* output_format_name(OutputFormat format) {
  switch (format) {
    case OutputFormat::jsonl:
      return "jsonl";
    case OutputFormat::json:
      return "json";
    case OutputFormat::csv:
      return "csv";
    case OutputFormat::table:
      return "table";
  }
  return "jsonl";
}

void append_valid_utf8(std::string& out, std::string_view text) {
  std::size_t i = 0;
  std::size_t run = 0;  // start of the pending run of valid bytes
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t skip = 0;
    const std::size_t length = utf8_sequence(text.substr(i), skip);
    if (length != 0) {
      i += length;
      continue;
    }
    out.append(text.substr(run, i - run));
    out.append(kReplacement);
    i += skip;
    run = i;
  }
  out.append(text.substr(run));
}

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.resize(start + json_string_bound(text));
  char* end = put_json_string(out.data() + start, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void append_explanation_json(std::string& out, const Explanation& x) {
  auto out_it = std::back_inserter(out);
  out += "\"explanation\": {\"summary\": ";
  append_json_string(out, x.summary);
  out += ", \"ledger\": [";
  for (std::size_t i = 0; i < x.ledger.size(); ++i) {
    const LedgerRow& row = x.ledger[i];
    if (i > 0)
      out += ", ";
    out += "{\"pool\": ";
    append_json_string(out, row.pool);
    out += ", \"code\": ";
    append_json_string(out, row.code);
    if (row.minutes)
      fmt::format_to(out_it, ", \"minutes\": {}", *row.minutes);
    fmt::format_to(out_it,
                   ", \"full_units\": {}, \"leftover\": {}, \"extra_unit\": {}, \"units\": {}",
                   row.full_units, row.leftover, row.extra_unit, row.units);
    if (!row.counted) {
      out += ", \"counted\": false, \"note\": ";
      append_json_string(out, row.note);
    }
    out += '}';
  }
  out += "], \"steps\": [";
  for (std::size_t i = 0; i < x.steps.size(); ++i) {
    const ExplainStep& s = x.steps[i];
    if (i > 0)
      out += ", ";
    out += "{\"rule\": ";
    append_json_string(out, s.rule);
    out += ", \"at\": ";
    append_json_string(out, s.at);
    out += ", \"source\": ";
    append_json_string(out, s.source);
    out += ", \"says\": ";
    append_json_string(out, s.says);
    out += '}';
  }
  out += "], \"near_misses\": [";
  for (std::size_t i = 0; i < x.near_misses.size(); ++i) {
    const NearMiss& n = x.near_misses[i];
    if (i > 0)
      out += ", ";
    out += "{\"code\": ";
    append_json_string(out, n.code);
    fmt::format_to(out_it, ", \"change_minutes\": {}, \"effect\": ", n.change_minutes);
    append_json_string(out, n.effect);
    out += '}';
  }
  out += "]}";
}

namespace {

// The record with `extra_members` (JSON member text, or empty) after the contract's fields.
void append_json_record_with(std::string& out, const Result& result,
                             std::string_view extra_members) {
  // The most bytes the record can take, then the record written through a pointer.
  std::size_t bound = 256 + extra_members.size() + json_string_bound(result.id);
  std::string date_text;  // only for a date outside the years 0 to 9999
  Civil date{};
  if (!result.ok) {
    bound +=
        kNumberBound + json_string_bound(result.error.id) + json_string_bound(result.error.message);
  } else {
    bound += json_string_bound(result.payer) + json_string_bound(result.policy) + 2 * kNumberBound;
    if (result.date) {
      date = civil(*result.date);
      if (!date_fits(date)) {
        date_text = lang::format_date(*result.date);
        bound += date_text.size();
      }
    }
    std::size_t codes = 0;  // the codes of all lines with their units, as an alternative lists them
    for (const Line& line : result.lines) {
      bound += 64 + 2 * kNumberBound + json_string_bound(line.code);
      codes += 32 + kNumberBound + json_string_bound(line.code);
    }
    bound += result.alternatives.size() * (8 + codes);
    for (const Finding& finding : result.findings)
      bound += 64 + json_string_bound(finding.id) + json_string_bound(finding.message);
  }
  // A record that fits is written on the stack and appended in one copy; a larger one (long
  // messages, many alternatives) straight into `out`, made large enough first.
  constexpr std::size_t kStackBytes = 4096;
  char stack[kStackBytes];
  const bool on_stack = bound <= kStackBytes;
  const std::size_t start = out.size();
  if (!on_stack)
    out.resize(start + bound);
  char* p = on_stack ? stack : out.data() + start;

  p = put(p, "{\"id\": ");
  p = put_json_string(p, result.id);
  if (!result.ok) {
    p = put(p, ", \"ok\": false, \"input_line\": ");
    p = put_number(p, result.input_line);
    p = put(p, ", \"error\": {\"id\": ");
    p = put_json_string(p, result.error.id);
    p = put(p, ", \"message\": ");
    p = put_json_string(p, result.error.message);
    *p++ = '}';
  } else {
    p = put(p, ", \"ok\": true, \"payer\": ");
    p = put_json_string(p, result.payer);
    p = put(p, ", \"policy\": ");
    p = put_json_string(p, result.policy);
    p = put(p, ", \"date\": ");
    if (result.date) {
      *p++ = '"';
      p = date_text.empty() ? put_date(p, date) : put(p, date_text);
      *p++ = '"';
    } else {
      p = put(p, "null");
    }
    p = put(p, ", \"timed_minutes\": ");
    p = put_number(p, result.timed_minutes);
    p = put(p, ", \"total_units\": ");
    p = put_number(p, result.total_units);
    p = put(p, ", \"lines\": [");
    for (std::size_t i = 0; i < result.lines.size(); ++i) {
      const Line& line = result.lines[i];
      p = i == 0 ? put(p, "{\"code\": ") : put(p, ", {\"code\": ");
      p = put_json_string(p, line.code);
      if (line.minutes) {
        p = put(p, ", \"minutes\": ");
        p = put_number(p, *line.minutes);
      }
      p = put(p, ", \"units\": ");
      p = put_number(p, line.units);
      *p++ = '}';
    }
    p = put(p, "], \"alternatives\": [");
    for (std::size_t a = 0; a < result.alternatives.size(); ++a) {
      const Allocation& allocation = result.alternatives[a];
      p = a == 0 ? put(p, "[") : put(p, ", [");
      const std::size_t count = std::min(allocation.size(), result.lines.size());
      for (std::size_t i = 0; i < count; ++i) {
        p = i == 0 ? put(p, "{\"code\": ") : put(p, ", {\"code\": ");
        p = put_json_string(p, result.lines[i].code);
        p = put(p, ", \"units\": ");
        p = put_number(p, allocation[i]);
        *p++ = '}';
      }
      *p++ = ']';
    }
    p = put(p, "], \"findings\": [");
    for (std::size_t f = 0; f < result.findings.size(); ++f) {
      const Finding& finding = result.findings[f];
      p = f == 0 ? put(p, "{\"severity\": \"") : put(p, ", {\"severity\": \"");
      p = put(p, std::string_view(severity_name(finding.severity)));
      p = put(p, "\", \"id\": ");
      p = put_json_string(p, finding.id);
      p = put(p, ", \"message\": ");
      p = put_json_string(p, finding.message);
      *p++ = '}';
    }
    *p++ = ']';
  }
  if (!extra_members.empty()) {
    p = put(p, ", ");
    p = put(p, extra_members);
  }
  *p++ = '}';
  if (on_stack) {
    out.append(stack, static_cast<std::size_t>(p - stack));
  } else {
    out.resize(static_cast<std::size_t>(p - out.data()));
  }
}

}  // namespace

void append_json_record(std::string& out, const Result& result, const Explanation* explanation) {
  if (explanation == nullptr) {
    append_json_record_with(out, result, {});
    return;
  }
  std::string member;
  append_explanation_json(member, *explanation);
  append_json_record_with(out, result, member);
}

void append_framed_record(std::string& out, OutputFormat format, const Result& result,
                          const Explanation* explanation) {
  if (format == OutputFormat::json)
    out.append(",\n"sv);
  append_json_record(out, result, explanation);
  if (format == OutputFormat::jsonl)
    out.push_back('\n');
}

ResultWriter::ResultWriter(std::FILE* out, OutputFormat format, WriterOptions options)
    : out_(out), format_(format), options_(options) {
  buf_.reserve(options_.flush_bytes + 4096);
}

ResultWriter::~ResultWriter() {
  flush();
}

void ResultWriter::write(const Result& result, const Explanation* explanation) {
  if (finished_)
    return;
  ++records_;
  if (result.ok) {
    units_ += result.total_units;
  } else {
    ++errors_;
  }
  switch (format_) {
    case OutputFormat::jsonl:
      append_json_record(buf_, result, explanation);
      buf_.push_back('\n');
      break;
    case OutputFormat::json:
      buf_.append(started_ ? ",\n"sv : "["sv);
      started_ = true;
      append_json_record(buf_, result, explanation);
      break;
    case OutputFormat::csv:
      write_csv(result, explanation);
      break;
    case OutputFormat::table:
      buffer_table(result);
      if (explanation) {
        write_table_block();
        buf_.append(explanation_text(*explanation, "    "));
        buf_.push_back('\n');
      }
      break;
  }
  end_records();
}

void ResultWriter::end_records() {
  if (options_.flush_each_record)
    flush_to_file();
  else
    flush_if_full();
}

void ResultWriter::flush_to_file() {
  flush();
  if (out_ != nullptr && !broken_pipe_ && !write_failed_ && std::fflush(out_) != 0) {
    if (errno == EPIPE) {
      broken_pipe_ = true;
    } else {
      write_failed_ = true;
      error_text_ = std::strerror(errno);
    }
  }
}

void ResultWriter::write_formatted(std::string_view text, std::int64_t records, std::int64_t errors,
                                   std::int64_t units) {
  if (finished_ || records == 0)
    return;
  records_ += records;
  errors_ += errors;
  units_ += units;
  if (format_ == OutputFormat::json && !started_) {
    buf_.push_back('[');
    started_ = true;
    if (text.starts_with(",\n"sv))
      text.remove_prefix(2);
  }
  if (buf_.size() + text.size() <= options_.flush_bytes) {
    buf_.append(text);
  } else {
    flush();
    write_out(text);
  }
  end_records();
}

void ResultWriter::write_csv(const Result& result, const Explanation* explanation) {
  if (!started_) {
    buf_.append(
        "id,ok,input_line,payer,policy,date,code,minutes,units,total_units,alternatives,findings,"
        "error_id,error_message"sv);
    buf_.append(options_.explain ? ",explanation\n"sv : "\n"sv);
    started_ = true;
  }
  // The row's end: the summary of the explanation when explanations are asked for.
  const auto end_row = [&] {
    if (options_.explain) {
      buf_.push_back(',');
      append_csv_field(buf_, explanation ? explanation->summary : std::string());
    }
    buf_.push_back('\n');
  };
  const auto prefix = [&] {
    append_csv_field(buf_, result.id);
    buf_.append(result.ok ? ",true," : ",false,");
    append_number(buf_, result.input_line);
    buf_.push_back(',');
  };
  if (!result.ok) {
    prefix();
    buf_.append(",,,,,,,,,"sv);
    append_csv_field(buf_, result.error.id);
    buf_.push_back(',');
    append_csv_field(buf_, result.error.message);
    end_row();
    return;
  }
  const auto suffix = [&] {
    buf_.push_back(',');
    append_number(buf_, result.total_units);
    buf_.push_back(',');
    append_number(buf_, result.alternatives.size());
    buf_.push_back(',');
    std::string findings;
    for (std::size_t f = 0; f < result.findings.size(); ++f) {
      if (f > 0)
        findings.push_back(';');
      findings.append(result.findings[f].id);
    }
    append_csv_field(buf_, findings);
    buf_.append(",,"sv);
    end_row();
  };
  const auto encounter_columns = [&] {
    prefix();
    append_csv_field(buf_, result.payer);
    buf_.push_back(',');
    append_csv_field(buf_, result.policy);
    buf_.push_back(',');
    if (result.date)
      append_date(buf_, *result.date);
    buf_.push_back(',');
  };
  if (result.lines.empty()) {
    encounter_columns();
    buf_.append(",,"sv);
    suffix();
    return;
  }
  for (const Line& line : result.lines) {
    encounter_columns();
    append_csv_field(buf_, line.code);
    buf_.push_back(',');
    if (line.minutes)
      append_number(buf_, *line.minutes);
    buf_.push_back(',');
    append_number(buf_, line.units);
    suffix();
  }
}

void ResultWriter::buffer_table(const Result& result) {
  if (table_count_ == table_rows_.size()) {
    table_rows_.push_back(result);
  } else {
    table_rows_[table_count_] = result;
  }
  ++table_count_;
  if (table_count_ >= std::max<std::size_t>(options_.table_block, 1))
    write_table_block();
}

void ResultWriter::write_table_block() {
  if (table_count_ == 0)
    return;
  TableLayout layout(buf_, options_.color);
  for (std::size_t i = 0; i < table_count_; ++i)
    layout.measure(table_rows_[i]);
  layout.header();
  for (std::size_t i = 0; i < table_count_; ++i) {
    layout.record(table_rows_[i]);
    flush_if_full();
  }
  table_count_ = 0;
}

void ResultWriter::write_summary() {
  const auto plural = [](std::int64_t n) { return n == 1 ? "" : "s"; };
  fmt::format_to(std::back_inserter(buf_), "{} encounter{}, {} unit{}, {} error{}\n", records_,
                 plural(records_), units_, plural(units_), errors_, plural(errors_));
}

void ResultWriter::finish() {
  if (finished_)
    return;
  switch (format_) {
    case OutputFormat::jsonl:
      break;
    case OutputFormat::json:
      buf_.append(started_ ? "]\n" : "[]\n");
      break;
    case OutputFormat::csv:
      if (!started_) {
        buf_.append(
            "id,ok,input_line,payer,policy,date,code,minutes,units,total_units,alternatives,"
            "findings,error_id,error_message\n");
      }
      break;
    case OutputFormat::table:
      write_table_block();
      write_summary();
      break;
  }
  started_ = true;
  finished_ = true;
  flush_to_file();
}

void ResultWriter::flush_if_full() {
  if (buf_.size() >= options_.flush_bytes)
    flush();
}

void ResultWriter::flush() {
  if (buf_.empty())
    return;
  write_out(buf_);
  buf_.clear();
}

void ResultWriter::write_out(std::string_view text) {
  if (text.empty() || out_ == nullptr || broken_pipe_ || write_failed_)
    return;
  errno = 0;
  const std::size_t written = std::fwrite(text.data(), 1, text.size(), out_);
  if (written != text.size()) {
    if (errno == EPIPE) {
      broken_pipe_ = true;
    } else {
      write_failed_ = true;
      error_text_ = std::strerror(errno != 0 ? errno : EIO);
    }
  }
}

}  // namespace cptrules::interp
