// Unit tests of Evaluator: section 6 vectors under both payers, pooling, ties, errors, findings.
// GCC 12 at -O2 reports a false maybe-uninitialized inside std::optional<std::string> moves here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "loader.hpp"
#include "plan_of_text.hpp"
#include "test_runner.hpp"

namespace {

using cptrules::interp::Encounter;
using cptrules::interp::EvalOptions;
using cptrules::interp::Evaluator;
using cptrules::interp::Finding;
using cptrules::interp::FindingSeverity;
using cptrules::interp::LoadOptions;
using cptrules::interp::Plan;
using cptrules::interp::Result;
using cptrules::interp::Service;
using PlanPtr = std::shared_ptr<const Plan>;

// One service as the tests write it.
struct Svc {
  std::string code;
  std::optional<std::int64_t> minutes;
  std::optional<std::string> discipline;
  std::vector<std::string> modifiers;
};

Svc svc(std::string code, std::int64_t minutes) {
  return {std::move(code), minutes, {}, {}};
}
Svc untimed(std::string code) {
  return {std::move(code), std::nullopt, {}, {}};
}
Svc in(std::string discipline, Svc s) {
  s.discipline = std::move(discipline);
  return s;
}

PlanPtr load_plan(const std::string& text, bool stdlib) {
  return cptrules::test::plan_of_text(text, stdlib);
}

const PlanPtr& stdlib_plan() {
  static const PlanPtr plan = load_plan("", true);
  return plan;
}

Encounter encounter(const std::vector<Svc>& services, std::optional<std::string> payer,
                    std::optional<std::string> date = "2025-03-02") {
  Encounter enc;
  enc.id = "enc";
  enc.input_line = 1;
  enc.payer = std::move(payer);
  if (date)
    enc.date = cptrules::lang::parse_date(*date);
  for (const Svc& s : services) {
    Service out;
    out.code = s.code;
    out.minutes = s.minutes;
    out.discipline = s.discipline;
    out.modifiers = s.modifiers;
    enc.services.push_back(std::move(out));
  }
  return enc;
}

Result evaluate(const PlanPtr& plan, const Encounter& enc, EvalOptions options = {}) {
  Evaluator evaluator(plan, std::move(options));
  Result r;
  evaluator.evaluate(enc, r);
  return r;
}

Result run(const PlanPtr& plan, const std::string& payer, const std::vector<Svc>& services,
           std::optional<std::string> date = "2025-03-02") {
  return evaluate(plan, encounter(services, payer, std::move(date)));
}

// "97110 x2, 97140 x1" for the chosen allocation (lines in their order).
std::string chosen(const Result& r) {
  std::string out;
  for (const auto& line : r.lines) {
    if (!out.empty())
      out += ", ";
    out += fmt::format("{} x{}", line.code, line.units);
  }
  return out;
}

std::vector<std::string> alternatives(const Result& r) {
  std::vector<std::string> out;
  for (const auto& alt : r.alternatives) {
    REQUIRE(alt.size() == r.lines.size());
    std::string text;
    for (std::size_t i = 0; i < alt.size(); ++i) {
      if (!text.empty())
        text += ", ";
      text += fmt::format("{} x{}", r.lines[i].code, alt[i]);
    }
    out.push_back(text);
  }
  return out;
}

std::string describe(const Result& r) {
  std::string out = r.ok ? "ok: " + chosen(r) : "error " + r.error.id + ": " + r.error.message;
  for (const auto& alt : alternatives(r))
    out += "\n  or " + alt;
  for (const Finding& f : r.findings)
    out += "\n  finding " + f.id + ": " + f.message;
  return out;
}

const Finding* finding(const Result& r, const std::string& id) {
  for (const Finding& f : r.findings) {
    if (f.id == id)
      return &f;
  }
  return nullptr;
}

// The findings about timing (not the claim checks of modifiers, edits and limits, which the
// standard payers add on their own and which never change units).
// The findings about timing: not those of modifiers, edits, limits, or the discipline assumed.
std::vector<std::string> timing_findings(const Result& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings) {
    if (f.id.rfind("modifier.", 0) == 0 || f.id.rfind("edit.", 0) == 0 ||
        f.id.rfind("limit.", 0) == 0 || f.id == "discipline.assumed") {
      continue;
    }
    out.push_back(f.id);
  }
  return out;
}

using Strings = std::vector<std::string>;

// A section 6 vector: the inputs and what each standard payer must give.
struct Vector {
  const char* id;
  std::vector<Svc> services;
  const char* medicare;
  Strings medicare_alternatives;
  const char* commercial;
};

const std::vector<Vector>& section6() {
  static const std::vector<Vector> vectors{
      {"CMS-EX1",
       {svc("97112", 24), svc("97110", 23)},
       "97112 x2, 97110 x1",
       {},
       "97112 x2, 97110 x2"},
      {"CMS-EX2",
       {svc("97112", 20), svc("97110", 20)},
       "97112 x2, 97110 x1",
       {"97112 x1, 97110 x2"},
       "97112 x1, 97110 x1"},
      {"CMS-EX3",
       {svc("97110", 33), svc("97140", 7)},
       "97110 x2, 97140 x1",
       {},
       "97110 x2, 97140 x0"},
      {"CMS-EX5",
       {svc("97112", 7), svc("97110", 7), svc("97140", 7)},
       "97112 x1, 97110 x0, 97140 x0",
       {"97112 x0, 97110 x1, 97140 x0", "97112 x0, 97110 x0, 97140 x1"},
       "97112 x0, 97110 x0, 97140 x0"},
      {"CMS-SINGLE-7", {svc("97140", 7)}, "97140 x0", {}, "97140 x0"},
      {"CMS-SINGLE-8", {svc("97140", 8)}, "97140 x1", {}, "97140 x1"},
      {"CMS-OVER2H 128", {svc("97140", 128)}, "97140 x9", {}, "97140 x9"},
      {"CMS-OVER2H 142", {svc("97140", 142)}, "97140 x9", {}, "97140 x9"},
      {"CMS-OVER2H 143", {svc("97140", 143)}, "97140 x10", {}, "97140 x10"},
      {"CMS-60", {svc("97530", 60)}, "97530 x4", {}, "97530 x4"},
      {"CMS-50 alone", {svc("97110", 50)}, "97110 x3", {}, "97110 x3"},
      {"CMS-50 25+25",
       {svc("97110", 25), svc("97140", 25)},
       "97110 x2, 97140 x1",
       {"97110 x1, 97140 x2"},
       "97110 x2, 97140 x2"},
      {"CMS-50 40+10",  // a tie at 10 left over: fewer units first (decision 25)
       {svc("97110", 40), svc("97140", 10)},
       "97110 x2, 97140 x1",
       {"97110 x3, 97140 x0"},
       "97110 x3, 97140 x1"},
      {"CMS-50 20+15+15",
       {svc("97110", 20), svc("97112", 15), svc("97140", 15)},
       "97110 x1, 97112 x1, 97140 x1",
       {},
       "97110 x1, 97112 x1, 97140 x1"},
      {"CMS-7+7 / AMA-7+7",
       {svc("97110", 7), svc("97140", 7)},
       "97110 x1, 97140 x0",
       {"97110 x0, 97140 x1"},
       "97110 x0, 97140 x0"},
      {"CMS-5+4",
       {svc("97110", 5), svc("97140", 4)},
       "97110 x1, 97140 x0",
       {},
       "97110 x0, 97140 x0"},
      {"CMS-5+2",
       {svc("97110", 5), svc("97140", 2)},
       "97110 x0, 97140 x0",
       {},
       "97110 x0, 97140 x0"},
      {"CMS-UTH",
       {svc("97110", 18), svc("97140", 10)},
       "97110 x1, 97140 x1",
       {},
       "97110 x1, 97140 x1"},
      {"CMS-PMR1",
       {svc("97110", 15), svc("97140", 10)},
       "97110 x1, 97140 x1",
       {},
       "97110 x1, 97140 x1"},
      {"CMS-PMR4 / AMA-PMR4",
       {svc("97110", 10), svc("97112", 10), svc("97140", 10)},
       "97110 x1, 97112 x1, 97140 x0",
       {"97110 x1, 97112 x0, 97140 x1", "97110 x0, 97112 x1, 97140 x1"},
       "97110 x1, 97112 x1, 97140 x1"},
      {"CMS-PTCOM",
       {svc("97110", 20), svc("97116", 20)},
       "97110 x2, 97116 x1",
       {"97110 x1, 97116 x2"},
       "97110 x1, 97116 x1"},
      {"CMS-UNTIMED",
       {svc("97161", 30), svc("97140", 10)},
       "97161 x1, 97140 x1",
       {},
       "97161 x1, 97140 x1"},
      {"AMA-16", {svc("97110", 16)}, "97110 x1", {}, "97110 x1"},
  };
  return vectors;
}

