// Near misses at the edges of the unit chart, under medicare (pooled) and commercial (per code).
//
// Every expected value below is worked out by hand from the published rules, not copied from the
// program: the chart of 15-minute units is 8-22 minutes = 1 unit, 23-37 = 2, 38-52 = 3, 53-67 =
// 4, that is floor((T + 7) / 15) for T of 8 or more and 0 below 8. Under medicare T is the pool
// (all timed minutes of the day and discipline), each code first gets a full unit for every 15
// of its own minutes, and a unit still left goes to the code with the most minutes left over
// (CMS Example 3); equal leftovers are a tie and every tied choice is an equally valid
// allocation (CMS Example 2); among tied codes the billed line is the one with more minutes in
// all, then the one listed first. Under commercial each code is charted alone.
//
// A near miss is the smallest change of one code's minutes after which the billed allocation is
// no longer valid. They are listed by the size of the change, an increase before a decrease,
// then in the order of the lines; at most four.
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "explain.hpp"
#include "loader.hpp"
#include "result_writer.hpp"

namespace {

namespace interp = cptrules::interp;
using Strings = std::vector<std::string>;

const std::shared_ptr<const interp::Plan>& stdlib_plan() {
  static const std::shared_ptr<const interp::Plan> plan = [] {
    interp::LoadOptions options;
    options.stdlib = true;
    return interp::load_rules(options).plan;
  }();
  return plan;
}

struct Evaluated {
  interp::Result result;
  interp::Explanation explanation;
};

// Evaluates and explains `services` (code, minutes; every line with the PT modifier, so that
// medicare adds no modifier finding) under `payer`.
Evaluated evaluate(const std::string& payer,
                   const std::vector<std::pair<std::string, std::int64_t>>& services) {
  REQUIRE(stdlib_plan());
  interp::Encounter enc;
  enc.id = "enc";
  enc.input_line = 1;
  enc.payer = payer;
  enc.date = cptrules::lang::parse_date("2025-03-03");
  for (const auto& [code, minutes] : services) {
    interp::Service s;
    s.code = code;
    s.minutes = minutes;
    s.modifiers = {"GP"};
    enc.services.push_back(std::move(s));
  }
  interp::Evaluator evaluator(stdlib_plan(), {});
  Evaluated out;
  evaluator.evaluate(enc, out.result);
  INFO(out.result.error.message);
  REQUIRE(out.result.ok);
  out.explanation = interp::explain(evaluator, enc, out.result);
  return out;
}

// A Medicare encounter on 2025-03-03 of services given as code, minutes, discipline, modifier.
interp::Encounter medicare_encounter(
    const std::vector<std::tuple<const char*, std::int64_t, const char*, const char*>>& services) {
  interp::Encounter enc;
  enc.id = "enc";
  enc.payer = "medicare";
  enc.date = cptrules::lang::parse_date("2025-03-03");
  for (const auto& [code, minutes, discipline, modifier] : services) {
    interp::Service s;
    s.code = code;
    s.minutes = minutes;
    s.discipline = discipline;
    s.modifiers = {modifier};
    enc.services.push_back(std::move(s));
  }
  return enc;
}

// "97110 +5: effect" for every near miss, in order.
Strings near_misses(const std::string& payer,
                    const std::vector<std::pair<std::string, std::int64_t>>& services) {
  const Evaluated e = evaluate(payer, services);
  Strings out;
  for (const interp::NearMiss& n : e.explanation.near_misses)
    out.push_back(fmt::format("{} {:+}: {}", n.code, n.change_minutes, n.effect));
  return out;
}

// "97110 x2, 97140 x1": the billed allocation.
std::string billed(const std::string& payer,
                   const std::vector<std::pair<std::string, std::int64_t>>& services) {
  const Evaluated e = evaluate(payer, services);
  std::string out;
  for (const interp::Line& line : e.result.lines)
    out += fmt::format("{}{} x{}", out.empty() ? "" : ", ", line.code, line.units);
  return out;
}

}  // namespace

