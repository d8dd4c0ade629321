// Clock time counted once: services whose start/end spans overlap share those minutes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cptrules::interp {

// A service's clock time on the date of service, in minutes after midnight: [start, end).
struct ClockSpan {
  std::int32_t start = 0;
  std::int32_t end = 0;
  std::int32_t length() const { return end > start ? end - start : 0; }
};

// Minutes after midnight as "HH:MM": the one spelling of a clock time in messages.
std::string clock_text(std::int64_t minutes);

// Two services (indexes into the spans given, `first` listed before `second`) whose clock times
// share `span`.
struct ClockOverlap {
  std::uint32_t first = 0;
  std::uint32_t second = 0;
  ClockSpan span;
};

// Credits every minute of the spans' union once, to the first service listed that covers it
// (decision 17 of docs/design-decisions.md): `credited[i]` is what service i keeps of its span.
// `overlaps` lists each pair that shares minutes, in the order listed. Both outputs are
// cleared first. Quadratic in the number of spans, which is small (a day's services).
void credit_clock_minutes(const std::vector<ClockSpan>& spans, std::vector<std::int32_t>& credited,
                          std::vector<ClockOverlap>& overlaps);

}  // namespace cptrules::interp
