// JSON string literals appended to strings.
#include "json_text.hpp"

#include <bit>

#include "byte_vector.hpp"

namespace cptrules::interp {

namespace json_put {

namespace {

// True when all 16 bytes of `low` and `high` are plain (kPlain).
bool plain_words(std::uint64_t low, std::uint64_t high) {
  const WordVector special = special_bytes<false>(std::bit_cast<ByteVector>(WordVector{low, high}));
  return (special[0] | special[1]) == 0;
}

// Writes `text`, 1 to 16 bytes long, at `p` with its closing quote when every byte is plain
// (kPlain) and returns the end; else returns nullptr, having written nothing. Most strings of a
// record are this short (ids, codes, disciplines, modifiers, payers), and loads that overlap
// cover them without a loop.
char* short_plain(char* p, const char* data, std::size_t size) {
  if (size >= 8) {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    std::memcpy(&head, data, 8);
    std::memcpy(&tail, data + size - 8, 8);
    if (!plain_words(head, tail))
      return nullptr;
    std::memcpy(p, &head, 8);
    std::memcpy(p + size - 8, &tail, 8);
  } else if (size >= 4) {
    std::uint32_t head = 0;
    std::uint32_t tail = 0;
    std::memcpy(&head, data, 4);
    std::memcpy(&tail, data + size - 4, 4);
    const std::uint64_t word = head | (std::uint64_t{tail} << 32);
    if (!plain_words(word, word))
      return nullptr;
    std::memcpy(p, &head, 4);
    std::memcpy(p + size - 4, &tail, 4);
  } else {
    // 1 to 3 bytes: the first, the middle and the last cover them; the rest of the word is 'a'.
    const auto first = static_cast<unsigned char>(data[0]);
    const auto middle = static_cast<unsigned char>(data[size / 2]);
    const auto last = static_cast<unsigned char>(data[size - 1]);
    const std::uint64_t word =
        0x6161616161000000ULL | first | (std::uint64_t{middle} << 8) | (std::uint64_t{last} << 16);
    if (!plain_words(word, word))
      return nullptr;
    p[0] = static_cast<char>(first);
    p[size / 2] = static_cast<char>(middle);
    p[size - 1] = static_cast<char>(last);
  }
  p[size] = '"';
  return p + size + 1;
}

// string() for any text: plain bytes eight at a time, then each byte that needs care. Apart
// from string(), so that the short strings of the fast path save no registers for this loop.
[[gnu::noinline]] char* any_string(char* p, std::string_view text) {
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

}  // namespace

char* string(char* p, std::string_view text) {
  if (text.size() - 1 < 16) {  // 1 to 16 bytes
    if (char* end = short_plain(p + 1, text.data(), text.size())) {
      *p = '"';
      return end;
    }
  }
  return any_string(p, text);
}

}  // namespace json_put

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.resize(start + json_put::string_bound(text));
  char* end = json_put::string(out.data() + start, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace cptrules::interp
