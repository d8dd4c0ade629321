// Per-day `limit` declarations at run time: over, at and under the limit, dates, payers, units.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <cptrules/engine.hpp>

#include "test_support.hpp"

namespace {

using cptrules::Encounter;
using cptrules::Engine;
using cptrules::Result;
using cptrules::RuleSources;
using cptrules::Service;
using cptrules::interp::Finding;
using cptrules::interp::FindingSeverity;
using cptrules::test::Run;
using cptrules::test::run_cli;

// Two versions of a Medicare limit of 97035 (2 units a day through 2024, 3 from 2025) and a
// limit of every payer on a range of codes and 97110. None of them is shipped: they are
// examples, as in docs/language.md.
const std::string kLimits = R"rules(limit mue-97035 "Ultrasound: practitioner MUE (example)" {
  codes 97035
  at most 2 units per day
  payers medicare
  message "units over the MUE are all denied"
  expires 2024-12-31
}

limit mue-97035 "Ultrasound from 2025 (example)" {
  codes 97035
  at most 3 units per day
  payers medicare
  effective 2025-01-01
}

limit estim-any "Attended modalities and exercise, every payer (example)" {
  codes 97032..97034, 97110
  at most 1 units per day
}
)rules";

const Engine& engine_with(bool limits) {
  static const auto load = [](bool with_limits) {
    RuleSources sources;
    if (with_limits)
      sources.texts.push_back({"limits-example.rules", kLimits});
    auto loaded = Engine::load(sources);
    INFO(loaded.diagnostics);
    REQUIRE(loaded);
    return *loaded.engine;
  };
  static const Engine with = load(true);
  static const Engine without = load(false);
  return limits ? with : without;
}

struct Svc {
  std::string code;
  std::int64_t minutes;
};

Encounter encounter(const std::string& payer, std::optional<std::string> date,
                    const std::vector<Svc>& services) {
  Encounter enc;
  enc.id = "enc";
  enc.input_line = 1;
  enc.payer = payer;
  if (date)
    enc.date = cptrules::lang::parse_date(*date);
  for (const Svc& s : services) {
    Service& service = enc.services.emplace_back();
    service.code = s.code;
    service.minutes = s.minutes;
    service.modifiers = {"GP"};  // the discipline modifier Medicare asks for: no other finding
  }
  return enc;
}

Result evaluate(const std::string& payer, std::optional<std::string> date,
                const std::vector<Svc>& services, bool limits = true) {
  auto evaluator = engine_with(limits).evaluator();
  Result r = evaluator.evaluate(encounter(payer, std::move(date), services));
  INFO(cptrules::json_line(r));
  REQUIRE(r.ok);
  return r;
}

// The findings whose id starts with "limit.".
std::vector<Finding> limit_findings(const Result& r) {
  std::vector<Finding> out;
  for (const Finding& f : r.findings) {
    if (f.id.rfind("limit.", 0) == 0)
      out.push_back(f);
  }
  return out;
}

// "97035 x3, 97110 x0" (lines in their order), and the total.
std::string units(const Result& r) {
  std::string out;
  for (const auto& line : r.lines)
    out += fmt::format("{}{} x{}", out.empty() ? "" : ", ", line.code, line.units);
  return fmt::format("{} (total {})", out, r.total_units);
}

}  // namespace

TEST_CASE("limit: under and exactly at the limit give no finding", "[limit-decl]") {
  // Medicare pools 97035 alone: 22 minutes are (22 + 7) / 15 = 1 unit, 37 are 44 / 15 = 2.
  const Result under = evaluate("medicare", "2024-06-01", {{"97035", 22}});
  CHECK(units(under) == "97035 x1 (total 1)");
  CHECK(limit_findings(under).empty());
  const Result at = evaluate("medicare", "2024-06-01", {{"97035", 37}});
  CHECK(units(at) == "97035 x2 (total 2)");
  CHECK(limit_findings(at).empty());
  CHECK(at.findings.empty());
}

TEST_CASE("limit: one unit over the limit is a warning and the units stay", "[limit-decl]") {
  // 38 minutes: 45 / 15 = 3 units, one more than the 2 of mue-97035 in 2024.
  const Result over = evaluate("medicare", "2024-06-01", {{"97035", 38}});
  CHECK(units(over) == "97035 x3 (total 3)");
  const auto found = limit_findings(over);
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == "limit.mue-97035");
  CHECK(found[0].severity == FindingSeverity::warning);
  CHECK(found[0].message ==
        "97035 has 3 units; 'mue-97035' allows at most 2 per day: units over the MUE are all "
        "denied");
  CHECK(over.findings.size() == 1);
  // A limit never changes units: the same encounter without the limit bills the same.
  const Result unlimited = evaluate("medicare", "2024-06-01", {{"97035", 38}}, false);
  CHECK(units(unlimited) == units(over));
  CHECK(unlimited.findings.empty());
}

