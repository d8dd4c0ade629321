// TableLayout: the one layout of text tables (results in `table`, the REPL's tables).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace cptrules::interp {

// One column of a table: its width so far and its alignment.
struct TableColumn {
  std::size_t width = 0;
  bool right = false;  // right-aligned (numbers)
};

// How cells are written and measured.
enum class CellText {
  as_is,     // written as they are; a character is a byte that does not continue UTF-8
  terminal,  // control characters as spaces, invalid UTF-8 as U+FFFD (append_terminal_text)
};

// Lays out rows of cells over columns the caller keeps (so that laying out allocates nothing):
// cells two spaces apart, padded to their column's width on the left (right-aligned) or on the
// right, blank cells at a row's end left out and no padding after the last cell. A row may be
// styled as a whole and a cell on its own; styles are escape codes of the palette, written only
// when colours are on, and never count toward widths.
class TableLayout {
 public:
  TableLayout(std::span<TableColumn> columns, CellText text, bool color)
      : columns_(columns), text_(text), color_(color) {}

  // Widens `column` to fit `text`, or to `width` characters.
  void widen(std::size_t column, std::string_view text);
  void widen(std::size_t column, std::size_t width);
  std::size_t width(std::size_t column) const { return columns_[column].width; }

  // Appends one row and its line end. `cells` may be fewer than the columns; `cell_styles[i]`
  // (when there is one) styles cell i, after which the row's style resumes.
  void row(std::string& out, std::span<const std::string> cells, std::string_view style = {},
           std::span<const std::string_view> cell_styles = {}) const;

  // Appends `text` as a cell is written (without padding); returns its width.
  std::size_t append_text(std::string& out, std::string_view text) const;

 private:
  std::size_t width_of(std::string_view text) const;

  std::span<TableColumn> columns_;
  CellText text_;
  bool color_;
};

}  // namespace cptrules::interp
