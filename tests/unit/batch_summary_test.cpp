// Unit tests of BatchSummary: the counts per payer, code, finding and error, and the report.
#include <catch2/catch.hpp>

#include <string>

#include "batch_summary.hpp"
#include "result_writer.hpp"
#include "test_support.hpp"

namespace {

using cptrules::interp::BatchSummary;
using cptrules::interp::Finding;
using cptrules::interp::FindingSeverity;
using cptrules::interp::Line;
using cptrules::interp::OutputFormat;
using cptrules::interp::RecordCounts;
using cptrules::interp::Result;

Line line(std::string code, std::int64_t units, std::optional<std::int64_t> billed = {}) {
  Line l;
  l.code = std::move(code);
  l.units = units;
  l.billed_units = billed;
  return l;
}

Finding finding(FindingSeverity severity, std::string id, std::string code = {}) {
  Finding f;
  f.severity = severity;
  f.id = std::move(id);
  f.code = std::move(code);
  return f;
}

Result evaluated(std::string id, std::string payer, std::vector<Line> lines) {
  Result r;
  r.id = std::move(id);
  r.payer = std::move(payer);
  r.lines = std::move(lines);
  for (const Line& l : r.lines)
    r.total_units += l.priced ? l.units : 0;
  return r;
}

Result not_evaluated(std::string id, std::string error) {
  Result r;
  r.id = std::move(id);
  r.fail(std::move(error), "why");
  return r;
}

std::string report(const std::vector<Result>& results) {
  BatchSummary summary;
  RecordCounts counts;
  for (const Result& r : results) {
    summary.add(r);
    counts.add(r);
  }
  std::string out;
  summary.append_report(out, counts);
  return out;
}

}  // namespace

TEST_CASE("batch summary: units per payer and code, findings per id, errors with a few ids",
          "[batch-summary]") {
  Result a = evaluated("a", "medicare", {line("97110", 2), line("97140", 1)});
  a.findings = {finding(FindingSeverity::warning, "modifier.discipline-missing", "97110"),
                finding(FindingSeverity::warning, "modifier.discipline-missing", "97140"),
                finding(FindingSeverity::info, "discipline.assumed")};
  Line typo = line("9714O", 0);
  typo.priced = false;
  Result b = evaluated("b", "commercial", {line("97110", 3), typo});
  b.findings = {finding(FindingSeverity::warning, "code.not-in-rules", "9714O")};
  std::vector<Result> results = {a, b};
  for (int i = 1; i <= 5; ++i)
    results.push_back(not_evaluated(fmt::format("n{}", i), "input.minutes-negative"));
  results.push_back(not_evaluated("p", "input.unknown-payer"));
  CHECK(report(results) == R"(Batch summary
  Encounters                 8
    evaluated                2
    not evaluated            6
    with error findings      0
    with warnings, no error  2
  Units                      6

Units by payer
  PAYER       ENCOUNTERS  UNITS
  commercial           1      3
  medicare             1      3
  total                2      6

Units by code
  CODE   LINES  UNITS
  97110      2      5
  97140      1      1
  9714O      1      -  not in the rules
  total      4      6

Findings
  FINDING                      SEVERITY  ENCOUNTERS  LINES
  modifier.discipline-missing  warning            1      2
  code.not-in-rules            warning            1      1
  discipline.assumed           info               1      -

Not evaluated
  ERROR                   RECORDS  FOR EXAMPLE
  input.minutes-negative        5  n1, n2, n3, ...
  input.unknown-payer           1  p
)");
}

