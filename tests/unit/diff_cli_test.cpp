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

// The example of a group, as the text report writes it.
std::string example(const std::string& id, const std::string& before, const std::string& after,
                    const std::string& why_before, const std::string& why_after) {
  return fmt::format(
      "  for example {}:\n    before: {}\n    after:  {}\n    why before: {}\n    why after:  {}\n",
      id, before, after, why_before, why_after);
}

// The lines that count each side (`eval`'s summary line of each), after the report's first line.
std::string sides(const std::string& before, const std::string& after) {
  return "before: " + before + "\nafter:  " + after + "\n";
}

// Each side's counts as JSON members; each side is given as "encounters units not-evaluated
// with-errors with-warnings".
std::string sides_json(const std::string& before, const std::string& after) {
  const auto side = [](const std::string& numbers) {
    std::int64_t n[5] = {};
    std::istringstream in(numbers);
    for (std::int64_t& number : n)
      in >> number;
    return fmt::format(
        R"({{"encounters": {}, "units": {}, "not_evaluated": {}, "with_errors": {}, "with_warnings": {}}})",
        n[0], n[1], n[2], n[3], n[4]);
  };
  return R"("before": )" + side(before) + R"(, "after": )" + side(after) + ", ";
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

}  // namespace

TEST_CASE("diff: --against reports the units and findings that change as text", "[diff]") {
  const Fixture f;
  const Run run = f.diff(f.before() + " " + f.against() + " --payer acme '" + f.visits + "'");
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  // e1: per code 7 and 7 minutes give 0 + 0 units; pooled, 14 minutes give (14 + 7) / 15 = 1
  // unit, to A1 (listed first, tied with A2). e2: per code (24 + 7) / 15 = 2 and
  // (23 + 7) / 15 = 2; pooled, 47 minutes give 54 / 15 = 3 units: 1 full unit each, the third
  // to A1 (9 minutes left over against 8). The edit is in force on 2025-03-04 and both codes of
  // e2 have units: it appears. e3 (payer acme from --payer, no date: the newest rules) is
  // A1 30 minutes, 37 / 15 = 2 units either way, and U1: unchanged. The cut line is unreadable.
  // Each side: 7 units; e3's warning input.no-date on both, e2's edit.pair (a warning) after.
  CHECK(run.out ==
        "4 encounters compared: 2 changed, 1 unchanged, 1 unreadable\n" +
            sides("4 encounters, 7 units, 1 not evaluated, 0 with errors, 1 with warnings",
                  "4 encounters, 7 units, 1 not evaluated, 0 with errors, 2 with warnings") +
            "\n"
            "acme A1: units change in 1 encounter (+1 units in all)\n" +
            example("e1", "A1 x0, A2 x0 (total 0)", "A1 x1, A2 x0 (total 1)", kWhyE1PerCode,
                    kWhyE1Pooled) +
            "\n"
            "acme A2: units change in 1 encounter (-1 units in all)\n" +
            example("e2", "A1 x2, A2 x2 (total 4)", "A1 x2, A2 x1 (total 3)", kWhyE2PerCode,
                    kWhyE2Pooled) +
            "\n"
            "acme finding edit.pair: appears or changes in 1 encounter\n" +
            example("e2", "A1 x2, A2 x2 (total 4)", "A1 x2, A2 x1 (total 3)", kWhyE2PerCode,
                    kWhyE2Pooled));
}

TEST_CASE("diff: the same rules compared with themselves change nothing", "[diff]") {
  const Fixture f;
  const Run run =
      f.diff(f.before() + fmt::format(" --against '{}' --against '{}' --payer acme '{}'", f.base,
                                      f.v1, f.visits));
  CHECK(run.status == 0);
  CHECK(run.out ==
        "4 encounters compared: 0 changed, 3 unchanged, 1 unreadable\n" +
            sides("4 encounters, 7 units, 1 not evaluated, 0 with errors, 1 with warnings",
                  "4 encounters, 7 units, 1 not evaluated, 0 with errors, 1 with warnings"));
}

