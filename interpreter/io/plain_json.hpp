// PlainJson: a strict scanner for the plain subset of JSON that common encounter lines are made of.
//
// The reader's fast path (read_plain_line, plain_line_encounters.hpp) reads a JSON Lines line
// with it when the line is made only of what this scanner accepts: objects, arrays, strings of
// printable ASCII without escapes, and small whole numbers without sign, fraction or exponent.
// Every method returns false at the first byte outside that subset, and the line then goes to
// simdjson, which reads any JSON and reports every error. So the scanner never has to explain a
// failure, only to be sure that what it accepts is valid JSON that simdjson would read the same
// way.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "byte_vector.hpp"

namespace cptrules::interp {

class PlainJson {
 public:
  // Scans text[0, size); text[size] must be '\0' (a sentinel that ends every loop), and the
  // kPadding bytes after it readable (strings are scanned 16 bytes at a time).
  PlainJson(const char* text, std::size_t size) : at_(text), end_(text + size) {}

  // Readable bytes the text must have beyond its sentinel.
  static constexpr std::size_t kPadding = 15;

  // Skips JSON whitespace (space, tab, carriage return), then takes `c` if it is next. `c` is
  // never '\0', so the sentinel at the end never matches it.
  bool take(char c) {
    // Most punctuation follows the byte before it directly (`":`, `",`, `}]`), and most values
    // and keys the one space after a colon or a comma: a test for each before any whitespace is
    // looked for. (at_[1] is readable: at_[0] is not the sentinel when it is a space.)
    if (*at_ == c) {
      ++at_;
      return true;
    }
    if (at_[0] == ' ' && at_[1] == c) {
      at_ += 2;
      return true;
    }
    skip_space();
    if (*at_ != c)
      return false;
    ++at_;
    return true;
  }

  // A string of printable ASCII (0x20 to 0x7E) without a backslash: its text between the quotes.
  bool string(std::string_view& out) {
    if (!take('"'))
      return false;
    const char* start = at_;
    skip_plain();
    if (*at_ != '"')  // not the sentinel either
      return false;
    out = std::string_view(start, static_cast<std::size_t>(at_ - start));
    ++at_;
    return true;
  }

  // The byte at the cursor (after what has been taken; the sentinel at the end).
  char peek() const { return *at_; }

  // Takes `text` and the quote after it when they come next, as they are (no whitespace
  // before): the rest of a string whose opening quote was taken, known to be `text`.
  // `text` must be plain (printable ASCII without a quote or a backslash).
  bool take_rest_of_string(std::string_view text) {
    if (static_cast<std::size_t>(end_ - at_) <= text.size() ||
        std::memcmp(at_, text.data(), text.size()) != 0 || at_[text.size()] != '"')
      return false;
    at_ += text.size() + 1;
    return true;
  }

  // A whole number from 0 to `max` written as JSON writes it (no sign, no leading zero, no
  // fraction or exponent), at most 9 digits.
  bool whole_number(std::int64_t max, std::int64_t& out) {
    skip_space();
    const char* start = at_;
    std::int64_t value = 0;
    while (*at_ >= '0' && *at_ <= '9' && at_ - start < 10) {
      value = value * 10 + (*at_ - '0');
      ++at_;
    }
    const auto digits = at_ - start;
    if (digits == 0 || digits > 9 || (digits > 1 && *start == '0') || at_ > end_)
      return false;
    if (*at_ == '.' || *at_ == 'e' || *at_ == 'E' || value > max)
      return false;
    out = value;
    return true;
  }

  // True when nothing but whitespace is left.
  bool at_end() {
    skip_space();
    return at_ == end_;
  }

 private:
  // Bytes that may stand in a plain string as they are.
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (int byte = 0x20; byte <= 0x7E; ++byte)
      plain[static_cast<std::size_t>(byte)] = byte != '"' && byte != '\\';
    return plain;
  }();

  // Moves the cursor to the first byte that is not plain (kPlain), 16 bytes at a time where the
  // bytes' order allows, one at a time elsewhere. The sentinel is not plain, so the scan stops
  // there at the latest, having read at most kPadding bytes beyond it.
  void skip_plain() {
    if constexpr (std::endian::native == std::endian::little) {
      for (;;) {
        ByteVector bytes;
        std::memcpy(&bytes, at_, sizeof bytes);
        const WordVector marks = special_bytes<true>(bytes);  // 0xFF for each byte not plain
        if (marks[0] != 0) {
          at_ += std::countr_zero(marks[0]) / 8;
          return;
        }
        if (marks[1] != 0) {
          at_ += 8 + std::countr_zero(marks[1]) / 8;
          return;
        }
        at_ += sizeof bytes;
      }
    } else {
      while (kPlain[static_cast<unsigned char>(*at_)])
        ++at_;
    }
  }

  void skip_space() {
    // Most calls find no space, or the one space that follows a colon or a comma in the output
    // of most JSON writers: one test each, before the loop that takes any whitespace.
    if (*at_ == ' ')
      ++at_;
    while (static_cast<unsigned char>(*at_) <= ' ' && (*at_ == ' ' || *at_ == '\t' || *at_ == '\r'))
      ++at_;
  }

  const char* at_;
  const char* end_;
};

}  // namespace cptrules::interp
