// Text the REPL prints: table layout, result tables, change tables and unit charts.
#include "render.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "table_layout.hpp"
#include "test_runner.hpp"

namespace cptrules::repl {

namespace {

std::string number_or_dash(const std::optional<std::int64_t>& n) {
  return n ? fmt::format("{}", *n) : std::string("-");
}

// `a` when both are the same, else `a -> b`.
std::string before_after(const std::string& a, const std::string& b) {
  return a == b ? a : fmt::format("{} -> {}", a, b);
}

std::size_t lines_of_code(const interp::Result& r, const std::string& code) {
  return static_cast<std::size_t>(std::count_if(
      r.lines.begin(), r.lines.end(), [&](const interp::Line& l) { return l.code == code; }));
}

// The line of `r` that is `like` (a line of the other result of a change): the one of its code
// and discipline, else, when each result has one line of its code, that one (the scenario's
// discipline changed).
const interp::Line* find_line(const interp::Result& r, const interp::Line& like,
                              const interp::Result& other) {
  for (const interp::Line& l : r.lines) {
    if (l.code == like.code && l.discipline == like.discipline)
      return &l;
  }
  if (lines_of_code(r, like.code) != 1 || lines_of_code(other, like.code) != 1)
    return nullptr;
  for (const interp::Line& l : r.lines) {
    if (l.code == like.code)
      return &l;
  }
  return nullptr;
}

// The optional columns of a result table: DISC when a line's discipline is not the one the
// header names, BILLED when a line states billed units (as `eval --format table` has them).
struct Columns {
  bool discipline = false;
  bool billed = false;

  void widen(const interp::Line& l, std::string_view header_discipline) {
    discipline = discipline || (!l.discipline.empty() && l.discipline != header_discipline);
    billed = billed || l.billed_units.has_value();
  }

  std::vector<bool> right() const {
    std::vector<bool> out{false};
    if (discipline)
      out.push_back(false);
    out.insert(out.end(), {true, true});
    if (billed)
      out.push_back(true);
    out.push_back(false);
    return out;
  }

  // The cells of a row: code, discipline, minutes, units, billed, note.
  std::vector<std::string> row(std::string code, std::string disc, std::string minutes,
                               std::string units, std::string billed_units,
                               std::string note) const {
    std::vector<std::string> out{std::move(code)};
    if (discipline)
      out.push_back(std::move(disc));
    out.push_back(std::move(minutes));
    out.push_back(std::move(units));
    if (billed)
      out.push_back(std::move(billed_units));
    out.push_back(std::move(note));
    return out;
  }

