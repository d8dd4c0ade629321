// run_tests: runs the `test` blocks of loaded rules and compares what comes out with them.
#pragma once

#include <string>
#include <vector>

#include "date.hpp"
#include "loader.hpp"
#include "result.hpp"

namespace cptrules::interp {

// The date of service of a test that gives none, so that no test depends on the wall clock.
inline constexpr const char* kDefaultTestDate = "2025-01-01";

struct TestOptions {
  std::string filter;  // run only tests whose title contains this text (empty: all)
};

// One case of one test, and how it went.
struct CaseOutcome {
  std::string test;      // the test's title
  std::string where;     // "file:line" of the case
  std::string given;     // the services, as written in the language
  std::string payer;
  std::string date;
  bool passed = false;
  std::vector<std::string> problems;  // one sentence per mismatch
  Result actual;
  std::string explanation;  // of the actual result, for failed cases only
};

struct TestReport {
  std::vector<CaseOutcome> cases;
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t tests = 0;
};

// Runs every test (matching the filter) of `loaded`, which must have a plan.
TestReport run_tests(const LoadedRules& loaded, const TestOptions& options);

// "97110 x2, 97140 x1" for an allocation over the result's lines.
std::string allocation_text(const Result& result, const Allocation& units);

}  // namespace cptrules::interp