TEST_CASE("limit: far over the limit the message gives the units billed", "[limit-decl]") {
  // 120 minutes: 127 / 15 = 8 units.
  const Result over = evaluate("medicare", "2024-06-01", {{"97035", 120}});
  CHECK(units(over) == "97035 x8 (total 8)");
  const auto found = limit_findings(over);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "97035 has 8 units; 'mue-97035' allows at most 2 per day: units over the MUE are all "
        "denied");
}

TEST_CASE("limit: the version in force on the date of service applies", "[limit-decl]") {
  // 38 minutes (3 units) are over the 2024 version and exactly at the 2025 one.
  const auto ids = [](const Result& r) {
    std::string out;
    for (const Finding& f : limit_findings(r))
      out += f.id + ": " + f.message + "\n";
    return out;
  };
  const std::string over_2024 =
      "limit.mue-97035: 97035 has 3 units; 'mue-97035' allows at most 2 per day: units over the "
      "MUE are all denied\n";
  CHECK(ids(evaluate("medicare", "2024-12-31", {{"97035", 38}})) == over_2024);  // last day
  CHECK(ids(evaluate("medicare", "2025-01-01", {{"97035", 38}})).empty());       // first day
  CHECK(ids(evaluate("medicare", "2025-06-01", {{"97035", 52}})).empty());       // 59 / 15 = 3
  // 53 minutes are 60 / 15 = 4 units: over the 2025 version, which has no message.
  CHECK(ids(evaluate("medicare", "2025-06-01", {{"97035", 53}})) ==
        "limit.mue-97035: 97035 has 4 units; 'mue-97035' allows at most 3 per day\n");
  // Without a date the newest rules apply: the 2025 version.
  const Result newest = evaluate("medicare", std::nullopt, {{"97035", 53}});
  CHECK(ids(newest) ==
        "limit.mue-97035: 97035 has 4 units; 'mue-97035' allows at most 3 per day\n");
  CHECK(ids(evaluate("medicare", std::nullopt, {{"97035", 38}})).empty());
}

TEST_CASE("limit: a limit with payers applies to those payers only", "[limit-decl]") {
  // Under the CPT rule 53 minutes of 97035 are also 4 units, but mue-97035 is Medicare's.
  const Result commercial = evaluate("commercial", "2024-06-01", {{"97035", 53}});
  CHECK(units(commercial) == "97035 x4 (total 4)");
  CHECK(limit_findings(commercial).empty());
  const Result medicare = evaluate("medicare", "2024-06-01", {{"97035", 53}});
  CHECK(units(medicare) == "97035 x4 (total 4)");
  CHECK(limit_findings(medicare).size() == 1);
}

TEST_CASE("limit: without payers a limit applies to every payer and each code of its range",
          "[limit-decl]") {
  // estim-any: 97032..97034 and 97110, at most 1 unit. Commercial counts each code alone:
  // 23 minutes are (23 + 7) / 15 = 2 units, 22 minutes 1 unit.
  const Result two_codes =
      evaluate("commercial", "2025-03-04", {{"97033", 23}, {"97110", 23}, {"97032", 22}});
  CHECK(units(two_codes) == "97033 x2, 97110 x2, 97032 x1 (total 5)");
  const auto found = limit_findings(two_codes);
  REQUIRE(found.size() == 2);
  CHECK(found[0].id == "limit.estim-any");
  CHECK(found[0].message == "97033 has 2 units; 'estim-any' allows at most 1 per day");
  CHECK(found[1].id == "limit.estim-any");
  CHECK(found[1].message == "97110 has 2 units; 'estim-any' allows at most 1 per day");
  // 97034 is inside the range, 97035 (outside it) has its own limit, under Medicare only.
  const Result range = evaluate("commercial", "2025-03-04", {{"97034", 30}, {"97035", 30}});
  CHECK(units(range) == "97034 x2, 97035 x2 (total 4)");
  REQUIRE(limit_findings(range).size() == 1);
  CHECK(limit_findings(range)[0].message ==
        "97034 has 2 units; 'estim-any' allows at most 1 per day");
  // The same limit under Medicare.
  const Result medicare = evaluate("medicare", "2025-03-04", {{"97110", 23}});
  CHECK(units(medicare) == "97110 x2 (total 2)");
  REQUIRE(limit_findings(medicare).size() == 1);
  CHECK(limit_findings(medicare)[0].message ==
        "97110 has 2 units; 'estim-any' allows at most 1 per day");
}

