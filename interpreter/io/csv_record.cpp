// The `csv` format: a header, then one row per line of each record with the line's own
// findings, a row for the findings of the whole encounter, one row for a record that could not
// be evaluated; cells quoted as RFC 4180 says where they must be.
#include <algorithm>
#include <array>
#include <string_view>

#include "date_text.hpp"
#include "json_text.hpp"
#include "result_writer.hpp"
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

}  // namespace

void ResultWriter::write_csv_header() {
  buf_.append(kCsvHeader);
  buf_.append(options_.explain ? ",Explanation\n"sv : "\n"sv);
  started_ = true;
}

void ResultWriter::write_csv(const Result& result, const Explanation* explanation) {
  if (!started_)
    write_csv_header();
  if (!result.ok) {
    append_csv_field(buf_, result.id);
    buf_.append(",,,,not evaluated,"sv);
    append_csv_field(buf_, result.error.code);
    buf_.append(",,,,,,,error,"sv);
    append_csv_field(buf_, result.error.id);
    buf_.push_back(',');
    append_csv_field(buf_, result.error.message);
    end_csv_row(result, explanation);
    return;
  }
  // Each finding's row: the first line it names, else the encounter's row.
  csv_finding_rows_.clear();
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
    csv_finding_rows_.push_back(row);
  }
  for (std::size_t i = 0; i < result.lines.size(); ++i) {
    const Line& line = result.lines[i];
    write_csv_encounter_cells(result, line.policy.empty() ? result.policy : line.policy);
    buf_.append("line,"sv);
    append_csv_field(buf_, line.code);
    buf_.push_back(',');
    append_csv_field(buf_, line.discipline);
    buf_.push_back(',');
    csv_cell_.clear();
    for (const std::string& m : line.modifiers) {
      if (!csv_cell_.empty())
        csv_cell_.push_back(' ');
      csv_cell_.append(m);
    }
    append_csv_field(buf_, csv_cell_);
    buf_.push_back(',');
    if (line.minutes)
      append_number(buf_, *line.minutes);
    buf_.push_back(',');
    if (line.priced)
      append_number(buf_, line.units);
    buf_.push_back(',');
    if (line.billed_units)
      append_number(buf_, *line.billed_units);
    buf_.push_back(',');
    if (line.priced)
      write_csv_other_units(result, i);
    write_csv_findings(result, static_cast<std::uint32_t>(i));
    end_csv_row(result, explanation);
  }
  if (encounter_findings || result.lines.empty()) {
    write_csv_encounter_cells(result, result.policy);
    buf_.append("encounter,,,,,,,"sv);
    write_csv_findings(result, kEncounterRow);
    end_csv_row(result, explanation);
  }
}

void ResultWriter::write_csv_encounter_cells(const Result& result, std::string_view policy) {
  append_csv_field(buf_, result.id);
  buf_.push_back(',');
  if (result.date)
    append_date(buf_, *result.date);
  buf_.push_back(',');
  append_csv_field(buf_, result.payer);
  buf_.push_back(',');
  append_csv_field(buf_, policy);
  buf_.push_back(',');
}

// The units that the alternatives give line `i` other than its own, ascending, without repeats.
void ResultWriter::write_csv_other_units(const Result& result, std::size_t i) {
  csv_units_.clear();
  for (const Allocation& alt : result.alternatives) {
    if (i < alt.size() && alt[i] != result.lines[i].units)
      csv_units_.push_back(alt[i]);
  }
  std::sort(csv_units_.begin(), csv_units_.end());
  const auto end = std::unique(csv_units_.begin(), csv_units_.end());
  for (auto it = csv_units_.begin(); it != end; ++it) {
    if (it != csv_units_.begin())
      buf_.append("; "sv);
    append_number(buf_, *it);
  }
}

// The cells Severity, Findings and Messages of the findings of `row`, in the record's order:
// severities and ids separated by "; ", messages by " | ".
void ResultWriter::write_csv_findings(const Result& result, std::uint32_t row) {
  std::size_t count = 0;
  std::size_t only = 0;
  for (std::size_t f = 0; f < result.findings.size(); ++f) {
    if (csv_finding_rows_[f] == row) {
      ++count;
      only = f;
    }
  }
  if (count <= 1) {  // no finding, or one: its cells as they are
    buf_.push_back(',');
    if (count == 0) {
      buf_.append(",,"sv);
      return;
    }
    const Finding& finding = result.findings[only];
    buf_.append(severity_name(finding.severity));
    buf_.push_back(',');
    append_csv_field(buf_, finding.id);
    buf_.push_back(',');
    append_csv_field(buf_, finding.message);
    return;
  }
  const auto each = [&](std::string_view separator, auto&& text_of) {
    csv_cell_.clear();
    bool first = true;
    for (std::size_t f = 0; f < result.findings.size(); ++f) {
      if (csv_finding_rows_[f] != row)
        continue;
      if (!first)
        csv_cell_.append(separator);
      first = false;
      csv_cell_.append(text_of(result.findings[f]));
    }
    append_csv_field(buf_, csv_cell_);
  };
  buf_.push_back(',');
  each("; "sv, [](const Finding& f) { return std::string_view(severity_name(f.severity)); });
  buf_.push_back(',');
  each("; "sv, [](const Finding& f) { return std::string_view(f.id); });
  buf_.push_back(',');
  each(" | "sv, [](const Finding& f) { return std::string_view(f.message); });
}

// The row's last cells: the input line, and the summary of the explanation when explanations
// are asked for.
void ResultWriter::end_csv_row(const Result& result, const Explanation* explanation) {
  buf_.push_back(',');
  append_number(buf_, result.input_line);
  if (options_.explain) {
    buf_.push_back(',');
    if (explanation)
      append_csv_field(buf_, explanation->summary);
  }
  buf_.push_back('\n');
}

}  // namespace cptrules::interp