// The rules of the tests that need their own codes and policies (no standard rules).
const char* const kOwnRules = R"(
policy per-code {
  pool each code
  units = (minutes + (unit - 1) / 2) / unit
}
policy pooled {
  pool timed minutes per day and discipline
  units = (minutes + (unit - 1) / 2) / unit
  allocate {
    each code gets minutes / unit
    rest by leftover minutes, largest first
    ties are alternatives
  }
}
payer each {
  policy per-code
}
payer pool {
  policy pooled
}
code I30 "an initial code: the first 30 minutes" {
  timed first 30 min
}
code A15 "its add-on: each further 15 minutes" {
  timed every 15 min
  add-on to I30
}
code C15 "a plain 15-minute code" {
  timed every 15 min
}
code D15 "another 15-minute code" {
  timed every 15 min
}
code U1 "an untimed code" {
  untimed
}
)";

const PlanPtr& own_plan() {
  static const PlanPtr plan = load_plan(kOwnRules, false);
  return plan;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Section 6 test vectors with the standard rules

TEST_CASE("evaluate: section 6 vectors under medicare (CMS total-time rule)", "[evaluator]") {
  for (const Vector& v : section6()) {
    const Result r = run(stdlib_plan(), "medicare", v.services);
    INFO(v.id << "\n" << describe(r));
    REQUIRE(r.ok);
    CHECK(r.payer == "medicare");
    CHECK(r.policy == "cms-8-minute");
    CHECK(chosen(r) == v.medicare);
    CHECK(alternatives(r) == v.medicare_alternatives);
    std::int64_t total = 0;
    for (const auto& line : r.lines)
      total += line.units;
    CHECK(r.total_units == total);
  }
}

TEST_CASE("evaluate: section 6 vectors under commercial (CPT per-code rule)", "[evaluator]") {
  for (const Vector& v : section6()) {
    const Result r = run(stdlib_plan(), "commercial", v.services);
    INFO(v.id << "\n" << describe(r));
    REQUIRE(r.ok);
    CHECK(r.payer == "commercial");
    CHECK(r.policy == "cpt-midpoint");
    CHECK(chosen(r) == v.commercial);
    CHECK(r.alternatives.empty());
  }
}

TEST_CASE("evaluate: CMS-CHART, every boundary of the unit chart under both payers",
          "[evaluator]") {
  const std::pair<int, int> chart[] = {{7, 0},   {8, 1},   {22, 1},  {23, 2},  {37, 2},
                                       {38, 3},  {52, 3},  {53, 4},  {67, 4},  {68, 5},
                                       {82, 5},  {83, 6},  {97, 6},  {98, 7},  {112, 7},
                                       {113, 8}, {127, 8}, {128, 9}, {142, 9}, {143, 10}};
  for (const char* payer : {"medicare", "commercial"}) {
    for (const auto& [minutes, units] : chart) {
      const Result r = run(stdlib_plan(), payer, {svc("97140", minutes)});
      INFO(payer << " " << minutes << " min: " << describe(r));
      REQUIRE(r.ok);
      CHECK(chosen(r) == fmt::format("97140 x{}", units));
      CHECK(r.total_units == units);
      CHECK(r.timed_minutes == minutes);
      CHECK(r.alternatives.empty());
    }
  }
}

TEST_CASE("evaluate: CMS-50, 50 timed minutes are 3 units under medicare however split",
          "[evaluator]") {
  const std::vector<std::vector<Svc>> splits{
      {svc("97110", 50)},
      {svc("97110", 49), svc("97140", 1)},
      {svc("97110", 35), svc("97140", 15)},
      {svc("97110", 10), svc("97112", 10), svc("97140", 10), svc("97530", 10), svc("97116", 10)},
      {svc("97110", 5), svc("97112", 5), svc("97140", 5), svc("97530", 5), svc("97116", 5),
       svc("97535", 5), svc("97542", 5), svc("97750", 5), svc("97760", 5), svc("97761", 5)},
  };
  for (const auto& services : splits) {
    const Result r = run(stdlib_plan(), "medicare", services);
    INFO(describe(r));
    REQUIRE(r.ok);
    CHECK(r.timed_minutes == 50);
    CHECK(r.total_units == 3);
    for (const auto& alt : r.alternatives) {
      std::int64_t sum = 0;
      for (auto u : alt)
        sum += u;
      CHECK(sum == 3);
    }
  }
}

TEST_CASE("evaluate: CMS-UNTIMED, an evaluation's minutes are not timed minutes", "[evaluator]") {
  for (const char* payer : {"medicare", "commercial"}) {
    const Result r = run(stdlib_plan(), payer, {svc("97161", 30), svc("97140", 10)});
    INFO(describe(r));
    REQUIRE(r.ok);
    CHECK(r.timed_minutes == 10);
    CHECK(r.total_units == 2);
    REQUIRE(r.lines.size() == 2);
    CHECK_FALSE(r.lines[0].timed);
    REQUIRE(r.lines[0].minutes);
    CHECK(*r.lines[0].minutes == 30);  // reported as given
    CHECK(r.lines[1].timed);
    CHECK(timing_findings(r).empty());
  }
}

TEST_CASE("evaluate: AMA-30MIN and AMA-60MIN, codes of 30 and 60 minutes, both payers",
          "[evaluator]") {
  const PlanPtr plan = load_plan(
      "code X30 \"a 30-minute code\" {\n  timed every 30 min\n}\n"
      "code X60 \"a 60-minute code\" {\n  timed every 60 min\n}\n",
      true);
  const std::pair<int, int> t30[] = {{15, 0}, {16, 1}, {45, 1}, {46, 2}, {75, 2}, {76, 3}};
  const std::pair<int, int> t60[] = {{30, 0}, {31, 1}, {90, 1}, {91, 2}};
  for (const char* payer : {"medicare", "commercial"}) {
    for (const auto& [minutes, units] : t30) {
      const Result r = run(plan, payer, {svc("X30", minutes)});
      INFO(payer << " X30 " << minutes << ": " << describe(r));
      CHECK(chosen(r) == fmt::format("X30 x{}", units));
    }
    for (const auto& [minutes, units] : t60) {
      const Result r = run(plan, payer, {svc("X60", minutes)});
      INFO(payer << " X60 " << minutes << ": " << describe(r));
      CHECK(chosen(r) == fmt::format("X60 x{}", units));
    }
  }
}

TEST_CASE("evaluate: codes of different unit lengths are pooled apart", "[evaluator]") {
  const PlanPtr plan =
      load_plan("code X30 \"a 30-minute code\" {\n  timed every 30 min\n}\n", true);
  // Medicare: the 15-minute pool has 10 minutes (1 unit); the 30-minute pool 46 (2 units).
  Result r = run(plan, "medicare", {svc("X30", 46), svc("97110", 10)});
  INFO(describe(r));
  CHECK(chosen(r) == "X30 x2, 97110 x1");
  CHECK(r.timed_minutes == 56);
  CHECK(r.alternatives.empty());
  // Had they been pooled, 7 + 7 minutes would have earned a unit.
  r = run(plan, "medicare", {svc("X30", 7), svc("97110", 7)});
  CHECK(chosen(r) == "X30 x0, 97110 x0");
  r = run(plan, "commercial", {svc("X30", 46), svc("97110", 10)});
  CHECK(chosen(r) == "X30 x2, 97110 x1");
}

// ---------------------------------------------------------------------------------------------
// Pooling, repeated and untimed codes

TEST_CASE("evaluate: timed minutes are pooled per discipline", "[evaluator]") {
  // PT: 5 + 5 = 10 minutes, 1 unit (a tie); OT: 5 + 4 = 9 minutes, 1 unit. Pooled together
  // these 19 minutes would be 1 unit only.
  const std::vector<Svc> services{in("PT", svc("97110", 5)), in("PT", svc("97112", 5)),
                                  in("OT", svc("97530", 5)), in("OT", svc("97535", 4))};
  Result r = run(stdlib_plan(), "medicare", services);
  INFO(describe(r));
  REQUIRE(r.ok);
  CHECK(chosen(r) == "97110 x1, 97112 x0, 97530 x1, 97535 x0");
  CHECK(alternatives(r) == Strings{"97110 x0, 97112 x1, 97530 x1, 97535 x0"});
  CHECK(r.timed_minutes == 19);
  CHECK(r.total_units == 2);
  r = run(stdlib_plan(), "commercial", services);
  CHECK(chosen(r) == "97110 x0, 97112 x0, 97530 x0, 97535 x0");
}

TEST_CASE("evaluate: ties in two discipline pools give every combination", "[evaluator]") {
  const std::vector<Svc> services{in("PT", svc("97110", 7)), in("PT", svc("97140", 7)),
                                  in("OT", svc("97530", 7)), in("OT", svc("97535", 7))};
  const Result r = run(stdlib_plan(), "medicare", services);
  INFO(describe(r));
  REQUIRE(r.ok);
  CHECK(chosen(r) == "97110 x1, 97140 x0, 97530 x1, 97535 x0");
  CHECK(alternatives(r) == Strings{"97110 x0, 97140 x1, 97530 x1, 97535 x0",
                                   "97110 x1, 97140 x0, 97530 x0, 97535 x1",
                                   "97110 x0, 97140 x1, 97530 x0, 97535 x1"});
}

TEST_CASE("evaluate: the encounter's discipline applies to services that give none",
          "[evaluator]") {
  Encounter enc =
      encounter({svc("97530", 5), in("PT", svc("97110", 5)), svc("97535", 4)}, "medicare");
  enc.discipline = "OT";
  const Result r = evaluate(stdlib_plan(), enc);
  INFO(describe(r));
  // OT: 97530 5 + 97535 4 = 9 -> 1 unit; PT: 97110 5 -> 0.
  CHECK(chosen(r) == "97530 x1, 97110 x0, 97535 x0");
  CHECK(timing_findings(r).empty());
}

TEST_CASE("evaluate: a code listed twice has its minutes added", "[evaluator]") {
  for (const char* payer : {"medicare", "commercial"}) {
    const Result r =
        run(stdlib_plan(), payer, {svc("97140", 10), svc("97110", 20), svc("97140", 5)});
    INFO(payer << ": " << describe(r));
    REQUIRE(r.ok);
    REQUIRE(r.lines.size() == 2);
    CHECK(r.lines[0].code == "97140");
    REQUIRE(r.lines[0].minutes);
    CHECK(*r.lines[0].minutes == 15);
    CHECK(r.timed_minutes == 35);
  }
  // Medicare: 35 -> 2 units, one full unit each. Commercial: 15 -> 1, 20 -> 1.
  CHECK(chosen(run(stdlib_plan(), "medicare",
                   {svc("97140", 10), svc("97110", 20), svc("97140", 5)})) == "97140 x1, 97110 x1");
  // 8 + 8 minutes of one code are 16 minutes: 1 unit, not 2.
  CHECK(chosen(run(stdlib_plan(), "commercial", {svc("97140", 8), svc("97140", 8)})) == "97140 x1");
  CHECK(chosen(run(stdlib_plan(), "commercial", {svc("97140", 4), svc("97140", 4)})) == "97140 x1");
}

TEST_CASE("evaluate: a code billed under two disciplines is two lines, each in its own pool",
          "[evaluator]") {
  Result r = run(stdlib_plan(), "medicare",
                 {in("PT", svc("97110", 5)), in("OT", svc("97110", 5)), in("OT", svc("97530", 7))});
  INFO(describe(r));
  REQUIRE(r.ok);
  // PT: 97110 5 -> 0 units; OT: 97110 5 + 97530 7 = 12 -> 1 unit, to 97530's 7 leftover minutes.
  REQUIRE(r.lines.size() == 3);
  CHECK(r.lines[0].discipline == "PT");
  CHECK(r.lines[1].discipline == "OT");
  CHECK(chosen(r) == "97110 x0, 97110 x0, 97530 x1");
  // The issue's claim: 97110 20 min GP and 97110 20 min GO are 1 + 1 units, not 3.
  for (const auto& [minutes, units] : {std::pair{20, 1}, std::pair{7, 0}}) {
    Svc pt = svc("97110", minutes);
    pt.modifiers = {"GP"};
    Svc ot = svc("97110", minutes);
    ot.modifiers = {"GO"};
    r = run(stdlib_plan(), "medicare", {pt, ot});
    INFO(describe(r));
    REQUIRE(r.lines.size() == 2);
    CHECK(r.lines[0].discipline == "PT");
    CHECK(r.lines[0].units == units);
    CHECK(r.lines[1].discipline == "OT");
    CHECK(r.lines[1].units == units);
    CHECK(r.lines[0].modifiers == std::vector<std::string>{"GP"});
    CHECK(r.findings.empty());
  }
}

TEST_CASE("evaluate: untimed codes are one unit a day and add no timed minutes", "[evaluator]") {
  for (const char* payer : {"medicare", "commercial"}) {
    Result r = run(stdlib_plan(), payer,
                   {untimed("97161"), svc("97161", 45), untimed("97012"), svc("97110", 7)});
    INFO(payer << ": " << describe(r));
    REQUIRE(r.ok);
    CHECK(chosen(r) == "97161 x1, 97012 x1, 97110 x0");
    CHECK(r.timed_minutes == 7);
    CHECK(r.total_units == 2);
    REQUIRE(r.lines[0].minutes);
    CHECK(*r.lines[0].minutes == 45);
    CHECK_FALSE(r.lines[1].minutes);  // no minutes given
    // An untimed code alone.
    r = run(stdlib_plan(), payer, {untimed("G0283")});
    CHECK(chosen(r) == "G0283 x1");
    CHECK(r.timed_minutes == 0);
  }
}

TEST_CASE("evaluate: a timed code given 0 minutes gets no unit and a code.no-time warning",
          "[evaluator]") {
  for (const std::string payer : {"medicare", "commercial"}) {
    const Result r = run(stdlib_plan(), payer, {svc("97110", 0), svc("97140", 8)});
    INFO(payer << ": " << describe(r));
    REQUIRE(r.ok);
    CHECK(chosen(r) == "97110 x0, 97140 x1");
    CHECK(timing_findings(r) == std::vector<std::string>{"code.no-time"});
    const Finding* f = finding(r, "code.no-time");
    REQUIRE(f);
    CHECK(f->severity == FindingSeverity::warning);
    CHECK(f->message ==
          "97110 is a timed code billed with no documented time: 0 minutes earn no unit");
  }
  // Minutes that earn nothing are not "no time"; nor is an untimed code without minutes.
  const Result r = run(stdlib_plan(), "medicare", {svc("97110", 1), svc("97161", 0)});
  INFO(describe(r));
  CHECK_FALSE(finding(r, "code.no-time"));
}

// ---------------------------------------------------------------------------------------------
// Ties and the chosen allocation

TEST_CASE("evaluate: the tie-break prefers more leftover minutes", "[evaluator]") {
  // CMS Example 3: 3 leftover minutes of 97110 lose to 7 of 97140, however listed.
  for (const auto& services : {std::vector<Svc>{svc("97110", 33), svc("97140", 7)},
                               std::vector<Svc>{svc("97140", 7), svc("97110", 33)}}) {
    const Result r = run(stdlib_plan(), "medicare", services);
    INFO(describe(r));
    CHECK(r.alternatives.empty());
    for (const auto& line : r.lines)
      CHECK(line.units == (line.code == "97110" ? 2 : 1));
  }
}

TEST_CASE("evaluate: on equal leftovers the chosen unit goes to the code with fewer units",
          "[evaluator]") {
  // 97140 5 (leftover 5) and 97110 20 (1 full unit, leftover 5): 25 minutes, 2 units; the tied
  // unit goes to 97140, which has no unit yet (cms-8-minute: `ties by units, fewest first`).
  Result r = run(stdlib_plan(), "medicare", {svc("97140", 5), svc("97110", 20)});
  INFO(describe(r));
  CHECK(chosen(r) == "97140 x1, 97110 x1");
  CHECK(alternatives(r) == Strings{"97140 x0, 97110 x2"});
  // Listed the other way round: the same choice.
  r = run(stdlib_plan(), "medicare", {svc("97110", 20), svc("97140", 5)});
  CHECK(chosen(r) == "97110 x1, 97140 x1");
}

TEST_CASE("evaluate: on equal leftovers and minutes the code listed first is chosen",
          "[evaluator]") {
  Result r = run(stdlib_plan(), "medicare", {svc("97140", 7), svc("97110", 7)});
  CHECK(chosen(r) == "97140 x1, 97110 x0");
  CHECK(alternatives(r) == Strings{"97140 x0, 97110 x1"});
  r = run(stdlib_plan(), "medicare", {svc("97110", 7), svc("97140", 7)});
  CHECK(chosen(r) == "97110 x1, 97140 x0");
  CHECK(alternatives(r) == Strings{"97110 x0, 97140 x1"});
}

TEST_CASE("evaluate: a tie among some codes leaves the others out of the alternatives",
          "[evaluator]") {
  // 97110 12 (leftover 12) wins outright; 97112 and 97140 tie at 9 for the second unit; 97530 at
  // 3 gets nothing. 33 minutes -> 2 units.
  const Result r = run(stdlib_plan(), "medicare",
                       {svc("97530", 3), svc("97112", 9), svc("97110", 12), svc("97140", 9)});
  INFO(describe(r));
  CHECK(chosen(r) == "97530 x0, 97112 x1, 97110 x1, 97140 x0");
  CHECK(alternatives(r) == Strings{"97530 x0, 97112 x0, 97110 x1, 97140 x1"});
}

TEST_CASE("evaluate: the result does not depend on what the evaluator did before", "[evaluator]") {
  // 40 minutes, four codes of 10 (leftover 10 each): 3 units, one to each of three codes; the
  // four ways to leave one code out are all valid, the one leaving out the last listed is chosen.
  const std::vector<Svc> services{svc("97110", 10), svc("97112", 10), svc("97140", 10),
                                  svc("97530", 10)};
  const Strings expected_alternatives{"97110 x1, 97112 x1, 97140 x0, 97530 x1",
                                      "97110 x1, 97112 x0, 97140 x1, 97530 x1",
                                      "97110 x0, 97112 x1, 97140 x1, 97530 x1"};
  // One evaluator reuses its scratch space: encounters of other shapes in between (more lines,
  // other payers, an error record, untimed codes) must leave no trace in the next result.
  const std::vector<std::pair<std::string, std::vector<Svc>>> others{
      {"commercial", {svc("97110", 53), svc("97140", 8), untimed("97161")}},
      {"medicare",
       {svc("97110", 7), svc("97112", 7), svc("97140", 7), svc("97530", 7), svc("97116", 7),
        svc("97535", 7)}},
      {"medicare", {svc("99999", 10)}},
      {"medicare", {svc("97110", 1440)}},
  };
  Evaluator evaluator(stdlib_plan(), {});
  for (int round = 0; round < 3; ++round) {
    for (const auto& [payer, other] : others) {
      Result r;
      evaluator.evaluate(encounter(other, payer), r);
    }
    Result again;
    evaluator.evaluate(encounter(services, "medicare"), again);
    INFO("round " << round);
    CHECK(again.total_units == 3);
    CHECK(chosen(again) == "97110 x1, 97112 x1, 97140 x1, 97530 x0");
    CHECK(alternatives(again) == expected_alternatives);
  }
}

TEST_CASE("evaluate: alternatives are capped at 32", "[evaluator]") {
  std::string rules = kOwnRules;
  std::vector<Svc> services;
  for (int i = 1; i <= 40; ++i) {
    const std::string code = fmt::format("K{:02}", i);
    rules += fmt::format("code {} {{\n  timed every 15 min\n}}\n", code);
    services.push_back(svc(code, 7));
  }
  const PlanPtr plan = load_plan(rules, false);
  const Result r = run(plan, "pool", services);
  REQUIRE(r.ok);
  // 280 minutes -> 19 units, all tied at 7 leftover minutes: the first 19 codes are chosen.
  CHECK(r.total_units == 19);
  for (std::size_t i = 0; i < r.lines.size(); ++i)
    CHECK(r.lines[i].units == (i < 19 ? 1 : 0));
  REQUIRE(r.alternatives.size() == 32);
  std::vector<std::vector<std::int64_t>> seen;
  for (const auto& alt : r.alternatives) {
    std::int64_t sum = 0;
    for (auto u : alt) {
      CHECK((u == 0 || u == 1));
      sum += u;
    }
    CHECK(sum == 19);
    CHECK(std::find(seen.begin(), seen.end(), alt) == seen.end());
    seen.push_back(alt);
  }
  // The next combinations in order: the 19th unit moves from K19 to K20, K21, ...
  const auto expect_alt = [&](std::size_t index, std::vector<int> ones) {
    std::vector<std::int64_t> want(40, 0);
    for (int i : ones)
      want[static_cast<std::size_t>(i)] = 1;
    CHECK(r.alternatives[index] == want);
  };
  std::vector<int> base;
  for (int i = 0; i < 18; ++i)
    base.push_back(i);
  auto with = [&](std::vector<int> extra) {
    std::vector<int> out = base;
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  };
  expect_alt(0, with({19}));
  expect_alt(20, with({39}));
  std::vector<int> shifted;
  for (int i = 0; i < 17; ++i)
    shifted.push_back(i);
  shifted.push_back(18);
  shifted.push_back(19);
  expect_alt(21, shifted);
}

TEST_CASE("evaluate: without 'ties are alternatives' a tie has no alternatives", "[evaluator]") {
  const PlanPtr plan = load_plan(std::string(kOwnRules) +
                                     "policy strict {\n  pool timed minutes\n"
                                     "  units = (minutes + 7) / 15\n  allocate {\n"
                                     "    each code gets minutes / unit\n"
                                     "    rest by leftover minutes, largest first\n  }\n}\n"
                                     "payer s {\n  policy strict\n}\n",
                                 false);
  const Result r = run(plan, "s", {svc("C15", 7), svc("D15", 7)});
  INFO(describe(r));
  CHECK(chosen(r) == "C15 x1, D15 x0");
  CHECK(r.alternatives.empty());
}

// ---------------------------------------------------------------------------------------------
// Policies written in the test

TEST_CASE("evaluate: a threshold-table policy", "[evaluator]") {
  const PlanPtr plan = load_plan(
      "policy chart {\n  pool each code\n  units by table {\n    8..22 min -> 1\n"
      "    23..37 min -> 2\n    38 min or more -> 3 + (minutes - 38) / 15\n  }\n}\n"
      "policy pooled-chart {\n  pool timed minutes per day\n  units by table {\n"
      "    8..22 min -> 1\n    23 min or more -> 2\n  }\n  allocate {\n"
      "    each code gets minutes / unit\n    rest by leftover minutes, largest first\n  }\n}\n"
      "payer t {\n  policy chart\n}\npayer u {\n  policy pooled-chart\n}\n"
      "code C15 {\n  timed every 15 min\n}\ncode D15 {\n  timed every 15 min\n}\n",
      false);
  const std::pair<int, int> rows[] = {{0, 0},  {7, 0},  {8, 1},  {22, 1},  {23, 2}, {37, 2},
                                      {38, 3}, {52, 3}, {53, 4}, {127, 8}, {128, 9}};
  for (const auto& [minutes, units] : rows) {
    const Result r = run(plan, "t", {svc("C15", minutes)});
    INFO(minutes << " min: " << describe(r));
    CHECK(chosen(r) == fmt::format("C15 x{}", units));
  }
  // Per code: 7 and 7 are below the first row.
  CHECK(chosen(run(plan, "t", {svc("C15", 7), svc("D15", 7)})) == "C15 x0, D15 x0");
  // Pooled: 14 minutes fall in the first row; 28 and 35 minutes in the last.
  CHECK(chosen(run(plan, "u", {svc("C15", 7), svc("D15", 7)})) == "C15 x1, D15 x0");
  CHECK(chosen(run(plan, "u", {svc("C15", 20), svc("D15", 8)})) == "C15 x1, D15 x1");
  CHECK(chosen(run(plan, "u", {svc("C15", 30), svc("D15", 5)})) == "C15 x2, D15 x0");
}

TEST_CASE("evaluate: 'rest by minutes' gives the rest to the most total minutes", "[evaluator]") {
  const PlanPtr plan = load_plan(
      "policy by-minutes {\n  pool timed minutes per day and discipline\n"
      "  units = (minutes + 7) / 15\n  allocate {\n    each code gets minutes / unit\n"
      "    rest by minutes, largest first\n    ties are alternatives\n  }\n}\n"
      "policy rest-only {\n  pool timed minutes\n  units = (minutes + 7) / 15\n  allocate {\n"
      "    rest by minutes, largest first\n  }\n}\n"
      "payer m {\n  policy by-minutes\n}\npayer r {\n  policy rest-only\n}\n"
      "code C15 {\n  timed every 15 min\n}\ncode D15 {\n  timed every 15 min\n}\n",
      false);
  // CMS Example 3's inputs: by total minutes the third unit goes to the 33-minute code.
  Result r = run(plan, "m", {svc("C15", 33), svc("D15", 7)});
  INFO(describe(r));
  CHECK(chosen(r) == "C15 x3, D15 x0");
  // Equal minutes tie.
  r = run(plan, "m", {svc("C15", 20), svc("D15", 20)});
  CHECK(chosen(r) == "C15 x2, D15 x1");
  CHECK(alternatives(r) == Strings{"C15 x1, D15 x2"});
  // No full units: every code with minutes left gets one in turn, largest first.
  r = run(plan, "r", {svc("C15", 33), svc("D15", 7)});
  CHECK(chosen(r) == "C15 x2, D15 x1");
  r = run(plan, "r", {svc("C15", 50), svc("D15", 7)});  // 57 -> 4 units
  CHECK(chosen(r) == "C15 x3, D15 x1");
}

TEST_CASE("evaluate: a policy that fails at run time is an error record", "[evaluator]") {
  const PlanPtr plan = load_plan(
      "policy zero {\n  pool each code\n  units = minutes / (unit - 15)\n}\n"
      "policy huge {\n  pool each code\n  units = minutes * 1000000000 * 1000000000\n}\n"
      "payer z {\n  policy zero\n}\npayer h {\n  policy huge\n}\n"
      "code C15 {\n  timed every 15 min\n}\n",
      false);
  Result r = run(plan, "z", {svc("C15", 10)});
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "rules.evaluation-failed");
  CHECK(r.error.message == "policy 'zero' gave division by zero for 10 minutes");
  r = run(plan, "h", {svc("C15", 10)});
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "rules.evaluation-failed");
  CHECK(r.error.message == "policy 'huge' gave a number too large for 10 minutes");
  r = run(plan, "h", {svc("C15", 0)});
  CHECK(r.ok);
}

