// CsvStream: the header read, then each encounter's run of rows found by its id cell.
#include "csv_stream.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

#include <fmt/format.h>

#include "input_errors.hpp"

namespace cptrules::interp::reader {

CsvStream::Start CsvStream::start() {
  if (started_)
    return start_;
  started_ = true;
  columns_.index.fill(CsvColumns::kAbsent);
  const int first = in_.first_value_byte();
  if (first == -1)
    return start_ = Start::empty;
  if (first == '{' || first == '[')
    return start_ = Start::looks_like_json;
  next_row_ = in_.line_no() + 1;
  Row row;
  scan(0, in_.options().max_line_bytes, row, true);
  if (row.kind != RowKind::ok) {
    header_error_ =
        row.kind == RowKind::unclosed
            ? "the header row has a quoted cell that is not closed"
            : fmt::format("the header row is longer than {} bytes", in_.options().max_line_bytes);
    return start_ = Start::bad_header;
  }
  if (auto error = map_csv_header(in_.unread().substr(0, row.length), cells_, map_, columns_)) {
    header_error_ = std::move(*error);
    return start_ = Start::bad_header;
  }
  in_.consume(row.length);
  ++next_row_;
  return start_ = Start::ok;
}

// A whole row without a quote, which is most rows of any export, found without cutting it into
// cells: it ends at its first newline, its id cell lies between the commas of its column, and it
// is blank when it holds nothing but commas and whitespace. False, with `row` untouched, for
// any other row (a quote, or no newline in `text` yet), which the general scanner then reads;
// the outcome is the same either way (tests/unit/csv_input_test.cpp).
bool CsvStream::scan_unquoted(std::string_view text, std::size_t budget, std::int32_t id_column,
                              Row& row) {
  const void* newline = std::memchr(text.data(), '\n', text.size());
  if (newline == nullptr)
    return false;
  const std::string_view line =
      text.substr(0, static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()));
  if (std::memchr(line.data(), '"', line.size()) != nullptr)
    return false;
  row = Row{};
  row.length = line.size() + 1;
  if (id_column >= 0) {
    std::size_t begin = 0;
    for (std::int32_t c = 0; c < id_column && begin != std::string_view::npos; ++c) {
      const std::size_t comma = line.find(',', begin);
      begin = comma == std::string_view::npos ? comma : comma + 1;
    }
    if (begin != std::string_view::npos) {
      std::string_view cell = line.substr(begin, line.find(',', begin) - begin);
      if (!cell.empty() && cell.back() == '\r')  // as the general scanner: before a comma too
        cell.remove_suffix(1);
      row_id_.assign(trim_cell(cell));
      row.id_known = true;
    }
  }
  if (row.length > budget) {
    row.kind = RowKind::too_long;
    row.whole = true;
    return true;
  }
  const bool blank = std::all_of(line.begin(), line.end(), [](char c) {
    return c == ',' || c == ' ' || c == '\t' || c == '\r';
  });
  row.kind = blank ? RowKind::blank : RowKind::ok;
  return true;
}

// Scans the row that starts `offset` bytes into the unread input; a row longer than `budget`
// bytes is too long. Sets row_id_ when the row's id cell was read.
void CsvStream::scan(std::size_t offset, std::size_t budget, Row& row, bool cells) {
  const std::int32_t id_column = columns_.column(CsvField::encounter_id);
  for (;;) {
    const std::string_view text = in_.unread().substr(offset);
    if (!cells && scan_unquoted(text, budget, id_column, row))
      return;
    const RowScan s = scan_csv_row(text, in_.at_eof(), cells_);
    row = Row{};
    const auto take_id = [&] {
      if (id_column >= 0 && static_cast<std::size_t>(id_column) < cells_.size()) {
        row_id_.assign(
            trim_cell(cell_text(text, cells_[static_cast<std::size_t>(id_column)], scratch_)));
        row.id_known = true;
      }
    };
    if (s.end == RowEnd::complete) {
      if (s.length == 0) {
        row.kind = RowKind::end;
        return;
      }
      take_id();
      row.length = s.length;
      if (s.length > budget) {
        row.kind = RowKind::too_long;
        row.whole = true;
        return;
      }
      row.kind = blank_csv_row(text.substr(0, s.length), cells_) ? RowKind::blank : RowKind::ok;
      return;
    }
    if (s.end == RowEnd::unclosed || text.size() > budget) {
      take_id();
      if (s.quoted_newline != std::string_view::npos) {
        row.kind = RowKind::unclosed;  // a quote left open: taken back at the line's end
        row.resume = s.quoted_newline + 1;
      } else if (s.end == RowEnd::unclosed) {
        row.kind = RowKind::unclosed;
        row.resume = text.size();
      } else {
        row.kind = RowKind::too_long;
      }
      return;
    }
    in_.read_more();  // at the end of the input, the next scan sees at_eof()
  }
}

