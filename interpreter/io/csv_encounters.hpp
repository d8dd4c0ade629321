// CsvEncounters: the rows of one encounter of CSV input read into the item being filled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv_input.hpp"
#include "encounter_fields.hpp"
#include "reader_internal.hpp"

namespace cptrules::interp::reader {

// Reads whole rows of CSV input (one service a row, all of one encounter) into the item that
// an EncounterBuilder has begun. The reader's main thread finds where an encounter's rows
// start and end; this reads their values, on any thread (one per thread).
class CsvEncounters {
 public:
  explicit CsvEncounters(EncounterBuilder& out) : out_(out) {}

  // Reads `rows` (whole rows, blank ones included; the first is row `first_row`) under the
  // header's `columns`. The first error of the rows makes the item an error record.
  void read(std::string_view rows, std::int64_t first_row, const CsvColumns& columns);

 private:
  void read_row(std::string_view row, std::int64_t row_no, const CsvColumns& columns);
  void read_encounter_field(std::string_view row, std::int64_t row_no, const CsvColumns& columns,
                            CsvField field);
  std::string_view cell(std::string_view row, const CsvColumns& columns, CsvField field,
                        std::string& scratch) const;
  std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t row_no,
                                           std::string_view column, Key which, std::int64_t max);
  std::optional<lang::Date> parse_date(std::string_view text);
  std::int64_t time_of_day(std::string_view text, std::int64_t row_no, std::string_view column);

  EncounterBuilder& out_;
  std::vector<CsvCell> cells_;
  std::string scratch_;
  std::string date_text_;  // MM/DD/YYYY rewritten as YYYY-MM-DD
  // The encounter's date and payer as its first row that gave them wrote them, and that row.
  std::string first_date_;
  std::int64_t first_date_row_ = 0;
  std::string first_payer_;
  std::int64_t first_payer_row_ = 0;
};

}  // namespace cptrules::interp::reader