TEST_CASE("diff: --format json with --payer and --date for encounters that give none", "[diff]") {
  const Fixture f;
  const Run run = f.diff(f.before() + " " + f.against() +
                         " --payer acme --date 2024-06-01 --format json '" + f.visits + "'");
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  // e3 now has date 2024-06-01 as well: A1 30 minutes are 37 / 15 = 2 units either way (2 full
  // units when pooled) and U1 one; the edit is not in force in 2024. e1, e2 as above.
  CHECK(
      run.out ==
      R"j({"compared": 4, "changed": 2, "unreadable": 1, )j" +
          sides_json("4 7 1 0 0", "4 7 1 0 1") +
          R"j("groups": [{"payer": "acme", "code": "A1", "encounters": 1, "delta_units": 1, "example": {"id": "e1", "before": "A1 x0, A2 x0 (total 0)", "after": "A1 x1, A2 x0 (total 1)", "why_before": ")j" +
          kWhyE1PerCode + R"j(", "why_after": ")j" + kWhyE1Pooled + R"j("}}, )j" +
          R"j({"payer": "acme", "code": "A2", "encounters": 1, "delta_units": -1, "example": {"id": "e2", "before": "A1 x2, A2 x2 (total 4)", "after": "A1 x2, A2 x1 (total 3)", "why_before": ")j" +
          kWhyE2PerCode + R"j(", "why_after": ")j" + kWhyE2Pooled + R"j("}}, )j" +
          R"j({"payer": "acme", "finding": "edit.pair", "encounters": 1, "delta_encounters": 1, "example": {"id": "e2", "before": "A1 x2, A2 x2 (total 4)", "after": "A1 x2, A2 x1 (total 3)", "why_before": ")j" +
          kWhyE2PerCode + R"j(", "why_after": ")j" + kWhyE2Pooled + "\"}}]}\n");
  // The text report of the same run counts the same.
  const Run text = f.diff(f.before() + " " + f.against() +
                          " --payer acme --date 2024-06-01 --format text '" + f.visits + "'");
  CHECK(text.status == 0);
  CHECK(text.out.rfind("4 encounters compared: 2 changed, 1 unchanged, 1 unreadable\n" +
                           sides("4 encounters, 7 units, 1 not evaluated, 0 with errors, 0 with "
                                 "warnings",
                                 "4 encounters, 7 units, 1 not evaluated, 0 with errors, 1 with "
                                 "warnings") +
                           "\n",
                       0) == 0);
}

TEST_CASE("diff: --against-date replays every encounter on another date", "[diff]") {
  const Fixture f;
  // The same rules on 2019-12-31, before acme is in force: every encounter that was evaluated
  // becomes an error record. e1 loses 0 units of A1 and A2 (but changes), e2 2 + 2, e3 (acme and
  // 2024-06-01 from the options) 2 of A1 and 1 of U1.
  const Run run = f.diff(
      f.before() + " --against-date 2019-12-31 --payer acme --date 2024-06-01 '" + f.visits + "'");
  CHECK(run.status == 0);
  const std::string error =
      "error input.payer-not-in-force: payer 'acme' has no rules in force on 2019-12-31";
  const std::string why_error =
      "The encounter could not be evaluated: payer 'acme' has no rules in force on 2019-12-31.";
  CHECK(run.out ==
        "4 encounters compared: 3 changed, 0 unchanged, 1 unreadable\n" +
            sides("4 encounters, 7 units, 1 not evaluated, 0 with errors, 0 with warnings",
                  "4 encounters, 0 units, 4 not evaluated, 0 with errors, 0 with warnings") +
            "\n"
            "acme A1: units change in 3 encounters (-4 units in all)\n" +
            example("e1", "A1 x0, A2 x0 (total 0)", error, kWhyE1PerCode, why_error) +
            "\n"
            "acme A2: units change in 2 encounters (-2 units in all)\n" +
            example("e1", "A1 x0, A2 x0 (total 0)", error, kWhyE1PerCode, why_error) +
            "\n"
            "acme U1: units change in 1 encounter (-1 units in all)\n" +
            example("e3", "A1 x2, U1 x1 (total 3)", error,
                    "Each code alone. Each code counts on its own: A1's 30 minutes give 2 units. "
                    "U1 is untimed: one unit for the date of service.",
                    why_error));
}

