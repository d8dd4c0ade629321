// Clock time counted once: each minute of overlapping spans goes to the first service listed.
#include "clock_overlap.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace cptrules::interp {

std::string clock_text(std::int64_t minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

void credit_clock_minutes(const std::vector<ClockSpan>& spans, std::vector<std::int32_t>& credited,
                          std::vector<ClockOverlap>& overlaps) {
  credited.assign(spans.size(), 0);
  overlaps.clear();
  std::vector<ClockSpan> taken;  // the parts of span i that services listed before it cover
  for (std::uint32_t i = 0; i < spans.size(); ++i) {
    const ClockSpan& own = spans[i];
    taken.clear();
    for (std::uint32_t j = 0; j < i; ++j) {
      const ClockSpan shared{std::max(own.start, spans[j].start), std::min(own.end, spans[j].end)};
      if (shared.length() == 0)
        continue;
      overlaps.push_back({j, i, shared});
      taken.push_back(shared);
    }
    // The union of what is taken, by a sweep over the parts sorted by start.
    std::sort(taken.begin(), taken.end(),
              [](const ClockSpan& a, const ClockSpan& b) { return a.start < b.start; });
    std::int32_t covered = 0;
    std::int32_t reach = own.start;
    for (const ClockSpan& part : taken) {
      const std::int32_t from = std::max(part.start, reach);
      if (part.end > from) {
        covered += part.end - from;
        reach = part.end;
      }
    }
    credited[i] = own.length() - covered;
  }
  std::stable_sort(overlaps.begin(), overlaps.end(),
                   [](const ClockOverlap& a, const ClockOverlap& b) {
                     return a.first != b.first ? a.first < b.first : a.second < b.second;
                   });
}

}  // namespace cptrules::interp
