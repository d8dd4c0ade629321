// JSON string literals appended to strings.
#include "json_text.hpp"

namespace cptrules::interp {

namespace json_put {

char* string(char* p, std::string_view text) {
  *p++ = '"';
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // Plain bytes are copied eight at a time while they last, then one at a time up to the byte
    // that needs care.
    for (std::uint64_t word = 0; i + 8 <= size; i += 8, p += 8) {
      std::memcpy(&word, data + i, 8);
      if (!plain_word(word))
        break;
      std::memcpy(p, &word, 8);
    }
    while (i < size && kPlain[static_cast<unsigned char>(data[i])])
      *p++ = data[i++];
    if (i == size)
      break;
    const auto byte = static_cast<unsigned char>(data[i]);
    if (byte >= 0x80) {
      std::size_t skip = 0;
      const std::size_t length = utf8_sequence(text.substr(i), skip);
      if (length != 0) {
        std::memcpy(p, data + i, length);
        p += length;
        i += length;
      } else {
        std::memcpy(p, kReplacementCharacter.data(), kReplacementCharacter.size());
        p += kReplacementCharacter.size();
        i += skip;
      }
      continue;
    }
    *p++ = '\\';
    if (byte == '"' || byte == '\\') {
      *p++ = static_cast<char>(byte);
    } else {
      constexpr char kHex[] = "0123456789ABCDEF";
      *p++ = 'u';
      *p++ = '0';
      *p++ = '0';
      *p++ = kHex[byte >> 4];
      *p++ = kHex[byte & 0xF];
    }
    ++i;
  }
  *p++ = '"';
  return p;
}

}  // namespace json_put

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.resize(start + json_put::string_bound(text));
  char* end = json_put::string(out.data() + start, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace cptrules::interp