TEST_CASE("limit: a pooled allocation is limited by each code's own units", "[limit-decl]") {
  // Medicare, 2024: 97035 37 min + 97140 8 min = 45 min, 52 / 15 = 3 units. 97035 has 2 full
  // units and 7 minutes left over, 97140 8: the third unit goes to 97140, so 97035 stays at 2.
  const Result stays = evaluate("medicare", "2024-06-01", {{"97035", 37}, {"97140", 8}});
  CHECK(units(stays) == "97035 x2, 97140 x1 (total 3)");
  CHECK(limit_findings(stays).empty());
  // 97035 38 min + 97140 7 min: the same 3 units, but 97035's 8 minutes left over beat 7.
  const Result over = evaluate("medicare", "2024-06-01", {{"97035", 38}, {"97140", 7}});
  CHECK(units(over) == "97035 x3, 97140 x0 (total 3)");
  REQUIRE(limit_findings(over).size() == 1);
  CHECK(limit_findings(over)[0].message ==
        "97035 has 3 units; 'mue-97035' allows at most 2 per day: units over the MUE are all "
        "denied");
  // 97035 listed twice has its minutes added: 20 + 18 = 38 minutes, 3 units.
  const Result twice = evaluate("medicare", "2024-06-01", {{"97035", 20}, {"97035", 18}});
  CHECK(units(twice) == "97035 x3 (total 3)");
  CHECK(limit_findings(twice).size() == 1);
}

TEST_CASE("limit: eval reports the finding in every format and exits 0", "[limit-decl]") {
  cptrules::test::TempDir dir("cptrules-limits");
  const std::string rules = dir.write("limits.rules", kLimits);
  const std::string input = dir.write(
      "visits.jsonl",
      R"({"id": "under", "date": "2024-06-01", "payer": "medicare", "services": [{"code": "97035", "discipline": "PT", "modifiers": ["GP"], "minutes": 22}]}
{"id": "at", "date": "2024-06-01", "payer": "medicare", "services": [{"code": "97035", "discipline": "PT", "modifiers": ["GP"], "minutes": 37}]}
{"id": "over", "date": "2024-06-01", "payer": "medicare", "services": [{"code": "97035", "discipline": "PT", "modifiers": ["GP"], "minutes": 38}]}
)");
  const Run jsonl =
      run_cli(dir, fmt::format("eval --rules '{}' --format jsonl '{}'", rules, input));
  CHECK(jsonl.status == 0);  // warnings allowed
  CHECK(jsonl.err.empty());
  CHECK(
      jsonl.out ==
      R"({"id": "under", "ok": true, "payer": "medicare", "policy": "cms-8-minute", "date": "2024-06-01", "timed_minutes": 22, "total_units": 1, "lines": [{"code": "97035", "discipline": "PT", "modifiers": ["GP"], "minutes": 22, "units": 1}], "alternatives": [], "findings": []}
{"id": "at", "ok": true, "payer": "medicare", "policy": "cms-8-minute", "date": "2024-06-01", "timed_minutes": 37, "total_units": 2, "lines": [{"code": "97035", "discipline": "PT", "modifiers": ["GP"], "minutes": 37, "units": 2}], "alternatives": [], "findings": []}
{"id": "over", "ok": true, "payer": "medicare", "policy": "cms-8-minute", "date": "2024-06-01", "timed_minutes": 38, "total_units": 3, "lines": [{"code": "97035", "discipline": "PT", "modifiers": ["GP"], "minutes": 38, "units": 3}], "alternatives": [], "findings": [{"severity": "warning", "id": "limit.mue-97035", "code": "97035", "discipline": "PT", "message": "97035 has 3 units; 'mue-97035' allows at most 2 per day: units over the MUE are all denied"}]}
)");
  const Run table =
      run_cli(dir, fmt::format("eval --rules '{}' --format table '{}'", rules, input));
  CHECK(table.status == 0);
  CHECK(table.out.find("warning limit.mue-97035: 97035 has 3 units; 'mue-97035' allows at most "
                       "2 per day: units over the MUE are all denied\n") != std::string::npos);
  CHECK(table.out.find(
            "\n3 encounters, 6 units, 0 not evaluated, 0 with errors, 1 with warnings\n") !=
        std::string::npos);
  // Without the limit's rule file the same visits have no finding.
  const Run plain = run_cli(dir, fmt::format("eval --format jsonl '{}'", input));
  CHECK(plain.status == 0);
  CHECK(plain.out.find("limit.") == std::string::npos);
}

TEST_CASE("limit: cptrules test expects a limit's finding over the limit and none at it",
          "[limit-decl]") {
  cptrules::test::TempDir dir("cptrules-limits");
  const std::string rules = dir.write("limits.rules", kLimits + R"(
test "mue-97035 in 2024" {
  payer medicare
  date 2024-06-01
  given 97035 38 min with GP
  expect 97035 x3
  expect finding limit.mue-97035
  given 97035 37 min with GP
  expect 97035 x2
  expect no finding limit.mue-97035
}
)");
  const Run pass = run_cli(dir, fmt::format("test --rules '{}' --run mue-97035", rules));
  CHECK(pass.status == 0);
  CHECK(pass.out == "2 passed, 0 failed\n");
  // The same cases expecting the opposite fail.
  const std::string wrong = dir.write("wrong.rules", kLimits + R"(
test "mue-97035 expected wrongly" {
  payer medicare
  date 2024-06-01
  given 97035 37 min with GP
  expect finding limit.mue-97035
}
)");
  const Run fail = run_cli(dir, fmt::format("test --rules '{}' --run mue-97035", wrong));
  CHECK(fail.status == 1);
  CHECK(fail.out.find("0 passed, 1 failed") != std::string::npos);
}