TEST_CASE("evaluate: negative units from a formula count as none", "[evaluator]") {
  const PlanPtr plan = load_plan(
      "policy neg {\n  pool each code\n  units = 1 - minutes\n}\npayer n {\n  policy neg\n}\n"
      "code C15 {\n  timed every 15 min\n}\n",
      false);
  const Result r = run(plan, "n", {svc("C15", 30)});
  CHECK(r.ok);
  CHECK(chosen(r) == "C15 x0");
  CHECK(r.total_units == 0);
}

TEST_CASE("evaluate: full units beyond the pool and units nobody can take are findings",
          "[evaluator]") {
  const PlanPtr plan = load_plan(
      "policy greedy {\n  pool timed minutes\n  units = (minutes + 7) / 15\n  allocate {\n"
      "    each code gets minutes / 10\n    rest by leftover minutes, largest first\n  }\n}\n"
      "policy generous {\n  pool timed minutes\n  units = minutes\n  allocate {\n"
      "    each code gets minutes / unit\n    rest by leftover minutes, largest first\n  }\n}\n"
      "payer g {\n  policy greedy\n}\npayer v {\n  policy generous\n}\n"
      "code C15 {\n  timed every 15 min\n}\n",
      false);
  Result r = run(plan, "g", {svc("C15", 20)});
  INFO(describe(r));
  CHECK(chosen(r) == "C15 x2");
  const Finding* f = finding(r, "policy.full-units-exceed-pool");
  REQUIRE(f);
  CHECK(f->message == "the codes' full units (2) exceed the 1 units that 20 pooled minutes allow");
  r = run(plan, "v", {svc("C15", 20)});
  CHECK(chosen(r) == "C15 x2");
  f = finding(r, "policy.units-unallocated");
  REQUIRE(f);
  CHECK(f->message ==
        "18 of the 20 units that 20 pooled minutes allow could not be given to any code");
}

