// Unit tests of the time shapes beyond units per block, through parse, check and plan: codes
// chosen by time range (`timed 16..37 min`, `family NAME`) and add-ons after their initial
// code's first block (`add-on to X after its first N min`).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "evaluator.hpp"
#include "explain.hpp"
#include "loader.hpp"
#include "parser.hpp"
#include "plan.hpp"

namespace {

namespace ast = cptrules::lang::ast;
using cptrules::interp::LoadedRules;
using cptrules::interp::LoadOptions;
using cptrules::lang::SourceFile;

const ast::CodeDecl& only_code(const cptrules::lang::ParseResult& r) {
  REQUIRE(r.module.decls.size() == 1);
  const auto* d = std::get_if<ast::CodeDecl>(&r.module.decls[0]);
  REQUIRE(d != nullptr);
  return *d;
}

cptrules::lang::ParseResult parse_text(const std::string& text) {
  return cptrules::lang::parse(std::make_shared<SourceFile>("t.rules", text));
}

LoadedRules load_text(const std::string& text) {
  LoadOptions options;
  options.stdlib = false;
  options.extra.push_back(std::make_shared<SourceFile>("t.rules", text));
  return cptrules::interp::load_rules(options);
}

std::vector<std::string> ids_of(const LoadedRules& loaded) {
  std::vector<std::string> out;
  for (const auto& d : loaded.diagnostics.items())
    out.push_back(d.id);
  return out;
}

const std::string kPolicy =
    "policy p {\n  pool each code\n  units = (minutes + (unit - 1) / 2) / unit\n}\n"
    "payer y {\n  policy p\n}\n";

const std::string kFamily =
    "code R1 {\n  timed 16..37 min\n  family talk\n}\n"
    "code R2 {\n  timed 38..52 min\n  family talk\n}\n"
    "code R3 {\n  timed 53 min or more\n  family talk\n}\n";

}  // namespace

TEST_CASE("parse: a closed and an open time range, and a family", "[time-shapes]") {
  const auto closed = parse_text("code R1 {\n  timed 16..37 min\n  family talk\n}\n");
  REQUIRE(closed.diagnostics.empty());
  const ast::CodeDecl& c = only_code(closed);
  CHECK(c.timing == ast::Timing::timed);
  REQUIRE(c.range);
  CHECK(c.range->from == 16);
  REQUIRE(c.range->to);
  CHECK(*c.range->to == 37);
  REQUIRE(c.family);
  CHECK(c.family->text == "talk");
  CHECK(c.unit_minutes == 0);

  const auto open = parse_text("code R3 {\n  timed 53 min or more\n  family talk\n}\n");
  REQUIRE(open.diagnostics.empty());
  const ast::CodeDecl& o = only_code(open);
  REQUIRE(o.range);
  CHECK(o.range->from == 53);
  CHECK_FALSE(o.range->to);
}

TEST_CASE("parse: an add-on after its initial code's first block", "[time-shapes]") {
  const auto r =
      parse_text("code A {\n  timed every 15 min\n  add-on to P after its first 30 min\n}\n");
  REQUIRE(r.diagnostics.empty());
  const ast::CodeDecl& a = only_code(r);
  REQUIRE(a.addon_to);
  CHECK(a.addon_to->text == "P");
  REQUIRE(a.addon_after);
  CHECK(a.addon_after->value == 30);
  const auto short_form = parse_text("code A {\n  timed every 15 min\n  add-on to P\n}\n");
  CHECK_FALSE(only_code(short_form).addon_after);
}

TEST_CASE("parse: a time range and its timing twice, a family twice", "[time-shapes]") {
  const auto twice = parse_text("code R {\n  timed every 15 min\n  timed 16..37 min\n}\n");
  REQUIRE(twice.diagnostics.items().size() == 1);
  CHECK(twice.diagnostics.items()[0].id == "E0105");
  const auto families = parse_text("code R {\n  timed 16..37 min\n  family a\n  family b\n}\n");
  REQUIRE(families.diagnostics.items().size() == 1);
  CHECK(families.diagnostics.items()[0].id == "E0106");
}