TEST_CASE("near misses, medicare, one code at the chart's edges", "[explain][near-miss]") {
  // One code alone: the pool is its own minutes. Below 8 minutes nothing can be lost, so 7
  // minutes has no decrease; every other edge is one minute away on one side and a whole unit
  // length (15 minutes) away on the other.
  CHECK(near_misses("medicare", {{"97110", 7}}) ==
        Strings{"97110 +1: 1 unit instead of 0: 97110 would bill 1 instead of 0"});
  // 8 -> 1 unit; 7 -> 0; 23 (8 + 15) -> 2.
  CHECK(near_misses("medicare", {{"97110", 8}}) ==
        Strings{"97110 -1: 0 units instead of 1: 97110 would bill 0 instead of 1",
                "97110 +15: 2 units instead of 1: 97110 would bill 2 instead of 1"});
  // 22 -> 1 unit; 23 -> 2; 7 (22 - 15) -> 0.
  CHECK(near_misses("medicare", {{"97110", 22}}) ==
        Strings{"97110 +1: 2 units instead of 1: 97110 would bill 2 instead of 1",
                "97110 -15: 0 units instead of 1: 97110 would bill 0 instead of 1"});
  // 23 -> 2 units; 22 -> 1; 38 -> 3.
  CHECK(near_misses("medicare", {{"97110", 23}}) ==
        Strings{"97110 -1: 1 unit instead of 2: 97110 would bill 1 instead of 2",
                "97110 +15: 3 units instead of 2: 97110 would bill 3 instead of 2"});
  // 37 -> 2 units; 38 -> 3; 22 -> 1.
  CHECK(near_misses("medicare", {{"97110", 37}}) ==
        Strings{"97110 +1: 3 units instead of 2: 97110 would bill 3 instead of 2",
                "97110 -15: 1 unit instead of 2: 97110 would bill 1 instead of 2"});
  // 38 -> 3 units; 37 -> 2; 53 -> 4.
  CHECK(near_misses("medicare", {{"97110", 38}}) ==
        Strings{"97110 -1: 2 units instead of 3: 97110 would bill 2 instead of 3",
                "97110 +15: 4 units instead of 3: 97110 would bill 4 instead of 3"});
}

