// Unit tests of a payer's `counts` clauses, `payer NAME also`, families and a policy's `let`:
// parsing, checks (E0212, E0315, E0316, E0317, W0412) and the claims of the plan.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "evaluator.hpp"
#include "loader.hpp"
#include "parser.hpp"
#include "plan.hpp"

namespace {

using cptrules::interp::load_rules;
using cptrules::interp::LoadedRules;
using cptrules::interp::LoadOptions;
using cptrules::interp::Plan;
using cptrules::interp::PolicyClaim;
using cptrules::lang::SourceFile;
namespace ast = cptrules::lang::ast;

LoadedRules load(const std::string& text) {
  LoadOptions options;
  options.stdlib = false;
  options.extra.push_back(std::make_shared<SourceFile>("t.rules", text));
  return load_rules(options);
}

std::vector<std::string> ids(const LoadedRules& loaded) {
  std::vector<std::string> out;
  for (const auto& d : loaded.diagnostics.items())
    out.push_back(d.id);
  return out;
}

// Two policies, a payer whose default is the first, and three 30-minute codes.
const std::string kRules = R"(policy whole {
  pool each code
  units = minutes / unit
}
policy half {
  pool each code
  units = (minutes + (unit - 1) / 2) / unit
}
payer y {
  policy whole
}
code A1 { timed every 30 min }
code A2 { timed every 30 min }
code B1 { timed every 30 min }
)";

const PolicyClaim* claim_of(const Plan& plan, const std::string& code,
                            std::optional<cptrules::lang::Date> date, std::string_view discipline) {
  const auto payer = plan.find_payer("y");
  REQUIRE(payer);
  const auto* version = plan.payers[*payer].at(date);
  REQUIRE(version != nullptr);
  return version->claim_for(*plan.find_code(code), discipline, date);
}

std::string policy_of(const Plan& plan, const PolicyClaim* c) {
  return c == nullptr ? std::string("default") : plan.policies[c->policy].name;
}

}  // namespace

TEST_CASE("counts: the clauses parse into the payer, `also` marks an extension", "[counts]") {
  const auto parsed = cptrules::lang::parse(std::make_shared<SourceFile>(
      "t.rules",
      "payer medicare also \"ACP\" {\n"
      "  counts family acp with cpt-midpoint  because \"not therapy\"\n"
      "  counts 99497, 99498..99499 with cpt-midpoint\n"
      "  counts discipline SLP with cpt-midpoint\n"
      "}\n"
      "family acp { codes 99497, 99498 }\n"
      "policy p {\n  let start = unit - 7\n  pool each code\n  units = minutes / start\n}\n"));
  REQUIRE(parsed.diagnostics.empty());
  REQUIRE(parsed.module.decls.size() == 3);
  const auto& payer = std::get<ast::PayerDecl>(parsed.module.decls[0]);
  CHECK(payer.also);
  CHECK(payer.title->value == "ACP");
  REQUIRE(payer.counts.size() == 3);
  CHECK(payer.counts[0].kind == ast::CountedKind::family);
  CHECK(payer.counts[0].name.text == "acp");
  CHECK(payer.counts[0].policy.text == "cpt-midpoint");
  CHECK(payer.counts[0].because->value == "not therapy");
  CHECK(payer.counts[1].kind == ast::CountedKind::codes);
  REQUIRE(payer.counts[1].codes.size() == 2);
  CHECK(payer.counts[1].codes[1].to->text == "99499");
  CHECK(payer.counts[2].kind == ast::CountedKind::discipline);
  CHECK(payer.counts[2].name.text == "SLP");
  const auto& family = std::get<ast::FamilyDecl>(parsed.module.decls[1]);
  CHECK(family.codes.size() == 2);
  const auto& policy = std::get<ast::PolicyDecl>(parsed.module.decls[2]);
  REQUIRE(policy.lets.size() == 1);
  CHECK(policy.lets[0].name.text == "start");
}

TEST_CASE("counts: a line's policy is its code's claim, else its discipline's, else the default",
          "[counts]") {
  const LoadedRules loaded = load(kRules + R"(family a { codes A1..A2 }
payer y also {
  counts family a with half
  counts discipline OT with half
}
)");
  REQUIRE(loaded.plan);
  const Plan& plan = *loaded.plan;
  CHECK(policy_of(plan, claim_of(plan, "A1", std::nullopt, "PT")) == "half");
  CHECK(policy_of(plan, claim_of(plan, "A2", std::nullopt, "PT")) == "half");
  CHECK(policy_of(plan, claim_of(plan, "B1", std::nullopt, "PT")) == "default");
  CHECK(policy_of(plan, claim_of(plan, "B1", std::nullopt, "OT")) == "half");
  const PolicyClaim* a1 = claim_of(plan, "A1", std::nullopt, "PT");
  CHECK(a1->family == "a");
  CHECK(a1->extension);
}

