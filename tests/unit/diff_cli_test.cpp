// `cptrules diff` end to end: every option, both formats, unreadable lines and exit statuses.
#include <catch2/catch.hpp>

#include <cstdint>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "test_support.hpp"

namespace {

using cptrules::test::Run;
using cptrules::test::run_cli;

// Rules shared by both sides: a per-code and a pooled policy, two timed codes, an untimed one.
const std::string kBase = R"rules(policy per-code "Each code alone" {
  pool each code
  units = (minutes + 7) / 15
}

policy pooled "All minutes together" {
  pool timed minutes per day
  units = (minutes + 7) / 15
  allocate {
    each code gets minutes / unit
    rest by leftover minutes, largest first
  }
}

code A1 "First timed code" {
  timed every 15 min
}

code A2 "Second timed code" {
  timed every 15 min
}

code U1 "An untimed code" {
  untimed
}
)rules";

// Payer acme counts each code alone (v1), then pools its minutes and has a code-pair edit (v2).
const std::string kAcmeV1 = R"rules(payer acme "Acme" {
  policy per-code
  effective 2020-01-01
}
)rules";

const std::string kAcmeV2 = R"rules(payer acme "Acme" {
  policy pooled
  effective 2020-01-01
}

edit pair "A1 with A2" {
  column 1 A1
  column 2 A2
  no bypass
  effective 2025-01-01
}
)rules";

// e1: 7 + 7 minutes. e2: 24 + 23 minutes. e3: no payer, no date. A malformed line.
const std::string kVisits =
    R"({"id": "e1", "date": "2025-03-04", "payer": "acme", "services": [{"code": "A1", "minutes": 7}, {"code": "A2", "minutes": 7}]}
{"id": "e2", "date": "2025-03-04", "payer": "acme", "services": [{"code": "A1", "minutes": 24}, {"code": "A2", "minutes": 23}]}
{"id": "e3", "services": [{"code": "A1", "minutes": 30}, {"code": "U1"}]}
{"id": "bad", "services": [
)";

// An encounter dated before acme is in force.
const std::string kE5 =
    R"({"id": "e5", "date": "2019-05-01", "payer": "acme", "services": [{"code": "A1", "minutes": 8}]})"
    "\n";

// A scratch folder holding the rule folders base/, v1/, v2/ and the visits.
struct Fixture {
  cptrules::test::TempDir dir{"cptrules-diff"};
  std::string base;
  std::string v1;
  std::string v2;
  std::string visits;

  Fixture() {
    for (const char* sub : {"base", "v1", "v2"})
      cptrules::test::fs::create_directories(dir.path() / sub);
    dir.write("base/base.rules", kBase);
    dir.write("v1/acme.rules", kAcmeV1);
    dir.write("v2/acme.rules", kAcmeV2);
    base = dir.path("base");
    v1 = dir.path("v1");
    v2 = dir.path("v2");
    visits = dir.write("visits.jsonl", kVisits);
  }

  // `--no-stdlib --rules base --rules v1`: the acme rules before the change.
  std::string before() const {
    return fmt::format("--no-stdlib --rules '{}' --rules '{}'", base, v1);
  }
  // `--against base --against v2`: the acme rules after it.
  std::string against() const { return fmt::format("--against '{}' --against '{}'", base, v2); }

  Run diff(const std::string& args) const { return run_cli(dir, "diff " + args); }
};

// Counts the occurrences of `what` in `text`.
std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// The lines that name the sides, for rules given as paths, on each encounter's own date.
std::string sides(const std::string& before, const std::string& after) {
  return "before: " + before + ", each encounter's own date\nafter:  " + after +
         ", each encounter's own date\n";
}

// The totals table: each side's encounters, units, not evaluated, error, warning and info
// findings, given as "4 7 1 0 1 0", with the change of each.
std::string totals(const std::string& before, const std::string& after) {
  std::int64_t b[6] = {};
  std::int64_t a[6] = {};
  std::istringstream in_before(before);
  std::istringstream in_after(after);
  for (int i = 0; i < 6; ++i) {
    in_before >> b[i];
    in_after >> a[i];
  }
  const char* labels[] = {"encounters",       "units",        "not evaluated", "error findings",
                          "warning findings", "info findings"};
  std::string out = "\n                  before   after  change\n";
  for (int i = 0; i < 6; ++i) {
    const std::string change = a[i] == b[i] ? "0" : fmt::format("{:+}", a[i] - b[i]);
    out += fmt::format("{:<16}  {:>6}  {:>6}  {:>6}\n", labels[i], b[i], a[i], change);
  }
  return out;
}

// The reasons the explanations give for e1 and e2 under both policies.
const std::string kWhyE1PerCode =
    "Each code alone. Each code counts on its own: A1's 7 minutes give no unit; A2's 7 minutes "
    "give no unit.";
const std::string kWhyE1Pooled =
    "All minutes together. The 14 timed minutes together allow 1 unit. The first unit goes to "
    "A1: A1 and A2 tie with 7 minutes each, and the order listed breaks the tie.";
const std::string kWhyE2PerCode =
    "Each code alone. Each code counts on its own: A1's 24 minutes give 2 units; A2's 23 "
    "minutes give 2 units.";
const std::string kWhyE2Pooled =
    "All minutes together. The 47 timed minutes together allow 3 units. A1 gets 1 full unit for "
    "its first 15 minutes; A2 gets 1 full unit for its first 15 minutes; the third unit goes to "
    "A1, whose 9 minutes left over beat the 8 left over of A2.";
const std::string kEditPair =
    "A2 is not separately payable with A1; no modifier bypasses this edit";

}  // namespace