TEST_CASE("near misses, medicare, several codes at the pool's edges", "[explain][near-miss]") {
  SECTION("7 minutes in all (5 + 2): no unit; one more minute of either code makes 8") {
    REQUIRE(billed("medicare", {{"97110", 5}, {"97140", 2}}) == "97110 x0, 97140 x0");
    // 6 + 2 = 8 and 5 + 3 = 8 both give 1 unit, and in both 97110 has the most minutes left
    // over (6 > 2, 5 > 3): a minute more of 97140 bills a unit of 97110.
    CHECK(near_misses("medicare", {{"97110", 5}, {"97140", 2}}) ==
          Strings{"97110 +1: 1 unit instead of 0: 97110 would bill 1 instead of 0",
                  "97140 +1: 1 unit instead of 0: 97110 would bill 1 instead of 0"});
  }
  SECTION("8 minutes in all (5 + 3): one unit, to 97110") {
    REQUIRE(billed("medicare", {{"97110", 5}, {"97140", 3}}) == "97110 x1, 97140 x0");
    // 4 + 3 = 7 and 5 + 2 = 7: no unit. 5 + 5 ties, and with equal minutes the line listed
    // first (97110) is billed, so what is billed stays valid; 5 + 6 gives the unit to 97140.
    // 20 + 3 = 23: 2 units, 97110's full unit and its 5 left over beating 3.
    CHECK(near_misses("medicare", {{"97110", 5}, {"97140", 3}}) ==
          Strings{"97110 -1: 0 units instead of 1: 97110 would bill 0 instead of 1",
                  "97140 -1: 0 units instead of 1: 97110 would bill 0 instead of 1",
                  "97140 +3: the same 1 unit, allocated otherwise: 97110 would bill 0 instead of "
                  "1 and 97140 would bill 1 instead of 0",
                  "97110 +15: 2 units instead of 1: 97110 would bill 2 instead of 1"});
  }
  SECTION("22 minutes in all (15 + 7): one unit, the full unit of 97110") {
    REQUIRE(billed("medicare", {{"97110", 15}, {"97140", 7}}) == "97110 x1, 97140 x0");
    // 16 + 7 = 23 and 15 + 8 = 23: 2 units; 97110 keeps its full unit and 97140's 7 or 8
    // minutes beat 97110's 1 or 0 left over. Fewer minutes of 97110: 7 against 7 still bills
    // 97110 (listed first), 6 against 7 moves the one unit to 97140. Fewer minutes of 97140
    // never change anything: 97110's 15 minutes are a unit on their own.
    CHECK(near_misses("medicare", {{"97110", 15}, {"97140", 7}}) ==
          Strings{"97110 +1: 2 units instead of 1: 97140 would bill 1 instead of 0",
                  "97140 +1: 2 units instead of 1: 97140 would bill 1 instead of 0",
                  "97110 -9: the same 1 unit, allocated otherwise: 97110 would bill 0 instead of "
                  "1 and 97140 would bill 1 instead of 0"});
  }
  SECTION("23 minutes in all (15 + 8): two units, one each") {
    REQUIRE(billed("medicare", {{"97110", 15}, {"97140", 8}}) == "97110 x1, 97140 x1");
    // 14 + 8 = 22 and 15 + 7 = 22: 1 unit, which stays with 97110 (14 > 8; its full unit).
    // 23 + 8: 8 left over each, a tie in which 2 + 0 and 1 + 1 are both valid; 24 + 8: 9 > 8,
    // so 97110 takes both. 15 + 23 = 38: 3 units, the third to 97140 (8 left over beat 0).
    CHECK(near_misses("medicare", {{"97110", 15}, {"97140", 8}}) ==
          Strings{"97110 -1: 1 unit instead of 2: 97140 would bill 0 instead of 1",
                  "97140 -1: 1 unit instead of 2: 97140 would bill 0 instead of 1",
                  "97110 +9: the same 2 units, allocated otherwise: 97110 would bill 2 instead of "
                  "1 and 97140 would bill 0 instead of 1",
                  "97140 +15: 3 units instead of 2: 97140 would bill 2 instead of 1"});
  }
  SECTION("37 minutes in all (30 + 7): two units, both full units of 97110") {
    REQUIRE(billed("medicare", {{"97110", 30}, {"97140", 7}}) == "97110 x2, 97140 x0");
    // 31 + 7 = 38 and 30 + 8 = 38: 3 units, the third to 97140 (7 or 8 left over beat 1 or 0).
    // 22 + 7 = 29: 2 units, 97110's full unit, then 7 against 7 (97110 billed, more minutes);
    // 21 + 7 = 28: 6 < 7, the second unit goes to 97140.
    CHECK(near_misses("medicare", {{"97110", 30}, {"97140", 7}}) ==
          Strings{"97110 +1: 3 units instead of 2: 97140 would bill 1 instead of 0",
                  "97140 +1: 3 units instead of 2: 97140 would bill 1 instead of 0",
                  "97110 -9: the same 2 units, allocated otherwise: 97110 would bill 1 instead of "
                  "2 and 97140 would bill 1 instead of 0"});
  }
  SECTION("38 minutes in all (30 + 8): three units, the third to 97140") {
    REQUIRE(billed("medicare", {{"97110", 30}, {"97140", 8}}) == "97110 x2, 97140 x1");
    // 29 + 8 = 37 and 30 + 7 = 37: 2 units, both 97110's (29 = 1 full unit + 14 left over,
    // 14 > 8). 39 + 8: 9 > 8, 97110 takes the third unit. 30 + 23 = 53: 4 units.
    CHECK(near_misses("medicare", {{"97110", 30}, {"97140", 8}}) ==
          Strings{"97110 -1: 2 units instead of 3: 97140 would bill 0 instead of 1",
                  "97140 -1: 2 units instead of 3: 97140 would bill 0 instead of 1",
                  "97110 +9: the same 3 units, allocated otherwise: 97110 would bill 3 instead of "
                  "2 and 97140 would bill 0 instead of 1",
                  "97140 +15: 4 units instead of 3: 97140 would bill 2 instead of 1"});
  }
}

