// Unit tests of credit_clock_minutes: overlapping clock times are counted once, checked against
// a minute-by-minute model on generated days.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "clock_overlap.hpp"

namespace {

using cptrules::interp::ClockOverlap;
using cptrules::interp::ClockSpan;
using cptrules::interp::credit_clock_minutes;

struct Credit {
  std::vector<std::int32_t> credited;
  std::vector<ClockOverlap> overlaps;
};

Credit credit(const std::vector<ClockSpan>& spans) {
  Credit c;
  credit_clock_minutes(spans, c.credited, c.overlaps);
  return c;
}

}  // namespace

TEST_CASE("clock overlap: spans apart keep their minutes", "[clock-overlap]") {
  const Credit c = credit({{600, 620}, {630, 640}, {620, 630}});
  CHECK(c.credited == std::vector<std::int32_t>{20, 10, 10});
  CHECK(c.overlaps.empty());  // touching ends share no minute
}

TEST_CASE("clock overlap: the same block is the first listed code's", "[clock-overlap]") {
  // 97110 10:00-10:20 and 97140 10:00-10:20: twenty minutes of one-on-one time.
  const Credit c = credit({{600, 620}, {600, 620}});
  CHECK(c.credited == std::vector<std::int32_t>{20, 0});
  REQUIRE(c.overlaps.size() == 1);
  CHECK(c.overlaps[0].first == 0);
  CHECK(c.overlaps[0].second == 1);
  CHECK(c.overlaps[0].span.start == 600);
  CHECK(c.overlaps[0].span.end == 620);
}

TEST_CASE("clock overlap: a partial overlap and a span inside another", "[clock-overlap]") {
  // 10:00-10:20, 10:10-10:30 (10 shared), 10:05-10:08 (inside the first).
  const Credit c = credit({{600, 620}, {610, 630}, {605, 608}});
  CHECK(c.credited == std::vector<std::int32_t>{20, 10, 0});
  REQUIRE(c.overlaps.size() == 2);
  CHECK((c.overlaps[0].first == 0 && c.overlaps[0].second == 1));
  CHECK((c.overlaps[0].span.start == 610 && c.overlaps[0].span.end == 620));
  CHECK((c.overlaps[1].first == 0 && c.overlaps[1].second == 2));
}

TEST_CASE("clock overlap: the credited minutes add up to the union, as a minute-by-minute count",
          "[clock-overlap]") {
  std::mt19937 random(20251203);
  std::uniform_int_distribution<int> count(0, 8), start(0, 1380), length(0, 60);
  for (int day = 0; day < 5000; ++day) {
    std::vector<ClockSpan> spans(static_cast<std::size_t>(count(random)));
    for (ClockSpan& s : spans) {
      s.start = start(random);
      s.end = s.start + length(random);
    }
    const Credit c = credit(spans);
    // The model: every minute of the day goes to the first span listed that covers it.
    std::vector<std::int32_t> model(spans.size(), 0);
    std::size_t pairs = 0;
    for (int m = 0; m < 1440; ++m) {
      for (std::size_t i = 0; i < spans.size(); ++i) {
        if (spans[i].start <= m && m < spans[i].end) {
          ++model[i];
          break;
        }
      }
    }
    for (std::size_t i = 0; i < spans.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (std::max(spans[i].start, spans[j].start) < std::min(spans[i].end, spans[j].end))
          ++pairs;
      }
    }
    INFO("day " << day);
    REQUIRE(c.credited == model);
    REQUIRE(c.overlaps.size() == pairs);
  }
}