TEST_CASE("diff: --against lists every changed encounter, grouped by kind of change", "[diff]") {
  const Fixture f;
  const Run run = f.diff(f.before() + " " + f.against() + " --payer acme '" + f.visits + "'");
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  // e1: per code 7 and 7 minutes give 0 + 0 units; pooled, 14 minutes give (14 + 7) / 15 = 1
  // unit, to A1 (listed first, tied with A2). e2: per code (24 + 7) / 15 = 2 and
  // (23 + 7) / 15 = 2; pooled, 47 minutes give 54 / 15 = 3 units: 1 full unit each, the third
  // to A1 (9 minutes left over against 8). The edit is in force on 2025-03-04 and both codes of
  // e2 have units: its warning appears. e3 (no date: the newest rules, warning input.no-date on
  // both sides, its message naming each side's policy) is A1 30 minutes, 37 / 15 = 2 units
  // either way, and U1: unchanged. The cut line could not be read.
  CHECK(run.out == sides(f.base + " + " + f.v1, f.base + " + " + f.v2) +
                       "4 encounters compared: 2 changed, 1 unchanged, 1 could not be read\n" +
                       totals("4 7 1 0 1 0", "4 7 1 0 2 0") +
                       "\n"
                       "1 encounter loses units (-1 unit): e2\n"
                       "  e2:\n"
                       "    before: A1 x2, A2 x2 (total 4)\n"
                       "    after:  A1 x2, A2 x1 (total 3)\n"
                       "    why before: " +
                       kWhyE2PerCode + "\n    why after:  " + kWhyE2Pooled +
                       "\n"
                       "    after only:  warning edit.pair: " +
                       kEditPair +
                       "\n"
                       "\n"
                       "1 encounter gains units (+1 unit): e1\n"
                       "  e1:\n"
                       "    before: A1 x0, A2 x0 (total 0)\n"
                       "    after:  A1 x1, A2 x0 (total 1)\n"
                       "    why before: " +
                       kWhyE1PerCode + "\n    why after:  " + kWhyE1Pooled + "\n");
  // A finding that the change brings is a warning: --fail-on warning fails, --fail-on error not.
  const std::string args = f.before() + " " + f.against() + " --payer acme '" + f.visits + "'";
  CHECK(f.diff(args + " --fail-on warning").status == 1);
  CHECK(f.diff(args + " --fail-on error").status == 0);
  const Run bad = f.diff(args + " --fail-on info");
  CHECK(bad.status == 64);
  CHECK(bad.err.find("must be error or warning") != std::string::npos);
}

