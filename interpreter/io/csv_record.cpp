// The `csv` format: a header, then one row per line of each record with the line's own
// findings, a row for the findings of the whole encounter, one row for a record that could not
// be evaluated; cells quoted as RFC 4180 says where they must be.
#include "csv_record.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "date_text.hpp"
#include "json_text.hpp"
#include "utf8_text.hpp"

namespace cptrules::interp {

namespace {

using namespace std::string_view_literals;

// The findings of a row: its own, or those of the whole encounter.
constexpr std::uint32_t kEncounterRow = 0xFFFFFFFF;

// What a byte asks of a cell: nothing (printable ASCII and most control characters), quoting
// (`,` `"` CR LF), or checking that it is valid UTF-8 (bytes from 0x80).
enum ByteNeed : unsigned char { kAsIs = 0, kQuote = 1, kCheck = 2 };

constexpr std::array<unsigned char, 256> kByteNeeds = [] {
  std::array<unsigned char, 256> needs{};
  for (std::size_t b = 0x80; b < 256; ++b)
    needs[b] = kCheck;
  for (const char c : {',', '"', '\r', '\n'})
    needs[static_cast<unsigned char>(c)] = kQuote;
  return needs;
}();

void append_csv_field(std::string& out, std::string_view text) {
  unsigned char needs = kAsIs;
  for (const char c : text)
    needs |= kByteNeeds[static_cast<unsigned char>(c)];
  if (needs == kAsIs) {
    out.append(text);
    return;
  }
  if ((needs & kQuote) == 0) {
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

// True when `finding` names `line`: its code, and its discipline when it gives one.
bool names_line(const Finding& finding, const Line& line) {
  return finding.code == line.code &&
         (finding.discipline.empty() || finding.discipline == line.discipline);
}

// The header row without the explanation column.
constexpr std::string_view kCsvHeader =
    "Encounter ID,Date of service,Payer,Policy,Row,Code,Discipline,Modifiers,Minutes,Units,"
    "Billed units,Other valid units,Severity,Findings,Messages,Input line";

}  // namespace

void CsvRecordWriter::append_header(std::string& out) const {
  out.append(kCsvHeader);
  out.append(explain_ ? ",Explanation\n"sv : "\n"sv);
}

void CsvRecordWriter::append(std::string& out, const Result& result,
                             const Explanation* explanation) {
  if (!result.ok) {
    append_csv_field(out, result.id);
    out.append(",,,,not evaluated,"sv);
    append_csv_field(out, result.error.code);
    out.append(",,,,,,,error,"sv);
    append_csv_field(out, result.error.id);
    out.push_back(',');
    append_csv_field(out, result.error.message);
    end_row(out, result, explanation);
    return;
  }
  // Each finding's row: the first line it names, else the encounter's row.
  finding_rows_.clear();
  bool encounter_findings = false;
  for (const Finding& finding : result.findings) {
    std::uint32_t row = kEncounterRow;
    if (!finding.code.empty()) {
      for (std::size_t i = 0; i < result.lines.size(); ++i) {
        if (names_line(finding, result.lines[i])) {
          row = static_cast<std::uint32_t>(i);
          break;
        }
      }
    }
    encounter_findings = encounter_findings || row == kEncounterRow;
    finding_rows_.push_back(row);
  }
  for (std::size_t i = 0; i < result.lines.size(); ++i) {
    const Line& line = result.lines[i];
    encounter_cells(out, result, line.policy.empty() ? result.policy : line.policy);
    out.append("line,"sv);
    append_csv_field(out, line.code);
    out.push_back(',');
    append_csv_field(out, line.discipline);
    out.push_back(',');
    cell_.clear();
    for (const std::string& m : line.modifiers) {
      if (!cell_.empty())
        cell_.push_back(' ');
      cell_.append(m);
    }
    append_csv_field(out, cell_);
    out.push_back(',');
    if (line.minutes)
      append_number(out, *line.minutes);
    out.push_back(',');
    if (line.priced)
      append_number(out, line.units);
    out.push_back(',');
    if (line.billed_units)
      append_number(out, *line.billed_units);
    out.push_back(',');
    if (line.priced)
      other_units(out, result, i);
    findings(out, result, static_cast<std::uint32_t>(i));
    end_row(out, result, explanation);
  }
  if (encounter_findings || result.lines.empty()) {
    encounter_cells(out, result, result.policy);
    out.append("encounter,,,,,,,"sv);
    findings(out, result, kEncounterRow);
    end_row(out, result, explanation);
  }
}

void CsvRecordWriter::encounter_cells(std::string& out, const Result& result,
                                      std::string_view policy) const {
  append_csv_field(out, result.id);
  out.push_back(',');
  if (result.date)
    append_date(out, *result.date);
  out.push_back(',');
  append_csv_field(out, result.payer);
  out.push_back(',');
  append_csv_field(out, policy);
  out.push_back(',');
}

// The units that the alternatives give line `i` other than its own, ascending, without repeats.
void CsvRecordWriter::other_units(std::string& out, const Result& result, std::size_t i) {
  units_.clear();
  for (const Allocation& alt : result.alternatives) {
    if (i < alt.size() && alt[i] != result.lines[i].units)
      units_.push_back(alt[i]);
  }
  std::sort(units_.begin(), units_.end());
  const auto end = std::unique(units_.begin(), units_.end());
  for (auto it = units_.begin(); it != end; ++it) {
    if (it != units_.begin())
      out.append("; "sv);
    append_number(out, *it);
  }
}

// The cells Severity, Findings and Messages of the findings of `row`, in the record's order:
// severities and ids separated by "; ", messages by " | ".
void CsvRecordWriter::findings(std::string& out, const Result& result, std::uint32_t row) {
  std::size_t count = 0;
  std::size_t only = 0;
  for (std::size_t f = 0; f < result.findings.size(); ++f) {
    if (finding_rows_[f] == row) {
      ++count;
      only = f;
    }
  }
  if (count <= 1) {  // no finding, or one: its cells as they are
    out.push_back(',');
    if (count == 0) {
      out.append(",,"sv);
      return;
    }
    const Finding& finding = result.findings[only];
    out.append(severity_name(finding.severity));
    out.push_back(',');
    append_csv_field(out, finding.id);
    out.push_back(',');
    append_csv_field(out, finding.message);
    return;
  }
  const auto each = [&](std::string_view separator, auto&& text_of) {
    cell_.clear();
    bool first = true;
    for (std::size_t f = 0; f < result.findings.size(); ++f) {
      if (finding_rows_[f] != row)
        continue;
      if (!first)
        cell_.append(separator);
      first = false;
      cell_.append(text_of(result.findings[f]));
    }
    append_csv_field(out, cell_);
  };
  out.push_back(',');
  each("; "sv, [](const Finding& f) { return std::string_view(severity_name(f.severity)); });
  out.push_back(',');
  each("; "sv, [](const Finding& f) { return std::string_view(f.id); });
  out.push_back(',');
  each(" | "sv, [](const Finding& f) { return std::string_view(f.message); });
}

// The row's last cells: the input line, and the summary of the explanation when explanations
// are asked for.
void CsvRecordWriter::end_row(std::string& out, const Result& result,
                              const Explanation* explanation) const {
  out.push_back(',');
  append_number(out, result.input_line);
  if (explain_) {
    out.push_back(',');
    if (explanation)
      append_csv_field(out, explanation->summary);
  }
  out.push_back('\n');
}

}  // namespace cptrules::interp