TEST_CASE("near misses, medicare, codes competing for the last unit", "[explain][near-miss]") {
  SECTION("CMS Example 3: 33 + 7, the third unit goes to 97140's 7 minutes") {
    REQUIRE(billed("medicare", {{"97110", 33}, {"97140", 7}}) == "97110 x2, 97140 x1");
    // 30 + 7 = 37 and 33 + 4 = 37: 2 units, both 97110's full units; 97140 loses its unit.
    // 37 + 7: 7 left over each, a tie (both allocations valid): not yet a near miss.
    // 38 + 7: 8 > 7, 97110 takes the third unit from 97140.
    // 33 + 20 = 53: 4 units; full units 2 + 1, the fourth to 97140 (5 left over beat 3).
    CHECK(near_misses("medicare", {{"97110", 33}, {"97140", 7}}) ==
          Strings{"97110 -3: 2 units instead of 3: 97140 would bill 0 instead of 1",
                  "97140 -3: 2 units instead of 3: 97140 would bill 0 instead of 1",
                  "97110 +5: the same 3 units, allocated otherwise: 97110 would bill 3 instead of "
                  "2 and 97140 would bill 0 instead of 1",
                  "97140 +13: 4 units instead of 3: 97140 would bill 2 instead of 1"});
  }
  SECTION("CMS Example 1: 24 + 23, the third unit goes to 97112's 9 minutes left over") {
    REQUIRE(billed("medicare", {{"97112", 24}, {"97110", 23}}) == "97112 x2, 97110 x1");
    // 24 + 25: 10 left over beat 9, the third unit moves to 97110 (24 + 24 is a tie that
    // keeps 97112 billed, listed first). 22 + 23: 8 beat 7, likewise. 30 + 23 = 53: 4 units,
    // full units 2 + 1, the fourth to 97110. 24 + 13 = 37: 2 units, one each (13 > 9).
    CHECK(near_misses("medicare", {{"97112", 24}, {"97110", 23}}) ==
          Strings{"97110 +2: the same 3 units, allocated otherwise: 97112 would bill 1 instead of "
                  "2 and 97110 would bill 2 instead of 1",
                  "97112 -2: the same 3 units, allocated otherwise: 97112 would bill 1 instead of "
                  "2 and 97110 would bill 2 instead of 1",
                  "97112 +6: 4 units instead of 3: 97110 would bill 2 instead of 1",
                  "97110 -10: 2 units instead of 3: 97112 would bill 1 instead of 2"});
  }
  SECTION("CMS Example 2: 20 + 20, a tie; only changes that break the billed choice count") {
    REQUIRE(billed("medicare", {{"97112", 20}, {"97110", 20}}) == "97112 x2, 97110 x1");
    // 20 + 21 or 19 + 20: 97110 has more left over and must take the third unit. 21 + 20 only
    // confirms what is billed, so 97112 has no near miss until 33 + 20 = 53 (4 units, the
    // fourth to 97110: 5 left over beat 3). 20 + 17 = 37: 2 units, one each.
    CHECK(near_misses("medicare", {{"97112", 20}, {"97110", 20}}) ==
          Strings{"97110 +1: the same 3 units, allocated otherwise: 97112 would bill 1 instead of "
                  "2 and 97110 would bill 2 instead of 1",
                  "97112 -1: the same 3 units, allocated otherwise: 97112 would bill 1 instead of "
                  "2 and 97110 would bill 2 instead of 1",
                  "97110 -3: 2 units instead of 3: 97112 would bill 1 instead of 2",
                  "97112 +13: 4 units instead of 3: 97110 would bill 2 instead of 1"});
  }
  SECTION("5 + 4: a change that ends in a tie says which codes would tie") {
    REQUIRE(billed("medicare", {{"97110", 5}, {"97140", 4}}) == "97110 x1, 97140 x0");
    // 5 + 6: 97140 takes the one unit (5 + 5 ties, 97110 still billed, listed first). 3 + 4 = 7
    // and 5 + 2 = 7: no unit. 19 + 4 = 23: 2 units; 97110's full unit, then 4 left over against
    // 4, a tie: 97110 x1 + 97140 x1 is billed (fewer units first), 97110 x2 is as valid.
    CHECK(near_misses("medicare", {{"97110", 5}, {"97140", 4}}) ==
          Strings{"97140 +2: the same 1 unit, allocated otherwise: 97110 would bill 0 instead of "
                  "1 and 97140 would bill 1 instead of 0",
                  "97110 -2: 0 units instead of 1: 97110 would bill 0 instead of 1",
                  "97140 -2: 0 units instead of 1: 97110 would bill 0 instead of 1",
                  "97110 +14: 2 units instead of 1: 97140 would bill 1 instead of 0; 97110 and "
                  "97140 would tie, so 1 other allocation would be equally valid"});
  }
}