TEST_CASE("diff: the same rules compared with themselves change nothing", "[diff]") {
  const Fixture f;
  const Run run =
      f.diff(f.before() + fmt::format(" --against '{}' --against '{}' --payer acme '{}'", f.base,
                                      f.v1, f.visits));
  CHECK(run.status == 0);
  CHECK(run.out == sides(f.base + " + " + f.v1, f.base + " + " + f.v1) +
                       "4 encounters compared: 0 changed, 3 unchanged, 1 could not be read\n" +
                       totals("4 7 1 0 1 0", "4 7 1 0 1 0"));
  // Warnings on both sides are none that the change brings.
  CHECK(f.diff(f.before() + fmt::format(" --against '{}' --against '{}' --payer acme "
                                        "--fail-on warning '{}'",
                                        f.base, f.v1, f.visits))
            .status == 0);
}

TEST_CASE("diff: --format json lists each changed encounter with its records on both sides",
          "[diff]") {
  const Fixture f;
  const Run run = f.diff(f.before() + " " + f.against() + " --payer acme --date 2024-06-01 " +
                         "--format json '" + f.visits + "'");
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  // e3 is dated 2024-06-01 by --date: no finding on either side, unchanged. The edit is not in
  // force in 2024... but e2 is dated 2025-03-04: its warning appears.
  const auto side = [&](const std::string& rules, const std::string& counts) {
    return fmt::format(R"({{"rules": [{}], "default_date": "2024-06-01", {}}})", rules, counts);
  };
  const std::string e1 =
      R"({"id": "e1", "change": "gains-units", "units_change": 1, "before": {"id": "e1", "ok": true, "payer": "acme", "policy": "per-code", "date": "2025-03-04", "timed_minutes": 14, "total_units": 0, "lines": [{"code": "A1", "minutes": 7, "units": 0}, {"code": "A2", "minutes": 7, "units": 0}], "alternatives": [], "findings": []}, "after": {"id": "e1", "ok": true, "payer": "acme", "policy": "pooled", "date": "2025-03-04", "timed_minutes": 14, "total_units": 1, "lines": [{"code": "A1", "minutes": 7, "units": 1}, {"code": "A2", "minutes": 7, "units": 0}], "alternatives": [], "findings": []}, "before_only": [], "after_only": [], "why_before": ")" +
      kWhyE1PerCode + R"(", "why_after": ")" + kWhyE1Pooled + "\"}";
  const std::string e2 =
      R"({"id": "e2", "change": "loses-units", "units_change": -1, "before": {"id": "e2", "ok": true, "payer": "acme", "policy": "per-code", "date": "2025-03-04", "timed_minutes": 47, "total_units": 4, "lines": [{"code": "A1", "minutes": 24, "units": 2}, {"code": "A2", "minutes": 23, "units": 2}], "alternatives": [], "findings": []}, "after": {"id": "e2", "ok": true, "payer": "acme", "policy": "pooled", "date": "2025-03-04", "timed_minutes": 47, "total_units": 3, "lines": [{"code": "A1", "minutes": 24, "units": 2}, {"code": "A2", "minutes": 23, "units": 1}], "alternatives": [], "findings": [{"severity": "warning", "id": "edit.pair", "code": "A2", "message": ")" +
      kEditPair +
      R"("}]}, "before_only": [], "after_only": [{"severity": "warning", "id": "edit.pair", "message": ")" +
      kEditPair + R"(", "code": "A2"}], "why_before": ")" + kWhyE2PerCode + R"(", "why_after": ")" +
      kWhyE2Pooled + "\"}";
  CHECK(
      run.out ==
      R"({"compared": 4, "changed": 2, "unreadable": 1, "before": )" +
          side(
              fmt::format("\"{}\", \"{}\"", f.base, f.v1),
              R"("encounters": 4, "units": 7, "not_evaluated": 1, "with_errors": 0, "with_warnings": 0, "findings": {"error": 0, "warning": 0, "info": 0})") +
          R"(, "after": )" +
          side(
              fmt::format("\"{}\", \"{}\"", f.base, f.v2),
              R"("encounters": 4, "units": 7, "not_evaluated": 1, "with_errors": 0, "with_warnings": 1, "findings": {"error": 0, "warning": 1, "info": 0})") +
          R"(, "encounters": [)" + "\n" + e1 + ",\n" + e2 + "]}\n");
}