TEST_CASE("check: a family whose ranges meet is clean, and its plan links its codes",
          "[time-shapes]") {
  const LoadedRules loaded = load_text(kPolicy + kFamily);
  REQUIRE(loaded.plan);
  CHECK(loaded.diagnostics.empty());
  const auto& plan = *loaded.plan;
  REQUIRE(plan.families.size() == 1);
  CHECK(plan.families[0].name == "talk");
  CHECK(plan.families[0].codes.size() == 3);
  const auto r3 = plan.find_code("R3");
  REQUIRE(r3);
  const auto& v = plan.codes[*r3].versions.front();
  CHECK(v.ranged);
  CHECK(v.timed);
  CHECK(v.range_from == 53);
  CHECK(v.range_to == std::numeric_limits<std::int64_t>::max());
  CHECK(v.family_id == 0);
}

TEST_CASE("check: a test may expect a code of the family of a code given", "[time-shapes]") {
  const LoadedRules ok = load_text(kPolicy + kFamily +
                                   "test \"t\" {\n  payer y\n  given R3 45 min\n"
                                   "  expect R3 x0, R2 x1\n}\n");
  CHECK(ok.diagnostics.empty());
  // A code of another family is not among the services given.
  const LoadedRules wrong =
      load_text(kPolicy + kFamily + "code S1 {\n  timed 1 min or more\n  family other\n}\n" +
                "test \"t\" {\n  payer y\n  given R3 45 min\n  expect R3 x0, S1 x1\n}\n");
  CHECK(ids_of(wrong) == std::vector<std::string>{"E0310"});
}

TEST_CASE("check: the add-on's block must be its initial code's", "[time-shapes]") {
  const std::string primary = "code P {\n  timed first 30 min\n}\n";
  CHECK(load_text(kPolicy + primary +
                  "code A {\n  timed every 15 min\n  add-on to P after its first 30 min\n}\n")
            .diagnostics.empty());
  CHECK(ids_of(load_text(
            kPolicy + primary +
            "code A {\n  timed every 15 min\n  add-on to P after its first 20 min\n}\n")) ==
        std::vector<std::string>{"E0208"});
  // The initial code is missing.
  CHECK(
      ids_of(load_text(
          kPolicy + "code A {\n  timed every 15 min\n  add-on to Q after its first 30 min\n}\n")) ==
      std::vector<std::string>{"E0203"});
}

TEST_CASE("plan: an add-on written after the first block is marked, the short form is not",
          "[time-shapes]") {
  const LoadedRules loaded = load_text(
      kPolicy + "code P {\n  timed first 30 min\n}\n" +
      "code A {\n  timed every 15 min\n  add-on to P after its first 30 min\n}\n" +
      "code Q {\n  timed first 30 min\n}\n" + "code B {\n  timed every 15 min\n  add-on to Q\n}\n");
  REQUIRE(loaded.plan);
  const auto& plan = *loaded.plan;
  const auto a = plan.find_code("A");
  const auto b = plan.find_code("B");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(plan.codes[*a].versions.front().addon_after);
  CHECK_FALSE(plan.codes[*b].versions.front().addon_after);
  CHECK(plan.codes[*a].versions.front().primary_code ==
        static_cast<std::int32_t>(*plan.find_code("P")));
}