// ---------------------------------------------------------------------------------------------
// Initial codes and their add-ons

TEST_CASE("evaluate: timed first N min with its add-on, per-code policy", "[evaluator]") {
  struct Case {
    std::vector<Svc> services;
    const char* units;
  };
  const Case cases[] = {
      {{svc("I30", 30)}, "I30 x1"},
      {{svc("I30", 15)}, "I30 x0"},  // under the midpoint of 30 minutes
      {{svc("I30", 16)}, "I30 x1"},
      {{svc("I30", 50)}, "I30 x1, A15 x1"},  // 30 + 20 after it
      {{svc("I30", 37)}, "I30 x1, A15 x0"},  // 7 after it
      {{svc("I30", 38)}, "I30 x1, A15 x1"},  // 8 after it
      {{svc("I30", 90)}, "I30 x1, A15 x4"},
      {{svc("I30", 45), svc("A15", 10)}, "I30 x1, A15 x2"},  // 15 + 10 = 25 for A15
      {{svc("A15", 10), svc("I30", 45)}, "A15 x2, I30 x1"},
  };
  for (const Case& c : cases) {
    const Result r = run(own_plan(), "each", c.services);
    INFO(describe(r));
    REQUIRE(r.ok);
    CHECK(chosen(r) == c.units);
  }
  const Result r = run(own_plan(), "each", {svc("I30", 50)});
  REQUIRE(r.lines.size() == 2);
  CHECK(*r.lines[0].minutes == 30);
  CHECK(*r.lines[1].minutes == 20);
  CHECK(r.timed_minutes == 50);
  const Finding* f = finding(r, "code.addon-time");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::info);
  CHECK(f->message == "the 20 minutes of I30 after its first 30 are billed as its add-on A15");
}

