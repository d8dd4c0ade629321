// `cptrules test` with services as claims state them: disciplines, clock times, billed units.
#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using cptrules::test::Run;
using cptrules::test::run_cli;
using cptrules::test::TempDir;

namespace {

// Runs the test blocks of `tests` beside the standard rules.
Run run_tests(const std::string& tests, const std::string& args = "") {
  TempDir dir("cptrules-test-claims");
  const std::string path = dir.write("claims-tests.rules", tests);
  Run run = run_cli(dir, "test " + args + " '" + path + "'");
  run.err += run.out;  // keep both for the checks below
  return run;
}

}  // namespace

TEST_CASE("test claims: lines by discipline pass, and a wrong expectation names the lines",
          "[test-claims]") {
  const Run ok = run_tests(R"(test "pt and ot" {
  payer medicare
  date 2025-03-03
  given 97110 20 min with GP, 97110 20 min with GO
  expect 97110 in PT x1, 97110 in OT x1
}
)");
  CHECK(ok.status == 0);
  const Run wrong = run_tests(R"(test "pt and ot" {
  payer medicare
  date 2025-03-03
  given 97110 20 min with GP, 97110 20 min with GO
  expect 97110 x2
}
)");
  CHECK(wrong.status == 1);
  CHECK(wrong.out.find("expected 97110 x2, got 97110 in PT x1, 97110 in OT x1") !=
        std::string::npos);
  // A discipline the line does not have.
  const Run other = run_tests(R"(test "ot only" {
  payer medicare
  date 2025-03-03
  given 97110 20 min with GO
  expect 97110 in PT x1
}
)");
  CHECK(other.status == 1);
  CHECK(other.out.find("expected 97110 in PT x1, got 97110 x1") != std::string::npos);
}

TEST_CASE("test claims: a finding on a line must name that line", "[test-claims]") {
  const std::string head =
      "test \"billed\" {\n  payer medicare\n  date 2025-03-03\n"
      "  given 97110 20 min billed 3 with GP, 97140 8 min with GP\n";
  CHECK(run_tests(head + "  expect finding units.over-billed on 97110\n}\n").status == 0);
  CHECK(run_tests(head + "  expect finding units.over-billed\n}\n").status == 0);
  CHECK(run_tests(head + "  expect finding units.over-billed on 97110 in PT\n}\n").status == 0);
  const Run elsewhere = run_tests(head + "  expect finding units.over-billed on 97140\n}\n");
  CHECK(elsewhere.status == 1);
  CHECK(elsewhere.out.find("expected finding units.over-billed on 97140, but it is absent") !=
        std::string::npos);
  const Run other_discipline =
      run_tests(head + "  expect finding units.over-billed on 97110 in OT\n}\n");
  CHECK(other_discipline.status == 1);
  const Run none = run_tests(head + "  expect no finding units.over-billed on 97110\n}\n");
  CHECK(none.status == 1);
  CHECK(none.out.find("expected no finding units.over-billed on 97110, got: ") !=
        std::string::npos);
  CHECK(run_tests(head + "  expect no finding units.over-billed on 97140\n}\n").status == 0);
}

TEST_CASE("test claims: clock times are the service's start and end", "[test-claims]") {
  const Run run = run_tests(R"(test "clock" {
  payer medicare
  date 2025-03-03
  given 97110 from 10:00 to 10:20 with GP, 97140 from 10:10 to 10:30 with GP
  expect total 2
  expect finding time.overlap
}
)");
  // 10:00 to 10:30 is 30 minutes of treatment (the 10 shared minutes count once): 2 units.
  CHECK(run.status == 0);
}

TEST_CASE("test claims: a code outside the rules only where the case expects it", "[test-claims]") {
  const std::string head =
      "test \"outside\" {\n  payer medicare\n  date 2025-03-03\n"
      "  given 97110 20 min with GP, 99213\n  expect 97110 x1\n";
  const Run typo = run_tests(head + "}\n");
  CHECK(typo.status == 65);
  CHECK(typo.err.find("E0203") != std::string::npos);
  CHECK(run_tests(head + "  expect finding code.not-in-rules on 99213\n}\n").status == 0);
}
