// Characters of rule text: UTF-8 decoding, columns in characters, and the words for a character
// outside the language (a curly quote pasted from a word processor) with its ASCII replacement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cptrules::lang {

// The UTF-8 byte-order mark, accepted (and skipped) at the start of a rule file.
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// One character decoded at an offset: its code point and length in bytes, or `valid` false for
// a byte that starts no well-formed UTF-8 sequence (then `length` is 1).
struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};

// The character that starts at byte `at` of `text` (`at` < text.size()). Overlong forms,
// surrogates and code points past U+10FFFF are not valid.
Utf8Char decode_utf8(std::string_view text, std::size_t at);

// The offset of the first byte of `text` at or after `from` that starts no valid UTF-8
// character, or npos.
std::size_t find_invalid_utf8(std::string_view text, std::size_t from = 0);

// The number of characters (code points) in `text`: the bytes that do not continue a
// character. Columns of rule files are counted this way.
std::size_t count_characters(std::string_view text);

// A character outside the language in words: `U+201C LEFT DOUBLE QUOTATION MARK '“'`, with its
// Unicode name when it is one that text pasted from a word processor often holds, else
// `U+00E9 'é'`; an invisible character (a space, a zero-width one) is not shown.
std::string describe_character(char32_t code_point);

// What to write instead of a character outside the language (`use a straight quote '"'`), or
// "" when there is no ASCII replacement.
std::string_view ascii_instead(char32_t code_point);

// True for a quotation mark that is not the straight '"' (curly, low, prime, fullwidth).
bool is_fancy_double_quote(char32_t code_point);

}  // namespace cptrules::lang
