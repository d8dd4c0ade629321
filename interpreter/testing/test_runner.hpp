// run_tests: runs the `test` blocks of loaded rules and compares what comes out with them.
#pragma once

#include <string>
#include <vector>

#include "date.hpp"
#include "loader.hpp"
#include "result.hpp"
#include "test_date.hpp"

namespace cptrules::interp {

struct TestOptions {
  std::string filter;     // run only tests whose title contains this text (empty: all)
  bool coverage = false;  // record which declarations and clauses the cases exercised
  std::string file;       // run only tests written in the rule file of this name (empty: all)
};

// One generated boundary case, ready to print as a `test` block.
struct BoundaryCase {
  std::string title;
  std::string payer;
  std::string date;  // empty: the default test date
  std::string code;
  std::int64_t minutes = 0;
  std::int64_t units = 0;
};

// The cases at every edge of every policy's units (for each unit length the loaded codes use)
// and of every code's effective and expiry dates, evaluated with the loaded rules. Always
// terminates: at most 12 units are explored per policy and unit length.
std::vector<BoundaryCase> boundary_cases(const LoadedRules& loaded);

// The boundary cases as `test` blocks in the rules language, grouped by title.
std::string boundary_tests_text(const std::vector<BoundaryCase>& cases);

// One case of one test, and how it went.
struct CaseOutcome {
  std::string test;   // the test's title
  std::string where;  // "file:line" of the case
  std::string given;  // the services, as written in the language
  std::string payer;
  std::string date;
  bool passed = false;
  std::vector<std::string> problems;  // one sentence per mismatch
  Result actual;
  std::string explanation;  // of the actual result, for failed cases only
};

// A declaration or policy clause, and whether any test case exercised it.
struct CoverageItem {
  std::string what;   // "code 97140", "policy cms-8-minute: ties are alternatives", "edit x"
  std::string where;  // "file:line"
  bool covered = false;
};

struct TestReport {
  std::vector<CaseOutcome> cases;
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t tests = 0;
  std::vector<CoverageItem> coverage;  // filled when TestOptions::coverage is set
};

// Runs every test (matching the filter) of `loaded`, which must have a plan.
TestReport run_tests(const LoadedRules& loaded, const TestOptions& options);

// "97110 x2, 97140 x1" for an allocation over the result's lines.
std::string allocation_text(const Result& result, const Allocation& units);

}  // namespace cptrules::interp