TEST_CASE("counts: a family's codes are those that name it and those its declaration lists",
          "[counts]") {
  SECTION("named by its codes only") {
    const LoadedRules loaded = load(kRules + R"(code C1 {
  timed every 30 min
  family talk
}
payer y also {
  counts family talk with half
}
)");
    REQUIRE(loaded.plan);
    CHECK(ids(loaded).empty());
    const Plan& plan = *loaded.plan;
    CHECK(policy_of(plan, claim_of(plan, "C1", std::nullopt, "PT")) == "half");
    CHECK(policy_of(plan, claim_of(plan, "A1", std::nullopt, "PT")) == "default");
    CHECK(claim_of(plan, "C1", std::nullopt, "PT")->family == "talk");
  }
  SECTION("named by a code and declared with others") {
    const LoadedRules loaded = load(kRules + R"(code C1 {
  timed every 30 min
  family talk
}
family talk "talk, whoever wrote the code" { codes A2 }
payer y also {
  counts family talk with half
}
)");
    REQUIRE(loaded.plan);
    CHECK(ids(loaded).empty());
    const Plan& plan = *loaded.plan;
    CHECK(policy_of(plan, claim_of(plan, "C1", std::nullopt, "PT")) == "half");
    CHECK(policy_of(plan, claim_of(plan, "A2", std::nullopt, "PT")) == "half");
    CHECK(policy_of(plan, claim_of(plan, "A1", std::nullopt, "PT")) == "default");
  }
  SECTION("E0315 sees the codes that name the family") {
    const LoadedRules loaded = load(kRules + R"(code C1 {
  timed every 30 min
  family talk
}
payer y also {
  counts family talk with half
  counts C1 with whole
}
)");
    CHECK(ids(loaded) == std::vector<std::string>{"E0315"});
  }
}

TEST_CASE(
    "check W0412: a family of a time-range scale needs no payer, one named only by a code "
    "that no payer counts is reported at the code's clause",
    "[counts]") {
  const LoadedRules loaded = load(kRules + R"(code R1 {
  timed 16..37 min
  family scale
}
code R2 {
  timed 38 min or more
  family scale
}
code C1 {
  timed every 30 min
  family chat
}
)");
  // W0404: kRules' policy `half` is used by no payer here.
  REQUIRE(ids(loaded) == std::vector<std::string>{"W0412", "W0404"});
  const auto& d = loaded.diagnostics.items().front();
  CHECK(d.message == "no payer counts family 'chat': each payer's own policy counts its codes");
  CHECK(d.file->where(d.span.begin) == "t.rules:25:10");
}

TEST_CASE("counts: an extension holds on its own dates only", "[counts]") {
  const LoadedRules loaded = load(kRules + R"(payer y also {
  counts A1 with half
  effective 2026-01-01
}
)");
  REQUIRE(loaded.plan);
  const Plan& plan = *loaded.plan;
  const auto before = cptrules::lang::parse_date("2025-12-31");
  const auto after = cptrules::lang::parse_date("2026-01-01");
  CHECK(policy_of(plan, claim_of(plan, "A1", before, "PT")) == "default");
  CHECK(policy_of(plan, claim_of(plan, "A1", after, "PT")) == "half");
  CHECK(policy_of(plan, claim_of(plan, "A1", std::nullopt, "PT")) == "half");
}

TEST_CASE("check E0315: one code, two policies, overlapping dates, and none when apart",
          "[counts]") {
  const LoadedRules clash = load(kRules + R"(family a { codes A1, A2 }
payer y also {
  counts family a with half
}
payer y also {
  counts A2 with whole
  effective 2025-01-01
}
)");
  REQUIRE(ids(clash) == std::vector<std::string>{"E0315"});
  CHECK(clash.diagnostics.items()[0].message ==
        "payer 'y' counts A2 with two policies on the same dates: 'whole' here and 'half'");
  const LoadedRules apart = load(kRules + R"(payer y also {
  counts A1..A2 with half
  expires 2024-12-31
}
payer y also {
  counts A2 with whole
  effective 2025-01-01
}
payer y also {
  counts A2 with whole
}
)");
  // The last clause overlaps the first, but with the same policy as the second: only the first
  // pair (half and whole, undated) conflicts.
  REQUIRE(ids(apart) == std::vector<std::string>{"E0315"});
  const LoadedRules same = load(kRules + R"(payer y also {
  counts A1 with half
  counts discipline SLP with half
}
payer y also {
  counts A1 with half
}
)");
  CHECK(ids(same).empty());
  const LoadedRules disciplines = load(kRules + R"(payer y also {
  counts discipline SLP with half
  counts discipline SLP with whole
}
)");
  CHECK(ids(disciplines) == std::vector<std::string>{"E0315"});
}