TEST_CASE("batch summary: chunks counted apart and merged in order give the batch's report",
          "[batch-summary]") {
  // Every kind of tally: payers, codes (billed, over, under, not priced), findings of each
  // severity (one id both warning and error), and errors with more examples than are shown.
  std::vector<Result> results;
  for (int i = 0; i < 40; ++i) {
    Line billed = line(i % 3 == 0 ? "97110" : "97140", i % 4,
                       i % 5 == 0 ? std::optional(i % 3) : std::nullopt);
    Line typo = line("9714O", 0);
    typo.priced = false;
    Result r = evaluated(fmt::format("e{}", i), i % 2 == 0 ? "medicare" : "commercial",
                         i % 7 == 0 ? std::vector<Line>{billed, typo} : std::vector<Line>{billed});
    if (i % 3 == 0)
      r.findings.push_back(finding(i % 6 == 0 ? FindingSeverity::error : FindingSeverity::warning,
                                   "edit.x", billed.code));
    if (i % 4 == 0)
      r.findings.push_back(finding(FindingSeverity::info, "discipline.assumed"));
    results.push_back(r);
    if (i % 6 == 5)
      results.push_back(not_evaluated(
          fmt::format("n{}", i), i % 12 == 5 ? "input.minutes-negative" : "input.unknown-payer"));
  }
  const std::string whole = report(results);
  for (const std::size_t chunk : {1, 2, 5, 13, 64}) {
    INFO("chunks of " << chunk);
    BatchSummary merged;
    RecordCounts counts;
    BatchSummary part;  // reused, as a thread's chunk is
    for (std::size_t first = 0; first < results.size(); first += chunk) {
      part.clear();
      for (std::size_t i = first; i < std::min(results.size(), first + chunk); ++i) {
        part.add(results[i]);
        counts.add(results[i]);
      }
      merged.merge(part);
    }
    std::string out;
    merged.append_report(out, counts);
    CHECK(out == whole);
  }
}

TEST_CASE("batch summary: the audit of billed units per code and in all", "[batch-summary]") {
  Result tie = evaluated("tie", "medicare", {line("97112", 2, 3), line("97110", 1, 2)});
  tie.alternatives = {{1, 2}};  // 97110 may take 2: billed 2 is supported
  const Result under = evaluated("under", "commercial", {line("97110", 3, 1), line("97161", 1)});
  const std::string text = report({tie, under});
  CHECK(text.find("\nUnits by code\n"
                  "  CODE   LINES  UNITS  BILLED  OVER  UNDER\n"
                  "  97110      2      4       3     0      2\n"
                  "  97112      1      2       3     1      0\n"
                  "  97161      1      1\n"
                  "  total      4      7       6     1      2\n") != std::string::npos);
  CHECK(text.ends_with(
      "\nBilled units\n  3 lines billed: 1 over-billed by 1 unit, 1 under-billed by 2 units\n"));
  CHECK(text.find("\nFindings\n  none\n") != std::string::npos);
  CHECK(text.find("Not evaluated\n") == std::string::npos);
}

TEST_CASE("batch summary: long ids are cut, and as many examples as fit are shown",
          "[batch-summary]") {
  const std::string long_error = "input.an-error-id-much-longer-than-any-real-one";
  std::vector<Result> results;
  for (int i = 1; i <= 3; ++i)
    results.push_back(not_evaluated(fmt::format("encounter-with-a-long-id-{:04}", i), long_error));
  const std::string text = report(results);
  CHECK(text.find("  input.an-error-id-much-longer...        3  encounter-with-a-..., ...\n") !=
        std::string::npos);
  for (const std::string& row : cptrules::test::lines_of(text)) {
    INFO(row);
    CHECK(row.size() <= 80);
  }
}

TEST_CASE("batch summary: --format summary writes only the report, at the end", "[batch-summary]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    cptrules::interp::ResultWriter writer(file, OutputFormat::summary);
    writer.write(evaluated("a", "medicare", {line("97110", 2)}));
    writer.flush();
    CHECK(std::ftell(file) == 0);
    writer.write(not_evaluated("b", "input.minutes-negative"));
    writer.finish();
    CHECK(writer.counts().records == 2);
    CHECK(writer.counts().not_evaluated == 1);
  }
  std::rewind(file);
  const std::string text = cptrules::test::read_all(file);
  std::fclose(file);
  CHECK(text.starts_with("Batch summary\n  Encounters                 2\n"));
  CHECK(text.ends_with("  input.minutes-negative        1  b\n"));
}