  std::size_t minutes_column() const { return discipline ? 2 : 1; }
  std::size_t units_column() const { return minutes_column() + 1; }
  std::size_t billed_column() const { return units_column() + 1; }
};

}  // namespace

std::string Style::wrap(std::string_view code, std::string_view text) const {
  std::string out;
  interp::palette::append_styled(out, code, text, color_);
  return out;
}

std::string_view Style::code(std::string_view name) const {
  return color_ ? interp::palette::named_style(name) : std::string_view();
}

std::string Style::severity(interp::FindingSeverity severity, std::string_view text) const {
  return wrap(interp::palette::severity_style(severity), text);
}

void TextTable::add(std::vector<std::string> cells, std::string_view style) {
  rows_.push_back({std::move(cells), std::string(style), {}});
}

void TextTable::style_cell(std::size_t column, std::string_view style) {
  if (rows_.empty())
    return;
  Row& row = rows_.back();
  if (row.cell_styles.size() <= column)
    row.cell_styles.resize(column + 1);
  row.cell_styles[column] = std::string(style);
}

std::string TextTable::text(const Style& style) const {
  std::size_t count = 0;
  for (const Row& row : rows_)
    count = std::max(count, row.cells.size());
  std::vector<interp::TableColumn> columns(count);
  for (std::size_t c = 0; c < count; ++c)
    columns[c].right = c < right_.size() && right_[c];
  interp::TableLayout layout(columns, interp::CellText::as_is, style.color());
  for (const Row& row : rows_) {
    for (std::size_t c = 0; c < row.cells.size(); ++c)
      layout.widen(c, row.cells[c]);
  }
  std::string out;
  std::vector<std::string_view> cell_styles;
  for (const Row& row : rows_) {
    cell_styles.clear();
    for (const std::string& name : row.cell_styles)
      cell_styles.push_back(style.code(name));
    layout.row(out, row.cells, style.code(row.style), cell_styles);
  }
  return out;
}

std::string blocks_text(const std::vector<std::vector<std::string>>& rows,
                        const std::vector<std::string>& row_styles, std::size_t fixed,
                        std::size_t right_from, std::size_t width, const Style& style) {
  constexpr std::size_t kGap = 2;  // TextTable puts two spaces between columns
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c)
      widths[c] = std::max(widths[c], row[c].size());
  }
  std::size_t fixed_width = 0;
  for (std::size_t c = 0; c < fixed && c < widths.size(); ++c)
    fixed_width += widths[c] + (c > 0 ? kGap : 0);
  std::string out;
  std::size_t first = fixed;
  do {
    std::size_t last = first;  // one past the last column of this block
    std::size_t used = fixed_width;
    while (last < widths.size() && (last == first || used + kGap + widths[last] <= width)) {
      used += kGap + widths[last];
      ++last;
    }
    std::vector<bool> right;
    for (std::size_t c = 0; c < fixed + (last - first); ++c) {
      const std::size_t column = c < fixed ? c : first + c - fixed;
      right.push_back(column >= right_from);
    }
    TextTable table(right);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::vector<std::string> cells;
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        if (c < fixed || (c >= first && c < last))
          cells.push_back(rows[r][c]);
      }
      table.add(std::move(cells), r < row_styles.size() ? row_styles[r] : std::string());
    }
    if (!out.empty())
      out += '\n';
    out += table.text(style);
    first = last;
  } while (first < widths.size());
  return out;
}

std::string remarks_text(const interp::Result& result, const Style& style,
                         std::string_view prefix) {
  std::string out;
  for (const interp::Allocation& alt : result.alternatives) {
    out += fmt::format("{}{} {}\n", prefix, style.dim("or:"), interp::allocation_text(result, alt));
  }
  for (const interp::Finding& f : result.findings) {
    out +=
        fmt::format("{}{} {}: {}\n", prefix,
                    style.severity(f.severity, interp::severity_name(f.severity)), f.id, f.message);
  }
  return out;
}

std::string result_text(const interp::Result& result, const Style& style,
                        std::string_view discipline) {
  if (!result.ok) {
    return fmt::format("{} {}: {}\n", style.red("error"), result.error.id, result.error.message);
  }
  Columns columns;
  for (const interp::Line& line : result.lines)
    columns.widen(line, discipline);
  TextTable table(columns.right());
  table.add(columns.row("CODE", "DISC", "MIN", "UNITS", "BILLED", ""), "bold");
  for (const interp::Line& line : result.lines) {
    table.add(columns.row(line.code, line.discipline, number_or_dash(line.minutes),
                          fmt::format("{}", line.units), number_or_dash(line.billed_units),
                          line.timed ? "" : "untimed"));
  }
  table.add(columns.row("total", "", fmt::format("{}", result.timed_minutes),
                        fmt::format("{}", result.total_units), "", ""),
            "bold");
  return table.text(style) + remarks_text(result, style);
}

