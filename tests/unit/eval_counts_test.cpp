// The counts of a batch (summary line) and the exit status of `eval --fail-on`, on any --jobs.
#include <catch2/catch.hpp>

#include <string>

#include <fmt/format.h>

#include "record_counts.hpp"
#include "test_support.hpp"

namespace {

using cptrules::interp::FailOn;
using cptrules::interp::Finding;
using cptrules::interp::FindingSeverity;
using cptrules::interp::parse_fail_on;
using cptrules::interp::RecordCounts;
using cptrules::interp::Result;
using cptrules::test::Run;

Result evaluated(std::int64_t units, std::initializer_list<FindingSeverity> severities) {
  Result r;
  r.ok = true;
  r.total_units = units;
  for (const FindingSeverity severity : severities) {
    Finding f;
    f.severity = severity;
    f.id = "x.y";
    r.findings.push_back(f);
  }
  return r;
}

Result not_evaluated() {
  Result r;
  r.fail("input.minutes-negative", "services[0].minutes must be a non-negative whole number");
  return r;
}

struct TempDir : cptrules::test::TempDir {
  TempDir() : cptrules::test::TempDir("cptrules-counts") {}
};

// A clean encounter: Medicare, a date, the discipline modifier: no finding at all.
const char* const kClean =
    R"({"id": "clean", "date": "2025-01-15", "payer": "medicare", "services": [{"code": "97110", "minutes": 20, "modifiers": ["GP"]}]})";
// Its worst finding is a warning: the discipline modifier is missing.
const char* const kWarning =
    R"({"id": "warning", "date": "2025-01-15", "payer": "medicare", "services": [{"code": "97110", "minutes": 20}]})";
// Its worst finding is an error: 97762 was retired at the end of 2017.
const char* const kError =
    R"({"id": "error", "date": "2025-01-15", "payer": "medicare", "services": [{"code": "97762", "minutes": 20, "modifiers": ["GP"]}]})";
// Cannot be evaluated.
const char* const kUnreadable =
    R"({"id": "unreadable", "services": [{"code": "97110", "minutes": -5}]})";

// 700 clean encounters (enough for several chunks of --jobs), then `last` lines.
std::string batch(std::initializer_list<const char*> last) {
  std::string text;
  for (int i = 0; i < 700; ++i)
    text += std::string(kClean) + "\n";
  for (const char* line : last)
    text += std::string(line) + "\n";
  return text;
}

}  // namespace

TEST_CASE("counts: each record once, evaluated ones by their most severe finding", "[counts]") {
  RecordCounts counts;
  counts.add(evaluated(3, {}));
  counts.add(evaluated(2, {FindingSeverity::info}));
  counts.add(evaluated(1, {FindingSeverity::info, FindingSeverity::warning}));
  counts.add(evaluated(4, {FindingSeverity::warning, FindingSeverity::error}));
  counts.add(evaluated(0, {FindingSeverity::error, FindingSeverity::error}));
  counts.add(not_evaluated());
  CHECK(counts.records == 6);
  CHECK(counts.units == 10);
  CHECK(counts.not_evaluated == 1);
  CHECK(counts.with_errors == 2);
  CHECK(counts.with_warnings == 1);
  CHECK(summary_text(counts) ==
        "6 encounters, 10 units, 1 not evaluated, 2 with errors, 1 with warnings");
  RecordCounts one;
  one.add(evaluated(1, {}));
  CHECK(summary_text(one) ==
        "1 encounter, 1 unit, 0 not evaluated, 0 with errors, 0 with warnings");
  RecordCounts sum = one;
  sum += counts;
  CHECK(sum.records == 7);
  CHECK(sum.units == 11);
  CHECK(sum.with_errors == 2);
}

