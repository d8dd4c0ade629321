// cptrules test: runs the test blocks of rule files and reports each case (text, JSON, JUnit).
#include <fmt/format.h>

#include "commands.hpp"
#include "json_text.hpp"
#include "test_runner.hpp"

namespace cptrules::cli {

namespace {

struct TestArgs {
  RuleOptions rules;
  std::vector<std::string> paths;
  std::string run;
  std::string format = "text";
  bool verbose = false;
  bool coverage = false;
  bool boundaries = false;
};

void print_failure(const interp::CaseOutcome& c) {
  fmt::print("FAIL {}: {}\n", c.where, c.test);
  fmt::print("  given {} (payer {}, date {})\n", c.given, c.payer, c.date);
  for (const std::string& p : c.problems)
    fmt::print("  {}\n", p);
  if (c.actual.ok) {
    // A disc column where the lines are of more than one discipline (a code may then have a
    // line in each; a code of no discipline does not count), a billed column where a service
    // states billed units.
    bool split = false;
    bool billed = false;
    std::string_view seen;
    for (const interp::Line& l : c.actual.lines) {
      if (!l.discipline.empty()) {
        split = split || (!seen.empty() && l.discipline != seen);
        seen = l.discipline;
      }
      billed = billed || l.billed_units.has_value();
    }
    const auto row = [&](std::string_view code, std::string_view discipline,
                         std::string_view minutes, std::string_view units,
                         std::string_view billed_units) {
      std::string text = fmt::format("  {:<8} ", code);
      if (split)
        text += fmt::format("{:<5} ", discipline);
      text += fmt::format("{:>7} {:>5}", minutes, units);
      if (billed)
        text += fmt::format(" {:>6}", billed_units);
      fmt::print("{}\n", text);
    };
    row("code", "disc", "minutes", "units", "billed");
    for (const interp::Line& l : c.actual.lines) {
      row(l.code, l.discipline.empty() ? "-" : l.discipline,
          l.minutes ? fmt::format("{}", *l.minutes) : "-",
          l.priced ? fmt::format("{}", l.units) : "-",
          l.billed_units ? fmt::format("{}", *l.billed_units) : "-");
    }
    for (const interp::Allocation& alt : c.actual.alternatives) {
      fmt::print("  or {}\n", interp::allocation_text(c.actual, alt));
    }
    for (const interp::Finding& f : c.actual.findings) {
      fmt::print("  {} {}: {}\n", interp::severity_name(f.severity), f.id, f.message);
    }
  }
  if (!c.explanation.empty())
    fmt::print("  why:\n{}", c.explanation);
}

std::string xml_escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string failure_text(const interp::CaseOutcome& c) {
  std::string text = fmt::format("given {} (payer {}, date {})\n", c.given, c.payer, c.date);
  for (const std::string& p : c.problems)
    text += p + "\n";
  return text + c.explanation;
}

void print_junit(const interp::TestReport& report) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  fmt::format_to(std::back_inserter(out),
                 "<testsuites tests=\"{}\" failures=\"{}\">\n<testsuite name=\"cptrules\" "
                 "tests=\"{}\" failures=\"{}\">\n",
                 report.cases.size(), report.failed, report.cases.size(), report.failed);
  for (const interp::CaseOutcome& c : report.cases) {
    fmt::format_to(std::back_inserter(out), "  <testcase classname=\"{}\" name=\"{} ({})\"",
                   xml_escaped(c.where.substr(0, c.where.rfind(':'))), xml_escaped(c.test),
                   xml_escaped(c.where));
    if (c.passed) {
      out += "/>\n";
      continue;
    }
    fmt::format_to(std::back_inserter(out),
                   ">\n    <failure message=\"{}\">{}</failure>\n  </testcase>\n",
                   xml_escaped(c.problems.empty() ? "failed" : c.problems.front()),
                   xml_escaped(failure_text(c)));
  }
  out += "</testsuite>\n</testsuites>\n";
  fmt::print("{}", out);
}

void print_json(const interp::TestReport& report) {
  std::string out;
  interp::JsonWriter json(out);
  json.begin_object();
  json.key("passed").number(static_cast<std::int64_t>(report.passed));
  json.key("failed").number(static_cast<std::int64_t>(report.failed));
  json.key("cases").begin_array(/*one_per_line=*/true);
  for (const interp::CaseOutcome& c : report.cases) {
    json.begin_object();
    json.key("test").string(c.test);
    json.key("where").string(c.where);
    json.key("given").string(c.given);
    json.key("passed").boolean(c.passed);
    json.key("problems").begin_array();
    for (const std::string& problem : c.problems)
      json.string(problem);
    json.end_array();
    if (!c.passed)
      json.key("explanation").string(c.explanation);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  out += '\n';
  fmt::print("{}", out);
}

int run_test(TestArgs& args) {
  args.rules.paths.insert(args.rules.paths.end(), args.paths.begin(), args.paths.end());
  interp::LoadedRules loaded = load_and_report(args.rules, false);
  if (!loaded.plan)
    return loaded.io_error ? kNoInput : kDataError;
  if (args.boundaries) {
    fmt::print("{}", interp::boundary_tests_text(interp::boundary_cases(loaded)));
    return kOk;
  }
  interp::TestOptions options;
  options.filter = args.run;
  options.coverage = args.coverage;
  const interp::TestReport report = interp::run_tests(loaded, options);
  if (args.format == "junit") {
    print_junit(report);
  } else if (args.format == "json") {
    print_json(report);
  } else {
    for (const interp::CaseOutcome& c : report.cases) {
      if (!c.passed) {
        print_failure(c);
      } else if (args.verbose) {
        fmt::print("ok   {}: {}\n", c.where, c.test);
      }
    }
    if (args.coverage) {
      std::size_t missed = 0;
      for (const interp::CoverageItem& item : report.coverage) {
        if (item.covered)
          continue;
        if (missed++ == 0)
          fmt::print("not exercised by any test:\n");
        fmt::print("  {}: {}\n", item.where, item.what);
      }
      fmt::print("coverage: {} of {} declarations and clauses exercised\n",
                 report.coverage.size() - missed, report.coverage.size());
    }
    fmt::print("{} passed, {} failed\n", report.passed, report.failed);
  }
  return report.failed > 0 ? kTestFailed : kOk;
}

}  // namespace

Command add_test(CLI::App& app) {
  auto args = std::make_shared<TestArgs>();
  CLI::App* cmd = app.add_subcommand("test", "Run the test blocks of rule files");
  args->rules.add_to(*cmd);
  cmd->add_option("--run", args->run, "Run only tests whose title contains TEXT")
      ->type_name("TEXT");
  cmd->add_option("--format", args->format, "text (default), json or junit")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_flag("-v,--verbose", args->verbose, "List passing cases too");
  cmd->add_flag("--coverage", args->coverage, "List declarations and clauses no test exercised");
  cmd->add_flag("--boundaries", args->boundaries,
                "Print test blocks for every edge of every policy's units and every code's dates");
  cmd->add_option("paths", args->paths, "Rule files or folders to test besides the built-in rules")
      ->type_name("PATH");
  return {cmd, [args] { return run_test(*args); }};
}

}  // namespace cptrules::cli