TEST_CASE("evaluate: a line made for an add-on's time carries its initial code's modifiers",
          "[evaluator]") {
  // 97129's minutes after its first 15 go to 97130 (pooled), 97550's after its first 30 to
  // 97551 (counted alone). The claim's modifiers were on the initial code's service, and the
  // add-on's minutes are that service's: GO and GP are on the add-on's line too, so Medicare's
  // discipline modifier is not missing there. With a modifier the rules do not know (ZZ), the
  // claim checks compare the services' modifiers instead of the lines' bits: the same answer.
  struct Case {
    Svc service;
    const char* addon;
    std::vector<std::string> modifiers;
  };
  const Case cases[] = {
      {{"97129", 40, {}, {"GO"}}, "97130", {"GO"}},
      {{"97550", 50, {}, {"GP"}}, "97551", {"GP"}},
      {{"97129", 40, {}, {"GO", "ZZ"}}, "97130", {"GO", "ZZ"}},
      {{"97550", 50, {}, {"GP", "ZZ"}}, "97551", {"GP", "ZZ"}},
  };
  for (const Case& c : cases) {
    const Result r = run(stdlib_plan(), "medicare", {c.service});
    INFO(describe(r));
    REQUIRE(r.ok);
    REQUIRE(r.lines.size() == 2);
    CHECK(r.lines[1].code == c.addon);
    CHECK(r.lines[1].modifiers == c.modifiers);
    CHECK(r.lines[1].discipline == r.lines[0].discipline);
    CHECK(finding(r, "modifier.discipline-missing") == nullptr);
    CHECK(finding(r, "code.addon-time") != nullptr);
  }
  // Without a discipline modifier on the initial code, both lines miss it.
  const Result bare = run(stdlib_plan(), "medicare", {in("OT", svc("97129", 40))});
  INFO(describe(bare));
  std::size_t missing = 0;
  for (const Finding& f : bare.findings)
    missing += f.id == "modifier.discipline-missing" ? 1 : 0;
  CHECK(missing == 2);
}

TEST_CASE("evaluate: timed first N min with its add-on, pooled policy", "[evaluator]") {
  Result r = run(own_plan(), "pool", {svc("I30", 50)});
  INFO(describe(r));
  CHECK(chosen(r) == "I30 x1, A15 x1");
  // The add-on's time is pooled with the other 15-minute codes: 20 + 10 = 30 -> 2 units.
  r = run(own_plan(), "pool", {svc("I30", 50), svc("C15", 10)});
  CHECK(chosen(r) == "I30 x1, C15 x1, A15 x1");
  CHECK(r.alternatives.empty());
  // 7 + 7 after the first block tie for one unit.
  r = run(own_plan(), "pool", {svc("I30", 37), svc("C15", 7)});
  CHECK(chosen(r) == "I30 x1, C15 x1, A15 x0");
  CHECK(alternatives(r) == Strings{"I30 x1, C15 x0, A15 x1"});
  // The initial code never bills more than its first block.
  r = run(own_plan(), "pool", {svc("I30", 30)});
  CHECK(chosen(r) == "I30 x1");
  r = run(own_plan(), "pool", {svc("I30", 120)});
  CHECK(chosen(r) == "I30 x1, A15 x6");
}