TEST_CASE("near misses, commercial, each code at the chart's edges", "[explain][near-miss]") {
  CHECK(near_misses("commercial", {{"97140", 7}}) ==
        Strings{"97140 +1: 1 unit instead of 0: 97140 would bill 1 instead of 0"});
  CHECK(near_misses("commercial", {{"97140", 8}}) ==
        Strings{"97140 -1: 0 units instead of 1: 97140 would bill 0 instead of 1",
                "97140 +15: 2 units instead of 1: 97140 would bill 2 instead of 1"});
  // Two codes, each at an edge: 22 and 8 minutes. 23 -> 2 units, 7 -> 0, 7 (22 - 15) -> 0 and
  // 23 (8 + 15) -> 2; each code's minutes change only its own units.
  CHECK(near_misses("commercial", {{"97110", 22}, {"97140", 8}}) ==
        Strings{"97110 +1: 3 units instead of 2: 97110 would bill 2 instead of 1",
                "97140 -1: 1 unit instead of 2: 97140 would bill 0 instead of 1",
                "97140 +15: 3 units instead of 2: 97140 would bill 2 instead of 1",
                "97110 -15: 1 unit instead of 2: 97110 would bill 0 instead of 1"});
  // 37 and 23 minutes: 38 -> 3, 22 -> 1, 22 (37 - 15) -> 1, 38 (23 + 15) -> 3.
  CHECK(near_misses("commercial", {{"97110", 37}, {"97140", 23}}) ==
        Strings{"97110 +1: 5 units instead of 4: 97110 would bill 3 instead of 2",
                "97140 -1: 3 units instead of 4: 97140 would bill 1 instead of 2",
                "97140 +15: 5 units instead of 4: 97140 would bill 3 instead of 2",
                "97110 -15: 3 units instead of 4: 97110 would bill 1 instead of 2"});
  // 38 and 52 minutes: 37 -> 2, 53 -> 4, 53 (38 + 15) -> 4, 37 (52 - 15) -> 2.
  CHECK(near_misses("commercial", {{"97110", 38}, {"97140", 52}}) ==
        Strings{"97140 +1: 7 units instead of 6: 97140 would bill 4 instead of 3",
                "97110 -1: 5 units instead of 6: 97110 would bill 2 instead of 3",
                "97110 +15: 7 units instead of 6: 97110 would bill 4 instead of 3",
                "97140 -15: 5 units instead of 6: 97140 would bill 2 instead of 3"});
}

TEST_CASE("near misses, commercial, no code competes with another", "[explain][near-miss]") {
  SECTION("CMS Example 3's minutes: 33 + 7 give 2 + 0, and 97140 gains without taking") {
    REQUIRE(billed("commercial", {{"97110", 33}, {"97140", 7}}) == "97110 x2, 97140 x0");
    // 97140 at 8 earns its own unit, 97110 keeps both; 97110 at 38 earns a third, at 22 has 1;
    // 97140 cannot lose anything.
    CHECK(near_misses("commercial", {{"97110", 33}, {"97140", 7}}) ==
          Strings{"97140 +1: 3 units instead of 2: 97140 would bill 1 instead of 0",
                  "97110 +5: 3 units instead of 2: 97110 would bill 3 instead of 2",
                  "97110 -11: 1 unit instead of 2: 97110 would bill 1 instead of 2"});
  }
  SECTION("7 + 7: nothing, and a minute more of either code is a unit of that code") {
    REQUIRE(billed("commercial", {{"97110", 7}, {"97140", 7}}) == "97110 x0, 97140 x0");
    CHECK(near_misses("commercial", {{"97110", 7}, {"97140", 7}}) ==
          Strings{"97110 +1: 1 unit instead of 0: 97110 would bill 1 instead of 0",
                  "97140 +1: 1 unit instead of 0: 97140 would bill 1 instead of 0"});
  }
}

