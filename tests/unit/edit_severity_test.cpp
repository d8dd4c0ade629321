// Code-pair edits of each severity at run time: the finding, its severity, exit status, summary.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <cptrules/engine.hpp>

#include "engine_of_text.hpp"
#include "test_support.hpp"

namespace {

using cptrules::Encounter;
using cptrules::Engine;
using cptrules::Result;
using cptrules::Service;
using cptrules::interp::FindingSeverity;
using cptrules::test::Run;
using cptrules::test::run_cli;

// One pair of codes per severity (error, warning, info, and none given), the error one with a
// bypass and limited to payer plan, one edit whose severity changes with the date, and one
// whose bypass modifiers count on either line.
const std::string kRules = R"rules(policy per-code "Each code alone" {
  pool each code
  units = (minutes + 7) / 15
}

payer plan "A plan" {
  policy per-code
}

payer other "Another plan" {
  policy per-code
}

code E1 { timed every 15 min }
code E2 { timed every 15 min }
code W1 { timed every 15 min }
code W2 { timed every 15 min }
code I1 { timed every 15 min }
code I2 { timed every 15 min }
code D1 { timed every 15 min }
code D2 { timed every 15 min }
code V1 { timed every 15 min }
code V2 { timed every 15 min }
code B1 { timed every 15 min }
code B2 { timed every 15 min }

edit pair-either "B1 with B2, a modifier on either line" {
  column 1 B1
  column 2 B2
  bypass with 59, XU on either line
  when "on the same date of service"
}

edit pair-error "E1 with E2" {
  column 1 E1
  column 2 E2
  bypass with 59
  when "performed in the same time block"
  message "report E2 only when separate"
  payers plan
  severity error
}

edit pair-warning "W1 with W2" {
  column 1 W1
  column 2 W2
  no bypass
  severity warning
}

edit pair-info "I1 with I2" {
  column 1 I1
  column 2 I2
  no bypass
  severity info
}

edit pair-default "D1 with D2" {
  column 1 D1
  column 2 D2
  no bypass
}

edit pair-dated "V1 with V2, a warning through 2021" {
  column 1 V1
  column 2 V2
  no bypass
  severity warning
  expires 2021-12-31
}

edit pair-dated "V1 with V2, an error from 2022" {
  column 1 V1
  column 2 V2
  no bypass
  severity error
  effective 2022-01-01
}
)rules";

const Engine& engine() {
  static const Engine loaded = cptrules::test::engine_of_text("severities.rules", kRules);
  return loaded;
}

struct Svc {
  std::string code;
  std::int64_t minutes;
  std::vector<std::string> modifiers = {};
};

Result evaluate(const std::string& payer, const std::string& date, const std::vector<Svc>& svcs) {
  Encounter enc;
  enc.id = "enc";
  enc.input_line = 1;
  enc.payer = payer;
  enc.date = cptrules::lang::parse_date(date);
  for (const Svc& s : svcs) {
    Service& service = enc.services.emplace_back();
    service.code = s.code;
    service.minutes = s.minutes;
    service.modifiers = s.modifiers;
  }
  auto evaluator = engine().evaluator();
  Result r = evaluator.evaluate(enc);
  REQUIRE(r.ok);
  return r;
}

// "severity id: message" for each finding.
std::vector<std::string> findings(const Result& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    out.push_back(
        fmt::format("{} {}: {}", cptrules::interp::severity_name(f.severity), f.id, f.message));
  return out;
}

std::string units(const Result& r) {
  std::string out;
  for (const auto& line : r.lines)
    out += fmt::format("{}{} x{}", out.empty() ? "" : ", ", line.code, line.units);
  return out;
}

// The batch of the CLI tests, one encounter per edit; each pair has units on both codes:
// (8 + 7) / 15 = 1 and (23 + 7) / 15 = 2 units.
const std::string kBatch =
    R"({"id": "error", "date": "2025-03-04", "payer": "plan", "services": [{"code": "E1", "minutes": 8}, {"code": "E2", "minutes": 23}]}
{"id": "warning", "date": "2025-03-04", "payer": "plan", "services": [{"code": "W1", "minutes": 8}, {"code": "W2", "minutes": 8}]}
{"id": "info", "date": "2025-03-04", "payer": "plan", "services": [{"code": "I1", "minutes": 8}, {"code": "I2", "minutes": 8}]}
{"id": "default", "date": "2025-03-04", "payer": "plan", "services": [{"code": "D1", "minutes": 8}, {"code": "D2", "minutes": 8}]}
)";