TEST_CASE("diff: --against-date forward from standard input", "[diff]") {
  const Fixture f;
  // On 2025-01-01 e1 and e2 bill as on 2025-03-04 (per code): unchanged. e5 (2019) was an
  // error record and now bills A1 8 minutes = 1 unit. e3 had no date (newest rules, finding
  // input.no-date) and now has one: the same units, the finding disappears.
  const std::string visits = f.dir.write("with-e5.jsonl", kVisits + kE5);
  const Run run =
      f.diff(f.before() + " --against-date 2025-01-01 --payer acme - < '" + visits + "'");
  CHECK(run.status == 0);
  const std::string why_e3 =
      "Each code alone. Each code counts on its own: A1's 30 minutes give 2 units. U1 is "
      "untimed: one unit for the date of service.";
  CHECK(run.out ==
        "5 encounters compared: 2 changed, 2 unchanged, 1 unreadable\n" +
            sides("5 encounters, 7 units, 2 not evaluated, 0 with errors, 1 with warnings",
                  "5 encounters, 8 units, 1 not evaluated, 0 with errors, 0 with warnings") +
            "\n"
            "acme A1: units change in 1 encounter (+1 units in all)\n" +
            example("e5",
                    "error input.payer-not-in-force: payer 'acme' has no rules in force on "
                    "2019-05-01",
                    "A1 x1 (total 1)",
                    "The encounter could not be evaluated: payer 'acme' has no rules in force "
                    "on 2019-05-01.",
                    "Each code alone. Each code counts on its own: A1's 8 minutes give 1 unit.") +
            "\n"
            "acme finding input.no-date: disappears in 1 encounter\n" +
            example("e3", "A1 x2, U1 x1 (total 3)", "A1 x2, U1 x1 (total 3)", why_e3, why_e3));
}

TEST_CASE("diff: the standard rules against added rule files", "[diff]") {
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
  CHECK(run.out.rfind("3 encounters compared: 1 changed, 2 unchanged\n"
                      "before: 3 encounters, 9 units, 0 not evaluated, 0 with errors, 0 with "
                      "warnings\n"
                      "after:  3 encounters, 9 units, 0 not evaluated, 0 with errors, 1 with "
                      "warnings\n"
                      "\n"
                      "medicare finding limit.mue-97035: appears or changes in 1 encounter\n"
                      "  for example over:\n"
                      "    before: 97035 x3 (total 3)\n"
                      "    after:  97035 x3 (total 3)\n"
                      "    why before: Medicare total-time rule",
                      0) == 0);
  CHECK(count(run.out, "\n\n") == 1);  // one group
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
  // After: 97762 gives 0 units, with the error finding code.not-in-force.
  CHECK(run.out.rfind("3 encounters compared: 1 changed, 2 unchanged\n"
                      "before: 3 encounters, 6 units, 0 not evaluated, 0 with errors, 0 with "
                      "warnings\n"
                      "after:  3 encounters, 4 units, 0 not evaluated, 1 with errors, 0 with "
                      "warnings\n"
                      "\n"
                      "medicare 97762: units change in 1 encounter (-2 units in all)\n"
                      "  for example orthotic:\n"
                      "    before: 97762 x2 (total 2)\n"
                      "    after:  97762 x0 (total 0)\n",
                      0) == 0);
  CHECK(run.out.find("\nmedicare finding code.not-in-force: appears or changes in 1 encounter\n"
                     "  for example orthotic:\n") != std::string::npos);
  CHECK(count(run.out, "\n\n") == 2);  // two groups
  const Run json =
      run_cli(dir, fmt::format("diff --against-date 2018-06-01 --format json '{}'", visits));
  CHECK(json.status == 0);
  CHECK(json.out.rfind(
            R"({"compared": 3, "changed": 1, "unreadable": 0, )" +
                sides_json("3 6 0 0 0", "3 4 0 1 0") +
                R"("groups": [)"
                R"({"payer": "medicare", "code": "97762", "encounters": 1, "delta_units": -2, )",
            0) == 0);
  CHECK(
      json.out.find(
          R"({"payer": "medicare", "finding": "code.not-in-force", "encounters": 1, "delta_encounters": 1, )") !=
      std::string::npos);
}

