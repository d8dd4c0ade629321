// A deterministic corpus of encounters of the sample shape, for the benchmarks.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace cptrules::bench {

// A small, fast generator (splitmix64) whose sequence is the same on every platform, unlike the
// distributions of <random>.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  // The next 64 random bits.
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // A number in [0, n).
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

 private:
  std::uint64_t state_;
};

// Appends encounter number `n` (1-based) to `out` as one JSON Lines line (with its '\n'): 1 to 6
// services (most often 2), timed and untimed codes of the standard rules, 0 to 60 minutes per
// timed service, payer medicare or commercial, discipline PT or OT, the therapy modifier on
// Medicare's services. About 175 bytes a line.
inline void append_encounter(std::string& out, std::int64_t n, Rng& rng) {
  static constexpr std::string_view kPtTimed[] = {"97110", "97112", "97116", "97140", "97530",
                                                  "97035", "97124", "97032", "97033"};
  static constexpr std::string_view kOtTimed[] = {"97530", "97535", "97542", "97110",
                                                  "97112", "97760", "97140"};
  static constexpr std::string_view kPtUntimed[] = {"97161", "97162", "97163", "97164",
                                                    "97010", "G0283", "97150"};
  static constexpr std::string_view kOtUntimed[] = {"97165", "97166", "97167",
                                                    "97168", "97010", "97150"};
  // Services per encounter: 1 to 6, weighted towards short visits.
  static constexpr std::uint32_t kServiceWeights[] = {34, 36, 18, 7, 3, 2};

  const bool medicare = rng.below(2) == 0;
  const bool ot = rng.below(10) < 3;
  std::uint32_t pick = rng.below(100);
  std::uint32_t services = 1;
  for (std::uint32_t weight : kServiceWeights) {
    if (pick < weight)
      break;
    pick -= weight;
    ++services;
  }
  const unsigned month = 1 + rng.below(12);
  const unsigned day = 1 + rng.below(28);
  char date[11];
  std::snprintf(date, sizeof date, "2025-%02u-%02u", month, day);

  out += "{\"id\": \"e";
  out += std::to_string(n);
  out += "\", \"date\": \"";
  out += date;
  out += medicare ? "\", \"payer\": \"medicare\"" : "\", \"payer\": \"commercial\"";
  if (ot) {
    out += ", \"discipline\": \"OT\"";
  } else if (rng.below(2) == 0) {
    out += ", \"discipline\": \"PT\"";  // half the PT encounters rely on the default
  }
  out += ", \"services\": [";
  for (std::uint32_t s = 0; s < services; ++s) {
    if (s > 0)
      out += ", ";
    const bool timed = rng.below(10) < 8;
    std::string_view code;
    if (timed) {
      code =
          ot ? kOtTimed[rng.below(std::size(kOtTimed))] : kPtTimed[rng.below(std::size(kPtTimed))];
    } else {
      code = ot ? kOtUntimed[rng.below(std::size(kOtUntimed))]
                : kPtUntimed[rng.below(std::size(kPtUntimed))];
    }
    out += "{\"code\": \"";
    out += code;
    out += '"';
    if (timed) {
      out += ", \"minutes\": ";
      out += std::to_string(rng.below(61));
    }
    if (medicare)
      out += ot ? ", \"modifiers\": [\"GO\"]" : ", \"modifiers\": [\"GP\"]";
    out += '}';
  }
  out += "]}\n";
}

// Writes `count` encounters (numbered from 1) made from `seed` to `file`. Returns the bytes
// written, or -1 on a write error.
inline std::int64_t write_corpus(std::FILE* file, std::int64_t count, std::uint64_t seed) {
  Rng rng(seed);
  std::string block;
  std::int64_t bytes = 0;
  for (std::int64_t n = 1; n <= count; ++n) {
    append_encounter(block, n, rng);
    if (block.size() >= (std::size_t{1} << 20) || n == count) {
      if (std::fwrite(block.data(), 1, block.size(), file) != block.size())
        return -1;
      bytes += static_cast<std::int64_t>(block.size());
      block.clear();
    }
  }
  return bytes;
}

}  // namespace cptrules::bench