TEST_CASE("evaluate: an initial code without an add-on bills only its first block", "[evaluator]") {
  const PlanPtr plan = load_plan(
      std::string(kOwnRules) + "code F30 \"first block only\" {\n  timed first 30 min\n}\n", false);
  for (const char* payer : {"each", "pool"}) {
    const Result r = run(plan, payer, {svc("F30", 95)});
    INFO(payer << ": " << describe(r));
    CHECK(chosen(r) == "F30 x1");
  }
}

TEST_CASE("evaluate: an add-on billed without its initial code is a finding", "[evaluator]") {
  const Result r = run(own_plan(), "each", {svc("A15", 20)});
  INFO(describe(r));
  CHECK(chosen(r) == "A15 x1");
  const Finding* f = finding(r, "code.addon-without-primary");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::warning);
  CHECK(f->message == "A15 is an add-on code, billed without its initial code I30");
}

// ---------------------------------------------------------------------------------------------
// Error records

// Evaluates with `--strict`: a code outside the rules makes the encounter an error record.
Result run_strict(const std::vector<Svc>& services) {
  EvalOptions options;
  options.strict = true;
  return evaluate(stdlib_plan(), encounter(services, "medicare"), options);
}

TEST_CASE("evaluate: a code outside the rules is a line without units, the rest evaluated",
          "[evaluator]") {
  // The issue's claim: an E/M visit beside therapy.
  Result r = run(stdlib_plan(), "medicare", {svc("99213", 15), in("PT", svc("97110", 20))});
  INFO(describe(r));
  REQUIRE(r.ok);
  REQUIRE(r.lines.size() == 2);
  CHECK(r.lines[0].code == "97110");  // the priced lines first
  CHECK(r.lines[0].units == 1);
  CHECK(r.lines[1].code == "99213");
  CHECK_FALSE(r.lines[1].priced);
  CHECK(*r.lines[1].minutes == 15);
  CHECK(r.timed_minutes == 20);  // its minutes are not counted
  CHECK(r.total_units == 1);
  const Finding* f = finding(r, "code.not-in-rules");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::warning);
  CHECK(f->code == "99213");
  CHECK(f->message ==
        "99213 is not in the loaded rules: its line is not priced and its 15 minutes are not "
        "counted");
  // A typo one edit away is suggested.
  r = run(stdlib_plan(), "medicare", {svc("97l40", 10)});
  f = finding(r, "code.not-in-rules");
  REQUIRE(f);
  CHECK(f->message ==
        "97l40 is not in the loaded rules: its line is not priced and its 10 minutes are not "
        "counted (did you mean 97140?)");
}

TEST_CASE("evaluate: with strict, an unknown code is an error record with did-you-mean",
          "[evaluator]") {
  Result r = run_strict({svc("97110", 10), svc("97l40", 10)});
  CHECK_FALSE(r.ok);
  CHECK(r.id == "enc");
  CHECK(r.input_line == 1);
  CHECK(r.error.id == "input.unknown-code");
  CHECK(r.error.message == "services[1].code: unknown code '97l40' (did you mean 97140?)");
  r = run_strict({svc("ABCDEFG", 10)});
  CHECK(r.error.id == "input.unknown-code");
  CHECK(r.error.message == "services[0].code: unknown code 'ABCDEFG'");
}

TEST_CASE("evaluate: a code is suggested only one edit or one transposition away", "[evaluator]") {
  const auto message = [](const std::string& code) {
    const Result r = run_strict({svc(code, 10)});
    CHECK(r.error.id == "input.unknown-code");
    return r.error.message;
  };
  CHECK(message("97410") == "services[0].code: unknown code '97410' (did you mean 97140?)");
  CHECK(message("971400") == "services[0].code: unknown code '971400' (did you mean 97140?)");
  // Two digits away is another code, not a typo: an E/M visit is not "97113".
  CHECK(message("99213") == "services[0].code: unknown code '99213'");
}

TEST_CASE("evaluate: the discipline comes from the line, the encounter, the code, the payer",
          "[evaluator]") {
  const auto line_discipline = [](const Encounter& enc) {
    Result r = evaluate(stdlib_plan(), enc);
    INFO(describe(r));
    REQUIRE(r.ok);
    REQUIRE_FALSE(r.lines.empty());
    return r.lines[0].discipline;
  };
  Svc with_go = svc("97110", 20);
  with_go.modifiers = {"GO"};
  Encounter enc = encounter({with_go}, "medicare");
  CHECK(line_discipline(enc) == "OT");  // the modifier
  enc.discipline = "PT";
  CHECK(line_discipline(enc) == "OT");  // the modifier before the encounter, with a finding
  CHECK(finding(evaluate(stdlib_plan(), enc), "modifier.discipline-mismatch"));
  enc.services[0].discipline = "pt";  // its own field first, in the rules' spelling
  CHECK(line_discipline(enc) == "PT");
  enc = encounter({svc("97110", 20)}, "medicare");
  enc.discipline = "OT";
  CHECK(line_discipline(enc) == "OT");  // the encounter's
  enc = encounter({svc("97161", 30)}, "medicare");
  CHECK(line_discipline(enc) == "PT");  // the code's only discipline, without a finding
  CHECK_FALSE(finding(evaluate(stdlib_plan(), enc), "discipline.assumed"));
  enc = encounter({svc("97110", 20), svc("97140", 10)}, "medicare");
  CHECK(line_discipline(enc) == "PT");  // the payer's default, said once for both codes
  const Result r = evaluate(stdlib_plan(), enc);
  const Finding* f = finding(r, "discipline.assumed");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::info);
  CHECK(f->code.empty());
  CHECK(f->message ==
        "97110, 97140 list several disciplines and nothing on the claim says which: counted "
        "under PT, payer medicare's default discipline");
}

TEST_CASE("evaluate: a payer without a default discipline cannot decide, and says so",
          "[evaluator]") {
  const PlanPtr plan = load_plan(
      "policy p {\n  pool timed minutes per day and discipline\n  units = (minutes + 7) / 15\n"
      "  allocate {\n    each code gets minutes / unit\n    rest by leftover minutes, largest "
      "first\n  }\n}\npayer nodefault {\n  policy p\n}\n"
      "code T15 {\n  timed every 15 min\n  disciplines OT, PT\n}\n",
      false);
  const Result r = run(plan, "nodefault", {svc("T15", 20)});
  INFO(describe(r));
  REQUIRE(r.ok);
  CHECK(r.lines[0].discipline == "OT");
  const Finding* f = finding(r, "discipline.undecided");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::error);
  // A discipline no rule names is an error record.
  Encounter enc = encounter({svc("T15", 20)}, "nodefault");
  enc.discipline = "SLP";
  const Result bad = evaluate(plan, enc);
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.id == "input.unknown-discipline");
  CHECK(bad.error.message == "discipline: unknown discipline 'SLP' (the rules know OT and PT)");
}

TEST_CASE("evaluate: an unknown or missing payer is an error record", "[evaluator]") {
  Result r = run(stdlib_plan(), "medicar", {svc("97110", 10)});
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "input.unknown-payer");
  CHECK(r.error.message == "unknown payer 'medicar' (did you mean medicare?)");
  r = run(stdlib_plan(), "blue-cross", {svc("97110", 10)});
  CHECK(r.error.id == "input.unknown-payer");
  CHECK(r.error.message == "unknown payer 'blue-cross'");
  r = evaluate(stdlib_plan(), encounter({svc("97110", 10)}, std::nullopt));
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "input.payer-missing");
  CHECK(r.error.message == "the encounter names no payer and no --payer was given");
  // --payer fills in.
  EvalOptions options;
  options.default_payer = "commercial";
  r = evaluate(stdlib_plan(), encounter({svc("97110", 10)}, std::nullopt), options);
  CHECK(r.ok);
  CHECK(r.payer == "commercial");
  // The encounter's own payer wins over --payer.
  r = evaluate(stdlib_plan(), encounter({svc("97110", 10)}, "medicare"), options);
  CHECK(r.payer == "medicare");
}

TEST_CASE("evaluate: a timed code without minutes is an error record", "[evaluator]") {
  const Result r = run(stdlib_plan(), "medicare", {untimed("97161"), untimed("97140")});
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "input.minutes-missing");
  CHECK(r.error.message == "services[1].minutes is required: 97140 is a timed code");
}