TEST_CASE("diff: --no-stdlib lets rule files define what the standard rules define", "[diff]") {
  cptrules::test::TempDir dir("cptrules-diff");
  const std::string rules = dir.write("own.rules", R"rules(policy cms-8-minute "A copy" {
  pool each code
  units = minutes / unit
}

payer own "Own" {
  policy cms-8-minute
}

code Z1 "A timed code" {
  timed every 15 min
}
)rules");
  const std::string visits = dir.write(
      "one.jsonl",
      R"({"id": "z", "date": "2025-01-01", "payer": "own", "services": [{"code": "Z1", "minutes": 29}]})"
      "\n");
  // With the standard rules the policy is declared twice (E0201): rules with errors, exit 65.
  const Run clash =
      run_cli(dir, fmt::format("diff --rules '{}' --against-date 2025-06-01 '{}'", rules, visits));
  CHECK(clash.status == 65);
  CHECK(clash.out.empty());
  CHECK(count(clash.err, "error[E0201]") == 1);  // reported once, not once per side
  const Run alone = run_cli(
      dir,
      fmt::format("diff --no-stdlib --rules '{}' --against-date 2025-06-01 '{}'", rules, visits));
  CHECK(alone.status == 0);
  CHECK(alone.err.empty());
  CHECK(alone.out ==
        "1 encounter compared: 0 changed, 1 unchanged\n" +
            sides("1 encounter, 1 unit, 0 not evaluated, 0 with errors, 0 with warnings",
                  "1 encounter, 1 unit, 0 not evaluated, 0 with errors, 0 with warnings"));
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
  // whose reading fails (input.read-failed).
  const Run run = f.diff(f.before() + " " + f.against() + fmt::format(" '{}' '{}'", input, folder));
  CHECK(run.status == 0);
  // An unreadable encounter is not evaluated on either side.
  CHECK(run.out.rfind("5 encounters compared: 1 changed, 0 unchanged, 4 unreadable\n"
                      "before: 5 encounters, 0 units, 4 not evaluated, 0 with errors, 0 with "
                      "warnings\n"
                      "after:  5 encounters, 1 unit, 4 not evaluated, 0 with errors, 0 with "
                      "warnings\n\n"
                      "acme A1: units change in 1 encounter (+1 units in all)\n"
                      "  for example e1:\n",
                      0) == 0);
  CHECK(count(run.out, "\n\n") == 1);
  const Run json = f.diff(f.before() + " " + f.against() +
                          fmt::format(" --format json '{}' '{}'", input, folder));
  CHECK(json.status == 0);
  CHECK(json.out.rfind(
            R"({"compared": 5, "changed": 1, "unreadable": 4, )" +
                sides_json("5 0 4 0 0", "5 1 4 0 0") +
                R"("groups": [{"payer": "acme", "code": "A1", "encounters": 1, "delta_units": 1, )",
            0) == 0);
}

TEST_CASE("diff: an empty input compares nothing", "[diff]") {
  const Fixture f;
  const std::string empty = f.dir.write("empty.jsonl", "");
  const Run text = f.diff(f.before() + " " + f.against() + " '" + empty + "'");
  CHECK(text.status == 0);
  CHECK(text.out ==
        "0 encounters compared: 0 changed, 0 unchanged\n" +
            sides("0 encounters, 0 units, 0 not evaluated, 0 with errors, 0 with warnings",
                  "0 encounters, 0 units, 0 not evaluated, 0 with errors, 0 with warnings"));
  const Run json = f.diff(f.before() + " " + f.against() + " --format json '" + empty + "'");
  CHECK(json.status == 0);
  CHECK(json.out == R"({"compared": 0, "changed": 0, "unreadable": 0, )" +
                        sides_json("0 0 0 0 0", "0 0 0 0 0") + "\"groups\": []}\n");
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
