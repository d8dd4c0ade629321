// `cptrules test --coverage`: a declaration counts as covered only when a case asserts it.
#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using cptrules::test::Run;
using cptrules::test::run_cli;
using cptrules::test::TempDir;

namespace {

const std::string kRules = R"(policy halves {
  pool each code
  units = (minutes + 7) / 15
}
payer plan {
  policy halves
}
code Z1 "Asserted" {
  timed every 15 min
}
code Z2 "Only given" {
  timed every 15 min
}
)";

}  // namespace

TEST_CASE("test --coverage: a code that a case only gives is not covered", "[coverage]") {
  TempDir dir("cptrules-coverage");
  const std::string rules = dir.write("cov.rules", kRules + R"(test "units of Z1" {
  payer plan
  given Z1 8 min
  expect Z1 x1
}
test "Z2 with no finding" {
  payer plan
  given Z2 8 min
  expect no finding code.not-in-force
}
)");
  const Run run = run_cli(dir, "test --no-stdlib --coverage " + rules);
  CHECK(run.status == 0);
  CHECK(run.out == "not exercised by any test:\n  " + rules +
                       ":11: code Z2\n"
                       "coverage: 3 of 4 declarations and clauses exercised\n"
                       "2 passed, 0 failed\n");
}

TEST_CASE("test --coverage: a case that states no units covers no payer or policy clause",
          "[coverage]") {
  TempDir dir("cptrules-coverage");
  const std::string rules = dir.write("cov.rules", kRules + R"(test "findings only" {
  payer plan
  given Z1 8 min, Z2 23 min
  expect no finding code.not-in-force
}
)");
  const Run run = run_cli(dir, "test --no-stdlib --coverage " + rules);
  CHECK(run.status == 0);
  CHECK(run.out == "not exercised by any test:\n  " + rules + ":3: policy halves: units\n  " +
                       rules + ":5: payer plan\n  " + rules + ":8: code Z1\n  " + rules +
                       ":11: code Z2\n"
                       "coverage: 0 of 4 declarations and clauses exercised\n"
                       "1 passed, 0 failed\n");
}
