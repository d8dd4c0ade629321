// CsvRecordWriter: the rows of the `csv` format for one record, on any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "explain.hpp"
#include "result.hpp"

namespace cptrules::interp {

// Appends the rows of records in the `csv` format (docs/eval.md): one row per line of a record
// with the line's own findings, a row for the findings of the whole encounter, one row for a
// record that could not be evaluated; cells quoted as RFC 4180 says where they must be. Keeps
// its scratch between records; one per thread.
class CsvRecordWriter {
 public:
  // With `explain`, each row ends with the record's plain-language summary (the column
  // "Explanation").
  explicit CsvRecordWriter(bool explain = false) : explain_(explain) {}

  // Appends the header row.
  void append_header(std::string& out) const;

  // Appends the rows of `result`; `explanation` is read when explaining (and may be null).
  void append(std::string& out, const Result& result, const Explanation* explanation);

 private:
  void encounter_cells(std::string& out, const Result& result, std::string_view policy) const;
  void other_units(std::string& out, const Result& result, std::size_t i);
  void findings(std::string& out, const Result& result, std::uint32_t row);
  void end_row(std::string& out, const Result& result, const Explanation* explanation) const;

  bool explain_ = false;
  // Kept between records: each finding's row (a line's index, or the encounter's), a cell being
  // joined, a line's other valid units.
  std::vector<std::uint32_t> finding_rows_;
  std::string cell_;
  std::vector<std::int64_t> units_;
};

}  // namespace cptrules::interp
