// JSON text: string literals (escaped, valid UTF-8) and JsonWriter for objects and arrays.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "utf8_text.hpp"

namespace cptrules::interp {

// Appends `text` to `out` as a JSON string literal, quotes included: `"` and `\` escaped,
// control characters as \u00XX, valid UTF-8 passed through, and each invalid UTF-8 sequence
// replaced by U+FFFD, so the result is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

// Appends `value` in decimal (a JSON number, and a number of every other format).
template <typename Integer>
void append_number(std::string& out, Integer value) {
  const fmt::format_int text(value);
  out.append(text.data(), text.size());
}

// Writing JSON through a pointer, for records written at full speed: the caller makes room for
// the most bytes they can take (json_string_bound, kJsonNumberBound), then writes.
namespace json_put {

// Bytes that JSON strings take as they are: printable ASCII but `"` and `\`.
inline constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int byte = 0x20; byte < 0x80; ++byte)
    plain[byte] = byte != '"' && byte != '\\';
  return plain;
}();

// The most bytes the JSON string literal of `text` takes: every byte escaped as \u00XX, quotes.
constexpr std::size_t string_bound(std::string_view text) {
  return 6 * text.size() + 2;
}

// The most bytes a whole number takes in decimal ("-9223372036854775808").
inline constexpr std::size_t kNumberBound = 20;

// True when all 8 bytes of `word` are plain (kPlain): no byte below 0x20 or from 0x80, no quote
// and no backslash (the tests of "Bit Twiddling Hacks", exact as yes-or-no answers).
constexpr bool plain_word(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  const std::uint64_t special = ((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote) |
                                ((backslash - kOnes) & ~backslash) | word;
  return (special & kHigh) == 0;
}

// Writes `text` at `p` as a JSON string literal (see append_json_string); returns the end.
// At least string_bound(text) bytes must be writable. Out of line: a record writes a dozen
// strings, and a copy of this loop at each place made the record writer too large for the
// instruction cache beside the reader and the evaluator.
char* string(char* p, std::string_view text);

// Writes `value` in decimal at `p` (kNumberBound bytes writable); returns the end.
inline char* number(char* p, std::int64_t value) {
  if (value >= 0 && value < 100) {
    if (value >= 10)
      *p++ = static_cast<char>('0' + value / 10);
    *p++ = static_cast<char>('0' + value % 10);
    return p;
  }
  const fmt::format_int text(value);
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

// Writes a string literal of the code (its text without the terminating NUL) at `p`.
template <std::size_t N>
char* text(char* p, const char (&literal)[N]) {
  std::memcpy(p, literal, N - 1);
  return p + N - 1;
}

// Writes `text` as it is at `p`.
inline char* text(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

}  // namespace json_put

// Writes JSON values into a string in the layout of every JSON text cptrules prints: members
// `"name": value` and array elements separated by ", ", or one element a line in an array begun
// with `one_per_line`. At the outermost level it writes members without braces (a member to
// add to an object written elsewhere), or one value. Nesting is at most 31 levels deep.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  // The name of the next member of the object being written (or of the outermost level): a
  // name of the code, plain ASCII without `"` or `\`, written as it is.
  JsonWriter& key(std::string_view name) {
    // The separator, the quoted name and ": " go out in one append (explanations have many).
    char text[kKeyBytes + 8];
    std::size_t size = separator(text);
    if (name.size() > kKeyBytes) {
      out_.append(text, size);
      size = 0;
      out_.push_back('"');
      out_.append(name);
    } else {
      text[size++] = '"';
      std::memcpy(text + size, name.data(), name.size());
      size += name.size();
    }
    std::memcpy(text + size, "\": ", 3);
    out_.append(text, size + 3);
    after_key_ = true;
    return *this;
  }

  JsonWriter& begin_object() {
    open('{', false);
    return *this;
  }
  JsonWriter& end_object() {
    close('}');
    return *this;
  }
  // An array; with `one_per_line`, each element starts a new line ("[\n1,\n2]").
  JsonWriter& begin_array(bool one_per_line = false) {
    open('[', one_per_line);
    return *this;
  }
  JsonWriter& end_array() {
    close(']');
    return *this;
  }

  JsonWriter& string(std::string_view text) {
    before_value();
    append_json_string(out_, text);
    return *this;
  }
  JsonWriter& number(std::int64_t value) {
    before_value();
    append_number(out_, value);
    return *this;
  }
  // A value already written as JSON (e.g. a record of append_json_record).
  JsonWriter& raw(std::string_view json) {
    before_value();
    out_.append(json);
    return *this;
  }
  JsonWriter& boolean(bool value) {
    before_value();
    out_.append(value ? std::string_view("true") : std::string_view("false"));
    return *this;
  }

 private:
  // The longest key written in one append with its separator.
  static constexpr std::size_t kKeyBytes = 48;

  // Writes at `text` what goes before a value: nothing after a key, else a separator after the
  // first value of its level; returns the bytes written (at most 2).
  std::size_t separator(char* text) {
    if (after_key_) {
      after_key_ = false;
      return 0;
    }
    const std::uint32_t bit = std::uint32_t{1} << depth_;
    const bool first = (written_ & bit) == 0;
    written_ |= bit;
    if ((one_per_line_ & bit) != 0) {
      if (first) {
        text[0] = '\n';
        return 1;
      }
      text[0] = ',';
      text[1] = '\n';
      return 2;
    }
    if (first)
      return 0;
    text[0] = ',';
    text[1] = ' ';
    return 2;
  }

  void before_value() {
    char text[2] = {};
    out_.append(text, separator(text));
  }

  void open(char bracket, bool one_per_line) {
    before_value();
    out_.push_back(bracket);
    ++depth_;
    const std::uint32_t bit = std::uint32_t{1} << depth_;
    written_ &= ~bit;
    one_per_line_ = one_per_line ? one_per_line_ | bit : one_per_line_ & ~bit;
  }

  void close(char bracket) {
    --depth_;
    out_.push_back(bracket);
  }

  std::string& out_;
  std::size_t depth_ = 0;
  std::uint32_t written_ = 0;       // bit d: level d has a member or an element already
  std::uint32_t one_per_line_ = 0;  // bit d: level d is an array of one element a line
  bool after_key_ = false;
};

}  // namespace cptrules::interp
