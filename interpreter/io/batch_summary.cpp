// BatchSummary: counting a batch's records, and the report of `--format summary`.
#include "batch_summary.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include <fmt/format.h>

#include "table_layout.hpp"
#include "utf8_text.hpp"

namespace cptrules::interp {

namespace {

constexpr std::size_t kReportWidth = 80;
constexpr std::size_t kLongestName = 32;  // longer names are cut, with "..." at their end
constexpr std::size_t kLongestExample = 20;

// The tally of `key`, made when it is new (a key is copied only then).
template <typename T>
T& tally(std::map<std::string, T, std::less<>>& tallies, std::string_view key) {
  auto it = tallies.find(key);
  if (it == tallies.end())
    it = tallies.emplace(std::string(key), T{}).first;
  return it->second;
}

// `text` cut to `most` characters (its last three "..."), whole characters kept.
std::string cut(std::string_view text, std::size_t most) {
  if (code_point_count(text) <= most)
    return std::string(text);
  std::size_t kept = 0;
  std::size_t end = 0;
  for (; end < text.size(); ++end) {
    const bool starts = (static_cast<unsigned char>(text[end]) & 0xC0) != 0x80;
    if (starts && kept++ == most - 3)
      break;
  }
  return std::string(text.substr(0, end)) + "...";
}

std::string number(std::int64_t n) {
  return fmt::format("{}", n);
}

// Lays out `rows` (the first the header) as a table indented by two spaces, under `title`, after
// a blank line when `blank_before`.
template <std::size_t N>
void append_table(std::string& out, std::string_view title,
                  const std::vector<std::array<std::string, N>>& rows,
                  const std::array<bool, N>& right, bool blank_before = true) {
  std::array<TableColumn, N + 1> columns{};
  for (std::size_t c = 0; c < N; ++c)
    columns[c + 1].right = right[c];
  TableLayout layout(columns, CellText::terminal, false);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < N; ++c)
      layout.widen(c + 1, row[c]);
  }
  fmt::format_to(std::back_inserter(out), "{}{}\n", blank_before ? "\n" : "", title);
  std::array<std::string, N + 1> cells;
  for (const auto& row : rows) {
    std::copy(row.begin(), row.end(), cells.begin() + 1);
    layout.row(out, cells);
  }
}

}  // namespace

void BatchSummary::add(const Result& result) {
  if (!result.ok) {
    ErrorTally& error = tally(errors_, result.error.id);
    ++error.records;
    if (error.examples.size() < kExamples)
      error.examples.push_back(result.id);
    return;
  }
  PayerTally& payer = tally(payers_, result.payer);
  ++payer.encounters;
  payer.units += result.total_units;
  for (std::size_t i = 0; i < result.lines.size(); ++i) {
    const Line& line = result.lines[i];
    CodeTally& code = tally(codes_, line.code);
    ++code.lines;
    if (!line.priced) {
      ++code.not_priced;
      continue;
    }
    code.units += line.units;
    if (line.billed_units) {
      billed_ = true;
      code.billed += *line.billed_units;
      const std::int64_t excess = billed_excess(result, i);
      code.over += std::max<std::int64_t>(excess, 0);
      code.under += std::max<std::int64_t>(-excess, 0);
    }
  }
  for (std::size_t f = 0; f < result.findings.size(); ++f) {
    const Finding& finding = result.findings[f];
    FindingTally& t = tally(findings_, finding.id);
    t.severity = std::min(t.severity, finding.severity);  // error < warning < info
    t.lines += finding.code.empty() ? 0 : 1;
    const auto same_id = [&](const Finding& other) { return other.id == finding.id; };
    if (std::none_of(result.findings.begin(), result.findings.begin() + f, same_id))
      ++t.encounters;
  }
}

void BatchSummary::merge(const BatchSummary& later) {
  for (const auto& [name, t] : later.payers_) {
    PayerTally& mine = tally(payers_, name);
    mine.encounters += t.encounters;
    mine.units += t.units;
  }
  for (const auto& [name, t] : later.codes_) {
    CodeTally& mine = tally(codes_, name);
    mine.lines += t.lines;
    mine.units += t.units;
    mine.not_priced += t.not_priced;
    mine.billed += t.billed;
    mine.over += t.over;
    mine.under += t.under;
  }
  for (const auto& [name, t] : later.findings_) {
    FindingTally& mine = tally(findings_, name);
    mine.severity = std::min(mine.severity, t.severity);
    mine.encounters += t.encounters;
    mine.lines += t.lines;
  }
  for (const auto& [name, t] : later.errors_) {
    ErrorTally& mine = tally(errors_, name);
    mine.records += t.records;
    for (const std::string& id : t.examples) {
      if (mine.examples.size() < kExamples)
        mine.examples.push_back(id);
    }
  }
  billed_ = billed_ || later.billed_;
}

void BatchSummary::clear() {
  payers_.clear();
  codes_.clear();
  findings_.clear();
  errors_.clear();
  billed_ = false;
}

