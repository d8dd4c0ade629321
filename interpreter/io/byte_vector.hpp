// 16 bytes tested at once for the bytes a JSON string cannot hold as they are.
#pragma once

#include <bit>
#include <cstdint>

namespace cptrules::interp {

// 16 bytes as one vector register (GCC and Clang vector extensions, on any target).
using ByteVector = std::int8_t __attribute__((vector_size(16)));
using WordVector = std::uint64_t __attribute__((vector_size(16)));

// Each byte of `bytes` that a JSON string cannot hold as it is (a control character, a byte
// from 0x80, a quote or a backslash), and with `with_delete` 0x7F too, as 0xFF; the others as
// 0. As signed bytes, those from 0x80 are negative, so one comparison finds them with the
// control characters.
template <bool with_delete>
inline WordVector special_bytes(ByteVector bytes) {
  ByteVector marks = (bytes < 0x20) | (bytes == '"') | (bytes == '\\');
  if constexpr (with_delete)
    marks |= bytes == 0x7F;
  return std::bit_cast<WordVector>(marks);
}

}  // namespace cptrules::interp
