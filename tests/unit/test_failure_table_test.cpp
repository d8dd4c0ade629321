// `cptrules test`: the table of a failing case names each line's discipline where lines split
// by discipline, and the billed units where a service states them.
#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using cptrules::test::Run;
using cptrules::test::run_cli;
using cptrules::test::TempDir;

namespace {

const std::string kRules = R"(policy each {
  pool each code
  units = (minutes + 7) / 15
}
payer plan {
  policy each
}
code Z1 "Two disciplines" {
  timed every 15 min
  disciplines PT, OT
}
code Z2 "Untimed" {
  untimed
}
)";

// The lines of `out` from the one that starts with "  code" up to the first finding or "why:".
std::string table_of(const std::string& out) {
  const std::size_t begin = out.find("  code");
  REQUIRE(begin != std::string::npos);
  std::size_t end = begin;
  while (end < out.size()) {
    const std::size_t next = out.find('\n', end);
    if (next == std::string::npos)
      break;
    const std::string line = out.substr(end, next - end);
    if (end != begin && line.rfind("  code", 0) != 0 && line.rfind("  Z", 0) != 0)
      break;
    end = next + 1;
  }
  return out.substr(begin, end - begin);
}

// The table of the one failing case of `test` (a test block) over kRules.
std::string failure_table(const std::string& test) {
  TempDir dir("cptrules-failure-table");
  const std::string rules = dir.write("case.rules", kRules + test);
  const Run run = run_cli(dir, "test --no-stdlib " + rules);
  CHECK(run.status == 1);
  return table_of(run.out);
}

}  // namespace

TEST_CASE("test: a failing case's table has a disc column where lines split by discipline",
          "[test-command]") {
  CHECK(failure_table(R"(test "split" {
  payer plan
  given Z1 20 min in PT, Z1 8 min in OT, Z2
  expect Z1 x2, Z2 x1
}
)") == "  code     disc  minutes units\n"
       "  Z1       PT         20     1\n"
       "  Z1       OT          8     1\n"
       "  Z2       -           -     1\n");
}

TEST_CASE("test: a failing case's table has a billed column where a service states billed units",
          "[test-command]") {
  CHECK(failure_table(R"(test "billed" {
  payer plan
  given Z1 20 min billed 3, Z2
  expect Z1 x2, Z2 x1
}
)") == "  code     minutes units billed\n"
       "  Z1            20     1      3\n"
       "  Z2             -     1      -\n");
}

TEST_CASE("test: a failing case of one discipline and no billed units keeps the short table",
          "[test-command]") {
  CHECK(failure_table(R"(test "plain" {
  payer plan
  given Z1 20 min in OT, Z1 5 min in OT
  expect Z1 x1
}
)") == "  code     minutes units\n"
       "  Z1            25     2\n");
}