bool CsvStream::peek() {
  if (peeked_)
    return !at_end_;
  peeked_ = true;
  group_.failed = false;
  group_.id.clear();
  group_.rows = {};
  group_bytes_ = 0;
  group_rows_ = 0;
  const std::size_t max = in_.options().max_line_bytes;
  Row row;
  for (;;) {
    scan(0, max, row);
    if (row.kind == RowKind::end) {
      at_end_ = true;
      return false;
    }
    if (row.kind != RowKind::blank)
      break;
    in_.consume(row.length);
    ++next_row_;
  }
  group_.first_row = next_row_;
  if (row.id_known)
    group_.id = row_id_;
  if (row.kind != RowKind::ok) {
    fail_group(row);
    return true;
  }
  const std::uint64_t hash = std::hash<std::string_view>{}(group_.id);
  const auto [seen, is_new] = seen_.emplace(hash, group_.first_row);
  if (group_.id.empty() || !is_new) {
    group_.failed = true;
    if (group_.id.empty()) {
      input_error::csv_id_missing(group_.error, next_row_, columns_.name(CsvField::encounter_id));
    } else {
      input_error::csv_id_repeated(group_.error, group_.id, next_row_, seen->second);
    }
    in_.consume(row.length);
    ++next_row_;
    absorb_same_id();
    return true;
  }
  group_bytes_ = row.length;
  group_rows_ = 1;
  for (;;) {
    scan(group_bytes_, max - group_bytes_, row);
    if (row.kind == RowKind::blank || (row.kind == RowKind::ok && same_id(row))) {
      group_bytes_ += row.length;
      ++group_rows_;
      continue;
    }
    if (row.kind == RowKind::too_long && (same_id(row) || !row.id_known)) {
      // The encounter's rows together pass the limit: its record is the error.
      in_.consume(group_bytes_);
      next_row_ += group_rows_;
      group_bytes_ = 0;
      group_rows_ = 0;
      fail_group(row);
      return true;
    }
    break;  // another encounter's row, a quote left open (its own record), or the end
  }
  group_.rows = in_.unread().substr(0, group_bytes_);
  return true;
}

// Makes the group the error record of `row` (at the start of the unread input), which is too
// long or has a quote left open, and moves past it.
void CsvStream::fail_group(Row& row) {
  group_.failed = true;
  if (row.kind == RowKind::unclosed) {
    input_error::csv_unclosed_quote(group_.error, next_row_);
    in_.consume(row.resume);
    ++next_row_;
    return;
  }
  input_error::csv_too_long(group_.error, group_.first_row, in_.options().max_line_bytes);
  skip_row(row);
  ++next_row_;
  if (!group_.id.empty())
    absorb_same_id();
}

// Discards a row that is too long: whole, or up to the end of its line.
void CsvStream::skip_row(const Row& row) {
  if (row.whole) {
    in_.consume(row.length);
    return;
  }
  for (;;) {
    const std::string_view text = in_.unread();
    if (const void* newline = std::memchr(text.data(), '\n', text.size())) {
      in_.consume(static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1);
      return;
    }
    in_.consume(text.size());
    if (!in_.read_more())
      return;
  }
}

// Moves past the rows that follow an error record with the same id: they belong to it.
void CsvStream::absorb_same_id() {
  const std::size_t max = in_.options().max_line_bytes;
  Row row;
  for (;;) {
    scan(0, max, row);
    if (row.kind == RowKind::blank) {
      in_.consume(row.length);
    } else if ((row.kind == RowKind::ok || row.kind == RowKind::too_long) && same_id(row)) {
      if (row.kind == RowKind::ok)
        in_.consume(row.length);
      else
        skip_row(row);
    } else {
      return;
    }
    ++next_row_;
  }
}

void CsvStream::take() {
  if (!group_.failed) {
    in_.consume(group_bytes_);
    next_row_ += group_rows_;
  }
  peeked_ = false;
}

}  // namespace cptrules::interp::reader
