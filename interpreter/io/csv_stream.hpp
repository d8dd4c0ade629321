// CsvStream: CSV input cut into encounters (runs of rows with one id), streamed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "csv_input.hpp"
#include "input_source.hpp"
#include "result.hpp"

namespace cptrules::interp::reader {

// Reads the header of CSV input, then finds each encounter's rows: consecutive rows with the
// same id. It looks at the id cell of each row only; CsvEncounters reads the rows' values (on
// any thread). The rows of an encounter are handed out as one text, in place in the input's
// buffer, which holds at most one encounter's rows and a chunk: memory does not grow with the
// input, except about 40 bytes per encounter id (a hash of each id seen, so that an id that comes
// back after other encounters is caught).
class CsvStream {
 public:
  CsvStream(InputSource& in, CsvColumnMap map) : in_(in), map_(std::move(map)) {}

  enum class Start { ok, empty, looks_like_json, bad_header };

  // Reads the header; later calls give the first answer again. For bad_header, header_error()
  // says why.
  Start start();
  const std::string& header_error() const { return header_error_; }
  const CsvColumns& columns() const { return columns_; }

  // One encounter's rows, or the error that makes its record.
  struct Group {
    bool failed = false;
    std::string_view rows;       // when not failed: whole rows, valid until the next call of take()
                                 // and the one after it
    std::int64_t first_row = 0;  // as a spreadsheet numbers rows: the header is row 1
    std::string id;              // the id, when it could be read
    ErrorInfo error;             // when failed
  };

  // Finds the next group, once (until take()); false at the end of the input.
  bool peek();
  const Group& group() const { return group_; }
  // Moves past the group peek() found.
  void take();

  // The number of the row that reading goes on with.
  std::int64_t next_row() const { return next_row_; }

 private:
  enum class RowKind { end, blank, ok, unclosed, too_long };
  struct Row {
    RowKind kind = RowKind::end;
    std::size_t length = 0;  // ok, blank, and too_long when the row is whole
    std::size_t resume = 0;  // unclosed: where reading goes on
    bool whole = false;      // too_long: the row ended within the buffer
    bool id_known = false;
  };

  // Scans the row at `offset`; with `cells`, cells_ then holds its cells (the header's).
  void scan(std::size_t offset, std::size_t budget, Row& row, bool cells = false);
  bool scan_unquoted(std::string_view text, std::size_t budget, std::int32_t id_column, Row& row);
  void fail_group(Row& row);
  void skip_row(const Row& row);
  void absorb_same_id();
  bool same_id(const Row& row) const { return row.id_known && row_id_ == group_.id; }

  InputSource& in_;
  CsvColumnMap map_;
  CsvColumns columns_;
  bool started_ = false;
  Start start_ = Start::ok;
  std::string header_error_;

  std::vector<CsvCell> cells_;
  std::string scratch_;
  std::string row_id_;  // the id cell of the row scan() looked at last
  Group group_;
  bool peeked_ = false;
  bool at_end_ = false;
  std::size_t group_bytes_ = 0;
  std::int64_t group_rows_ = 0;
  std::int64_t next_row_ = 1;  // the number of the row that starts at in_.unread()
  std::unordered_map<std::uint64_t, std::int64_t> seen_;  // hash of an id -> its first row
};

}  // namespace cptrules::interp::reader
