// InputSource: the reader's bytes, from a file or a text, in a bounded buffer cut into lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "encounter_reader.hpp"

namespace cptrules::interp::reader {

enum class LineKind { line, too_long, end };

// Reads the input a chunk at a time into one buffer that always has simdjson's padding beyond
// what it holds. JSON Lines are cut into lines as they come; a JSON array or an object spread
// over lines is read whole (read_all) up to a limit.
class InputSource {
 public:
  // Reads from `file`, which stays open and owned by the caller; nullptr is an empty input.
  InputSource(std::FILE* file, std::string name, ReaderOptions options);

  // Reads from an in-memory text.
  InputSource(std::string text, std::string name, ReaderOptions options);

  const std::string& name() const { return name_; }
  const ReaderOptions& options() const { return options_; }

  // The errno of a failed read, or 0; reading stops at the failure.
  int read_errno() const { return read_errno_; }

  // How many lines were consumed so far: the number of the line last given.
  std::int64_t line_no() const { return line_no_; }

  // Skips a UTF-8 byte order mark and the whitespace before the first value, counting its lines.
  // Returns the first byte of the value, or -1 when the input holds nothing else.
  int first_value_byte();

  // The first line left, without its line end, when it ends (at a newline or at the end of the
  // input) within max_line_bytes + 1 bytes; nullopt when it is longer. Consumes nothing:
  // take_first_line() does.
  std::optional<std::string_view> first_line();
  void take_first_line();

  // Reads the rest of the input whole, unless it is longer than max_whole_bytes (too_large()).
  void read_all();
  bool too_large() const { return too_large_; }

  // What is left of the input (read whole): `size` bytes at `data`, padded for simdjson up to
  // `capacity`.
  struct Held {
    const char* data;
    std::size_t size;
    std::size_t capacity;
  };
  Held padded();

  // The next line that gives a record: blank lines, and over-long lines that are blank, are
  // skipped. `line` (without its line end, valid until the next call) is set for LineKind::line
  // only; line_no() is the line's number.
  LineKind next_record_line(std::string_view& line);

  // For readers that cut the input themselves (CSV): the bytes read and not consumed yet (valid
  // until read_more), reading one more chunk after them (false when no byte came: the end of
  // the input or a read error), and consuming the first `n` of them. Offsets into unread()
  // stay valid across read_more.
  std::string_view unread() const { return {buf_.data() + begin_, end_ - begin_}; }
  bool read_more();
  bool at_eof() const { return eof_; }
  void consume(std::size_t n) { begin_ += n; }

 private:
  std::size_t read_source(char* dst, std::size_t n);
  void fill();
  LineKind skip_long_line();
  LineKind next_line(std::string_view& line);

  // The source: a file (through its descriptor when it has one) or an in-memory text.
  std::FILE* file_ = nullptr;
  int fd_ = -1;
  std::string text_;
  std::size_t text_pos_ = 0;
  std::string name_;
  ReaderOptions options_;

  // Unconsumed input is buf_[begin_, end_); buf_ always has SIMDJSON_PADDING bytes beyond end_.
  std::vector<char> buf_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  int read_errno_ = 0;
  bool too_large_ = false;    // read_all() stopped at options_.max_whole_bytes
  std::int64_t line_no_ = 0;  // lines consumed so far
  bool long_line_blank_ = false;
  std::size_t first_line_end_ = 0;  // where take_first_line() goes on
};

}  // namespace cptrules::interp::reader