TEST_CASE("diff: encounters that can no longer be evaluated come first and exit 65", "[diff]") {
  const Fixture f;
  // The same rules on 2019-12-31, before acme is in force: every encounter that was evaluated
  // becomes an error record. e1 had 0 units, e2 4, e3 (acme and 2024-06-01 from the options) 3:
  // the group loses 7 units, as the table does.
  const Run run = f.diff(
      f.before() + " --against-date 2019-12-31 --payer acme --date 2024-06-01 '" + f.visits + "'");
  CHECK(run.status == 65);
  const std::string error =
      "error input.payer-not-in-force: payer 'acme' has no rules in force on 2019-12-31";
  CHECK(run.out ==
        "3 encounters can no longer be evaluated after the change: e1, e2, e3\n"
        "before: " +
            f.base + " + " + f.v1 +
            ", each encounter's own date (2024-06-01 where it gives none)\n" + "after:  " + f.base +
            " + " + f.v1 + ", every date of service 2019-12-31\n" +
            "4 encounters compared: 3 changed, 0 unchanged, 1 could not be read\n" +
            totals("4 7 1 0 0 0", "4 0 4 0 0 0") +
            "\n"
            "3 encounters can no longer be evaluated (-7 units): e1, e2, e3\n"
            "  e1:\n"
            "    before: A1 x0, A2 x0 (total 0)\n"
            "    after:  " +
            error +
            "\n"
            "  e2:\n"
            "    before: A1 x2, A2 x2 (total 4)\n"
            "    after:  " +
            error +
            "\n"
            "  e3:\n"
            "    before: A1 x2, U1 x1 (total 3)\n"
            "    after:  " +
            error + "\n");
  // 65 wins over --fail-on; JSON exits the same.
  const std::string args =
      f.before() + " --against-date 2019-12-31 --payer acme --date 2024-06-01 '" + f.visits + "'";
  CHECK(f.diff(args + " --fail-on warning").status == 65);
  const Run json = f.diff(args + " --format json");
  CHECK(json.status == 65);
  CHECK(count(json.out, R"("change": "no-longer-evaluated")") == 3);
  CHECK(json.out.find(R"("after": {"rules": [")" + f.base + "\", \"" + f.v1 +
                      R"("], "date": "2019-12-31", "encounters": 4, "units": 0, )") !=
        std::string::npos);
}

TEST_CASE("diff: --against-date forward: encounters now evaluated and findings-only changes",
          "[diff]") {
  const Fixture f;
  // On 2025-01-01 e1 and e2 bill as on 2025-03-04 (per code): unchanged. e5 (2019) was an
  // error record and now bills A1 8 minutes = 1 unit. e3 had no date (newest rules, warning
  // input.no-date) and now has one: the same units, the warning disappears, with its text.
  const std::string visits = f.dir.write("with-e5.jsonl", kVisits + kE5);
  const Run run =
      f.diff(f.before() + " --against-date 2025-01-01 --payer acme --fail-on warning - < '" +
             visits + "'");
  CHECK(run.status == 0);  // the change brings no finding
  CHECK(run.out ==
        "before: " + f.base + " + " + f.v1 + ", each encounter's own date\n" + "after:  " + f.base +
            " + " + f.v1 + ", every date of service 2025-01-01\n" +
            "5 encounters compared: 2 changed, 2 unchanged, 1 could not be read\n" +
            totals("5 7 2 0 1 0", "5 8 1 0 0 0") +
            "\n"
            "1 encounter can now be evaluated (+1 unit): e5\n"
            "  e5:\n"
            "    before: error input.payer-not-in-force: payer 'acme' has no rules in force on "
            "2019-05-01\n"
            "    after:  A1 x1 (total 1)\n"
            "\n"
            "1 encounter changes in findings only: e3\n"
            "  e3: A1 x2, U1 x1 (total 3) on both sides\n"
            "    before only: warning input.no-date: the encounter has no date of service and no "
            "--date was given: the newest rules were used (those in force after every date the "
            "rules name: payer acme from 2020-01-01, policy per-code, codes A1, U1); a code or "
            "rule that has expired is not in force without a date\n");
}

