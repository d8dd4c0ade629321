// `ties by units, fewest first`: which tied code a policy lists first, and the policy without it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <cptrules/engine.hpp>

#include "engine_of_text.hpp"

namespace {

using cptrules::Encounter;
using cptrules::Engine;
using cptrules::Result;
using cptrules::RuleSources;
using cptrules::Service;

// Two policies alike but for the tie order, one with alternatives and one without.
const std::string kRules = R"rules(policy spread "Total time, ties to fewer units" {
  pool timed minutes per day
  units = (minutes + 7) / unit
  allocate {
    each code gets minutes / unit
    rest by leftover minutes, largest first
    ties by units, fewest first  because "spread the units"
    ties are alternatives
  }
}

policy stack "Total time, ties to more minutes" {
  pool timed minutes per day
  units = (minutes + 7) / unit
  allocate {
    each code gets minutes / unit
    rest by leftover minutes, largest first
    ties are alternatives
  }
}

policy spread-only "Total time, ties to fewer units, no alternatives" {
  pool timed minutes per day
  units = (minutes + 7) / unit
  allocate {
    each code gets minutes / unit
    rest by leftover minutes, largest first
    ties by units, fewest first
  }
}

payer p-spread { policy spread }
payer p-stack { policy stack }
payer p-spread-only { policy spread-only }

code A { timed every 15 min }
code B { timed every 15 min }
code C { timed every 15 min }
)rules";

const Engine& engine() {
  static const Engine loaded = cptrules::test::engine_of_text("ties.rules", kRules);
  return loaded;
}

// "A x2, B x0 | A x1, B x1": the chosen allocation, then each alternative.
std::string allocations(const std::string& payer,
                        const std::vector<std::pair<std::string, std::int64_t>>& svcs) {
  Encounter enc;
  enc.id = "enc";
  enc.input_line = 1;
  enc.payer = payer;
  enc.date = cptrules::lang::parse_date("2025-03-04");
  for (const auto& [code, minutes] : svcs) {
    Service& s = enc.services.emplace_back();
    s.code = code;
    s.minutes = minutes;
  }
  auto evaluator = engine().evaluator();
  const Result r = evaluator.evaluate(enc);
  REQUIRE(r.ok);
  std::string out;
  for (const auto& line : r.lines)
    out += fmt::format("{}{} x{}", out.empty() ? "" : ", ", line.code, line.units);
  for (const auto& alt : r.alternatives) {
    out += " |";
    for (std::size_t i = 0; i < alt.size() && i < r.lines.size(); ++i)
      out += fmt::format("{} {} x{}", i == 0 ? "" : ",", r.lines[i].code, alt[i]);
  }
  return out;
}

}  // namespace

TEST_CASE("tie order: fewer units first puts one unit on each code before two on one",
          "[tie-order]") {
  // 22 + 7 = 29 minutes, 2 units; A has a full unit and 7 left, B has 7: a tie.
  CHECK(allocations("p-spread", {{"A", 22}, {"B", 7}}) == "A x1, B x1 | A x2, B x0");
  // The order listed does not change the choice.
  CHECK(allocations("p-spread", {{"B", 7}, {"A", 22}}) == "B x1, A x1 | B x0, A x2");
}

TEST_CASE("tie order: without the clause, more minutes in all come first", "[tie-order]") {
  CHECK(allocations("p-stack", {{"A", 22}, {"B", 7}}) == "A x2, B x0 | A x1, B x1");
}

TEST_CASE("tie order: equal units fall back to more minutes, then the order listed",
          "[tie-order]") {
  // 20 + 20 = 40 minutes, 3 units: both have 1 full unit and 5 left.
  CHECK(allocations("p-spread", {{"A", 20}, {"B", 20}}) == "A x2, B x1 | A x1, B x2");
  // Three codes, one unit for 7 + 7 + 22: the tie of three goes to a code with no unit.
  CHECK(allocations("p-spread", {{"C", 22}, {"A", 7}, {"B", 7}}).rfind("C x1, A x1, B x0", 0) == 0);
}

TEST_CASE("tie order: it decides the allocation without alternatives too", "[tie-order]") {
  CHECK(allocations("p-spread-only", {{"A", 22}, {"B", 7}}) == "A x1, B x1");
}

TEST_CASE("tie order: the clause is parsed once, and a second one is an error", "[tie-order]") {
  RuleSources sources;
  sources.stdlib = false;
  sources.texts.push_back({"twice.rules", R"rules(policy p {
  pool timed minutes per day
  units = minutes / unit
  allocate {
    rest by minutes, largest first
    ties by units, fewest first
    ties by units, fewest first
  }
}
)rules"});
  const auto twice = Engine::load(sources);
  CHECK_FALSE(twice);
  CHECK(twice.diagnostics.find("twice.rules:7:") != std::string::npos);
  CHECK(twice.diagnostics.find("ties by units") != std::string::npos);
  sources.texts[0] = {"typo.rules", R"rules(policy p {
  pool timed minutes per day
  units = minutes / unit
  allocate {
    rest by minutes, largest first
    ties by units, fewer first
  }
}
)rules"};
  const auto typo = Engine::load(sources);
  CHECK_FALSE(typo);
  CHECK(typo.diagnostics.find("typo.rules:6:") != std::string::npos);
  CHECK(typo.diagnostics.find("expected 'fewest'") != std::string::npos);
}
