// cptrules test: runs the test blocks of rule files and reports each case.
#include <fmt/format.h>

#include "commands.hpp"
#include "test_runner.hpp"

namespace cptrules::cli {

namespace {

struct TestArgs {
  RuleOptions rules;
  std::vector<std::string> paths;
  std::string run;
  bool verbose = false;
};

void print_failure(const interp::CaseOutcome& c) {
  fmt::print("FAIL {}: {}\n", c.where, c.test);
  fmt::print("  given {} (payer {}, date {})\n", c.given, c.payer, c.date);
  for (const std::string& p : c.problems) fmt::print("  {}\n", p);
  if (c.actual.ok) {
    fmt::print("  {:<8} {:>7} {:>5}\n", "code", "minutes", "units");
    for (const interp::Line& l : c.actual.lines) {
      fmt::print("  {:<8} {:>7} {:>5}\n", l.code, l.minutes ? fmt::format("{}", *l.minutes) : "-",
                 l.units);
    }
    for (const interp::Allocation& alt : c.actual.alternatives) {
      fmt::print("  or {}\n", interp::allocation_text(c.actual, alt));
    }
    for (const interp::Finding& f : c.actual.findings) {
      fmt::print("  {} {}: {}\n", interp::severity_name(f.severity), f.id, f.message);
    }
  }
  if (!c.explanation.empty()) fmt::print("  why:\n{}", c.explanation);
}

int run_test(TestArgs& args) {
  args.rules.paths.insert(args.rules.paths.end(), args.paths.begin(), args.paths.end());
  interp::LoadedRules loaded = load_and_report(args.rules, false);
  if (!loaded.plan) return loaded.io_error ? kNoInput : kDataError;
  interp::TestOptions options;
  options.filter = args.run;
  const interp::TestReport report = interp::run_tests(loaded, options);
  for (const interp::CaseOutcome& c : report.cases) {
    if (!c.passed) {
      print_failure(c);
    } else if (args.verbose) {
      fmt::print("ok   {}: {}\n", c.where, c.test);
    }
  }
  fmt::print("{} passed, {} failed\n", report.passed, report.failed);
  return report.failed > 0 ? kTestFailed : kOk;
}

}  // namespace

Command add_test(CLI::App& app) {
  auto args = std::make_shared<TestArgs>();
  CLI::App* cmd = app.add_subcommand("test", "Run the test blocks of rule files");
  args->rules.add_to(*cmd);
  cmd->add_option("--run", args->run, "Run only tests whose title contains TEXT")->type_name("TEXT");
  cmd->add_flag("-v,--verbose", args->verbose, "List passing cases too");
  cmd->add_option("paths", args->paths, "Rule files or folders to test besides the built-in rules")
      ->type_name("PATH");
  return {cmd, [args] { return run_test(*args); }};
}

}  // namespace cptrules::cli