TEST_CASE("check E0212: a family no code names and nothing declares", "[counts]") {
  const LoadedRules loaded = load(kRules + R"(payer y also {
  counts family nowhere with half
}
)");
  REQUIRE(ids(loaded) == std::vector<std::string>{"E0212"});
  const auto& d = loaded.diagnostics.items().front();
  CHECK(d.message == "unknown family 'nowhere'");
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].message ==
        "name it in its codes ('family NAME'), or declare it with 'family NAME { codes ... }'");
}

TEST_CASE("check E0212: with no family near, the known ones are listed", "[counts]") {
  const LoadedRules loaded = load(kRules + R"(family talk { codes A1 }
family group { codes A1 }
payer y also {
  counts family zzz with half
}
)");
  // W0412 for each family, which no payer counts.
  REQUIRE(ids(loaded) == std::vector<std::string>{"E0212", "W0412", "W0412"});
  const auto& d = loaded.diagnostics.items().front();
  REQUIRE(d.notes.size() == 2);
  CHECK(d.notes[0].message == "the known families are: group, talk");
  CHECK(d.notes[1].message ==
        "name it in its codes ('family NAME'), or declare it with 'family NAME { codes ... }'");
}

TEST_CASE("check: unknown names in counts clauses, with did-you-mean", "[counts]") {
  const LoadedRules loaded = load(kRules + R"(family acp { codes A1 }
payer yy also {
  counts family acq with half
  counts A1 with halff
  counts A9 with half
}
)");
  CHECK(ids(loaded) == std::vector<std::string>{"E0204", "E0212", "E0202", "E0203"});
  for (const auto& d : loaded.diagnostics.items()) {
    if (d.id != "E0203") {
      REQUIRE_FALSE(d.notes.empty());
      CHECK(d.notes[0].message.rfind("did you mean", 0) == 0);
    }
  }
}

TEST_CASE("check E0316: an extension only adds counts clauses", "[counts]") {
  const LoadedRules loaded = load(kRules + R"(payer y also {
  policy half
  discipline modifier GP for PT
}
)");
  // W0404: `half` is named only by the refused `policy` clause.
  CHECK(ids(loaded) == std::vector<std::string>{"E0316", "E0316", "E0316", "W0404"});
}

TEST_CASE("check W0412 and W0404: a family no payer counts, and a policy used only by counts",
          "[counts]") {
  const LoadedRules loaded = load(R"(policy whole {
  pool each code
  units = minutes / unit
}
policy half {
  pool each code
  units = (minutes + (unit - 1) / 2) / unit
}
payer y {
  policy whole
  counts A1 with half
}
code A1 { timed every 30 min }
family lonely { codes A1 }
)");
  CHECK(ids(loaded) == std::vector<std::string>{"W0412"});
}

TEST_CASE("let: a policy's own threshold is compiled into its formula", "[counts]") {
  const LoadedRules loaded = load(R"(policy late {
  let start = unit - 7
  pool each code
  units = if minutes < start then 0 else 1 + (minutes - start) / unit
}
payer y {
  policy late
}
)");
  REQUIRE(ids(loaded).empty());
  const Plan& plan = *loaded.plan;
  const auto& policy = plan.policies[*plan.find_policy("late")].versions[0];
  std::int64_t units = -1;
  REQUIRE(policy.units(22, 30, units) == cptrules::interp::EvalStatus::ok);
  CHECK(units == 0);
  REQUIRE(policy.units(23, 30, units) == cptrules::interp::EvalStatus::ok);
  CHECK(units == 1);
  REQUIRE(policy.units(53, 30, units) == cptrules::interp::EvalStatus::ok);
  CHECK(units == 2);
  REQUIRE(policy.units(8, 15, units) == cptrules::interp::EvalStatus::ok);
  CHECK(units == 1);
}

TEST_CASE("check E0317 and E0301: let names and what a let may read", "[counts]") {
  const LoadedRules loaded = load(R"(policy p {
  let minutes = 3
  let a = 1
  let a = 2
  let b = a + 1
  pool each code
  units = minutes / unit + c
}
payer y {
  policy p
}
)");
  CHECK(ids(loaded) == std::vector<std::string>{"E0317", "E0317", "E0301", "E0301"});
}