TEST_CASE("evaluate: more than 24 hours in a day is an error record", "[evaluator]") {
  Result r = run(stdlib_plan(), "medicare", {svc("97110", 1000), svc("97140", 440)});
  CHECK(r.ok);  // exactly 1440 minutes
  r = run(stdlib_plan(), "medicare", {svc("97110", 1000), svc("97140", 441)});
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "input.day-too-long");
  CHECK(r.error.message == "the services add up to more than 1440 minutes (24 hours) in one day");
  // Untimed minutes count toward the day too.
  r = run(stdlib_plan(), "medicare", {svc("97161", 1441)});
  CHECK(r.error.id == "input.day-too-long");
  // A huge number is an error record, not an overflow.
  r = run(stdlib_plan(), "medicare",
          {svc("97110", std::numeric_limits<std::int64_t>::max()), svc("97140", 10)});
  CHECK(r.error.id == "input.day-too-long");
}

TEST_CASE("evaluate: too many services is an error record", "[evaluator]") {
  std::vector<Svc> services(256, untimed("97161"));
  Result r = run(stdlib_plan(), "medicare", services);
  CHECK(r.ok);
  CHECK(chosen(r) == "97161 x1");
  services.push_back(untimed("97161"));
  r = run(stdlib_plan(), "medicare", services);
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "input.too-many-services");
  CHECK(r.error.message == "the encounter lists 257 services; at most 256 are allowed");
}

TEST_CASE("evaluate: a payer or policy not in force on the date is an error record",
          "[evaluator]") {
  const PlanPtr plan = load_plan(
      "policy old {\n  pool each code\n  units = 1\n  expires 2019-12-31\n}\n"
      "payer dated {\n  policy per-code\n  effective 2020-01-01\n}\n"
      "payer stale {\n  policy old\n}\n" +
          std::string(kOwnRules),
      false);
  Result r = run(plan, "dated", {svc("C15", 10)}, "2019-06-30");
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "input.payer-not-in-force");
  CHECK(r.error.message == "payer 'dated' has no rules in force on 2019-06-30");
  r = run(plan, "dated", {svc("C15", 10)}, "2020-01-01");
  CHECK(r.ok);
  r = run(plan, "stale", {svc("C15", 10)}, "2020-01-01");
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "rules.policy-not-in-force");
  CHECK(r.error.message == "policy 'old' of payer 'stale' is not in force on 2020-01-01");
  r = run(plan, "stale", {svc("C15", 10)}, "2019-12-31");
  CHECK(r.ok);
}

TEST_CASE("evaluate: an evaluator is reused without leaking between encounters", "[evaluator]") {
  Evaluator evaluator(stdlib_plan(), {});
  Result r;
  evaluator.evaluate(encounter({svc("97110", 7), svc("97140", 7)}, "medicare"), r);
  CHECK(r.alternatives.size() == 1);
  evaluator.evaluate(encounter({svc("97l40", 7)}, "medicare"), r);
  CHECK_FALSE(r.lines.front().priced);
  evaluator.evaluate(encounter({svc("97110", 7), svc("97l40", 7)}, "medicare"), r);
  REQUIRE(r.lines.size() == 2);
  Encounter bad = encounter({svc("97110", 10)}, "medicare");
  bad.discipline = "XX";
  evaluator.evaluate(bad, r);
  CHECK_FALSE(r.ok);
  evaluator.evaluate(encounter({svc("97530", 30)}, "medicare"), r);
  CHECK(r.lines.size() == 1);
  CHECK(r.lines.front().priced);
  CHECK(r.ok);
  CHECK(chosen(r) == "97530 x2");
  CHECK(r.alternatives.empty());
  CHECK(timing_findings(r).empty());
  CHECK(r.error.id.empty());
}

// ---------------------------------------------------------------------------------------------
// Findings

TEST_CASE("evaluate: input.no-date when neither the encounter nor --date gives one",
          "[evaluator]") {
  Result r = run(stdlib_plan(), "medicare", {svc("97110", 10)}, std::nullopt);
  INFO(describe(r));
  CHECK(r.ok);
  CHECK_FALSE(r.date);
  const Finding* f = finding(r, "input.no-date");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::warning);
  CHECK(f->message ==
        "the encounter has no date of service and no --date was given: the newest rules were "
        "used (those in force after every date the rules name: payer medicare, policy "
        "cms-8-minute, codes 97110); a code or rule that has expired is not in force without a "
        "date");
  EvalOptions options;
  options.default_date = cptrules::lang::parse_date("2024-05-06");
  r = evaluate(stdlib_plan(), encounter({svc("97110", 10)}, "medicare", std::nullopt), options);
  CHECK_FALSE(finding(r, "input.no-date"));
  REQUIRE(r.date);
  CHECK(cptrules::lang::format_date(*r.date) == "2024-05-06");
  // The encounter's date wins over --date.
  r = evaluate(stdlib_plan(), encounter({svc("97110", 10)}, "medicare", "2025-03-02"), options);
  CHECK(cptrules::lang::format_date(*r.date) == "2025-03-02");
}

TEST_CASE("evaluate: code.not-in-force for 97763 before 2018 and 97762 after 2017", "[evaluator]") {
  Result r = run(stdlib_plan(), "medicare", {svc("97763", 20), svc("97110", 10)}, "2017-06-01");
  INFO(describe(r));
  REQUIRE(r.ok);
  CHECK(chosen(r) == "97763 x0, 97110 x1");  // its minutes are not pooled either
  CHECK(r.timed_minutes == 10);
  const Finding* f = finding(r, "code.not-in-force");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::error);
  CHECK(f->message.rfind("97763 is not in force on 2017-06-01: it is in force from 2018-01-01",
                         0) == 0);

  r = run(stdlib_plan(), "medicare", {svc("97762", 23)}, "2018-01-01");
  f = finding(r, "code.not-in-force");
  REQUIRE(f);
  CHECK(f->message.rfind("97762 is not in force on 2018-01-01: it is in force through 2017-12-31",
                         0) == 0);
  CHECK(chosen(r) == "97762 x0");

  // On the boundary days each is in force.
  r = run(stdlib_plan(), "medicare", {svc("97763", 20), svc("97760", 10)}, "2018-01-01");
  CHECK(chosen(r) == "97763 x1, 97760 x1");
  CHECK_FALSE(finding(r, "code.not-in-force"));
  r = run(stdlib_plan(), "medicare", {svc("97762", 23)}, "2017-12-31");
  CHECK(chosen(r) == "97762 x2");
  CHECK_FALSE(finding(r, "code.not-in-force"));
}

TEST_CASE("evaluate: without a date a retired code is not billable beside its successor",
          "[evaluator]") {
  // 97762 expired on 2017-12-31 and 97763 replaced it from 2018-01-01: the newest rules know
  // only 97763, so 23 minutes of it are 2 units and 97762's 23 minutes are not pooled (pooling
  // both, 46 minutes, would be 3 units).
  Result r = run(stdlib_plan(), "medicare", {svc("97762", 23), svc("97763", 23)}, std::nullopt);
  INFO(describe(r));
  REQUIRE(r.ok);
  CHECK(chosen(r) == "97762 x0, 97763 x2");
  CHECK(r.timed_minutes == 23);
  CHECK(r.total_units == 2);
  const Finding* retired = finding(r, "code.not-in-force");
  REQUIRE(retired);
  CHECK(retired->severity == FindingSeverity::error);
  CHECK(retired->message ==
        "97762 is not in force in the newest rules: it is in force through 2017-12-31; 97763 "
        "replaced it");
  // The warning says the date is missing and which versions decided: 97763's from 2018.
  const Finding* no_date = finding(r, "input.no-date");
  REQUIRE(no_date);
  CHECK(no_date->message.find("payer medicare, policy cms-8-minute, codes 97763 from "
                              "2018-01-01)") != std::string::npos);
  // Under the CPT rule alike: each code alone, and the retired one earns nothing.
  r = run(stdlib_plan(), "commercial", {svc("97762", 23)}, std::nullopt);
  CHECK(chosen(r) == "97762 x0");
  CHECK(finding(r, "code.not-in-force"));
}