const std::string kErrorMessage =
    "E2 is not separately payable with E1 performed in the same time block: report E2 only when "
    "separate; modifier 59 on E2 makes the pair billable when the clinical facts support it";

}  // namespace

TEST_CASE("edit severity: each declared severity is the finding's severity", "[edit-severity]") {
  const Result error = evaluate("plan", "2025-03-04", {{"E1", 8}, {"E2", 23}});
  CHECK(units(error) == "E1 x1, E2 x2");
  REQUIRE(error.findings.size() == 1);
  CHECK(error.findings[0].severity == FindingSeverity::error);
  CHECK(findings(error) == std::vector<std::string>{"error edit.pair-error: " + kErrorMessage});
  const Result warning = evaluate("plan", "2025-03-04", {{"W1", 8}, {"W2", 8}});
  REQUIRE(warning.findings.size() == 1);
  CHECK(warning.findings[0].severity == FindingSeverity::warning);
  CHECK(findings(warning) ==
        std::vector<std::string>{
            "warning edit.pair-warning: W2 is not separately payable with W1; no modifier "
            "bypasses this edit"});
  const Result info = evaluate("plan", "2025-03-04", {{"I1", 8}, {"I2", 8}});
  REQUIRE(info.findings.size() == 1);
  CHECK(info.findings[0].severity == FindingSeverity::info);
  CHECK(findings(info) == std::vector<std::string>{"info edit.pair-info: I2 is not separately "
                                                   "payable with I1; no modifier bypasses this "
                                                   "edit"});
  // No severity given: warning.
  const Result plain = evaluate("plan", "2025-03-04", {{"D1", 8}, {"D2", 8}});
  REQUIRE(plain.findings.size() == 1);
  CHECK(plain.findings[0].severity == FindingSeverity::warning);
  CHECK(plain.findings[0].id == "edit.pair-default");
}

TEST_CASE("edit severity: a bypassed pair is info whatever the edit's severity",
          "[edit-severity]") {
  const Result bypassed = evaluate("plan", "2025-03-04", {{"E1", 8}, {"E2", 23, {"59"}}});
  CHECK(units(bypassed) == "E1 x1, E2 x2");
  CHECK(findings(bypassed) ==
        std::vector<std::string>{
            "info edit.bypassed: E2 with E1: modifier 59 on E2 bypasses edit 'pair-error' (E2 is "
            "not separately payable with E1 performed in the same time block); it is right only "
            "if the clinical facts support it"});
  // 59 on the column 1 code does not bypass.
  const Result wrong_line = evaluate("plan", "2025-03-04", {{"E1", 8, {"59"}}, {"E2", 23}});
  CHECK(findings(wrong_line) ==
        std::vector<std::string>{"error edit.pair-error: " + kErrorMessage});
}

TEST_CASE("edit: a bypass modifier on either line, when the edit says so", "[edit-severity]") {
  const Result on_column1 = evaluate("plan", "2025-03-04", {{"B1", 8, {"59"}}, {"B2", 23}});
  CHECK(findings(on_column1) ==
        std::vector<std::string>{
            "info edit.bypassed: B2 with B1: modifier 59 on B1 bypasses edit 'pair-either' (B2 is "
            "not separately payable with B1 on the same date of service); it is right only if "
            "the clinical facts support it"});
  const Result on_column2 = evaluate("plan", "2025-03-04", {{"B1", 8}, {"B2", 23, {"XU"}}});
  CHECK(findings(on_column2) ==
        std::vector<std::string>{
            "info edit.bypassed: B2 with B1: modifier XU on B2 bypasses edit 'pair-either' (B2 is "
            "not separately payable with B1 on the same date of service); it is right only if "
            "the clinical facts support it"});
  const Result neither = evaluate("plan", "2025-03-04", {{"B1", 8}, {"B2", 23}});
  CHECK(findings(neither) ==
        std::vector<std::string>{
            "warning edit.pair-either: B2 is not separately payable with B1 on the same date of "
            "service; modifier 59 or XU on either line makes the pair billable when the clinical "
            "facts support it"});
}