// ---------------------------------------------------------------------------------------------
// Evaluation: each policy counts its own lines, in pools of its own

namespace {

using cptrules::interp::Decisions;
using cptrules::interp::Encounter;
using cptrules::interp::Evaluator;
using cptrules::interp::Result;

// The standard rules with advance care planning counted by the CPT midpoint rule under
// `medicare`, from a file of its own.
const std::string kAcp = R"(code 99497 { timed first 30 min }
code 99498 {
  timed every 30 min
  add-on to 99497
}
family acp { codes 99497, 99498 }
payer medicare also {
  counts family acp with cpt-midpoint
}
)";

std::shared_ptr<const Plan> acp_plan() {
  LoadOptions options;
  options.extra.push_back(std::make_shared<SourceFile>("acp.rules", kAcp));
  const LoadedRules loaded = load_rules(options);
  REQUIRE(loaded.plan);
  return loaded.plan;
}

Encounter acp_encounter(std::int64_t acp_minutes, std::int64_t therapy_minutes) {
  Encounter enc;
  enc.payer = "medicare";
  enc.date = cptrules::lang::parse_date("2025-03-04");
  enc.services.push_back({"99497", acp_minutes, {}, {}, {}, {}, {}, {}});
  enc.services.push_back({"97110", therapy_minutes, {"GP"}, {}, {}, {}, {}, {}});
  return enc;
}

std::int64_t units_of(const Result& r, const std::string& code) {
  for (const auto& line : r.lines) {
    if (line.code == code)
      return line.units;
  }
  FAIL("no line " << code);
  return -1;
}

}  // namespace

TEST_CASE("counts: advance care planning and therapy never share a pool", "[counts]") {
  Evaluator evaluator(acp_plan(), {});
  Result r;
  Decisions d;
  evaluator.evaluate(acp_encounter(46, 20), r, &d);
  REQUIRE(r.ok);
  CHECK(r.policy == "cms-8-minute");
  CHECK(units_of(r, "99497") == 1);
  CHECK(units_of(r, "99498") == 1);
  CHECK(units_of(r, "97110") == 1);
  CHECK(r.total_units == 3);
  for (const auto& line : r.lines)
    CHECK(line.policy == (line.code == "97110" ? "" : "cpt-midpoint"));
  // Three pools: 97110 under cms-8-minute, 99497 and 99498 each alone under cpt-midpoint.
  REQUIRE(d.pools.size() == 3);
  for (const auto& pool : d.pools) {
    REQUIRE(pool.members.size() == 1);
    CHECK(pool.policy->name ==
          (r.lines[pool.members[0]].code == "97110" ? "cms-8-minute" : "cpt-midpoint"));
  }
  // 15 minutes of 99497 earn nothing (under 16) and lend the therapy pool nothing: 7 minutes of
  // 97110 alone earn no unit either, where 15 + 7 pooled would have earned 1.
  evaluator.evaluate(acp_encounter(15, 7), r);
  REQUIRE(r.ok);
  CHECK(units_of(r, "99497") == 0);
  CHECK(units_of(r, "97110") == 0);
}

TEST_CASE("counts: a pooled policy of a counts clause pools only its own lines", "[counts]") {
  // Both lines 15-minute codes; under the payer's per-code policy each would be alone, but the
  // `counts` policy pools A1 and A2 together, apart from B1.
  const LoadedRules loaded = load(R"(policy per-code {
  pool each code
  units = (minutes + (unit - 1) / 2) / unit
}
policy pooled {
  pool timed minutes per day
  units = (minutes + (unit - 1) / 2) / unit
  allocate {
    each code gets minutes / unit
    rest by leftover minutes, largest first
  }
}
payer y {
  policy per-code
  counts A1, A2 with pooled
}
code A1 { timed every 15 min }
code A2 { timed every 15 min }
code B1 { timed every 15 min }
)");
  REQUIRE(loaded.plan);
  Evaluator evaluator(loaded.plan, {});
  Encounter enc;
  enc.payer = "y";
  enc.services.push_back({"A1", 7, {}, {}, {}, {}, {}, {}});
  enc.services.push_back({"A2", 7, {}, {}, {}, {}, {}, {}});
  enc.services.push_back({"B1", 7, {}, {}, {}, {}, {}, {}});
  Result r;
  evaluator.evaluate(enc, r);
  REQUIRE(r.ok);
  // A1 + A2: 14 pooled minutes earn 1 unit; B1 alone: 7 minutes earn none.
  CHECK(units_of(r, "A1") + units_of(r, "A2") == 1);
  CHECK(units_of(r, "B1") == 0);
}
