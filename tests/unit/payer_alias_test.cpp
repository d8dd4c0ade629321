// Tests of payer names as input gives them: letter case aside, and a payer's aliases.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "diagnostic.hpp"
#include "evaluator.hpp"
#include "loader.hpp"
#include "source.hpp"

namespace {

using cptrules::interp::Encounter;
using cptrules::interp::EvalOptions;
using cptrules::interp::Evaluator;
using cptrules::interp::LoadedRules;
using cptrules::interp::LoadOptions;
using cptrules::interp::Result;
using cptrules::interp::Service;

LoadedRules load(const std::string& text) {
  LoadOptions options;
  options.stdlib = false;
  options.extra.push_back(std::make_shared<cptrules::lang::SourceFile>("t.rules", text));
  return cptrules::interp::load_rules(options);
}

const std::string kRules = R"(code 97110 "Therapeutic exercise" {
  timed every 15 min
}
policy per-code {
  pool each code
  units = (minutes + 7) / 15
}
payer medicare "Medicare Part B" {
  policy per-code
  aliases "Medicare Part B", "MCR"
}
payer commercial {
  policy per-code
}
)";

// The result of one 20-minute 97110 for `payer`.
Result evaluate(const LoadedRules& loaded, const std::string& payer) {
  Evaluator evaluator(loaded.plan, EvalOptions{});
  Encounter enc;
  enc.id = "e";
  enc.payer = payer;
  Service service;
  service.code = "97110";
  service.minutes = 20;
  enc.services.push_back(service);
  Result result;
  evaluator.evaluate(enc, result);
  return result;
}

}  // namespace

TEST_CASE("payer: names and aliases match regardless of letter case", "[payer]") {
  const LoadedRules loaded = load(kRules);
  INFO(cptrules::lang::render(loaded.diagnostics));
  REQUIRE(loaded.plan);
  for (const char* name :
       {"medicare", "Medicare", "MEDICARE", "Medicare Part B", "medicare part b", "mcr"}) {
    INFO(name);
    const Result result = evaluate(loaded, name);
    CHECK(result.ok);
    CHECK(result.payer == "medicare");  // the record names the payer as the rules do
  }
  CHECK(evaluate(loaded, "Commercial").payer == "commercial");
  const Result unknown = evaluate(loaded, "Medicare Part A");
  CHECK_FALSE(unknown.ok);
  CHECK(unknown.error.id == "input.unknown-payer");
  CHECK(loaded.plan->find_payer("MCR") == loaded.plan->find_payer("medicare"));
  CHECK_FALSE(loaded.plan->find_payer("commercial ").has_value());
}

TEST_CASE("payer: an alias naming another payer is E0318", "[payer]") {
  const LoadedRules loaded = load(kRules + R"(payer other {
  policy per-code
  aliases "COMMERCIAL", ""
}
)");
  int e0318 = 0;
  for (const auto& d : loaded.diagnostics.items())
    e0318 += d.id == "E0318" ? 1 : 0;
  CHECK(e0318 == 2);
}
