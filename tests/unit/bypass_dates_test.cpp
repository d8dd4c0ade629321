// A bypass modifier lets a code pair through only on the dates its own declaration is in force.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <cptrules/engine.hpp>

#include "engine_of_text.hpp"

namespace {

using cptrules::Encounter;
using cptrules::Engine;
using cptrules::Result;
using cptrules::Service;

// NEW comes in on 2015-01-01 and OLD goes out at the end of 2019; ANY has no dates.
const std::string kRules = R"rules(policy per-code "Each code alone" {
  pool each code
  units = (minutes + 7) / 15
}

payer plan "A plan" {
  policy per-code
}

code A1 { timed every 15 min }
code A2 { timed every 15 min }
code B1 { timed every 15 min }
code B2 { timed every 15 min }

modifier NEW "A modifier from 2015" {
  effective 2015-01-01
}

modifier OLD "A modifier through 2019" {
  expires 2019-12-31
}

modifier ANY "A modifier with no dates" {}

edit pair "A1 with A2" {
  column 1 A1
  column 2 A2
  bypass with NEW, OLD, ANY
}

edit pair-either "B1 with B2, a modifier on either line" {
  column 1 B1
  column 2 B2
  bypass with NEW on either line
}
)rules";

const Engine& engine() {
  static const Engine loaded = cptrules::test::engine_of_text("bypass-dates.rules", kRules);
  return loaded;
}

// The ids of the findings of a pair billed on `date`, `first` and `second` the modifiers of the
// column 1 and column 2 lines.
std::vector<std::string> finding_ids(const std::string& date, const std::string& c1,
                                     const std::string& c2, std::vector<std::string> first,
                                     std::vector<std::string> second,
                                     std::string* edit_message = nullptr) {
  Encounter enc;
  enc.id = "enc";
  enc.input_line = 1;
  enc.payer = "plan";
  enc.date = cptrules::lang::parse_date(date);
  Service& a = enc.services.emplace_back();
  a.code = c1;
  a.minutes = 15;
  a.modifiers = std::move(first);
  Service& b = enc.services.emplace_back();
  b.code = c2;
  b.minutes = 15;
  b.modifiers = std::move(second);
  auto evaluator = engine().evaluator();
  const Result r = evaluator.evaluate(enc);
  REQUIRE(r.ok);
  std::vector<std::string> ids;
  for (const auto& f : r.findings) {
    ids.push_back(f.id);
    if (edit_message && f.id.rfind("edit.pair", 0) == 0)
      *edit_message = f.message;
  }
  return ids;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("a bypass modifier used before its effective date does not bypass the edit",
          "[bypass-dates]") {
  std::string message;
  CHECK(finding_ids("2014-12-31", "A1", "A2", {}, {"NEW"}, &message) ==
        Ids{"modifier.not-in-force", "edit.pair"});
  CHECK(message ==
        "A2 is not separately payable with A1; modifier NEW is not in force on 2014-12-31, so it "
        "does not bypass this edit; modifier NEW, OLD or ANY on A2 makes the pair billable when "
        "the clinical facts support it");
  // From its first day on it bypasses.
  CHECK(finding_ids("2015-01-01", "A1", "A2", {}, {"NEW"}) == Ids{"edit.bypassed"});
}

TEST_CASE("a bypass modifier used after it expires does not bypass the edit", "[bypass-dates]") {
  CHECK(finding_ids("2019-12-31", "A1", "A2", {}, {"OLD"}) == Ids{"edit.bypassed"});
  CHECK(finding_ids("2020-01-01", "A1", "A2", {}, {"OLD"}) ==
        Ids{"modifier.not-in-force", "edit.pair"});
}

TEST_CASE("a bypass modifier in force still bypasses beside one that is not", "[bypass-dates]") {
  CHECK(finding_ids("2014-06-01", "A1", "A2", {}, {"NEW", "ANY"}) ==
        Ids{"modifier.not-in-force", "edit.bypassed"});
  CHECK(finding_ids("2014-06-01", "A1", "A2", {}, {"ANY"}) == Ids{"edit.bypassed"});
}

TEST_CASE("on either line too, a modifier bypasses only while it is in force", "[bypass-dates]") {
  CHECK(finding_ids("2014-06-01", "B1", "B2", {"NEW"}, {}) ==
        Ids{"modifier.not-in-force", "edit.pair-either"});
  CHECK(finding_ids("2015-06-01", "B1", "B2", {"NEW"}, {}) == Ids{"edit.bypassed"});
}
