// Unit tests of the time shapes beyond units per block, through parse, check and plan: codes
// chosen by time range (`timed 16..37 min`, `family NAME`) and add-ons after their initial
// code's first block (`add-on to X after its first N min`).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <variant>
#include <vector>

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