TEST_CASE("diff: the standard rules against added rule files: a finding with its text", "[diff]") {
  cptrules::test::TempDir dir("cptrules-diff");
  const std::string limit =
      dir.write("limit.rules", R"rules(limit mue-97035 "Ultrasound (example)" {
  codes 97035
  at most 2 units per day
  payers medicare
}
)rules");
  const std::string visits = dir.write(
      "visits.jsonl",
      R"({"id": "at", "date": "2024-06-01", "payer": "medicare", "services": [{"code": "97035", "minutes": 37, "modifiers": ["GP"]}]}
{"id": "over", "date": "2024-06-01", "payer": "medicare", "services": [{"code": "97035", "minutes": 38, "modifiers": ["GP"]}]}
{"id": "commercial", "date": "2024-06-01", "payer": "commercial", "services": [{"code": "97035", "minutes": 53}]}
)");
  // No --rules: the standard rules before; the standard rules and the limit after. 37 minutes
  // are (37 + 7) / 15 = 2 units, at the limit; 38 are 3, over it; the commercial payer is not
  // limited. Units never change.
  const Run run = run_cli(dir, fmt::format("diff --against '{}' '{}'", limit, visits));
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  CHECK(run.out.rfind("before: stdlib-rules, each encounter's own date\n"
                      "after:  stdlib-rules + " +
                          limit +
                          ", each encounter's own date\n"
                          "3 encounters compared: 1 changed, 2 unchanged\n",
                      0) == 0);
  CHECK(run.out.find("\n1 encounter changes in findings only: over\n"
                     "  over: 97035 x3 (total 3) on both sides\n"
                     "    after only:  warning limit.mue-97035: ") != std::string::npos);
  CHECK(count(run.out, "\n\n") == 2);  // the table and one group
  CHECK(run_cli(dir, fmt::format("diff --against '{}' --fail-on warning '{}'", limit, visits))
            .status == 1);
  CHECK(
      run_cli(dir, fmt::format("diff --against '{}' --fail-on error '{}'", limit, visits)).status ==
      0);
  // --no-stdlib leaves the standard rules out of both sides: no payer, no code.
  const Run bare = run_cli(
      dir, fmt::format("diff --no-stdlib --rules '{}' --against '{}' '{}'", limit, limit, visits));
  CHECK(bare.status == 65);
  CHECK(bare.out.empty());
  CHECK(bare.err.find("E0203") != std::string::npos);  // 97035 is not a code of those rules
}

TEST_CASE("diff: --against-date with the standard rules retires 97762", "[diff]") {
  cptrules::test::TempDir dir("cptrules-diff");
  const std::string visits = dir.write(
      "visits.jsonl",
      R"({"id": "orthotic", "date": "2017-06-01", "payer": "medicare", "services": [{"code": "97762", "minutes": 23, "modifiers": ["GP"]}]}
{"id": "successor", "date": "2018-06-01", "payer": "medicare", "services": [{"code": "97763", "minutes": 23, "modifiers": ["GP"]}]}
{"id": "exercise", "date": "2017-06-01", "payer": "medicare", "services": [{"code": "97110", "minutes": 23, "modifiers": ["GP"]}]}
)");
  // 97762 is in force through 2017-12-31: 23 minutes are (23 + 7) / 15 = 2 units on
  // 2017-06-01, none on 2018-06-01, with the error finding code.not-in-force. 97110 (in force
  // always) and 97763 dated 2018-06-01 bill the same.
  const Run run = run_cli(dir, fmt::format("diff --against-date 2018-06-01 '{}'", visits));
  CHECK(run.status == 0);
  CHECK(run.out.find("3 encounters compared: 1 changed, 2 unchanged\n" +
                     totals("3 6 0 0 0 0", "3 4 0 1 0 0") +
                     "\n"
                     "1 encounter loses units (-2 units): orthotic\n"
                     "  orthotic:\n"
                     "    before: 97762 x2 (total 2)\n"
                     "    after:  97762 x0 (total 0)\n") != std::string::npos);
  CHECK(run.out.find("    after only:  error code.not-in-force: ") != std::string::npos);
  // The error finding is one the change brings.
  CHECK(run_cli(dir, fmt::format("diff --against-date 2018-06-01 --fail-on error '{}'", visits))
            .status == 1);
  const Run json =
      run_cli(dir, fmt::format("diff --against-date 2018-06-01 --format json '{}'", visits));
  CHECK(json.status == 0);
  CHECK(json.out.find(R"("encounters": [)"
                      "\n"
                      R"({"id": "orthotic", "change": "loses-units", "units_change": -2, )") !=
        std::string::npos);
  CHECK(json.out.find(R"("after_only": [{"severity": "error", "id": "code.not-in-force", )") !=
        std::string::npos);
}

