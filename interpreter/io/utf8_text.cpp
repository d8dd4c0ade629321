// UTF-8 validation and replacement, terminal-safe text and its width in columns.
#include "utf8_text.hpp"

#include <algorithm>

namespace cptrules::interp {

void append_valid_utf8(std::string& out, std::string_view text) {
  std::size_t i = 0;
  std::size_t run = 0;  // start of the pending run of valid bytes
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t skip = 0;
    const std::size_t length = utf8_sequence(text.substr(i), skip);
    if (length != 0) {
      i += length;
      continue;
    }
    out.append(text.substr(run, i - run));
    out.append(kReplacementCharacter);
    i += skip;
    run = i;
  }
  out.append(text.substr(run));
}

std::size_t append_terminal_text(std::string& out, std::string_view text) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out.push_back(byte < 0x20 || byte == 0x7F ? ' ' : static_cast<char>(byte));
      ++i;
    } else {
      std::size_t skip = 0;
      const std::size_t length = utf8_sequence(text.substr(i), skip);
      if (length == 0) {
        out.append(kReplacementCharacter);
        i += skip;
      } else if (length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
        out.push_back(' ');  // C1 control
        i += 2;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
    }
    ++width;
  }
  return width;
}

std::size_t terminal_width(std::string_view text) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t skip = 0;
    const std::size_t length = utf8_sequence(text.substr(i), skip);
    i += length == 0 ? skip : length;
    ++width;
  }
  return width;
}

std::size_t code_point_count(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace cptrules::interp
