// Text the REPL prints: table layout, result tables, change tables and unit charts.
#include "render.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "test_runner.hpp"

namespace cptrules::repl {

namespace {

// The width of UTF-8 text on a terminal, one column per code point.
std::size_t width_of(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

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
  if (!color_)
    return std::string(text);
  return fmt::format("{}{}\x1b[0m", code, text);
}

std::string_view Style::code(std::string_view name) const {
  if (!color_)
    return {};
  if (name == "bold")
    return "\x1b[1m";
  if (name == "dim")
    return "\x1b[2m";
  if (name == "red")
    return "\x1b[1;31m";
  if (name == "yellow")
    return "\x1b[33m";
  if (name == "cyan")
    return "\x1b[36m";
  if (name == "green")
    return "\x1b[32m";
  return {};
}

std::string Style::severity(interp::FindingSeverity severity, std::string_view text) const {
  switch (severity) {
    case interp::FindingSeverity::error:
      return red(text);
    case interp::FindingSeverity::warning:
      return yellow(text);
    case interp::FindingSeverity::info:
      return cyan(text);
  }
  return std::string(text);
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
  std::vector<std::size_t> widths;
  for (const Row& row : rows_) {
    if (widths.size() < row.cells.size())
      widths.resize(row.cells.size(), 0);
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      widths[c] = std::max(widths[c], width_of(row.cells[c]));
    }
  }
  std::string out;
  for (const Row& row : rows_) {
    std::size_t last = row.cells.size();
    while (last > 0 && row.cells[last - 1].empty())
      --last;
    std::string line;
    for (std::size_t c = 0; c < last; ++c) {
      if (c > 0)
        line += "  ";
      const std::string& cell = row.cells[c];
      const std::size_t pad = widths[c] - width_of(cell);
      const bool right = c < right_.size() && right_[c];
      if (right)
        line.append(pad, ' ');
      const std::string_view cell_style =
          c < row.cell_styles.size() ? style.code(row.cell_styles[c]) : std::string_view();
      if (!cell_style.empty()) {
        line += fmt::format("{}{}\x1b[0m{}", cell_style, cell, style.code(row.style));
      } else {
        line += cell;
      }
      if (!right && c + 1 < last)
        line.append(pad, ' ');
    }
    const std::string_view row_style = style.code(row.style);
    if (!row_style.empty()) {
      out += fmt::format("{}{}\x1b[0m\n", row_style, line);
    } else {
      out += line;
      out += '\n';
    }
  }
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
