// Reading CSV output in tests: RFC 4180 rows of cells, and a column's cells by its header.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cptrules::test {

using CsvRow = std::vector<std::string>;

// The rows of `text` as RFC 4180 reads them: cells separated by commas, a quoted cell may hold
// commas, line ends and doubled quotes; each row ends with "\n". Throws on a quote out of place.
inline std::vector<CsvRow> csv_rows(std::string_view text) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      for (++i;; ++i) {
        if (i >= text.size())
          throw std::string("a quoted cell is not closed");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.push_back('"');
            ++i;
            continue;
          }
          ++i;
          break;
        }
        cell.push_back(text[i]);
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n')
        throw std::string("text after a quoted cell");
    }
    while (i < text.size() && text[i] != ',' && text[i] != '\n') {
      if (text[i] == '"')
        throw std::string("a quote inside an unquoted cell");
      cell.push_back(text[i++]);
    }
    row.push_back(std::move(cell));
    cell.clear();
    if (i < text.size() && text[i] == '\n') {
      rows.push_back(std::move(row));
      row.clear();
    }
    ++i;
  }
  if (!row.empty())
    throw std::string("the last row has no line end");
  return rows;
}

// The index of the column named `name` in `header`; header.size() when there is none.
inline std::size_t csv_column(const CsvRow& header, std::string_view name) {
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c] == name)
      return c;
  }
  return header.size();
}

}  // namespace cptrules::test
