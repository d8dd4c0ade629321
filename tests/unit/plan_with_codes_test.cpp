// Unit tests of plan_with_codes: a test's own codes planned on top of the loaded plan, with code
// sets, add-on links and stand-ins resolved as if the codes were declared with the rest.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "loader.hpp"
#include "plan.hpp"

namespace {

using namespace cptrules::interp;
namespace ast = cptrules::lang::ast;

const std::string kRules = R"(code 97140 "Manual therapy" {
  timed every 15 min
}
code 98941 "Chiropractic manipulation, 3-4 regions" {
  untimed
}
edit pair "a pair" {
  column 1 98940..98942
  column 2 97140
}
limit most "a limit" {
  codes 98940..98942
  at most 1 units per day
}
policy each {
  pool each code
  units = (minutes + 7) / 15
}
payer any {
  policy each
}
test "own codes" {
  payer any
  code 98940 "a hypothetical code inside the edit's range" {
    untimed
  }
  code 97140 "manual therapy, as this test has it" {
    timed every 15 min
  }
  code A15 "an add-on of 97140" {
    timed every 15 min
    add-on to 97140
  }
}
)";

LoadedRules load() {
  LoadOptions options;
  options.stdlib = false;
  options.extra.push_back(std::make_shared<cptrules::lang::SourceFile>("own.rules", kRules));
  return load_rules(options);
}

std::vector<std::string> names(const Plan& plan, const CodeSet& set) {
  std::vector<std::string> out;
  for (std::uint32_t id : set.ids)
    out.push_back(plan.codes[id].name);
  return out;
}

}  // namespace

TEST_CASE("plan_with_codes: a test's own codes join ranges, stand in and link add-ons", "[plan]") {
  const LoadedRules loaded = load();
  INFO(cptrules::lang::render(loaded.diagnostics));
  REQUIRE(loaded.plan);
  const Plan& base = *loaded.plan;
  REQUIRE(base.edits.size() == 1);
  CHECK(names(base, base.edits[0].versions[0].column1) == std::vector<std::string>{"98941"});

  const auto& test = loaded.rules->tests.at(0);
  std::vector<Located<ast::CodeDecl>> own;
  for (const ast::CodeDecl& c : test.decl->codes)
    own.push_back({&c, test.file});
  const auto derived = plan_with_codes(base, own);

  // The loaded plan is unchanged.
  CHECK(base.codes.size() == 2);
  CHECK_FALSE(base.find_code("A15"));
  // The loaded 97140 is left out, the test's codes come after the loaded ones.
  std::vector<std::string> codes;
  for (const auto& e : derived->codes)
    codes.push_back(e.name);
  CHECK(codes == std::vector<std::string>{"98941", "98940", "97140", "A15"});
  CHECK(derived->codes[*derived->find_code("97140")].versions[0].title ==
        "manual therapy, as this test has it");
  // Ranges are resolved again: the test's 98940 is in the edit and the limit.
  const EditVersion& edit = derived->edits[0].versions[0];
  CHECK(names(*derived, edit.column1) == std::vector<std::string>{"98941", "98940"});
  CHECK(names(*derived, edit.column2) == std::vector<std::string>{"97140"});
  CHECK(names(*derived, derived->limits[0].versions[0].codes) ==
        std::vector<std::string>{"98941", "98940"});
  // The add-on is linked both ways to the test's 97140.
  const std::uint32_t primary = *derived->find_code("97140");
  const std::uint32_t addon = *derived->find_code("A15");
  CHECK(derived->codes[primary].versions[0].addon_code == static_cast<std::int32_t>(addon));
  CHECK(derived->codes[addon].versions[0].primary_code == static_cast<std::int32_t>(primary));
}
