// CSV input: the fields a column can hold, rows cut into cells (RFC 4180) and the header's map.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cptrules::interp::reader {

// The fields a column of a CSV export can hold, one per service line (a row).
enum class CsvField : std::uint8_t {
  encounter_id,
  date,
  payer,
  discipline,
  code,
  minutes,
  start,
  end,
  modifiers,
  billed_units,
  provider,
  assistant_minutes
};
inline constexpr std::size_t kCsvFieldCount = 12;

// The default column name of `field` ("encounter_id", "code", ...).
std::string_view csv_field_name(CsvField field);

// The field whose default name is `name` (compared as header names are: see
// same_column_name); nullopt for any other.
std::optional<CsvField> csv_field_of(std::string_view name);

// Header names compare without regard to letter case, spaces or underscores: "Encounter ID"
// names the column `encounter_id`.
bool same_column_name(std::string_view a, std::string_view b);

// `--columns code=CPT,minutes=Mins`: the header name of each field that is not named as by
// default.
using CsvColumnMap = std::vector<std::pair<CsvField, std::string>>;

// Reads a `--columns` value into `out`; returns the message of a usage error (an unknown
// field, a pair without '=', an empty name).
std::optional<std::string> parse_csv_column_map(std::string_view text, CsvColumnMap& out);

// One cell of a row: bytes [begin, end) of the row's text, without its quotes when `quoted`;
// `escapes` when it holds doubled quotes ("") to be undone.
struct CsvCell {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool quoted = false;
  bool escapes = false;
};

enum class RowEnd : std::uint8_t {
  complete,   // the row ends within the text (at a line end, or at the end of the input)
  need_more,  // the text ends inside the row, and more input may come
  unclosed,   // the input ends inside a quoted cell
};

struct RowScan {
  RowEnd end = RowEnd::complete;
  std::size_t length = 0;  // bytes of the row, with its line end ("\n" or "\r\n")
  // Where the first line end inside a quoted cell is (npos when none): a quote left open by
  // mistake is taken back there.
  std::size_t quoted_newline = std::string_view::npos;
};

// Cuts the row at the start of `text` into `cells` (RFC 4180: cells separated by commas, a cell
// quoted with '"' may hold commas, line ends and doubled quotes; a quote inside an unquoted cell
// is kept as it is). `at_eof`: no more input follows `text`.
RowScan scan_csv_row(std::string_view text, bool at_eof, std::vector<CsvCell>& cells);

// The text of `cell` of `row`: a view into the row, or into `scratch` when quotes were doubled.
std::string_view cell_text(std::string_view row, const CsvCell& cell, std::string& scratch);

// `text` without spaces and tabs at either end.
std::string_view trim_cell(std::string_view text);

// True when every cell of the row is empty or blank (a blank line, or ",,,,").
bool blank_csv_row(std::string_view row, const std::vector<CsvCell>& cells);

// Where each field is among the header's cells.
struct CsvColumns {
  static constexpr std::int32_t kAbsent = -1;
  std::array<std::int32_t, kCsvFieldCount> index{};  // the cell of each field, or kAbsent
  std::vector<std::string> header;                   // the header's cells as written

  std::int32_t column(CsvField field) const { return index[static_cast<std::size_t>(field)]; }
  // The header name of a field's column, as written.
  std::string_view name(CsvField field) const;
};

// Finds each field's column in the header row's cells, named as by default or as `map` says.
// Returns the message of a usage error: a required column (encounter_id, code) missing, or two
// columns for one field. Unknown columns are ignored.
std::optional<std::string> map_csv_header(std::string_view row, const std::vector<CsvCell>& cells,
                                          const CsvColumnMap& map, CsvColumns& out);

}  // namespace cptrules::interp::reader