namespace {

using cptrules::interp::Decisions;
using cptrules::interp::Encounter;
using cptrules::interp::EvalOptions;
using cptrules::interp::Evaluator;
using cptrules::interp::FindingSeverity;
using cptrules::interp::Result;

struct Case {
  std::string code;
  std::int64_t minutes = 0;
};

// Evaluates services under payer `y` of `rules` (without the standard rules, unless `payer` is
// one of theirs and `stdlib` is set), recording the decisions.
Result run(const std::string& rules, const std::vector<Case>& services, Decisions* record = nullptr,
           const std::string& payer = "y", bool stdlib = false) {
  LoadOptions options;
  options.stdlib = stdlib;
  options.extra.push_back(std::make_shared<SourceFile>("t.rules", rules));
  const LoadedRules loaded = cptrules::interp::load_rules(options);
  REQUIRE(loaded.plan);
  Encounter enc;
  enc.id = "e";
  enc.payer = payer;
  enc.date = cptrules::lang::parse_date("2025-03-04");
  for (const Case& c : services) {
    cptrules::interp::Service svc;
    svc.code = c.code;
    svc.minutes = c.minutes;
    enc.services.push_back(svc);
  }
  Evaluator evaluator(loaded.plan, EvalOptions{});
  Result r;
  evaluator.evaluate(enc, r, record);
  return r;
}

std::string units_of(const Result& r) {
  std::string out;
  for (const auto& l : r.lines)
    out += l.code + " x" + std::to_string(l.units) + " " + std::to_string(l.minutes.value_or(-1)) +
           "; ";
  return out;
}

const cptrules::interp::Finding* finding(const Result& r, const std::string& id) {
  for (const auto& f : r.findings) {
    if (f.id == id)
      return &f;
  }
  return nullptr;
}

const std::string kPooled =
    "policy t {\n  pool timed minutes per day\n  units = (minutes + (unit - 1) / 2) / unit\n"
    "  allocate {\n    each code gets minutes / unit\n"
    "    rest by leftover minutes, largest first\n  }\n}\npayer y {\n  policy t\n}\n";

const std::string kAddon =
    "code P {\n  timed first 30 min\n}\n"
    "code A {\n  timed every 15 min\n  add-on to P after its first 30 min\n}\n"
    "code T {\n  timed every 15 min\n}\n";

}  // namespace

TEST_CASE("evaluate: the code whose range holds the minutes gets one unit", "[time-shapes]") {
  const Result same = run(kPolicy + kFamily, {{"R2", 45}});
  REQUIRE(same.ok);
  CHECK(units_of(same) == "R2 x1 45; ");
  CHECK(same.findings.empty());
  const Result other = run(kPolicy + kFamily, {{"R3", 45}});
  CHECK(units_of(other) == "R3 x0 0; R2 x1 45; ");
  const auto* f = finding(other, "code.time-range-mismatch");
  REQUIRE(f != nullptr);
  CHECK(f->severity == FindingSeverity::warning);
  CHECK(f->code == "R3");
  CHECK(f->message ==
        "R3 is billed for 45 minutes, which fall in the range of R2 (38..52 min): R2 is billed "
        "for them, and R3 gets no unit");
  CHECK(other.total_units == 1);
  CHECK(other.timed_minutes == 45);
}

TEST_CASE("evaluate: under the lowest range nothing is billable", "[time-shapes]") {
  const Result r = run(kPolicy + kFamily, {{"R1", 15}});
  CHECK(units_of(r) == "R1 x0 15; ");
  const auto* f = finding(r, "code.outside-time-ranges");
  REQUIRE(f != nullptr);
  CHECK(f->message ==
        "R1 is billed for 15 minutes, which fall in no range of family talk (the lowest, 16..37 "
        "min of R1, starts at 16 minutes): nothing is billable");
  CHECK(r.total_units == 0);
}

TEST_CASE("evaluate: the lines of one family add up, and no pool takes them", "[time-shapes]") {
  const Result r = run(kPooled + kFamily + "code T {\n  timed every 15 min\n}\n",
                       {{"R1", 20}, {"T", 5}, {"R1", 20}, {"R2", 15}});
  // 20 + 20 + 15 = 55 minutes: R3, added; R1 and R2 get none. T alone: 5 minutes, no unit.
  CHECK(units_of(r) == "R1 x0 0; T x0 5; R2 x0 0; R3 x1 55; ");
  CHECK(r.timed_minutes == 60);
}

