// Text the REPL prints: aligned tables, results, before-and-after changes, unit charts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "palette.hpp"
#include "plan.hpp"
#include "result.hpp"

namespace cptrules::repl {

// The palette's styles (palette.hpp), applied only when colours are on.
class Style {
 public:
  explicit Style(bool color) : color_(color) {}
  bool color() const { return color_; }
  std::string bold(std::string_view text) const { return wrap(interp::palette::kBold, text); }
  std::string dim(std::string_view text) const { return wrap(interp::palette::kDim, text); }
  std::string red(std::string_view text) const { return wrap(interp::palette::kRed, text); }
  std::string yellow(std::string_view text) const { return wrap(interp::palette::kYellow, text); }
  std::string cyan(std::string_view text) const { return wrap(interp::palette::kCyan, text); }
  std::string green(std::string_view text) const { return wrap(interp::palette::kGreen, text); }
  // `text` in the colour of a finding of `severity`.
  std::string severity(interp::FindingSeverity severity, std::string_view text) const;
  // The raw escape for a named style ("bold", "dim", "yellow"...); empty without colours.
  std::string_view code(std::string_view name) const;

 private:
  std::string wrap(std::string_view code, std::string_view text) const;
  bool color_;
};

// Columns of text, left- or right-aligned, two spaces apart, no trailing blanks, in the one
// table layout (interp::TableLayout). A row may be styled as a whole and a cell on its own
// (styles never count toward widths).
class TextTable {
 public:
  // `right[i]`: column i is right-aligned.
  explicit TextTable(std::vector<bool> right) : right_(std::move(right)) {}
  void add(std::vector<std::string> cells, std::string_view style = {});
  // Styles one cell of the last row added.
  void style_cell(std::size_t column, std::string_view style);
  std::string text(const Style& style) const;
  bool empty() const { return rows_.empty(); }

 private:
  struct Row {
    std::vector<std::string> cells;
    std::string style;
    std::vector<std::string> cell_styles;
  };
  std::vector<bool> right_;
  std::vector<Row> rows_;
};

// The rows of a table (row_styles[i] styles rows[i]) fitted to `width` characters: when the
// table is wider, its columns after the first `fixed` ones are split into blocks, each as wide
// as fits (at least one column), each printed as a table of its own that repeats the `fixed`
// columns, a blank line between blocks. Columns from `right_from` on are right-aligned.
std::string blocks_text(const std::vector<std::vector<std::string>>& rows,
                        const std::vector<std::string>& row_styles, std::size_t fixed,
                        std::size_t right_from, std::size_t width, const Style& style);

// The result as a table: CODE, MIN, UNITS (and NOTE for untimed codes), a total row, then its
// alternatives (`or: 97110 x1, 97140 x2`) and findings; an error record as one line. DISC
// follows CODE when a line's discipline is not `discipline` (the one the header above names),
// and BILLED follows UNITS when a line states billed units.
std::string result_text(const interp::Result& result, const Style& style,
                        std::string_view discipline = {});

// What changed from `before` to `after` for the same scenario edited: per line (a code and its
// discipline), minutes, units and billed units as `before -> after` where they differ, then the
// alternatives and findings of `after`. Its columns are result_text's.
std::string change_text(const interp::Result& before, const interp::Result& after,
                        const Style& style, std::string_view discipline = {});

// The alternatives and findings of a result, one per line, each line starting with `prefix`.
std::string remarks_text(const interp::Result& result, const Style& style,
                         std::string_view prefix = "");

// The minutes-to-units chart of `policy` for one code alone whose unit is `unit` minutes: the
// minute ranges that give 0, 1, 2, ... units, up to `max_units` units.
std::string unit_chart(const interp::PolicyVersion& policy, std::int64_t unit,
                       std::int64_t max_units, const Style& style);

}  // namespace cptrules::repl