void BatchSummary::append_report(std::string& out, const RecordCounts& counts) const {
  const std::vector<std::array<std::string, 2>> totals = {
      {"Encounters", number(counts.records)},
      {"  evaluated", number(counts.records - counts.not_evaluated)},
      {"  not evaluated", number(counts.not_evaluated)},
      {"  with error findings", number(counts.with_errors)},
      {"  with warnings, no error", number(counts.with_warnings)},
      {"Units", number(counts.units)}};
  append_table<2>(out, "Batch summary", totals, {false, true}, false);
  if (!payers_.empty())
    append_payers(out);
  if (!codes_.empty())
    append_codes(out);
  append_findings(out);
  if (!errors_.empty())
    append_errors(out);
  if (billed_) {
    const auto plural = [](std::int64_t n) { return n == 1 ? "" : "s"; };
    fmt::format_to(std::back_inserter(out),
                   "\nBilled units\n  {} line{} billed: {} over-billed by {} unit{}, {} "
                   "under-billed by {} unit{}\n",
                   counts.billed_lines, plural(counts.billed_lines), counts.over_billed,
                   counts.units_over, plural(counts.units_over), counts.under_billed,
                   counts.units_under, plural(counts.units_under));
  }
}

void BatchSummary::append_payers(std::string& out) const {
  std::vector<std::array<std::string, 3>> rows = {{"PAYER", "ENCOUNTERS", "UNITS"}};
  PayerTally total;
  for (const auto& [name, t] : payers_) {
    rows.push_back({cut(name, kLongestName), number(t.encounters), number(t.units)});
    total.encounters += t.encounters;
    total.units += t.units;
  }
  rows.push_back({"total", number(total.encounters), number(total.units)});
  append_table<3>(out, "Units by payer", rows, {false, true, true});
}

void BatchSummary::append_codes(std::string& out) const {
  // The columns of the audit only when a line gave billed_units; the note after the others.
  using Row = std::array<std::string, 7>;
  const auto row = [&](std::string code, std::string lines, std::string units, const CodeTally& t,
                       std::string note) {
    if (!billed_)
      return Row{std::move(code), std::move(lines), std::move(units), std::move(note)};
    const bool billed = t.billed > 0 || t.over > 0 || t.under > 0;
    return Row{std::move(code),
               std::move(lines),
               std::move(units),
               billed ? number(t.billed) : "",
               billed ? number(t.over) : "",
               billed ? number(t.under) : "",
               std::move(note)};
  };
  std::vector<Row> rows = {billed_ ? Row{"CODE", "LINES", "UNITS", "BILLED", "OVER", "UNDER"}
                                   : Row{"CODE", "LINES", "UNITS"}};
  CodeTally total;
  for (const auto& [name, t] : codes_) {
    std::string note;
    if (t.not_priced == t.lines)
      note = "not in the rules";
    else if (t.not_priced > 0)
      note = fmt::format("{} not in the rules", t.not_priced);
    rows.push_back(row(cut(name, kLongestName), number(t.lines),
                       t.not_priced == t.lines ? "-" : number(t.units), t, std::move(note)));
    total.lines += t.lines;
    total.units += t.units;
    total.billed += t.billed;
    total.over += t.over;
    total.under += t.under;
  }
  rows.push_back(row("total", number(total.lines), number(total.units), total, ""));
  append_table<7>(out, "Units by code", rows,
                  {false, true, true, billed_, billed_, billed_, false});
}

void BatchSummary::append_findings(std::string& out) const {
  if (findings_.empty()) {
    out.append("\nFindings\n  none\n");
    return;
  }
  std::vector<std::pair<std::string_view, FindingTally>> sorted(findings_.begin(), findings_.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    if (a.second.severity != b.second.severity)
      return a.second.severity < b.second.severity;
    if (a.second.encounters != b.second.encounters)
      return a.second.encounters > b.second.encounters;
    return a.second.lines > b.second.lines;
  });
  std::vector<std::array<std::string, 4>> rows = {{"FINDING", "SEVERITY", "ENCOUNTERS", "LINES"}};
  for (const auto& [id, t] : sorted) {
    rows.push_back({cut(id, kLongestName), severity_name(t.severity), number(t.encounters),
                    t.lines == 0 ? "-" : number(t.lines)});
  }
  append_table<4>(out, "Findings", rows, {false, false, true, true});
}

void BatchSummary::append_errors(std::string& out) const {
  std::vector<std::pair<std::string_view, const ErrorTally*>> sorted;
  for (const auto& [id, t] : errors_)
    sorted.emplace_back(id, &t);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second->records > b.second->records;
  });
  std::vector<std::array<std::string, 3>> rows = {{"ERROR", "RECORDS", "FOR EXAMPLE"}};
  std::size_t id_width = 5;
  std::size_t count_width = 7;
  for (const auto& [id, t] : sorted) {
    rows.push_back({cut(id, kLongestName), number(t->records), ""});
    id_width = std::max(id_width, terminal_width(rows.back()[0]));
    count_width = std::max(count_width, rows.back()[1].size());
  }
  // The record ids that fit in what is left of the line, then "..." when there are more.
  const std::size_t used = 2 + id_width + 2 + count_width + 2;
  const std::size_t room =
      used + kLongestExample < kReportWidth ? kReportWidth - used : kLongestExample;
  for (std::size_t r = 0; r < sorted.size(); ++r) {
    const ErrorTally& t = *sorted[r].second;
    std::string& cell = rows[r + 1][2];
    std::int64_t shown = 0;
    for (const std::string& id : t.examples) {
      const std::string text = cut(id, kLongestExample);
      const std::size_t width =
          terminal_width(cell) + (cell.empty() ? 0 : 2) + terminal_width(text);
      if (width + 5 > room && !cell.empty())
        break;
      cell += cell.empty() ? text : ", " + text;
      ++shown;
    }
    if (shown < t.records)
      cell += ", ...";
  }
  append_table<3>(out, "Not evaluated", rows, {false, true, false});
}

}  // namespace cptrules::interp
