// UTF-8 text for output: invalid sequences replaced, text made safe for a terminal, its width.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cptrules::interp {

// U+FFFD, which replaces each invalid UTF-8 sequence in output.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence that starts `text` (which is not empty), or 0 when it is
// invalid; then `skip` is the number of bytes one U+FFFD replaces (the maximal subpart). Inline:
// the JSON writer calls it for every byte outside ASCII.
inline std::size_t utf8_sequence(std::string_view text, std::size_t& skip) {
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80)
    return 1;
  std::size_t need = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead == 0xE0) {
    need = 2;
    low = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    need = 2;
  } else if (lead == 0xED) {
    need = 2;
    high = 0x9F;
  } else if (lead == 0xF0) {
    need = 3;
    low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    need = 3;
  } else if (lead == 0xF4) {
    need = 3;
    high = 0x8F;
  } else {
    skip = 1;
    return 0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (k >= text.size()) {
      skip = k;
      return 0;
    }
    const auto byte = static_cast<unsigned char>(text[k]);
    const bool ok = k == 1 ? (byte >= low && byte <= high) : (byte >= 0x80 && byte <= 0xBF);
    if (!ok) {
      skip = k;
      return 0;
    }
  }
  return need + 1;
}

// Appends `text` to `out` with each invalid UTF-8 sequence replaced by U+FFFD.
void append_valid_utf8(std::string& out, std::string_view text);

// Appends text for a terminal: valid UTF-8, control characters (C0, DEL, C1) as spaces so that
// input cannot move the cursor or change colours. Returns the number of characters appended.
std::size_t append_terminal_text(std::string& out, std::string_view text);

// The width of `text` as append_terminal_text writes it: one column a character, each invalid
// sequence one (its U+FFFD).
std::size_t terminal_width(std::string_view text);

// The number of characters of `text` taken as it is: the bytes that do not continue a UTF-8
// sequence.
std::size_t code_point_count(std::string_view text);

}  // namespace cptrules::interp