TEST_CASE("evaluate: an add-on after the first block is counted alone", "[time-shapes]") {
  // Pooled with T, 5 + 5 minutes would earn a unit; alone, neither does.
  const Result alone = run(kPooled + kAddon, {{"P", 35}, {"T", 5}});
  CHECK(units_of(alone) == "P x1 30; T x0 5; A x0 5; ");
  REQUIRE(finding(alone, "code.addon-time") != nullptr);
  // The add-on's own line listed before T: T does not join the add-on's pool either.
  const Result listed = run(kPooled + kAddon, {{"P", 30}, {"A", 5}, {"T", 5}});
  CHECK(units_of(listed) == "P x1 30; A x0 5; T x0 5; ");
  const Result eight = run(kPooled + kAddon, {{"P", 38}, {"T", 20}});
  CHECK(units_of(eight) == "P x1 30; T x1 20; A x1 8; ");
}

TEST_CASE("evaluate: the add-on's own minutes count after the first block", "[time-shapes]") {
  const Result both = run(kPolicy + kAddon, {{"P", 30}, {"A", 15}});
  CHECK(units_of(both) == "P x1 30; A x1 15; ");
  CHECK(both.findings.empty());
  const Result short_block = run(kPolicy + kAddon, {{"P", 20}, {"A", 10}});
  CHECK(units_of(short_block) == "P x1 30; A x0 0; ");
  const auto* f = finding(short_block, "code.addon-before-first-block");
  REQUIRE(f != nullptr);
  CHECK(f->message ==
        "A is billed for 10 minutes, but P has only 20 of its first 30: 10 of them complete the "
        "first block, and A keeps 0");
}

TEST_CASE("explain: the range the minutes fell in, and the add-on counted alone", "[time-shapes]") {
  LoadOptions options;
  options.stdlib = false;
  options.extra.push_back(std::make_shared<SourceFile>("t.rules", kPooled + kFamily + kAddon));
  const LoadedRules loaded = cptrules::interp::load_rules(options);
  REQUIRE(loaded.plan);
  Encounter enc;
  enc.id = "e";
  enc.payer = "y";
  enc.date = cptrules::lang::parse_date("2025-03-04");
  for (const Case& c : std::vector<Case>{{"R3", 45}, {"P", 38}}) {
    cptrules::interp::Service svc;
    svc.code = c.code;
    svc.minutes = c.minutes;
    enc.services.push_back(svc);
  }
  Evaluator evaluator(loaded.plan, EvalOptions{});
  Result r;
  Decisions d;
  evaluator.evaluate(enc, r, &d);
  const auto x = cptrules::interp::explain(evaluator, enc, r, d, false);
  INFO(x.summary);
  CHECK(x.summary.find("R3 gets no unit: the 45 minutes of family talk fall in the range of R2, "
                       "38..52 min.") != std::string::npos);
  CHECK(x.summary.find("R2 is chosen by time range: the 45 minutes of family talk fall in its "
                       "range, 38..52 min: 1 unit.") != std::string::npos);
  CHECK(x.summary.find("A has the time after the first 30 minutes of P, counted alone at its own "
                       "unit length, 15 minutes.") != std::string::npos);
  const auto row = std::find_if(x.ledger.begin(), x.ledger.end(),
                                [](const auto& row) { return row.code == "A"; });
  REQUIRE(row != x.ledger.end());
  CHECK(row->pool == "A alone");
  CHECK(std::any_of(x.steps.begin(), x.steps.end(),
                    [](const auto& s) { return s.rule == "code R2: time range"; }));
  CHECK(std::any_of(x.steps.begin(), x.steps.end(),
                    [](const auto& s) { return s.rule == "code A: add-on"; }));
}