TEST_CASE("diff: plurals and units changes are right for one and for many", "[diff]") {
  const Fixture f;
  // Three encounters that each lose units under v2, and one that moves a unit between lines.
  const std::string visits = f.dir.write(
      "many.jsonl",
      R"({"id": "m1", "date": "2025-03-04", "payer": "acme", "services": [{"code": "A1", "minutes": 24}, {"code": "A2", "minutes": 23}]}
{"id": "m2", "date": "2025-03-04", "payer": "acme", "services": [{"code": "A1", "minutes": 24}, {"code": "A2", "minutes": 23}]}
{"id": "m3", "date": "2025-03-04", "payer": "acme", "services": [{"code": "A1", "minutes": 10}, {"code": "A2", "minutes": 10}]}
{"id": "one", "date": "2025-03-04", "payer": "acme", "services": [{"code": "A2", "minutes": 8}]}
)");
  // Per code: m1, m2 4 units, m3 (10 + 7) / 15 = 1 + 1 = 2; pooled: 3, 3 and 20 minutes
  // (27 / 15) = 1: -1, -1, -1 = -3 units in three encounters. "one": 1 unit either way.
  const Run run = f.diff(f.before() + " " + f.against() + " '" + visits + "'");
  CHECK(run.status == 0);
  CHECK(run.out.find("\n3 encounters lose units (-3 units): m1, m2, m3\n") != std::string::npos);
  CHECK(run.out.find("4 encounters compared: 3 changed, 1 unchanged\n") != std::string::npos);
  CHECK(run.out.find("1 encounters") == std::string::npos);
  CHECK(run.out.find("1 units") == std::string::npos);
  CHECK(run.out.find("for example") == std::string::npos);
  // Only m3 alone: one encounter, one unit.
  const std::string m3 = f.dir.write(
      "m3.jsonl",
      R"({"id": "m3", "date": "2025-03-04", "payer": "acme", "services": [{"code": "A1", "minutes": 10}, {"code": "A2", "minutes": 10}]})"
      "\n");
  const Run one = f.diff(f.before() + " " + f.against() + " '" + m3 + "'");
  CHECK(one.out.rfind(sides(f.base + " + " + f.v1, f.base + " + " + f.v2) +
                          "1 encounter compared: 1 changed, 0 unchanged\n",
                      0) == 0);
  CHECK(one.out.find("\n1 encounter loses units (-1 unit): m3\n") != std::string::npos);
}

TEST_CASE("diff: a side that loads no rules is warned about", "[diff]") {
  const Fixture f;
  cptrules::test::fs::create_directories(f.dir.path() / "empty");
  const std::string empty = f.dir.path("empty");
  // With the standard rules: the after side has them only.
  const std::string visits = f.dir.write(
      "medicare.jsonl",
      R"({"id": "m", "date": "2025-03-04", "payer": "medicare", "services": [{"code": "97110", "minutes": 20, "modifiers": ["GP"]}]})"
      "\n");
  const Run run = f.diff(fmt::format("--rules '{}' --against '{}' '{}'", f.base, empty, visits));
  CHECK(run.err == "cptrules diff: warning: the after side loads no rules from " + empty +
                       ": it has only the standard rules\n");
  // Without them: nothing at all on the after side.
  const Run bare = f.diff(fmt::format("--no-stdlib --rules '{}' --rules '{}' --against '{}' '{}'",
                                      f.base, f.v1, empty, f.visits));
  CHECK(bare.err ==
        "cptrules diff: warning: the after side loads no rules: every encounter is an error "
        "record on it\n");
  CHECK(bare.status == 65);  // e1 and e2 can no longer be evaluated
  CHECK(bare.out.rfind("2 encounters can no longer be evaluated after the change: e1, e2\n", 0) ==
        0);
  // Rules on both sides: no warning.
  CHECK(f.diff(f.before() + " " + f.against() + " '" + f.visits + "'").err.empty());
}