TEST_CASE("counts: --fail-on fails at its severity or worse", "[counts]") {
  CHECK(parse_fail_on("error") == FailOn::error);
  CHECK(parse_fail_on("warning") == FailOn::warning);
  CHECK_FALSE(parse_fail_on("info").has_value());
  CHECK_FALSE(parse_fail_on("Error").has_value());
  RecordCounts info;
  info.add(evaluated(1, {FindingSeverity::info}));
  RecordCounts warning;
  warning.add(evaluated(1, {FindingSeverity::warning}));
  RecordCounts error;
  error.add(evaluated(1, {FindingSeverity::error}));
  for (const FailOn f : {FailOn::never, FailOn::error, FailOn::warning})
    CHECK_FALSE(info.fails(f));
  CHECK_FALSE(warning.fails(FailOn::never));
  CHECK_FALSE(warning.fails(FailOn::error));
  CHECK(warning.fails(FailOn::warning));
  CHECK_FALSE(error.fails(FailOn::never));
  CHECK(error.fails(FailOn::error));
  CHECK(error.fails(FailOn::warning));
}

TEST_CASE("eval --fail-on: exit 0, 1 or 65, the same on one thread and on two", "[counts]") {
  TempDir dir;
  const std::string clean = dir.write("clean.jsonl", batch({}));
  const std::string warning = dir.write("warning.jsonl", batch({kWarning}));
  const std::string error = dir.write("error.jsonl", batch({kWarning, kError}));
  const std::string unreadable = dir.write("unreadable.jsonl", batch({kError, kUnreadable}));
  struct Case {
    std::string file;
    int none;
    int on_error;
    int on_warning;
  };
  const Case cases[] = {
      {clean, 0, 0, 0},
      {warning, 0, 0, 1},
      {error, 0, 1, 1},
      {unreadable, 65, 65, 65},
  };
  for (const char* jobs : {"1", "2"}) {
    for (const Case& c : cases) {
      INFO("--jobs " << jobs << " " << c.file);
      const std::string args = fmt::format("--format jsonl --jobs {} '{}'", jobs, c.file);
      const Run none = cptrules::test::run_cli(dir, "eval " + args);
      CHECK(none.status == c.none);
      const Run on_error = cptrules::test::run_cli(dir, "eval --fail-on error " + args);
      CHECK(on_error.status == c.on_error);
      const Run on_warning = cptrules::test::run_cli(dir, "eval " + args + " --fail-on warning");
      CHECK(on_warning.status == c.on_warning);
      // Every record is written whatever the status.
      CHECK(on_warning.out == none.out);
      CHECK(on_error.out == none.out);
    }
  }
}

TEST_CASE("eval: the table's summary line counts each kind of encounter", "[counts]") {
  TempDir dir;
  const std::string input = dir.write(
      "in.jsonl",
      fmt::format("{}\n{}\n{}\n{}\n{}\n", kClean, kWarning, kWarning, kError, kUnreadable));
  const Run run = cptrules::test::run_cli(dir, "eval --format table --fail-on warning " + input);
  CHECK(run.status == 65);
  const auto lines = cptrules::test::lines_of(run.out);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back() == "5 encounters, 3 units, 1 not evaluated, 1 with errors, 2 with warnings");
  // Not on a terminal: the other formats give no summary on standard error.
  const Run jsonl = cptrules::test::run_cli(dir, "eval --format jsonl " + input);
  CHECK(jsonl.err.find("not evaluated") == std::string::npos);
}

TEST_CASE("eval --fail-on: any other value is bad usage", "[counts]") {
  TempDir dir;
  const std::string input = dir.write("in.jsonl", std::string(kClean) + "\n");
  for (const char* value : {"info", "errors", "''"}) {
    INFO(value);
    const Run run = cptrules::test::run_cli(dir, fmt::format("eval --fail-on {} {}", value, input));
    CHECK(run.status == 64);
    CHECK(run.out.empty());
    CHECK(run.err.find("--fail-on") != std::string::npos);
    CHECK(run.err.find("must be error or warning") != std::string::npos);
  }
}