TEST_CASE("near misses, medicare, each discipline is a pool of its own", "[explain][near-miss]") {
  REQUIRE(stdlib_plan());
  const interp::Encounter enc = medicare_encounter(
      {{"97110", 20, "PT", "GP"}, {"97140", 7, "OT", "GO"}, {"97530", 9, "OT", "GO"}});
  interp::Evaluator evaluator(stdlib_plan(), {});
  interp::Result r;
  evaluator.evaluate(enc, r);
  REQUIRE(r.ok);
  REQUIRE(r.total_units == 2);
  Strings found;
  for (const interp::NearMiss& n : interp::explain(evaluator, enc, r).near_misses)
    found.push_back(fmt::format("{} {:+}: {}", n.code, n.change_minutes, n.effect));
  // PT: 20 minutes, 1 unit; 23 -> 2 units, and the OT codes are untouched. OT: 7 + 9 = 16, 1
  // unit to 97530 (9 > 7); 97140 at 10 beats 9 (at 9 it ties, and 97140, listed first, would be
  // billed, with 97530's unit as valid); 97530 at 6 loses to 7 (at 7 the same tie). 7 + 16 =
  // 23: 2 OT units, 97530's full unit and then 97140's 7 against 97530's 1 left over.
  CHECK(found ==
        Strings{"97110 +3: 3 units instead of 2: 97110 would bill 2 instead of 1",
                "97140 +3: the same 2 units, allocated otherwise: 97140 would bill 1 instead of 0 "
                "and 97530 would bill 0 instead of 1",
                "97530 -3: the same 2 units, allocated otherwise: 97140 would bill 1 instead of 0 "
                "and 97530 would bill 0 instead of 1",
                "97530 +7: 3 units instead of 2: 97140 would bill 1 instead of 0"});
}

TEST_CASE("near misses, medicare, one code in two disciplines is two lines",
          "[explain][near-miss]") {
  REQUIRE(stdlib_plan());
  const interp::Encounter enc =
      medicare_encounter({{"97110", 30, "PT", "GP"}, {"97110", 8, "OT", "GO"}});
  interp::Evaluator evaluator(stdlib_plan(), {});
  interp::Result r;
  evaluator.evaluate(enc, r);
  REQUIRE(r.ok);
  REQUIRE(r.total_units == 3);
  const interp::Explanation x = interp::explain(evaluator, enc, r);
  Strings found;
  for (const interp::NearMiss& n : x.near_misses)
    found.push_back(
        fmt::format("{} in {} {:+}: {}", n.code, n.discipline, n.change_minutes, n.effect));
  // Each line's minutes are changed on its own service: PT's 30 minutes (2 units) lose one at 22
  // and gain one at 38; OT's 8 minutes (1 unit) lose it at 7 and gain one at 23. Changing the
  // PT service for the OT line would give the PT line's changes twice.
  CHECK(found ==
        Strings{"97110 in OT -1: 2 units instead of 3: 97110 in OT would bill 0 instead of 1",
                "97110 in PT +8: 4 units instead of 3: 97110 in PT would bill 3 instead of 2",
                "97110 in PT -8: 2 units instead of 3: 97110 in PT would bill 1 instead of 2",
                "97110 in OT +15: 4 units instead of 3: 97110 in OT would bill 2 instead of 1"});
  const std::string text = interp::explanation_text(x);
  CHECK(text.find("-1 min of 97110 in OT: ") != std::string::npos);
  std::string json;
  interp::append_explanation_json(json, x);
  CHECK(json.find("{\"code\": \"97110\", \"discipline\": \"OT\", \"change_minutes\": -1, ") !=
        std::string::npos);
}

TEST_CASE("near misses are written in the JSON explanation", "[explain][near-miss]") {
  const Evaluated e = evaluate("medicare", {{"97110", 33}, {"97140", 7}});
  std::string json;
  interp::append_explanation_json(json, e.explanation);
  CHECK(json.find("\"near_misses\": [{\"code\": \"97110\", \"change_minutes\": -3, \"effect\": "
                  "\"2 units instead of 3: 97140 would bill 0 instead of 1\"}") !=
        std::string::npos);
  CHECK(json.find("{\"code\": \"97110\", \"change_minutes\": 5, ") != std::string::npos);
}

TEST_CASE("near misses are skipped when not asked for", "[explain][near-miss]") {
  REQUIRE(stdlib_plan());
  interp::Encounter enc;
  enc.id = "enc";
  enc.payer = "medicare";
  enc.date = cptrules::lang::parse_date("2025-03-03");
  interp::Service s;
  s.code = "97110";
  s.minutes = 22;
  enc.services.push_back(s);
  interp::Evaluator evaluator(stdlib_plan(), {});
  interp::Result r;
  evaluator.evaluate(enc, r);
  REQUIRE(r.ok);
  CHECK(interp::explain(evaluator, enc, r, false).near_misses.empty());
  CHECK(interp::explain(evaluator, enc, r, true).near_misses.size() == 2);
}
