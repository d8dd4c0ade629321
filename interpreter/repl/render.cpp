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

const interp::Line* find_line(const interp::Result& r, const std::string& code) {
  for (const interp::Line& l : r.lines) {
    if (l.code == code)
      return &l;
  }
  return nullptr;
}

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

std::string result_text(const interp::Result& result, const Style& style) {
  if (!result.ok) {
    return fmt::format("{} {}: {}\n", style.red("error"), result.error.id, result.error.message);
  }
  TextTable table({false, true, true, false});
  table.add({"CODE", "MIN", "UNITS", ""}, "bold");
  for (const interp::Line& line : result.lines) {
    table.add({line.code, number_or_dash(line.minutes), fmt::format("{}", line.units),
               line.timed ? "" : "untimed"});
  }
  table.add(
      {"total", fmt::format("{}", result.timed_minutes), fmt::format("{}", result.total_units), ""},
      "bold");
  return table.text(style) + remarks_text(result, style);
}

std::string change_text(const interp::Result& before, const interp::Result& after,
                        const Style& style) {
  if (!before.ok || !after.ok)
    return result_text(after, style);
  std::vector<std::string> codes;
  for (const interp::Line& l : after.lines)
    codes.push_back(l.code);
  for (const interp::Line& l : before.lines) {
    if (std::find(codes.begin(), codes.end(), l.code) == codes.end())
      codes.push_back(l.code);
  }
  TextTable table({false, true, true, false});
  table.add({"CODE", "MIN", "UNITS", ""}, "bold");
  auto add_row = [&](const std::string& code, const std::string& min_before,
                     const std::string& min_after, const std::string& units_before,
                     const std::string& units_after, bool untimed, std::string_view row_style) {
    table.add({code, before_after(min_before, min_after), before_after(units_before, units_after),
               untimed ? "untimed" : ""},
              row_style);
    if (min_before != min_after)
      table.style_cell(1, "yellow");
    if (units_before != units_after)
      table.style_cell(2, "yellow");
  };
  for (const std::string& code : codes) {
    const interp::Line* b = find_line(before, code);
    const interp::Line* a = find_line(after, code);
    const interp::Line* any = a != nullptr ? a : b;
    add_row(code, b ? number_or_dash(b->minutes) : "-", a ? number_or_dash(a->minutes) : "-",
            b ? fmt::format("{}", b->units) : "-", a ? fmt::format("{}", a->units) : "-",
            !any->timed, {});
  }
  add_row("total", fmt::format("{}", before.timed_minutes), fmt::format("{}", after.timed_minutes),
          fmt::format("{}", before.total_units), fmt::format("{}", after.total_units), false,
          "bold");
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
