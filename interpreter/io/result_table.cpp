// The `table` format: blocks of records laid out with column widths that fit them all, each
// record's alternatives and findings under it, and the summary line.
#include <algorithm>
#include <array>
#include <iterator>

#include <fmt/format.h>

#include "json_text.hpp"
#include "palette.hpp"
#include "result_writer.hpp"
#include "table_layout.hpp"
#include "utf8_text.hpp"

namespace cptrules::interp {

namespace {

enum Column {
  kEncounter,
  kPayer,
  kPolicy,
  kDate,
  kCode,
  kDiscipline,
  kMinutes,
  kUnits,
  kBilled,
  kColumns
};

constexpr std::array<std::string_view, kColumns> kHeaders = {
    "ENCOUNTER", "PAYER", "POLICY", "DATE", "CODE", "DISC", "MIN", "UNITS", "BILLED"};

// The columns at their least widths (their headers'; BILLED's only when a line is billed),
// numbers right-aligned.
constexpr std::array<TableColumn, kColumns> kColumnsAtFirst = {{{9, false},
                                                                {5, false},
                                                                {6, false},
                                                                {4, false},
                                                                {4, false},
                                                                {4, false},
                                                                {3, true},
                                                                {5, true},
                                                                {0, true}}};

// Lays out a block of table records with column widths that fit all of them.
class ResultTable {
 public:
  ResultTable(std::string& out, bool color)
      : out_(out), color_(color), layout_(columns_, CellText::terminal, color) {}

  void measure(const Result& result) {
    layout_.widen(kEncounter, result.id);
    if (!result.ok)
      return;
    layout_.widen(kPayer, result.payer);
    layout_.widen(kPolicy, result.policy);
    if (result.date)
      layout_.widen(kDate, std::size_t{10});
    layout_.widen(kCode, "total");
    for (const Line& line : result.lines) {
      layout_.widen(kCode, line.code);
      layout_.widen(kDiscipline, line.discipline);
      if (line.minutes)
        widen_number(kMinutes, *line.minutes);
      widen_number(kUnits, line.units);
      if (line.billed_units) {
        billed_ = true;
        layout_.widen(kBilled, kHeaders[kBilled]);
        widen_number(kBilled, *line.billed_units);
      }
    }
    widen_number(kMinutes, result.timed_minutes);
    widen_number(kUnits, result.total_units);
  }

  void header() {
    for (std::size_t c = 0; c < kColumns; ++c)
      cells_[c].assign(c == kBilled && !billed_ ? std::string_view{} : kHeaders[c]);
    layout_.row(out_, cells_, palette::kBold);
  }

  void record(const Result& result) {
    clear_cells();
    cells_[kEncounter].assign(result.id);
    if (!result.ok) {
      error_line(result);
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
      cells_[kDiscipline].assign(line.discipline);
      if (line.minutes)
        append_number(cells_[kMinutes], *line.minutes);
      if (line.priced)
        append_number(cells_[kUnits], line.units);
      else
        cells_[kUnits].assign("-");
      if (line.billed_units)
        append_number(cells_[kBilled], *line.billed_units);
      layout_.row(out_, cells_);
    }
    if (result.lines.size() != 1) {
      if (!result.lines.empty())
        clear_cells();
      cells_[kCode].assign("total");
      append_number(cells_[kMinutes], result.timed_minutes);
      append_number(cells_[kUnits], result.total_units);
      layout_.row(out_, cells_, result.lines.empty() ? std::string_view{} : palette::kBold);
    }
    remarks(result);
  }

 private:
  void widen_number(Column column, std::int64_t value) {
    layout_.widen(column, fmt::formatted_size("{}", value));
  }

  void clear_cells() {
    for (std::string& cell : cells_)
      cell.clear();
  }

  // The line of an error record: its id padded to the column, then the error.
  void error_line(const Result& result) {
    const std::size_t width = layout_.append_text(out_, cells_[kEncounter]);
    out_.append(layout_.width(kEncounter) > width ? layout_.width(kEncounter) - width : 0, ' ');
    out_.append("  ");
    palette::append_styled(out_, palette::kRed, "error", color_);
    out_.push_back(' ');
    append_terminal_text(out_, result.error.id);
    out_.append(": ");
    append_terminal_text(out_, result.error.message);
    out_.push_back('\n');
  }

  // The alternatives and findings of an ok record, indented under its rows.
  void remarks(const Result& result) {
    for (const Allocation& allocation : result.alternatives) {
      indent();
      palette::append_styled(out_, palette::kDim, "or:", color_);
      const std::size_t count = std::min(allocation.size(), result.lines.size());
      for (std::size_t i = 0; i < count; ++i) {
        out_.append(i == 0 ? " " : ", ");
        const Line& line = result.lines[i];
        append_terminal_text(out_, line.code);
        if (!line.discipline.empty()) {
          out_.push_back(' ');
          append_terminal_text(out_, line.discipline);
        }
        if (line.priced)
          fmt::format_to(std::back_inserter(out_), " x{}", allocation[i]);
        else
          out_.append(" -");
      }
      out_.push_back('\n');
    }
    for (const Finding& finding : result.findings) {
      indent();
      palette::append_styled(out_, palette::severity_style(finding.severity),
                             severity_name(finding.severity), color_);
      out_.push_back(' ');
      append_terminal_text(out_, finding.id);
      out_.append(": ");
      append_terminal_text(out_, finding.message);
      out_.push_back('\n');
    }
  }

  void indent() { out_.append(layout_.width(kEncounter) + 2, ' '); }

  std::string& out_;
  bool color_ = false;
  bool billed_ = false;  // some line of the block states billed units
  std::array<TableColumn, kColumns> columns_ = kColumnsAtFirst;
  TableLayout layout_;
  std::array<std::string, kColumns> cells_;
};

}  // namespace

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
  ResultTable table(buf_, options_.color);
  for (std::size_t i = 0; i < table_count_; ++i)
    table.measure(table_rows_[i]);
  table.header();
  for (std::size_t i = 0; i < table_count_; ++i) {
    table.record(table_rows_[i]);
    flush_if_full();
  }
  table_count_ = 0;
}

void ResultWriter::write_summary() {
  buf_.append(summary_text(counts_));
  buf_.push_back('\n');
}

}  // namespace cptrules::interp