TEST_CASE("diff: CSV input is compared as JSON is", "[diff]") {
  const Fixture f;
  const std::string csv = f.dir.write("visits.csv",
                                      "encounter_id,date,payer,code,minutes\n"
                                      "e1,03/04/2025,acme,A1,7\n"
                                      "e1,03/04/2025,acme,A2,7\n"
                                      "bad,2025-03-04,acme,A1,seven\n"
                                      "e2,2025-03-04,acme,A1,24\n"
                                      "e2,2025-03-04,acme,A2,23\n");
  const Run run = f.diff(f.before() + " " + f.against() + " '" + csv + "'");
  CHECK(run.status == 0);  // the bad row is the input's problem on both sides
  CHECK(run.out.find("3 encounters compared: 2 changed, 0 unchanged, 1 could not be read\n") !=
        std::string::npos);
  CHECK(run.out.find("\n1 encounter loses units (-1 unit): e2\n") != std::string::npos);
  CHECK(run.out.find("\n1 encounter gains units (+1 unit): e1\n") != std::string::npos);
}

TEST_CASE("diff: unreadable lines and inputs are counted and every other encounter compared",
          "[diff]") {
  const Fixture f;
  const std::string input = f.dir.write(
      "mixed.jsonl",
      R"({"id": "e1", "date": "2025-03-04", "payer": "acme", "services": [{"code": "A1", "minutes": 7}, {"code": "A2", "minutes": 7}]}
{"id": "cut", "services": [{"code": "A1"
[1, 2]

{"id": "negative", "payer": "acme", "services": [{"code": "A1", "minutes": -5}]}
)");
  cptrules::test::fs::create_directories(f.dir.path() / "folder");
  const std::string folder = f.dir.path("folder");
  // e1 changes (A1 +1); three unreadable lines (the blank one is no encounter) and a folder,
  // whose reading fails (input.read-failed). They are no change: the exit status is 0.
  const Run run = f.diff(f.before() + " " + f.against() + fmt::format(" '{}' '{}'", input, folder));
  CHECK(run.status == 0);
  CHECK(run.out == sides(f.base + " + " + f.v1, f.base + " + " + f.v2) +
                       "5 encounters compared: 1 changed, 0 unchanged, 4 could not be read\n" +
                       totals("5 0 4 0 0 0", "5 1 4 0 0 0") +
                       "\n"
                       "1 encounter gains units (+1 unit): e1\n"
                       "  e1:\n"
                       "    before: A1 x0, A2 x0 (total 0)\n"
                       "    after:  A1 x1, A2 x0 (total 1)\n"
                       "    why before: " +
                       kWhyE1PerCode + "\n    why after:  " + kWhyE1Pooled + "\n");
  const Run json = f.diff(f.before() + " " + f.against() +
                          fmt::format(" --format json '{}' '{}'", input, folder));
  CHECK(json.status == 0);
  CHECK(json.out.rfind(R"({"compared": 5, "changed": 1, "unreadable": 4, )", 0) == 0);
  CHECK(count(json.out, R"("change": )") == 1);
}

TEST_CASE("diff: an empty input compares nothing", "[diff]") {
  const Fixture f;
  const std::string empty = f.dir.write("empty.jsonl", "");
  const Run text = f.diff(f.before() + " " + f.against() + " '" + empty + "'");
  CHECK(text.status == 0);
  CHECK(text.out == sides(f.base + " + " + f.v1, f.base + " + " + f.v2) +
                        "0 encounters compared: 0 changed, 0 unchanged\n" +
                        totals("0 0 0 0 0 0", "0 0 0 0 0 0"));
  const Run json = f.diff(f.before() + " " + f.against() + " --format json '" + empty + "'");
  CHECK(json.status == 0);
  CHECK(json.out.rfind(R"({"compared": 0, "changed": 0, "unreadable": 0, )", 0) == 0);
  CHECK(json.out.find(R"("encounters": []})"
                      "\n") != std::string::npos);
}

TEST_CASE("diff: bad usage exits 64 before reading anything", "[diff]") {
  const Fixture f;
  const std::string visits = " '" + f.visits + "'";
  const Run nothing_to_compare = f.diff(f.before() + visits);
  CHECK(nothing_to_compare.status == 64);
  CHECK(nothing_to_compare.out.empty());
  CHECK(nothing_to_compare.err ==
        "cptrules diff: give --against PATH (other rules) or --against-date DATE\n");
  for (const std::string bad_date : {"--date 03/04/2025", "--against-date 2025-02-30",
                                     "--against-date 2025-3-4 --date 2025-03-04"}) {
    INFO(bad_date);
    const Run run = f.diff(f.before() + " " + f.against() + " " + bad_date + visits);
    CHECK(run.status == 64);
    CHECK(run.out.empty());
    CHECK(run.err == "cptrules diff: dates must be written YYYY-MM-DD\n");
  }
  const Run csv = f.diff(f.before() + " " + f.against() + " --format csv" + visits);
  CHECK(csv.status == 64);
  CHECK(csv.out.empty());
  CHECK(csv.err.find("--format: csv not in {text,json}") != std::string::npos);
  const Run unknown = f.diff(f.before() + " " + f.against() + " --jobs 2" + visits);
  CHECK(unknown.status == 64);
  CHECK(unknown.out.empty());
}

TEST_CASE("diff: rules with errors on either side exit 65 with located errors", "[diff]") {
  const Fixture f;
  const std::string broken = f.dir.write("broken.rules", "code Q1 {\n  timed every 0 min\n}\n");
  const std::string visits = " '" + f.visits + "'";
  const Run before =
      f.diff(f.before() + fmt::format(" --rules '{}'", broken) + " " + f.against() + visits);
  CHECK(before.status == 65);
  CHECK(before.out.empty());
  CHECK(count(before.err, "broken.rules:2:9: error[E0206]") == 1);
  const Run after =
      f.diff(f.before() + " " + f.against() + fmt::format(" --against '{}'", broken) + visits);
  CHECK(after.status == 65);
  CHECK(after.out.empty());
  CHECK(count(after.err, "broken.rules:2:9: error[E0206]") == 1);
  // Without --against both sides are the same rules: their errors are reported once.
  const Run same = f.diff(f.before() + fmt::format(" --rules '{}'", broken) +
                          " --against-date 2025-01-01" + visits);
  CHECK(same.status == 65);
  CHECK(same.out.empty());
  CHECK(count(same.err, "broken.rules:2:9: error[E0206]") == 1);
}

TEST_CASE("diff: a path that cannot be read exits 66", "[diff]") {
  const Fixture f;
  const std::string missing = f.dir.path("missing.jsonl");
  // An input file, after one that can be read: nothing is reported.
  const Run input =
      f.diff(f.before() + " " + f.against() + fmt::format(" '{}' '{}'", f.visits, missing));
  CHECK(input.status == 66);
  CHECK(input.out.empty());
  CHECK(input.err == "cptrules diff: cannot open " + missing + ": No such file or directory\n");
  // A rule path, on either side, as for eval, check and test.
  const std::string no_rules = f.dir.path("no-such-rules");
  const Run rules =
      f.diff(fmt::format("--rules '{}' --against-date 2025-01-01 '{}'", no_rules, f.visits));
  CHECK(rules.status == 66);
  CHECK(rules.out.empty());
  CHECK(count(rules.err, "error[E0001]: cannot read " + no_rules) == 1);
  const Run against = f.diff(f.before() + fmt::format(" --against '{}' '{}'", no_rules, f.visits));
  CHECK(against.status == 66);
  CHECK(against.out.empty());
  CHECK(count(against.err, "error[E0001]: cannot read " + no_rules) == 1);
}
