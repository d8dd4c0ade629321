// TableLayout: column widths, alignment, trailing blanks trimmed, row and cell styles.
#include "table_layout.hpp"

#include <algorithm>

#include "palette.hpp"
#include "utf8_text.hpp"

namespace cptrules::interp {

std::size_t TableLayout::width_of(std::string_view text) const {
  return text_ == CellText::terminal ? terminal_width(text) : code_point_count(text);
}

std::size_t TableLayout::append_text(std::string& out, std::string_view text) const {
  if (text_ == CellText::terminal)
    return append_terminal_text(out, text);
  out.append(text);
  return code_point_count(text);
}

void TableLayout::widen(std::size_t column, std::string_view text) {
  widen(column, width_of(text));
}

void TableLayout::widen(std::size_t column, std::size_t width) {
  columns_[column].width = std::max(columns_[column].width, width);
}

void TableLayout::row(std::string& out, std::span<const std::string> cells, std::string_view style,
                      std::span<const std::string_view> cell_styles) const {
  std::size_t last = cells.size();
  while (last > 0 && cells[last - 1].empty())
    --last;
  const bool row_styled = color_ && !style.empty();
  if (row_styled)
    out.append(style);
  for (std::size_t c = 0; c < last; ++c) {
    if (c > 0)
      out.append("  ");
    const std::string& cell = cells[c];
    const std::size_t width = width_of(cell);
    const std::size_t pad = columns_[c].width > width ? columns_[c].width - width : 0;
    const bool right = columns_[c].right;
    if (right)
      out.append(pad, ' ');
    const std::string_view cell_style =
        c < cell_styles.size() ? cell_styles[c] : std::string_view();
    if (color_ && !cell_style.empty()) {
      out.append(cell_style);
      append_text(out, cell);
      out.append(palette::kReset);
      if (row_styled)
        out.append(style);
    } else {
      append_text(out, cell);
    }
    if (!right && c + 1 < last)
      out.append(pad, ' ');
  }
  if (row_styled)
    out.append(palette::kReset);
  out.push_back('\n');
}

}  // namespace cptrules::interp