TEST_CASE("edit severity: no finding without units on both codes or for another payer",
          "[edit-severity]") {
  // E2 7 minutes: 14 / 15 = 0 units, the pair is not billed together.
  const Result zero = evaluate("plan", "2025-03-04", {{"E1", 8}, {"E2", 7}});
  CHECK(units(zero) == "E1 x1, E2 x0");
  CHECK(zero.findings.empty());
  // pair-error names payer plan only.
  const Result other = evaluate("other", "2025-03-04", {{"E1", 8}, {"E2", 23}});
  CHECK(units(other) == "E1 x1, E2 x2");
  CHECK(other.findings.empty());
  // The other edits name no payer: they apply to payer other too.
  const Result info = evaluate("other", "2025-03-04", {{"I1", 8}, {"I2", 8}});
  CHECK(findings(info).size() == 1);
}

TEST_CASE("edit severity: the version in force on the date gives the severity", "[edit-severity]") {
  const Result late_2021 = evaluate("plan", "2021-12-31", {{"V1", 8}, {"V2", 8}});
  CHECK(findings(late_2021) ==
        std::vector<std::string>{"warning edit.pair-dated: V2 is not separately payable with V1; "
                                 "no modifier bypasses this edit"});
  const Result early_2022 = evaluate("plan", "2022-01-01", {{"V1", 8}, {"V2", 8}});
  CHECK(findings(early_2022) ==
        std::vector<std::string>{"error edit.pair-dated: V2 is not separately payable with V1; "
                                 "no modifier bypasses this edit"});
}

TEST_CASE("edit severity: eval exits 0 with findings of every severity", "[edit-severity]") {
  cptrules::test::TempDir dir("cptrules-edit-severity");
  const std::string rules = dir.write("severities.rules", kRules);
  const std::string batch = dir.write("batch.jsonl", kBatch);
  const std::string args = fmt::format("--no-stdlib --rules '{}' '{}'", rules, batch);
  // Every encounter was evaluated: exit 0, even with an error finding (docs/eval.md).
  const Run jsonl = run_cli(dir, "eval --format jsonl " + args);
  CHECK(jsonl.status == 0);
  CHECK(jsonl.err.empty());
  CHECK(
      jsonl.out ==
      R"x({"id": "error", "ok": true, "payer": "plan", "policy": "per-code", "date": "2025-03-04", "timed_minutes": 31, "total_units": 3, "lines": [{"code": "E1", "minutes": 8, "units": 1}, {"code": "E2", "minutes": 23, "units": 2}], "alternatives": [], "findings": [{"severity": "error", "id": "edit.pair-error", "code": "E2", "message": ")x" +
          kErrorMessage + R"x("}]}
{"id": "warning", "ok": true, "payer": "plan", "policy": "per-code", "date": "2025-03-04", "timed_minutes": 16, "total_units": 2, "lines": [{"code": "W1", "minutes": 8, "units": 1}, {"code": "W2", "minutes": 8, "units": 1}], "alternatives": [], "findings": [{"severity": "warning", "id": "edit.pair-warning", "code": "W2", "message": "W2 is not separately payable with W1; no modifier bypasses this edit"}]}
{"id": "info", "ok": true, "payer": "plan", "policy": "per-code", "date": "2025-03-04", "timed_minutes": 16, "total_units": 2, "lines": [{"code": "I1", "minutes": 8, "units": 1}, {"code": "I2", "minutes": 8, "units": 1}], "alternatives": [], "findings": [{"severity": "info", "id": "edit.pair-info", "code": "I2", "message": "I2 is not separately payable with I1; no modifier bypasses this edit"}]}
{"id": "default", "ok": true, "payer": "plan", "policy": "per-code", "date": "2025-03-04", "timed_minutes": 16, "total_units": 2, "lines": [{"code": "D1", "minutes": 8, "units": 1}, {"code": "D2", "minutes": 8, "units": 1}], "alternatives": [], "findings": [{"severity": "warning", "id": "edit.pair-default", "code": "D2", "message": "D2 is not separately payable with D1; no modifier bypasses this edit"}]}
)x");
  const Run json = run_cli(dir, "eval --format json --jobs 2 " + args);
  CHECK(json.status == 0);
  CHECK(json.out.find(R"("findings": [{"severity": "error", "id": "edit.pair-error", )") !=
        std::string::npos);
  const Run csv = run_cli(dir, "eval --format csv " + args);
  CHECK(csv.status == 0);
  CHECK(csv.out.find("\nerror,2025-03-04,plan,per-code,line,E2,,,23,2,,,error,edit.pair-error,") !=
        std::string::npos);
  // The table shows each finding with its severity; the summary counts 4 encounters,
  // 3 + 2 + 2 + 2 = 9 units, 0 records that could not be evaluated, 1 encounter with an error
  // finding and 2 whose worst finding is a warning (the one with an info finding is neither).
  const Run table = run_cli(dir, "eval --format table " + args);
  CHECK(table.status == 0);
  CHECK(table.out.find("\n           error edit.pair-error: " + kErrorMessage + "\n") !=
        std::string::npos);
  CHECK(table.out.find("\n           warning edit.pair-warning: W2 is not separately payable") !=
        std::string::npos);
  CHECK(table.out.find("\n           info edit.pair-info: I2 is not separately payable") !=
        std::string::npos);
  CHECK(table.out.find("\n           warning edit.pair-default: D2 is not separately payable") !=
        std::string::npos);
  CHECK(table.out.find(
            "\n4 encounters, 9 units, 0 not evaluated, 1 with errors, 2 with warnings\n") !=
        std::string::npos);
}