TEST_CASE("evaluate: without a date a payer or policy that has expired is an error record",
          "[evaluator]") {
  const PlanPtr plan = load_plan(
      "policy old {\n  pool each code\n  units = 1\n  expires 2019-12-31\n}\n"
      "payer retired {\n  policy per-code\n  expires 2020-12-31\n}\n"
      "payer stale {\n  policy old\n}\n"
      "payer renewed {\n  policy per-code\n  expires 2020-12-31\n}\n"
      "payer renewed {\n  policy per-code\n  effective 2021-01-01\n}\n" +
          std::string(kOwnRules),
      false);
  Result r = run(plan, "retired", {svc("C15", 10)}, std::nullopt);
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "input.payer-not-in-force");
  CHECK(r.error.message == "payer 'retired' has no rules in force in the newest rules");
  r = run(plan, "stale", {svc("C15", 10)}, std::nullopt);
  CHECK_FALSE(r.ok);
  CHECK(r.error.id == "rules.policy-not-in-force");
  CHECK(r.error.message == "policy 'old' of payer 'stale' is not in force in the newest rules");
  // A payer with a version that never expires uses that one.
  r = run(plan, "renewed", {svc("C15", 10)}, std::nullopt);
  INFO(describe(r));
  CHECK(r.ok);
  const Finding* no_date = finding(r, "input.no-date");
  REQUIRE(no_date);
  CHECK(no_date->message.find("payer renewed from 2021-01-01, policy per-code") !=
        std::string::npos);
}

TEST_CASE("evaluate: code.discipline-mismatch", "[evaluator]") {
  Encounter enc = encounter({svc("97161", 30), svc("97530", 10)}, "medicare");
  enc.discipline = "OT";
  Result r = evaluate(stdlib_plan(), enc);
  INFO(describe(r));
  REQUIRE(r.ok);
  CHECK(chosen(r) == "97161 x1, 97530 x1");
  const Finding* f = finding(r, "code.discipline-mismatch");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::warning);
  CHECK(f->message == "97161 is billed under OT, but its rules list PT");
  // A code of two disciplines under a third.
  r = run(stdlib_plan(), "medicare", {in("SLP", svc("97140", 10))});
  f = finding(r, "code.discipline-mismatch");
  REQUIRE(f);
  CHECK(f->message == "97140 is billed under SLP, but its rules list PT, OT");
  // Under its own discipline: nothing.
  r = run(stdlib_plan(), "medicare", {in("OT", svc("97140", 10))});
  CHECK(timing_findings(r).empty());
}

// ---------------------------------------------------------------------------------------------
// Test blocks: run_tests evaluates each case and reports every mismatch

namespace {

cptrules::interp::LoadedRules load_for_tests(const std::string& text, bool stdlib) {
  LoadOptions options;
  options.stdlib = stdlib;
  if (!text.empty()) {
    options.extra.push_back(std::make_shared<cptrules::lang::SourceFile>("test.rules", text));
  }
  auto loaded = cptrules::interp::load_rules(options);
  INFO(cptrules::lang::render(loaded.diagnostics));
  REQUIRE(loaded.plan);
  return loaded;
}

}  // namespace

TEST_CASE("run_tests: every test block of the standard rules passes", "[evaluator][runner]") {
  const auto loaded = load_for_tests("", true);
  const auto report = cptrules::interp::run_tests(loaded, {});
  std::string failures;
  for (const auto& c : report.cases) {
    if (c.passed)
      continue;
    failures += c.where + " " + c.test + ":";
    for (const auto& p : c.problems)
      failures += " " + p + ";";
    failures += "\n";
  }
  INFO(failures);
  CHECK(report.failed == 0);
  CHECK(report.passed > 100);
  CHECK(report.passed + report.failed == report.cases.size());
}

TEST_CASE("run_tests: mismatches are reported one sentence each", "[evaluator][runner]") {
  const std::string rules = std::string(kOwnRules) + R"(
test "checks" {
  payer pool
  given C15 7 min, D15 7 min
  expect C15 x1, D15 x0  or  C15 x0, D15 x1
  given C15 7 min, D15 7 min
  expect C15 x1, D15 x0
  given C15 7 min, D15 7 min
  expect C15 x0, D15 x1  or  C15 x1, D15 x0
  given C15 20 min
  expect C15 x2
  expect total 2
  given C15 8 min
  expect total 1
  given C15 8 min
  expect finding code.addon-time
  given I30 50 min
  expect finding code.addon-time
  given I30 50 min
  expect no finding code.addon-time
  given C15 1441 min
  expect total 0
  table C15 {
    7 min -> 0
    8 min -> 1
    23 min -> 1
  }
}

test "other" {
  payer each
  date 2017-06-01
  given C15 8 min
  expect C15 x1
}
)";
  const auto loaded = load_for_tests(rules, false);
  const auto report = cptrules::interp::run_tests(loaded, {});
  CHECK(report.tests == 2);
  REQUIRE(report.cases.size() == 13);
  const auto problems = [&](std::size_t i) {
    INFO("case " << i << " at " << report.cases[i].where);
    CHECK(report.cases[i].passed == report.cases[i].problems.empty());
    return report.cases[i].problems;
  };
  CHECK(problems(0).empty());
  CHECK(problems(1) == Strings{"C15 x0, D15 x1 is also a valid allocation, but the test does "
                               "not list it"});
  CHECK(problems(2) == Strings{"expected C15 x0, D15 x1, got C15 x1, D15 x0"});
  CHECK(problems(3) == Strings{"expected C15 x2, got C15 x1",
                               "C15 x2 is not among the valid allocations",
                               "expected 2 units in total, got 1"});
  CHECK(problems(4).empty());
  CHECK(problems(5) == Strings{"expected finding code.addon-time, but it is absent"});
  CHECK(problems(6).empty());
  CHECK(problems(7) ==
        Strings{"expected no finding code.addon-time, got: the 20 minutes of I30 after its first "
                "30 are billed as its add-on A15"});
  CHECK(problems(8) ==
        Strings{"the encounter could not be evaluated: the services add up to more than 1440 "
                "minutes (24 hours) in one day (input.day-too-long)"});
  CHECK(problems(9).empty());
  CHECK(problems(10).empty());
  CHECK(problems(11) ==
        Strings{"expected C15 x1, got C15 x2", "C15 x1 is not among the valid allocations"});
  CHECK(problems(12).empty());  // the other test
  CHECK(report.failed == 7);
  CHECK(report.passed == 6);

  const auto& first = report.cases[0];
  CHECK(first.test == "checks");
  CHECK(first.where.rfind("test.rules:", 0) == 0);
  CHECK(first.given == "C15 7 min, D15 7 min");
  CHECK(first.payer == "pool");
  CHECK(first.date == cptrules::interp::kDefaultTestDate);
  CHECK(report.cases[12].test == "other");
  CHECK(report.cases[12].date == "2017-06-01");
  CHECK(report.cases[12].payer == "each");
  CHECK(report.cases[12].passed);
  CHECK_FALSE(report.cases[1].explanation.empty());  // failed cases are explained
}

TEST_CASE("run_tests: the filter runs only matching titles", "[evaluator][runner]") {
  const std::string rules =
      std::string(kOwnRules) +
      "test \"alpha one\" {\n  payer each\n  given C15 8 min\n"
      "  expect C15 x1\n}\n"
      "test \"beta\" {\n  payer each\n  given C15 8 min\n  expect C15 x0\n}\n";
  const auto loaded = load_for_tests(rules, false);
  cptrules::interp::TestOptions options;
  options.filter = "alpha";
  auto report = cptrules::interp::run_tests(loaded, options);
  CHECK(report.tests == 1);
  CHECK(report.passed == 1);
  CHECK(report.failed == 0);
  options.filter = "beta";
  report = cptrules::interp::run_tests(loaded, options);
  CHECK(report.failed == 1);
  options.filter = "gamma";
  report = cptrules::interp::run_tests(loaded, options);
  CHECK(report.tests == 0);
  CHECK(report.cases.empty());
}

TEST_CASE("run_tests: a test's own code stands in for a loaded code of the same name",
          "[evaluator][runner]") {
  const std::string rules = std::string(kOwnRules) +
                            "test \"local\" {\n  payer pool\n  code C15 \"untimed here\" {\n"
                            "    untimed\n  }\n  given C15, D15 8 min\n"
                            "  expect C15 x1, D15 x1\n}\n"
                            "test \"global\" {\n  payer pool\n  given C15 8 min, D15 8 min\n"
                            "  expect C15 x1, D15 x0  or  C15 x0, D15 x1\n}\n";
  const auto loaded = load_for_tests(rules, false);
  const auto report = cptrules::interp::run_tests(loaded, {});
  REQUIRE(report.cases.size() == 2);
  INFO((report.cases[0].problems.empty() ? "" : report.cases[0].problems.front()));
  CHECK(report.cases[0].passed);
  INFO((report.cases[1].problems.empty() ? "" : report.cases[1].problems.front()));
  CHECK(report.cases[1].passed);
}
