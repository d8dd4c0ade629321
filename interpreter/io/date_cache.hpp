// DateCache: the reader's cache in front of lang::parse_date, the one date codec.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "date.hpp"

namespace cptrules::interp::reader {

// lang::parse_date's answers for the 10-byte texts seen last: a batch holds few dates. Two
// ways per set, the older one replaced. Any other text goes to lang::parse_date uncached.
class DateCache {
 public:
  std::optional<lang::Date> parse(std::string_view text) {
    if (text.size() != 10)
      return lang::parse_date(text);
    std::uint64_t head = 0;
    std::uint16_t tail = 0;
    std::memcpy(&head, text.data(), 8);
    std::memcpy(&tail, text.data() + 8, 2);
    const std::uint64_t h = (head ^ (std::uint64_t{tail} << 48)) * 0x9E3779B97F4A7C15ULL;
    Slot* set = &slots_[2 * static_cast<std::size_t>(h >> 55)];  // kSets == 512
    for (int way = 0; way < 2; ++way) {
      const Slot& slot = set[way];
      if (slot.used && slot.head == head && slot.tail == tail) {
        if (!slot.valid)
          return std::nullopt;
        return lang::Date{slot.days};
      }
    }
    const std::optional<lang::Date> date = lang::parse_date(text);
    set[1] = set[0];
    set[0] = {head, tail, true, date.has_value(), date ? date->days : 0};
    return date;
  }

 private:
  static constexpr std::size_t kSets = 512;
  struct Slot {
    std::uint64_t head = 0;
    std::uint16_t tail = 0;
    bool used = false;
    bool valid = false;  // parse_date gave a date
    std::int32_t days = 0;
  };
  std::array<Slot, 2 * kSets> slots_{};
};

}  // namespace cptrules::interp::reader