TEST_CASE("edit severity: an error record still makes the batch exit 65", "[edit-severity]") {
  cptrules::test::TempDir dir("cptrules-edit-severity");
  const std::string rules = dir.write("severities.rules", kRules);
  const std::string batch = dir.write(
      "batch.jsonl",
      kBatch + R"({"id": "unknown", "date": "2025-03-04", "payer": "nobody", "services": []})"
               "\n");
  const Run table =
      run_cli(dir, fmt::format("eval --format table --no-stdlib --rules '{}' '{}'", rules, batch));
  CHECK(table.status == 65);
  CHECK(table.out.find(
            "\n5 encounters, 9 units, 1 not evaluated, 1 with errors, 2 with warnings\n") !=
        std::string::npos);
}

TEST_CASE("edit severity: cptrules test expects the findings of each edit", "[edit-severity]") {
  cptrules::test::TempDir dir("cptrules-edit-severity");
  const std::string rules = dir.write("severities.rules", kRules + R"rules(
test "severity edits fire" {
  payer plan
  date 2025-03-04
  given E1 8 min, E2 23 min
  expect E1 x1, E2 x2
  expect finding edit.pair-error
  given E1 8 min, E2 23 min with 59
  expect finding edit.bypassed
  expect no finding edit.pair-error
  given I1 8 min, I2 8 min
  expect finding edit.pair-info
  given E1 8 min, E2 7 min
  expect no finding edit.pair-error
}
)rules");
  const Run run = run_cli(dir, fmt::format("test --no-stdlib '{}'", rules));
  CHECK(run.status == 0);
  CHECK(run.out == "4 passed, 0 failed\n");
}

TEST_CASE("edit severity: only error, warning and info are severities", "[edit-severity]") {
  cptrules::test::TempDir dir("cptrules-edit-severity");
  const std::string rules = dir.write("fatal.rules", R"rules(code C1 { timed every 15 min }
code C2 { timed every 15 min }
edit pair "C1 with C2" {
  column 1 C1
  column 2 C2
  severity fatal
}
)rules");
  const std::string batch = dir.write("batch.jsonl", kBatch);
  const Run run = run_cli(dir, fmt::format("eval --rules '{}' '{}'", rules, batch));
  CHECK(run.status == 65);
  CHECK(run.out.empty());
  CHECK(run.err.find("fatal.rules:6:12: error[E0101]: expected 'error', 'warning' or 'info', found "
                     "'fatal'") != std::string::npos);
}