std::string change_text(const interp::Result& before, const interp::Result& after,
                        const Style& style, std::string_view discipline) {
  if (!before.ok || !after.ok)
    return result_text(after, style, discipline);
  // Each line of `after` with the line it was in `before` (or none), then those `before` had
  // and `after` has not: a line is a code and its discipline.
  struct Change {
    const interp::Line* before = nullptr;
    const interp::Line* after = nullptr;
  };
  std::vector<Change> lines;
  Columns columns;
  for (const interp::Line& l : after.lines) {
    lines.push_back({find_line(before, l, after), &l});
    columns.widen(l, discipline);
    if (lines.back().before != nullptr)
      columns.billed = columns.billed || lines.back().before->billed_units.has_value();
  }
  for (const interp::Line& l : before.lines) {
    if (find_line(after, l, before) == nullptr) {
      lines.push_back({&l, nullptr});
      columns.widen(l, discipline);
    }
  }
  TextTable table(columns.right());
  table.add(columns.row("CODE", "DISC", "MIN", "UNITS", "BILLED", ""), "bold");
  auto changed = [&](std::size_t column, const std::string& a, const std::string& b) {
    if (a != b)
      table.style_cell(column, "yellow");
  };
  auto numbers = [](const interp::Line* l, auto field) {
    return l != nullptr ? field(*l) : std::string("-");
  };
  const auto minutes = [](const interp::Line& l) { return number_or_dash(l.minutes); };
  const auto units = [](const interp::Line& l) { return fmt::format("{}", l.units); };
  const auto billed = [](const interp::Line& l) { return number_or_dash(l.billed_units); };
  for (const auto& [b, a] : lines) {
    const interp::Line* line = a != nullptr ? a : b;
    const std::string min_b = numbers(b, minutes), min_a = numbers(a, minutes);
    const std::string units_b = numbers(b, units), units_a = numbers(a, units);
    const std::string billed_b = numbers(b, billed), billed_a = numbers(a, billed);
    const std::string disc = b != nullptr && a != nullptr
                                 ? before_after(b->discipline, a->discipline)
                                 : line->discipline;
    table.add(columns.row(line->code, disc, before_after(min_b, min_a),
                          before_after(units_b, units_a), before_after(billed_b, billed_a),
                          line->timed ? "" : "untimed"));
    if (columns.discipline && b != nullptr && a != nullptr)
      changed(1, b->discipline, a->discipline);
    changed(columns.minutes_column(), min_b, min_a);
    changed(columns.units_column(), units_b, units_a);
    if (columns.billed)
      changed(columns.billed_column(), billed_b, billed_a);
  }
  const std::string min_b = fmt::format("{}", before.timed_minutes);
  const std::string min_a = fmt::format("{}", after.timed_minutes);
  const std::string units_b = fmt::format("{}", before.total_units);
  const std::string units_a = fmt::format("{}", after.total_units);
  table.add(
      columns.row("total", "", before_after(min_b, min_a), before_after(units_b, units_a), "", ""),
      "bold");
  changed(columns.minutes_column(), min_b, min_a);
  changed(columns.units_column(), units_b, units_a);
  return table.text(style) + remarks_text(after, style);
}

std::string unit_chart(const interp::PolicyVersion& policy, std::int64_t unit,
                       std::int64_t max_units, const Style& style) {
  TextTable table({true, false});
  table.add({"UNITS", "MINUTES"}, "bold");
  std::string out;
  std::int64_t from = 0;
  std::int64_t current = 0;
  bool open = false;
  std::int64_t m = 0;
  for (; m <= interp::kMaxDayMinutes; ++m) {
    std::int64_t units = 0;
    if (policy.units(m, unit, units) != interp::EvalStatus::ok) {
      out = fmt::format("{} policy {} cannot count {} minutes of a {}-minute code\n",
                        style.red("error"), policy.name, m, unit);
      break;
    }
    units = std::max<std::int64_t>(units, 0);
    if (open && units == current)
      continue;
    if (open) {
      table.add({fmt::format("{}", current),
                 from == m - 1 ? fmt::format("{}", from) : fmt::format("{}-{}", from, m - 1)});
    }
    if (units > max_units)
      break;
    from = m;
    current = units;
    open = true;
  }
  if (open && m > interp::kMaxDayMinutes) {
    table.add({fmt::format("{}", current), fmt::format("{} or more", from)});
  }
  return table.text(style) + out;
}

}  // namespace cptrules::repl
