// Unit tests of parse: every construct into its syntax tree, value errors, syntax errors, recovery.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "lexicon.hpp"
#include "parser.hpp"
#include "test_support.hpp"

namespace {

namespace ast = cptrules::lang::ast;
using cptrules::lang::Diagnostic;
using cptrules::lang::Location;
using cptrules::lang::parse;
using cptrules::lang::ParseResult;
using cptrules::lang::render;
using cptrules::lang::SourceFile;
using cptrules::lang::Span;

ParseResult parse_text(const std::string& text) {
  return parse(std::make_shared<SourceFile>("t.rules", text));
}

template <typename T>
const T& decl_at(const ParseResult& r, std::size_t i) {
  REQUIRE(i < r.module.decls.size());
  const T* d = std::get_if<T>(&r.module.decls[i]);
  REQUIRE(d != nullptr);
  return *d;
}

std::string text_of(const ParseResult& r, Span span) {
  return std::string(r.module.file->slice(span));
}

Location where(const ParseResult& r, const Diagnostic& d) {
  return r.module.file->locate(d.span.begin);
}

// The declarations that did not parse, each as "kind name" ("policy cms-8-minute").
std::vector<std::string> broken_names(const ParseResult& r) {
  std::vector<std::string> out;
  for (const ast::BrokenDecl& b : r.module.broken)
    out.push_back(std::string(cptrules::lang::lexicon::spelling(b.kind)) + " " + b.name);
  return out;
}

const char* op_name(ast::Op op) {
  switch (op) {
    case ast::Op::add:
      return "+";
    case ast::Op::sub:
      return "-";
    case ast::Op::mul:
      return "*";
    case ast::Op::div:
      return "/";
    case ast::Op::mod:
      return "%";
    case ast::Op::neg:
      return "neg";
    case ast::Op::lt:
      return "<";
    case ast::Op::le:
      return "<=";
    case ast::Op::gt:
      return ">";
    case ast::Op::ge:
      return ">=";
    case ast::Op::eq:
      return "==";
    case ast::Op::ne:
      return "!=";
    case ast::Op::and_:
      return "and";
    case ast::Op::or_:
      return "or";
    case ast::Op::not_:
      return "not";
    case ast::Op::min:
      return "min";
    case ast::Op::max:
      return "max";
    case ast::Op::cond:
      return "if";
  }
  return "?";
}

// The expression as an S-expression: (+ 1 (* 2 3)).
std::string sexpr(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::number:
      return std::to_string(e.number);
    case ast::ExprKind::variable:
      return e.name;
    default:
      break;
  }
  std::string out = "(";
  out += op_name(e.op);
  for (const ast::Expr& a : e.args)
    out += " " + sexpr(a);
  return out + ")";
}

// Parses `units = EXPR` inside a policy and gives back the result (for spans and diagnostics).
ParseResult parse_formula(const std::string& expr) {
  return parse_text("policy p {\n  pool each code\n  units = " + expr + "\n}\n");
}

std::string formula_of(const std::string& expr) {
  const ParseResult r = parse_formula(expr);
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& p = decl_at<ast::PolicyDecl>(r, 0);
  REQUIRE(p.units);
  REQUIRE_FALSE(p.units->is_table);
  return sexpr(p.units->formula);
}

// The one diagnostic of a parse, with its place.
struct OneError {
  std::string id;
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::vector<std::string> notes;
};

OneError only_error(const std::string& text) {
  const ParseResult r = parse_text(text);
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.items().size() == 1);
  const Diagnostic& d = r.diagnostics.items().front();
  OneError e{d.id, d.message, where(r, d).line, where(r, d).column, {}};
  for (const auto& n : d.notes)
    e.notes.push_back(n.message);
  return e;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Declarations

TEST_CASE("parse: an empty file or one of comments only has no declarations", "[parser]") {
  for (const char* text : {"", "\n\n", "# a comment\n  # another\n", "   \t\r\n"}) {
    const ParseResult r = parse_text(text);
    CHECK(r.module.decls.empty());
    CHECK(r.diagnostics.empty());
    CHECK(r.module.broken.empty());
  }
}

TEST_CASE("parse: a code with every clause", "[parser]") {
  const std::string text =
      "# a comment before\n"
      "code 97140 \"Manual therapy\" {\n"
      "  descriptor \"Manual therapy techniques, each 15 minutes\"  # trailing comment\n"
      "  timed every 15 min\n"
      "  contact direct one-on-one\n"
      "  performed by physician, licensed therapist\n"
      "  regions one or more\n"
      "  techniques {\n"
      "    mobilization, manipulation\n"
      "    myofascial   release\n"
      "  }\n"
      "  not device-based, passive modality\n"
      "  disciplines PT, OT\n"
      "  effective 1999-01-01\n"
      "  expires 2030-12-31\n"
      "  source \"S1\"\n"
      "  source \"S2\"\n"
      "  note \"say \\\"hi\\\" \\\\ bye\"\n"
      "}\n";
  const ParseResult r = parse_text(text);
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.module.decls.size() == 1);
  const auto& c = decl_at<ast::CodeDecl>(r, 0);
  CHECK(c.code.text == "97140");
  CHECK(text_of(r, c.code.span) == "97140");
  CHECK(text_of(r, c.span).rfind("code 97140", 0) == 0);
  CHECK(text_of(r, c.span).back() == '}');
  REQUIRE(c.title);
  CHECK(c.title->value == "Manual therapy");
  REQUIRE(c.descriptor);
  CHECK(c.descriptor->value == "Manual therapy techniques, each 15 minutes");
  CHECK(c.timing == ast::Timing::timed);
  CHECK(c.unit_minutes == 15);
  CHECK_FALSE(c.first_block_only);
  CHECK(text_of(r, c.timing_span) == "every 15 min");
  CHECK_FALSE(c.addon_to);
  REQUIRE(c.facts.size() == 5);
  CHECK(c.facts[0].key == "contact");
  CHECK(c.facts[0].phrases == std::vector<std::string>{"direct one-on-one"});
  CHECK(c.facts[1].key == "performed by");
  CHECK(c.facts[1].phrases == std::vector<std::string>{"physician", "licensed therapist"});
  CHECK(c.facts[2].key == "regions");
  CHECK(c.facts[2].phrases == std::vector<std::string>{"one or more"});
  CHECK(c.facts[3].key == "techniques");
  CHECK(c.facts[3].phrases ==
        std::vector<std::string>{"mobilization", "manipulation", "myofascial release"});
  CHECK(c.facts[4].key == "not");
  CHECK(c.facts[4].phrases == std::vector<std::string>{"device-based", "passive modality"});
  REQUIRE(c.disciplines.size() == 2);
  CHECK(c.disciplines[0].text == "PT");
  CHECK(c.disciplines[1].text == "OT");
  REQUIRE(c.meta.effective);
  CHECK(cptrules::lang::format_date(c.meta.effective->value) == "1999-01-01");
  CHECK(text_of(r, c.meta.effective->span) == "1999-01-01");
  REQUIRE(c.meta.expires);
  CHECK(cptrules::lang::format_date(c.meta.expires->value) == "2030-12-31");
  REQUIRE(c.meta.sources.size() == 2);
  CHECK(c.meta.sources[0].value == "S1");
  CHECK(c.meta.sources[1].value == "S2");
  REQUIRE(c.meta.notes.size() == 1);
  CHECK(c.meta.notes[0].value == "say \"hi\" \\ bye");
}

TEST_CASE("parse: untimed codes, letter codes, codes without a title", "[parser]") {
  const ParseResult r = parse_text(
      "code G0283 {\n  untimed\n}\ncode 97161 \"Eval\" {\n  untimed\n  disciplines PT\n}\n");
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.module.decls.size() == 2);
  const auto& g = decl_at<ast::CodeDecl>(r, 0);
  CHECK(g.code.text == "G0283");
  CHECK_FALSE(g.title);
  CHECK(g.timing == ast::Timing::untimed);
  CHECK(text_of(r, g.timing_span) == "untimed");
  const auto& e = decl_at<ast::CodeDecl>(r, 1);
  CHECK(e.code.text == "97161");
  CHECK(e.timing == ast::Timing::untimed);
  CHECK(e.unit_minutes == 0);
}

TEST_CASE("parse: a code without a timing clause leaves it unspecified", "[parser]") {
  const ParseResult r = parse_text("code 97140 {\n  disciplines PT\n}\n");
  REQUIRE(r.diagnostics.empty());
  CHECK(decl_at<ast::CodeDecl>(r, 0).timing == ast::Timing::unspecified);
}

TEST_CASE("parse: timed first N min and add-on to", "[parser]") {
  const ParseResult r = parse_text(
      "code I30 \"initial\" {\n  timed first 30 min\n}\n"
      "code A15 \"add-on\" {\n  timed every 15 min\n  add-on to I30\n}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& initial = decl_at<ast::CodeDecl>(r, 0);
  CHECK(initial.timing == ast::Timing::timed);
  CHECK(initial.unit_minutes == 30);
  CHECK(initial.first_block_only);
  CHECK_FALSE(initial.addon_to);
  const auto& addon = decl_at<ast::CodeDecl>(r, 1);
  CHECK(addon.unit_minutes == 15);
  CHECK_FALSE(addon.first_block_only);
  REQUIRE(addon.addon_to);
  CHECK(addon.addon_to->text == "I30");
  CHECK(text_of(r, addon.addon_to->span) == "I30");
}

TEST_CASE("parse: a policy with pool, formula, allocate and because phrases", "[parser]") {
  const ParseResult r = parse_text(
      "policy cms-8-minute \"Medicare\" {\n"
      "  source \"CMS\"\n"
      "  pool timed minutes per day and discipline\n"
      "  units = (minutes + (unit - 1) / 2) / unit  because \"the chart\"\n"
      "  allocate {\n"
      "    each code gets minutes / unit  because \"full\"\n"
      "    rest by leftover minutes, largest first  because \"rest\"\n"
      "    ties are alternatives  because \"ties\"\n"
      "  }\n"
      "  effective 2020-01-01\n"
      "}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& p = decl_at<ast::PolicyDecl>(r, 0);
  CHECK(p.name.text == "cms-8-minute");
  REQUIRE(p.title);
  CHECK(p.title->value == "Medicare");
  REQUIRE(p.pool);
  CHECK(p.pool->kind == ast::PoolKind::together);
  REQUIRE(p.pool->keys.size() == 2);
  CHECK(p.pool->keys[0].text == "day");
  CHECK(p.pool->keys[1].text == "discipline");
  REQUIRE(p.units);
  CHECK_FALSE(p.units->is_table);
  CHECK(sexpr(p.units->formula) == "(/ (+ minutes (/ (- unit 1) 2)) unit)");
  REQUIRE(p.units->because);
  CHECK(p.units->because->value == "the chart");
  REQUIRE(p.allocate);
  REQUIRE(p.allocate->full_units);
  CHECK(sexpr(*p.allocate->full_units) == "(/ minutes unit)");
  REQUIRE(p.allocate->full_because);
  CHECK(p.allocate->full_because->value == "full");
  CHECK(p.allocate->has_rest);
  CHECK(p.allocate->rest == ast::RestOrder::leftover);
  REQUIRE(p.allocate->rest_because);
  CHECK(p.allocate->rest_because->value == "rest");
  CHECK(p.allocate->ties_alternatives);
  REQUIRE(p.allocate->ties_because);
  CHECK(p.allocate->ties_because->value == "ties");
  REQUIRE(p.meta.sources.size() == 1);
  REQUIRE(p.meta.effective);
}

TEST_CASE("parse: pool each code, rest by minutes, no because", "[parser]") {
  const ParseResult r = parse_text(
      "policy a {\n  pool each code\n  units = minutes / 15\n}\n"
      "policy b {\n  pool timed minutes\n  units = 1\n  allocate {\n"
      "    rest by minutes, largest first\n  }\n}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& a = decl_at<ast::PolicyDecl>(r, 0);
  REQUIRE(a.pool);
  CHECK(a.pool->kind == ast::PoolKind::each_code);
  CHECK(a.pool->keys.empty());
  CHECK_FALSE(a.units->because);
  CHECK_FALSE(a.allocate);
  const auto& b = decl_at<ast::PolicyDecl>(r, 1);
  CHECK(b.pool->kind == ast::PoolKind::together);
  CHECK(b.pool->keys.empty());
  REQUIRE(b.allocate);
  CHECK_FALSE(b.allocate->full_units);
  CHECK(b.allocate->has_rest);
  CHECK(b.allocate->rest == ast::RestOrder::minutes);
  CHECK_FALSE(b.allocate->rest_because);
  CHECK_FALSE(b.allocate->ties_alternatives);
}

TEST_CASE("parse: a policy with a threshold table", "[parser]") {
  const ParseResult r = parse_text(
      "policy t {\n"
      "  pool each code\n"
      "  units by table {\n"
      "    0..7 min -> 0\n"
      "    8 .. 22 min -> 1\n"
      "    23 min -> 2\n"
      "    24 min or more -> 3 + (minutes - 24) / 15\n"
      "    because \"a chart\"\n"
      "  }\n"
      "}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& p = decl_at<ast::PolicyDecl>(r, 0);
  REQUIRE(p.units);
  CHECK(p.units->is_table);
  REQUIRE(p.units->rows.size() == 4);
  CHECK(p.units->rows[0].from == 0);
  CHECK(p.units->rows[0].to == 7);
  CHECK(sexpr(p.units->rows[0].units) == "0");
  CHECK(p.units->rows[1].from == 8);
  CHECK(p.units->rows[1].to == 22);
  CHECK(p.units->rows[2].from == 23);
  CHECK(p.units->rows[2].to == 23);  // a single minute value
  CHECK(sexpr(p.units->rows[2].units) == "2");
  CHECK(p.units->rows[3].from == 24);
  CHECK_FALSE(p.units->rows[3].to);  // `or more`
  CHECK(sexpr(p.units->rows[3].units) == "(+ 3 (/ (- minutes 24) 15))");
  CHECK(text_of(r, p.units->rows[1].span) == "8 .. 22 min -> 1");
  REQUIRE(p.units->because);
  CHECK(p.units->because->value == "a chart");
}

TEST_CASE("parse: a payer", "[parser]") {
  const ParseResult r = parse_text(
      "payer medicare \"Medicare Part B\" {\n  policy cms-8-minute\n  effective 2020-01-01\n"
      "  expires 2020-12-31\n  note \"n\"\n}\n"
      "payer other {\n}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& y = decl_at<ast::PayerDecl>(r, 0);
  CHECK(y.name.text == "medicare");
  REQUIRE(y.title);
  CHECK(y.title->value == "Medicare Part B");
  REQUIRE(y.policy);
  CHECK(y.policy->text == "cms-8-minute");
  CHECK(text_of(r, y.policy->span) == "cms-8-minute");
  REQUIRE(y.meta.effective);
  REQUIRE(y.meta.expires);
  CHECK(y.meta.notes.size() == 1);
  const auto& other = decl_at<ast::PayerDecl>(r, 1);
  CHECK(other.name.text == "other");
  CHECK_FALSE(other.policy);
}

TEST_CASE("parse: a test with payer, date, discipline, local code, given, expect, or, total, table",
          "[parser]") {
  const ParseResult r = parse_text(
      "test \"CMS Example 2\" {\n"
      "  payer medicare\n"
      "  date 2025-03-02\n"
      "  discipline OT\n"
      "  code T30 \"a local code\" {\n"
      "    timed every 30 min\n"
      "  }\n"
      "  given 97112 20 min, 97110 20 min with 59 and GP, 97161\n"
      "  expect 97112 x2, 97110 x1, 97161 x1  or  97112 x1, 97110 x2, 97161 x1\n"
      "  expect total 4\n"
      "  given T30 46 min\n"
      "  expect total 2\n"
      "  table 97140 {\n"
      "    7 min -> 0\n"
      "    8 min -> 1\n"
      "  }\n"
      "}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& t = decl_at<ast::TestDecl>(r, 0);
  CHECK(t.title.value == "CMS Example 2");
  REQUIRE(t.payer);
  CHECK(t.payer->text == "medicare");
  REQUIRE(t.date);
  CHECK(cptrules::lang::format_date(t.date->value) == "2025-03-02");
  REQUIRE(t.discipline);
  CHECK(t.discipline->text == "OT");
  REQUIRE(t.codes.size() == 1);
  CHECK(t.codes[0].code.text == "T30");
  CHECK(t.codes[0].unit_minutes == 30);
  REQUIRE(t.cases.size() == 4);

  const ast::TestCase& first = t.cases[0];
  REQUIRE(first.given.size() == 3);
  CHECK(first.given[0].code.text == "97112");
  REQUIRE(first.given[0].minutes);
  CHECK(first.given[0].minutes->value == 20);
  CHECK(first.given[0].modifiers.empty());
  CHECK(first.given[1].code.text == "97110");
  REQUIRE(first.given[1].modifiers.size() == 2);
  CHECK(first.given[1].modifiers[0].text == "59");
  CHECK(first.given[1].modifiers[1].text == "GP");
  CHECK(first.given[2].code.text == "97161");
  CHECK_FALSE(first.given[2].minutes);
  REQUIRE(first.allocations.size() == 2);
  REQUIRE(first.allocations[0].lines.size() == 3);
  CHECK(first.allocations[0].lines[0].code.text == "97112");
  CHECK(first.allocations[0].lines[0].units == 2);
  CHECK(first.allocations[0].lines[1].units == 1);
  CHECK(first.allocations[1].lines[0].units == 1);
  CHECK(first.allocations[1].lines[1].code.text == "97110");
  CHECK(first.allocations[1].lines[1].units == 2);
  REQUIRE(first.total);
  CHECK(first.total->value == 4);

  const ast::TestCase& second = t.cases[1];
  REQUIRE(second.given.size() == 1);
  CHECK(second.given[0].code.text == "T30");
  CHECK(second.allocations.empty());
  REQUIRE(second.total);
  CHECK(second.total->value == 2);

  // Each table row is a case of its own: the code at that many minutes, and its units.
  for (std::size_t i = 2; i < 4; ++i) {
    const ast::TestCase& row = t.cases[i];
    REQUIRE(row.given.size() == 1);
    CHECK(row.given[0].code.text == "97140");
    REQUIRE(row.given[0].minutes);
    REQUIRE(row.allocations.size() == 1);
    REQUIRE(row.allocations[0].lines.size() == 1);
    CHECK(row.allocations[0].lines[0].code.text == "97140");
    CHECK_FALSE(row.total);
  }
  CHECK(t.cases[2].given[0].minutes->value == 7);
  CHECK(t.cases[2].allocations[0].lines[0].units == 0);
  CHECK(t.cases[3].given[0].minutes->value == 8);
  CHECK(t.cases[3].allocations[0].lines[0].units == 1);
}

TEST_CASE("parse: a test's services as claims state them, lines by discipline, findings on a line",
          "[parser]") {
  const ParseResult r = parse_text(
      "test \"claims\" {\n"
      "  payer medicare\n"
      "  given 97110 20 min in OT with GO, 97110 from 09:05 to 09:25 billed 2, 97140 billed 1\n"
      "  expect 97110 in OT x1, 97110 in PT x1, 97140 x0\n"
      "  expect finding units.over-billed on 97140\n"
      "  expect no finding time.overlap on 97110 in PT\n"
      "  expect finding code.no-time\n"
      "}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& t = decl_at<ast::TestDecl>(r, 0);
  REQUIRE(t.cases.size() == 1);
  const ast::TestCase& c = t.cases[0];
  REQUIRE(c.given.size() == 3);
  const ast::GivenService& ot = c.given[0];
  REQUIRE(ot.minutes);
  CHECK(ot.minutes->value == 20);
  REQUIRE(ot.discipline);
  CHECK(ot.discipline->text == "OT");
  REQUIRE(ot.modifiers.size() == 1);
  CHECK(ot.modifiers[0].text == "GO");
  CHECK_FALSE(ot.billed);
  CHECK_FALSE(ot.start);
  const ast::GivenService& clock = c.given[1];
  REQUIRE(clock.start);
  REQUIRE(clock.end);
  CHECK(clock.start->value == 9 * 60 + 5);
  CHECK(clock.end->value == 9 * 60 + 25);
  REQUIRE(clock.minutes);
  CHECK(clock.minutes->value == 20);
  REQUIRE(clock.billed);
  CHECK(clock.billed->value == 2);
  CHECK_FALSE(clock.discipline);
  CHECK_FALSE(c.given[2].minutes);
  REQUIRE(c.given[2].billed);
  CHECK(c.given[2].billed->value == 1);
  REQUIRE(c.allocations.size() == 1);
  const auto& lines = c.allocations[0].lines;
  REQUIRE(lines.size() == 3);
  REQUIRE(lines[0].discipline);
  CHECK(lines[0].discipline->text == "OT");
  CHECK(lines[0].units == 1);
  REQUIRE(lines[1].discipline);
  CHECK(lines[1].discipline->text == "PT");
  CHECK_FALSE(lines[2].discipline);
  REQUIRE(c.findings.size() == 2);
  CHECK(c.findings[0].id.text == "units.over-billed");
  REQUIRE(c.findings[0].code);
  CHECK(c.findings[0].code->text == "97140");
  CHECK_FALSE(c.findings[0].discipline);
  CHECK(c.findings[1].id.text == "code.no-time");
  CHECK_FALSE(c.findings[1].code);
  REQUIRE(c.no_findings.size() == 1);
  REQUIRE(c.no_findings[0].code);
  CHECK(c.no_findings[0].code->text == "97110");
  REQUIRE(c.no_findings[0].discipline);
  CHECK(c.no_findings[0].discipline->text == "PT");
}

TEST_CASE("parse: a clock time that is no time of day, or a service that ends before it starts",
          "[parser]") {
  const auto first_error = [](const std::string& given) {
    const ParseResult r =
        parse_text("test \"t\" {\n  payer medicare\n  given " + given + "\n  expect total 0\n}\n");
    REQUIRE(r.diagnostics.items().size() == 1);
    const Diagnostic& d = r.diagnostics.items().front();
    return d.id + ": " + d.message;
  };
  CHECK(first_error("97110 from 10:00 to 24:00") ==
        "E0112: '24:00' is not a time of day (00:00 to 23:59)");
  CHECK(first_error("97110 from 09:60 to 10:00") ==
        "E0112: '09:60' is not a time of day (00:00 to 23:59)");
  CHECK(first_error("97110 from 10:20 to 10:00") ==
        "E0112: the service ends at 10:00 before it starts at 10:20");
  const ParseResult ok = parse_text(
      "test \"t\" {\n  payer medicare\n  given 97110 from 00:00 to 23:59\n  expect total 0\n}\n");
  CHECK(ok.diagnostics.empty());
}

TEST_CASE("parse: several declarations of every kind in one file, in order", "[parser]") {
  const ParseResult r = parse_text(
      "code 97140 {\n  timed every 15 min\n}\n\n"
      "policy p {\n  pool each code\n  units = 1\n}\n"
      "payer y {\n  policy p\n}\n"
      "test \"t\" {\n  payer y\n  given 97140 8 min\n  expect 97140 x1\n}\n");
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.module.decls.size() == 4);
  CHECK(std::holds_alternative<ast::CodeDecl>(r.module.decls[0]));
  CHECK(std::holds_alternative<ast::PolicyDecl>(r.module.decls[1]));
  CHECK(std::holds_alternative<ast::PayerDecl>(r.module.decls[2]));
  CHECK(std::holds_alternative<ast::TestDecl>(r.module.decls[3]));
}

TEST_CASE("parse: CRLF line ends parse like LF", "[parser]") {
  const ParseResult r =
      parse_text("code 97140 \"x\" {\r\n  timed every 15 min\r\n  disciplines PT, OT\r\n}\r\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.empty());
  const auto& c = decl_at<ast::CodeDecl>(r, 0);
  CHECK(c.unit_minutes == 15);
  CHECK(c.disciplines.size() == 2);
}

TEST_CASE("parse: a keyword must end at a word boundary", "[parser]") {
  // `codes` is not `code`: the file has no declaration.
  const OneError e = only_error("codes 97140 {\n}\n");
  CHECK(e.id == "E0101");
  CHECK(e.line == 1);
  CHECK(e.column == 1);
  CHECK(e.message.find("found 'codes'") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Expressions

TEST_CASE("parse: expression precedence and associativity", "[parser][expr]") {
  CHECK(formula_of("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(formula_of("1 * 2 + 3") == "(+ (* 1 2) 3)");
  CHECK(formula_of("(1 + 2) * 3") == "(* (+ 1 2) 3)");
  CHECK(formula_of("1 - 2 - 3") == "(- (- 1 2) 3)");
  CHECK(formula_of("8 / 4 / 2") == "(/ (/ 8 4) 2)");
  CHECK(formula_of("minutes % 15 * 2") == "(* (% minutes 15) 2)");
  CHECK(formula_of("1+2*3-4/5") == "(- (+ 1 (* 2 3)) (/ 4 5))");
  CHECK(formula_of("((minutes))") == "minutes");
}

TEST_CASE("parse: unary minus", "[parser][expr]") {
  CHECK(formula_of("-minutes + 1") == "(+ (neg minutes) 1)");
  CHECK(formula_of("- - 1") == "(neg (neg 1))");
  CHECK(formula_of("2 * -3") == "(* 2 (neg 3))");
  CHECK(formula_of("1 - -1") == "(- 1 (neg 1))");
}

TEST_CASE("parse: comparisons bind looser than arithmetic", "[parser][expr]") {
  CHECK(formula_of("minutes + 1 > 7 * 2") == "(> (+ minutes 1) (* 7 2))");
  CHECK(formula_of("1 < 2") == "(< 1 2)");
  CHECK(formula_of("1 <= 2") == "(<= 1 2)");
  CHECK(formula_of("1 > 2") == "(> 1 2)");
  CHECK(formula_of("1 >= 2") == "(>= 1 2)");
  CHECK(formula_of("1 == 2") == "(== 1 2)");
  CHECK(formula_of("1 != 2") == "(!= 1 2)");
}

TEST_CASE("parse: not, and, or", "[parser][expr]") {
  CHECK(formula_of("not a and b") == "(and (not a) b)");
  CHECK(formula_of("a or b and c") == "(or a (and b c))");
  CHECK(formula_of("a and b or c") == "(or (and a b) c)");
  CHECK(formula_of("a and b and c") == "(and (and a b) c)");
  CHECK(formula_of("a or b or c") == "(or (or a b) c)");
  CHECK(formula_of("not not a") == "(not (not a))");
  CHECK(formula_of("not minutes < 8") == "(not (< minutes 8))");
  CHECK(formula_of("not (a or b)") == "(not (or a b))");
  CHECK(formula_of("minutes > 7 and minutes < 23") == "(and (> minutes 7) (< minutes 23))");
}

TEST_CASE("parse: conditionals", "[parser][expr]") {
  CHECK(formula_of("if minutes > 7 then 1 else 0") == "(if (> minutes 7) 1 0)");
  CHECK(formula_of("if a then if b then 1 else 2 else 3") == "(if a (if b 1 2) 3)");
  CHECK(formula_of("if a then 1 else if b then 2 else 3") == "(if a 1 (if b 2 3))");
  CHECK(formula_of("1 + (if a then 1 else 0)") == "(+ 1 (if a 1 0))");
  // The else branch takes the rest of the expression.
  CHECK(formula_of("if a then 1 else 0 + 5") == "(if a 1 (+ 0 5))");
}

TEST_CASE("parse: min and max calls", "[parser][expr]") {
  CHECK(formula_of("min(minutes, 15) + max(1, 2)") == "(+ (min minutes 15) (max 1 2))");
  CHECK(formula_of("max( min(1,2) , 3 )") == "(max (min 1 2) 3)");
  CHECK(formula_of("min(if a then 1 else 2, minutes)") == "(min (if a 1 2) minutes)");
}

TEST_CASE("parse: names with hyphens are one name, so 'minutes-1' is not a subtraction",
          "[parser][expr]") {
  CHECK(formula_of("minutes-1") == "minutes-1");
  CHECK(formula_of("minutes - 1") == "(- minutes 1)");
}

TEST_CASE("parse: expression spans cover their operands", "[parser][expr]") {
  const ParseResult r = parse_formula("1 + 2 * 3");
  REQUIRE(r.diagnostics.empty());
  const ast::Expr& e = decl_at<ast::PolicyDecl>(r, 0).units->formula;
  CHECK(text_of(r, e.span) == "1 + 2 * 3");
  REQUIRE(e.args.size() == 2);
  CHECK(text_of(r, e.args[0].span) == "1");
  CHECK(text_of(r, e.args[1].span) == "2 * 3");
  CHECK(text_of(r, e.args[1].args[1].span) == "3");
  CHECK(e.args[1].args[1].kind == ast::ExprKind::number);
  CHECK(e.args[1].args[1].number == 3);
}

TEST_CASE("parse: comparisons do not chain", "[parser][expr]") {
  const OneError e = only_error("policy p {\n  pool each code\n  units = 1 < 2 < 3\n}\n");
  CHECK(e.id == "E0101");
  CHECK(e.message == "expected the end of the clause (one clause per line), found '<'");
  CHECK(e.line == 3);
  CHECK(e.column == 17);
}

// ---------------------------------------------------------------------------------------------
// Value errors

TEST_CASE("parse: the largest number allowed is 1000000000", "[parser]") {
  CHECK(formula_of("1000000000") == "1000000000");
  const OneError e = only_error("policy p {\n  pool each code\n  units = 1000000001\n}\n");
  CHECK(e.id == "E0103");
  CHECK(e.message == "number too large: at most 1000000000 is allowed");
  CHECK(e.line == 3);
  CHECK(e.column == 11);
}

TEST_CASE("parse: a number beyond 64 bits is E0103, not a crash", "[parser]") {
  const OneError e =
      only_error("code 97140 {\n  timed every 123456789012345678901234567890 min\n}\n");
  CHECK(e.id == "E0103");
  CHECK(e.line == 2);
  CHECK(e.column == 15);
}

TEST_CASE("parse: numbers too large everywhere are reported, and the declaration is kept",
          "[parser]") {
  const ParseResult r = parse_text(
      "test \"t\" {\n  payer y\n  given 97140 99999999999 min\n  expect 97140 x99999999999\n}\n");
  REQUIRE(r.diagnostics.items().size() == 2);
  CHECK(r.diagnostics.items()[0].id == "E0103");
  CHECK(r.diagnostics.items()[1].id == "E0103");
  CHECK(r.module.decls.size() == 1);
}

TEST_CASE("parse: impossible dates are E0104", "[parser]") {
  const OneError e = only_error("code 97140 {\n  untimed\n  effective 2023-02-29\n}\n");
  CHECK(e.id == "E0104");
  CHECK(e.message == "'2023-02-29' is not a calendar date");
  CHECK(e.line == 3);
  CHECK(e.column == 13);

  const ParseResult r = parse_text(
      "payer y {\n  policy p\n  expires 2025-13-01\n}\n"
      "test \"t\" {\n  payer y\n  date 1899-12-31\n}\n");
  REQUIRE(r.diagnostics.items().size() == 2);
  CHECK(r.diagnostics.items()[0].message == "'2025-13-01' is not a calendar date");
  CHECK(r.diagnostics.items()[1].message == "'1899-12-31' is not a calendar date");
  CHECK(r.module.decls.size() == 2);
}

TEST_CASE("parse: a timing given twice is E0105 with a note", "[parser]") {
  const ParseResult r = parse_text("code 97140 {\n  timed every 15 min\n  untimed\n}\n");
  REQUIRE(r.diagnostics.items().size() == 1);
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.id == "E0105");
  CHECK(d.message == "the timing of a code is given twice");
  CHECK(where(r, d).line == 3);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].message == "first given here");
  REQUIRE(d.notes[0].span);
  CHECK(r.module.file->locate(d.notes[0].span->begin).line == 2);
}

TEST_CASE("parse: a policy clause given twice is E0106", "[parser]") {
  const char* cases[][2] = {
      {"policy p {\n  pool each code\n  pool each code\n  units = 1\n}\n", "'pool' is given twice"},
      {"policy p {\n  pool each code\n  units = 1\n  units = 2\n}\n", "'units' is given twice"},
      {"policy p {\n  pool timed minutes\n  units = 1\n  allocate {\n  }\n  allocate {\n  }\n}\n",
       "'allocate' is given twice"},
      {"policy p {\n  pool timed minutes\n  units = 1\n  allocate {\n    each code gets 1\n"
       "    each code gets 2\n  }\n}\n",
       "'each code gets' is given twice"},
      {"policy p {\n  pool timed minutes\n  units = 1\n  allocate {\n"
       "    rest by minutes, largest first\n    rest by minutes, largest first\n  }\n}\n",
       "'rest by' is given twice"},
      {"policy p {\n  pool timed minutes\n  units = 1\n  allocate {\n"
       "    ties are alternatives\n    ties are alternatives\n  }\n}\n",
       "'ties are alternatives' is given twice"},
      {"payer y {\n  policy a\n  policy b\n}\n", "'policy' is given twice"},
  };
  for (const auto& c : cases) {
    INFO(c[0]);
    const OneError e = only_error(c[0]);
    CHECK(e.id == "E0106");
    CHECK(e.message == c[1]);
    CHECK(e.notes == std::vector<std::string>{"first given here"});
  }
}

TEST_CASE("parse: expect without a given, and allocations expected twice, are E0107", "[parser]") {
  OneError e = only_error("test \"t\" {\n  payer y\n  expect 97140 x1\n}\n");
  CHECK(e.id == "E0107");
  CHECK(e.message == "'expect' needs a 'given' line before it");
  CHECK(e.line == 3);
  CHECK(e.column == 10);

  e = only_error(
      "test \"t\" {\n  payer y\n  table 97140 {\n    7 min -> 0\n  }\n  expect total 0\n}\n");
  CHECK(e.id == "E0107");
  CHECK(e.message == "'expect' needs a 'given' line before it");
  CHECK(e.line == 6);

  e = only_error(
      "test \"t\" {\n  payer y\n  given 97140 7 min\n  expect 97140 x0\n  expect 97140 x1\n}\n");
  CHECK(e.id == "E0107");
  CHECK(e.message == "a case expects its allocations once; join them with 'or'");
  CHECK(e.line == 5);
}

TEST_CASE("parse: an empty code range is E0108", "[parser]") {
  const ParseResult r = parse_text(
      "edit e {\n  column 1 98942..98940\n  column 2 97140, 9714..97149\n}\n"
      "limit l {\n  codes 97110..97112\n  at most 4 units per day\n}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.items().size() == 2);
  CHECK(r.diagnostics.items()[0].id == "E0108");
  CHECK(r.diagnostics.items()[0].message ==
        "the range 98942..98940 is empty: write the lower code first, both of the same length");
  CHECK(where(r, r.diagnostics.items()[0]).line == 2);
  CHECK(where(r, r.diagnostics.items()[0]).column == 12);
  CHECK(r.diagnostics.items()[1].id == "E0108");
  CHECK(r.diagnostics.items()[1].message ==
        "the range 9714..97149 is empty: write the lower code first, both of the same length");
  // Both declarations are kept; a good range is fine.
  CHECK(r.module.decls.size() == 2);
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

TEST_CASE("parse: syntax errors have an exact message and place", "[parser][syntax]") {
  struct Case {
    const char* text;
    const char* message;
    std::uint32_t line;
    std::uint32_t column;
  };
  const Case cases[] = {
      {"code 97140 \"x\" {\n  timed every fifteen min\n}\n",
       "expected a whole number, found 'fifteen'", 2, 15},
      {"code 97140 \"unterminated {\n  untimed\n}\n",
       "unterminated string: expected '\"' before the end of the line, found the end of the line",
       1, 27},
      {"code 97140 \"x\" {\n  timed every 15 min untimed\n}\n",
       "expected the end of the clause (one clause per line), found 'untimed'", 2, 22},
      {"policy p {\n  pool each code\n  units = (minutes + 7 / 15\n}\n",
       "expected ')', found the end of the line", 3, 28},
      {"policy p {\n  pool each code\n  units = \n}\n",
       "expected an expression, found the end of the line", 3, 11},
      {"policy p {\n  pool each code\n  units = minutes +\n}\n",
       "expected a number, a name or '(', found the end of the line", 3, 20},
      {"policy p {\n  pool each code\n  units = not\n}\n",
       "expected an expression after 'not', found the end of the line", 3, 14},
      {"policy p {\n  pool each code\n  units = 1 or\n}\n",
       "expected an expression after 'or', found the end of the line", 3, 15},
      {"policy p {\n  pool each code\n  units = if minutes > 7 then 1\n}\n",
       "expected 'else', found the end of the line", 3, 32},
      {"policy p {\n  pool each code\n  units = if minutes > 7 1 else 0\n}\n",
       "expected 'then', found '1'", 3, 26},
      {"policy p {\n  pool each code\n  units = min(minutes 15)\n}\n", "expected ',', found '15'",
       3, 23},
      {"policy p {\n  pool timed minutes per week\n  units = 1\n}\n",
       "expected 'day' or 'discipline', found 'week'", 2, 26},
      {"policy p {\n  pool all\n}\n",
       "expected 'each code' or 'timed minutes per ...' after 'pool', found 'all'", 2, 8},
      {"policy p {\n  units 1\n}\n",
       "expected '= expression' or 'by table' after 'units', found '1'", 2, 9},
      {"policy p {\n  units by table {\n    8..22 min => 1\n  }\n}\n", "expected '->', found '='",
       3, 15},
      {"policy p {\n  units by table {\n    8 min or less -> 1\n  }\n}\n",
       "expected 'more' after 'or', found 'less'", 3, 14},
      {"policy p {\n  allocate {\n    rest by leftover minutes largest first\n  }\n}\n",
       "expected ', largest first', found 'largest'", 3, 30},
      {"policy p {\n  allocate {\n    ties are equal\n  }\n}\n",
       "expected 'alternatives', found 'equal'", 3, 14},
      {"policy p {\n  allocate {\n    each code takes 1\n  }\n}\n",
       "expected 'gets', found 'takes'", 3, 15},
      {"code 97140a {\n  untimed\n}\n",
       "expected a code (capital letters and digits, e.g. 97140 or G0283), found 'a'", 1, 11},
      {"code 97140\n  untimed\n}\n",
       "expected '{' to open the code definition, found the end of the line", 1, 11},
      {"code 97140 {\n  timed 15 min\n}\n",
       "expected 'every N min' or 'first N min' after 'timed', found '15'", 2, 9},
      {"code 97140 {\n  timed every 15\n}\n",
       "expected 'min' after the number of minutes, found the end of the line", 2, 17},
      {"code 97140 {\n  add-on 97110\n}\n", "expected 'to' after 'add-on', found '97110'", 2, 10},
      {"code 97140 {\n  effective 2025\n}\n",
       "expected a date (YYYY-MM-DD), found the end of the line", 2, 17},
      {"code 97140 {\n  source unquoted\n}\n", "expected a quoted string, found 'unquoted'", 2, 10},
      {"policy {\n}\n", "expected a name, found '{'", 1, 8},
      {"payer y\n", "expected '{' to open the payer, found the end of the line", 1, 8},
      {"test \"t\" {\n  payer y\n  given 97140 7\n  expect 97140 x0\n}\n",
       "expected 'min' after the number of minutes, found the end of the line", 3, 16},
      {"test \"t\" {\n  payer y\n  given 97140 7 min\n  expect 97140 0\n}\n",
       "expected 'x' and a number of units (e.g. 97140 x2), found '0'", 4, 16},
      {"test \"t\" {\n  payer y\n  given 97140 7 min\n  expect nothing\n}\n",
       "expected 'total N' or codes with units (e.g. 97140 x2), found 'nothing'", 4, 10},
      {"test \"t\" {\n  payer y\n  given\n}\n",
       "expected a service (a code, then optionally 'N min'), found the end of the line", 3, 8},
      {"test \"t\" {\n  payer y\n  given 97140 7 min with\n}\n",
       "expected a modifier (e.g. 59, GP), found the end of the line", 3, 25},
      {"test untitled {\n}\n", "expected a quoted string, found 'untitled'", 1, 6},
      {"test \"t\" {\n  payer y\n  given 97140 from 10:00\n}\n",
       "expected 'to' and the time the service ended (e.g. from 10:00 to 10:20), found the end of "
       "the line",
       3, 25},
      {"test \"t\" {\n  payer y\n  given 97140 from 10 to 11\n}\n",
       "expected a time of day HH:MM (e.g. 09:05), found '10'", 3, 20},
      {"test \"t\" {\n  payer y\n  given 97140 7 min in\n}\n",
       "expected a name, found the end of the line", 3, 23},
      {"test \"t\" {\n  payer y\n  given 97140 7 min billed\n}\n",
       "expected a whole number, found the end of the line", 3, 27},
      {"test \"t\" {\n  payer y\n  given 97140 7 min\n  expect finding x.y on\n}\n",
       "expected a code (capital letters and digits, e.g. 97140 or G0283), found the end of the "
       "line",
       4, 24},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const OneError e = only_error(c.text);
    CHECK(e.id == "E0101");
    CHECK(e.message == c.message);
    CHECK(e.line == c.line);
    CHECK(e.column == c.column);
  }
}

TEST_CASE("parse: an unknown top-level word, with and without did-you-mean", "[parser][syntax]") {
  OneError e = only_error("cod 97140 \"x\" {\n  untimed\n}\n");
  CHECK(e.id == "E0101");
  CHECK(e.message.rfind("expected a declaration: 'code', 'policy', 'payer'", 0) == 0);
  CHECK(e.message.find(", found 'cod'") != std::string::npos);
  CHECK(e.line == 1);
  CHECK(e.column == 1);
  CHECK(e.notes == std::vector<std::string>{"did you mean 'code'?"});

  e = only_error("polcy p {\n}\n");
  CHECK(e.notes == std::vector<std::string>{"did you mean 'policy'?"});

  e = only_error("code 97140 {\n  untimed\n}\nfoo\n");
  CHECK(e.message.find(", found 'foo'") != std::string::npos);
  CHECK(e.line == 4);
  CHECK(e.notes.empty());

  e = only_error("code 97140 {\n  untimed\n}\n}\n");
  CHECK(e.message.find(", found '}'") != std::string::npos);
  CHECK(e.line == 4);
}

TEST_CASE("parse: a misspelled clause keyword gets did-you-mean", "[parser][syntax]") {
  const char* cases[][3] = {
      {"code 97140 \"x\" {\n  timd every 15 min\n}\n", "timd", "timed"},
      {"code 97140 \"x\" {\n  disciplnes PT\n}\n", "disciplnes", "disciplines"},
      {"code 97140 \"x\" {\n  efective 2020-01-01\n}\n", "efective", "effective"},
      {"policy p {\n  pool each code\n  units = 1\n  alocate {\n  }\n}\n", "alocate", "allocate"},
      {"payer y {\n  polcy p\n}\n", "polcy", "policy"},
      {"test \"t\" {\n  payer y\n  gven 97140 7 min\n}\n", "gven", "given"},
      {"test \"t\" {\n  payer y\n  given 97140 7 min\n  expet 97140 x0\n}\n", "expet", "expect"},
  };
  for (const auto& c : cases) {
    INFO(c[0]);
    const OneError e = only_error(c[0]);
    CHECK(e.id == "E0101");
    CHECK(e.message == std::string("expected a clause or '}', found '") + c[1] + "'");
    CHECK(e.notes == std::vector<std::string>{std::string("did you mean '") + c[2] + "'?"});
  }
  // Nothing close: no note.
  const OneError e = only_error("code 97140 \"x\" {\n  xyzzy\n}\n");
  CHECK(e.message == "expected a clause or '}', found 'xyzzy'");
  CHECK(e.notes.empty());
}

TEST_CASE("parse: an unclosed brace is E0102 with the place of the '{'", "[parser][syntax]") {
  OneError e = only_error("code 97140 \"x\" {\n  timed every 15 min\n");
  CHECK(e.id == "E0102");
  CHECK(e.message == "expected '}', found the end of the file");
  CHECK(e.line == 3);
  CHECK(e.column == 1);
  CHECK(e.notes == std::vector<std::string>{"to close '{' opened at 1:16"});

  e = only_error("code 97140 \"x\" {\n  timed every 15 min\n\ncode 97110 \"y\" {\n  untimed\n}\n");
  CHECK(e.id == "E0102");
  CHECK(e.message == "expected '}', found 'code'");
  CHECK(e.line == 4);
  CHECK(e.column == 1);
  CHECK(e.notes == std::vector<std::string>{"to close '{' opened at 1:16"});

  // The innermost open brace is the one named.
  e = only_error("policy p {\n  pool timed minutes\n  allocate {\n    ties are alternatives\n");
  CHECK(e.id == "E0102");
  CHECK(e.notes == std::vector<std::string>{"to close '{' opened at 3:12"});

  // Braces inside strings and comments do not count.
  e = only_error("code 97140 \"{\" {\n  # {\n  untimed\n");
  CHECK(e.id == "E0102");
  CHECK(e.notes == std::vector<std::string>{"to close '{' opened at 1:16"});
}

TEST_CASE("parse: recovery reports every broken declaration and keeps the good ones",
          "[parser][syntax]") {
  const ParseResult r = parse_text(
      "code 97110 {\n  timed every 15 min\n}\n"
      "code 97140 \"broken\" {\n  timed every fifteen min\n}\n"
      "policy good {\n  pool each code\n  units = (minutes + 7) / 15\n}\n"
      "payer broken {\n  policy good extra\n}\n"
      "payer fine {\n  policy good\n}\n");
  REQUIRE(r.diagnostics.items().size() == 2);
  CHECK(r.diagnostics.items()[0].id == "E0101");
  CHECK(where(r, r.diagnostics.items()[0]).line == 5);
  CHECK(r.diagnostics.items()[1].id == "E0101");
  CHECK(where(r, r.diagnostics.items()[1]).line == 12);
  CHECK(r.diagnostics.items()[1].message ==
        "expected the end of the clause (one clause per line), found 'extra'");
  REQUIRE(r.module.decls.size() == 3);
  CHECK(decl_at<ast::CodeDecl>(r, 0).code.text == "97110");
  CHECK(decl_at<ast::PolicyDecl>(r, 1).name.text == "good");
  CHECK(decl_at<ast::PayerDecl>(r, 2).name.text == "fine");
  CHECK(broken_names(r) == std::vector<std::string>{"code 97140", "payer broken"});
}

TEST_CASE("parse: a broken declaration keeps its kind, its name and the name's place",
          "[parser][syntax]") {
  const ParseResult r = parse_text(
      "payer  acme {\n  policy p extra\n}\n"
      "polcy cms-8 {\n  pool each code\n}\n");
  REQUIRE(r.module.broken.size() == 2);
  CHECK(r.module.broken[0].kind == cptrules::lang::lexicon::Declaration::payer);
  CHECK(r.module.broken[0].name == "acme");
  CHECK(text_of(r, r.module.broken[0].span) == "acme");
  CHECK(r.module.broken[1].kind == cptrules::lang::lexicon::Declaration::policy);
  CHECK(r.module.broken[1].name == "cms-8");
  CHECK(text_of(r, r.module.broken[1].span) == "cms-8");
  CHECK(r.module.file->locate(r.module.broken[1].span.begin).line == 4);
}

TEST_CASE("parse: a broken test is skipped, the next declaration parsed", "[parser][syntax]") {
  const ParseResult r =
      parse_text("test \"t\" {\n  payer y\n  given 97140 7\n}\ncode 97140 {\n  untimed\n}\n");
  REQUIRE(r.diagnostics.items().size() == 1);
  REQUIRE(r.module.decls.size() == 1);
  CHECK(decl_at<ast::CodeDecl>(r, 0).code.text == "97140");
  CHECK(r.module.broken.empty());  // tests have no name to hide
}

TEST_CASE("parse: an unclosed brace does not swallow the declaration after it",
          "[parser][syntax]") {
  // The E0102 is reported at `policy`, the first word of the next declaration; recovery must
  // resume there, or the good policy is lost (and its uses reported as unknown).
  const ParseResult r = parse_text(
      "code 97140 \"x\" {\n  timed every 15 min\n\n"
      "policy p {\n  pool each code\n  units = 1\n}\n");
  REQUIRE(r.diagnostics.items().size() == 1);
  CHECK(r.diagnostics.items()[0].id == "E0102");
  REQUIRE(r.module.decls.size() == 1);
  CHECK(decl_at<ast::PolicyDecl>(r, 0).name.text == "p");
}

TEST_CASE("parse: an unclosed brace does not swallow a test after it", "[parser][syntax]") {
  // Recovery resumes at the next declaration only when it is a code, policy, payer, edit,
  // modifier or limit: a test right after an unclosed declaration is dropped without a word,
  // so its cases never run.
  const ParseResult r = parse_text(
      "code 97140 \"x\" {\n  timed every 15 min\n\n"
      "test \"t\" {\n  payer y\n  given 97140 8 min\n  expect 97140 x1\n}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.items().size() == 1);
  CHECK(r.diagnostics.items()[0].id == "E0102");
  REQUIRE(r.module.decls.size() == 1);
  CHECK(decl_at<ast::TestDecl>(r, 0).title.value == "t");
}

TEST_CASE("parse: after a syntax error, a misspelled declaration further down is still reported",
          "[parser][syntax]") {
  // Recovery resumes at the next line that starts with a declaration keyword, or with a
  // misspelling of one that opens a block: `polcy p {` is reported as it is when alone.
  const ParseResult r = parse_text(
      "code 97140 {\n  timed every fifteen min\n}\n"
      "polcy p {\n  pool each code\n  units = 1\n}\n"
      "payer y {\n  policy p\n}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.items().size() == 2);
  CHECK(where(r, r.diagnostics.items()[0]).line == 2);
  const Diagnostic& d = r.diagnostics.items()[1];
  CHECK(d.id == "E0101");
  CHECK(d.message ==
        "expected a declaration: 'code', 'policy', 'payer', 'edit', 'modifier', 'limit', "
        "'family', 'test', 'provider' or 'check', found 'polcy'");
  CHECK(where(r, d).line == 4);
  CHECK(where(r, d).column == 1);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].message == "did you mean 'policy'?");
  // The misspelled policy's name is hidden from "unknown policy" reports, like a broken one.
  CHECK(broken_names(r) == std::vector<std::string>{"code 97140", "policy p"});
  REQUIRE(r.module.decls.size() == 1);
  CHECK(decl_at<ast::PayerDecl>(r, 0).name.text == "y");
}

TEST_CASE("parse: recovery does not stop at an unindented clause keyword", "[parser][syntax]") {
  // `note` is close to `code` and `payers` to `payer`, but they are clauses: recovery after the
  // error of line 2 goes on to the next declaration, without an error for each of them.
  const ParseResult r = parse_text(
      "edit e {\n  column one 97140\nnote \"{\"\npayers medicare {\n}\n"
      "code 97140 {\n  untimed\n}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.items().size() == 1);
  CHECK(where(r, r.diagnostics.items()[0]).line == 2);
  REQUIRE(r.module.decls.size() == 1);
  CHECK(decl_at<ast::CodeDecl>(r, 0).code.text == "97140");
}

TEST_CASE("parse: after an unclosed brace, every kind of declaration is kept", "[parser][syntax]") {
  for (const char* next :
       {"policy p {\n  pool each code\n  units = 1\n}\n", "payer y {\n  policy p\n}\n",
        "code 97110 {\n  untimed\n}\n", "modifier GP {\n}\n",
        "edit e {\n  column 1 97140\n  column 2 97110\n}\n",
        "limit l {\n  codes 97140\n  at most 4 units per day\n}\n"}) {
    INFO(next);
    const ParseResult r = parse_text(std::string("code 97140 {\n  untimed\n\n") + next);
    REQUIRE(r.diagnostics.items().size() == 1);
    CHECK(r.diagnostics.items()[0].id == "E0102");
    CHECK(r.module.decls.size() == 1);
  }
}

TEST_CASE("parse: an identifier of 64 bytes is accepted", "[parser][limits]") {
  const std::string code(64, '9');
  const std::string policy = "p" + std::string(63, 'x');
  const ParseResult r = parse_text("code " + code + " {\n  untimed\n}\npolicy " + policy +
                                   " {\n  pool each code\n  units = " + policy + "\n}\n");
  INFO(render(r.diagnostics));
  CHECK(r.diagnostics.empty());
  REQUIRE(r.module.decls.size() == 2);
  CHECK(decl_at<ast::CodeDecl>(r, 0).code.text == code);
  CHECK(decl_at<ast::PolicyDecl>(r, 1).name.text == policy);
}

TEST_CASE("parse: an identifier longer than 64 bytes is E0111, its declaration skipped",
          "[parser][limits]") {
  const std::string code(65, '9');
  const ParseResult r =
      parse_text("code " + code + " \"x\" {\n  untimed\n}\ncode 97140 {\n  untimed\n}\n");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.items().size() == 1);
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.id == "E0111");
  CHECK(d.message == "identifier too long: 65 bytes, at most 64 are allowed");
  CHECK(where(r, d).line == 1);
  CHECK(where(r, d).column == 6);
  CHECK(text_of(r, d.span) == code);
  // Skipped like a declaration with a syntax error: its name is not reported as unknown.
  CHECK(broken_names(r) == std::vector<std::string>{"code " + code});
  REQUIRE(r.module.decls.size() == 1);
  CHECK(decl_at<ast::CodeDecl>(r, 0).code.text == "97140");
}

TEST_CASE("parse: every kind of identifier is limited to 64 bytes", "[parser][limits]") {
  const std::string x(65, 'x');
  const std::string m(65, 'M');
  const std::string c(65, '7');
  // The text, the line and column of the long identifier, and the declaration skipped.
  struct Case {
    std::string text;
    std::uint32_t line;
    std::uint32_t column;
    std::vector<std::string> broken;
  };
  const std::vector<Case> cases{
      {"policy " + x + " {\n  pool each code\n  units = 1\n}\n", 1, 8, {"policy " + x}},
      {"policy p {\n  pool each code\n  units = minutes + " + x + "\n}\n", 3, 21, {"policy p"}},
      {"payer y {\n  policy " + x + "\n}\n", 2, 10, {"payer y"}},
      {"payer y {\n  policy p\n  discipline modifier " + m + " for PT\n}\n", 3, 23, {"payer y"}},
      {"code 97530 {\n  untimed\n  add-on to " + c + "\n}\n", 3, 13, {"code 97530"}},
      {"code 97530 {\n  untimed\n  disciplines PT, " + x + "\n}\n", 3, 19, {"code 97530"}},
      {"modifier " + m + " {\n}\n", 1, 10, {"modifier " + m}},
      {"edit e {\n  column 1 97140\n  column 2 " + c + "\n}\n", 3, 12, {"edit e"}},
      {"edit e {\n  column 1 97140\n  column 2 97110\n  bypass with 59, " + m + "\n}\n",
       4,
       19,
       {"edit e"}},
      {"limit " + x + " {\n  codes 97140\n  at most 4 units per day\n}\n", 1, 7, {"limit " + x}},
      {"limit l {\n  codes 97140\n  at most 4 units per day\n  payers " + x + "\n}\n",
       4,
       10,
       {"limit l"}},
      {"test \"t\" {\n  payer y\n  given " + c + " 8 min\n  expect total 1\n}\n", 3, 9, {}},
      {"test \"t\" {\n  payer y\n  given 97140 8 min\n  expect finding " + x + "\n}\n", 4, 18, {}},
      {"test \"t\" {\n  payer " + x + "\n  given 97140 8 min\n  expect total 1\n}\n", 2, 9, {}},
  };
  for (const Case& k : cases) {
    INFO(k.text);
    const ParseResult r = parse_text(k.text);
    INFO(render(r.diagnostics));
    REQUIRE(r.diagnostics.items().size() == 1);
    const Diagnostic& d = r.diagnostics.items()[0];
    CHECK(d.id == "E0111");
    CHECK(d.message == "identifier too long: 65 bytes, at most 64 are allowed");
    CHECK(where(r, d).line == k.line);
    CHECK(where(r, d).column == k.column);
    CHECK(d.span.end - d.span.begin == 65);
    CHECK(r.module.decls.empty());
    CHECK(broken_names(r) == k.broken);
  }
}

TEST_CASE("parse: a 64 KiB name is one E0111 with a short rendering", "[parser][limits]") {
  const std::string huge(65536, 'A');
  const ParseResult r = parse_text("code 97140 {\n  untimed\n  replaces " + huge + "\n}\n");
  REQUIRE(r.diagnostics.items().size() == 1);
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.id == "E0111");
  CHECK(d.message == "identifier too long: 65536 bytes, at most 64 are allowed");
  CHECK(render(d) ==
        "t.rules:3:12: error[E0111]: identifier too long: 65536 bytes, at most 64 "
        "are allowed\n"
        "  |\n"
        "3 |   replaces " +
            std::string(109, 'A') +
            "...\n"
            "  |            " +
            std::string(109, '^') + "\n");
}

TEST_CASE("parse: a rule file of one 1 MB word gives a short message", "[parser][limits]") {
  const ParseResult r = parse_text(std::string(1 << 20, 'z'));
  REQUIRE(r.diagnostics.items().size() == 1);
  const Diagnostic& d = r.diagnostics.items()[0];
  const std::string message =
      "expected a declaration: 'code', 'policy', 'payer', 'edit', 'modifier', 'limit', 'family', "
      "'test', 'provider' or 'check', found '" +
      std::string(64, 'z') + "...'";
  CHECK(d.id == "E0101");
  CHECK(d.message == message);
  CHECK(render(d) == "t.rules:1:1: error[E0101]: " + message +
                         "\n"
                         "  |\n"
                         "1 | " +
                         std::string(120, 'z') +
                         "...\n"
                         "  | " +
                         std::string(120, '^') + "\n");
}

TEST_CASE("parse: 64 levels of parentheses parse", "[parser][expr]") {
  std::string expr = "minutes";
  for (int i = 0; i < 64; ++i) {
    expr = "(" + expr + ")";
  }
  CHECK(formula_of(expr) == "minutes");
}

TEST_CASE("parse: more than 64 levels of parentheses on a line is E0109", "[parser][expr]") {
  const std::string text = "policy p {\n  pool each code\n  units = " + std::string(65, '(') +
                           "minutes" + std::string(65, ')') + "\n}\ncode 97140 {\n  untimed\n}\n";
  const ParseResult r = parse_text(text);
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.items().size() == 1);
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.id == "E0109");
  CHECK(d.message == "expression nested too deeply: more than 64 levels of parentheses");
  CHECK(where(r, d).line == 3);
  CHECK(where(r, d).column == 11 + 64);  // the 65th '('
  // The policy is skipped (and not reported again as unknown); the next declaration parses.
  CHECK(broken_names(r) == std::vector<std::string>{"policy p"});
  REQUIRE(r.module.decls.size() == 1);
  CHECK(decl_at<ast::CodeDecl>(r, 0).code.text == "97140");
}

TEST_CASE("parse: more than 512 operators on a line is E0110", "[parser][expr]") {
  // The '=' of `units =` is one of the line's operators: 511 more '+' are the most allowed.
  std::string sum = "1";
  for (int i = 0; i < 511; ++i) {
    sum += "+1";
  }
  const ParseResult ok = parse_formula(sum);
  CHECK(ok.diagnostics.empty());
  const ParseResult r = parse_formula(sum + "+1");
  INFO(render(r.diagnostics));
  REQUIRE(r.diagnostics.items().size() == 1);
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.id == "E0110");
  CHECK(d.message == "expression too long: more than 512 operators on one line");
  CHECK(where(r, d).line == 3);
  CHECK(where(r, d).column == 11 + 1 + 2 * 511);  // the 512th '+', the 513th operator
  CHECK(r.module.decls.empty());
}

TEST_CASE("parse: parentheses and operators in strings and comments do not count",
          "[parser][expr]") {
  const std::string many(600, '(');
  const ParseResult r = parse_text("code 97140 \"" + many + "\" {  # " + many +
                                   "\n  untimed\n  note \"" + std::string(600, '+') + "\"\n}\n");
  INFO(render(r.diagnostics));
  CHECK(r.diagnostics.empty());
  CHECK(r.module.decls.size() == 1);
}

TEST_CASE("parse: the span of an expression that starts with '(' includes it", "[parser][expr]") {
  // A parenthesised operand's span leaves out its parentheses, so a binary expression built on
  // it starts inside them: "minutes + 7) / 15" instead of "(minutes + 7) / 15".
  const ParseResult r = parse_formula("(minutes + 7) / 15");
  REQUIRE(r.diagnostics.empty());
  const ast::Expr& e = decl_at<ast::PolicyDecl>(r, 0).units->formula;
  CHECK(text_of(r, e.span) == "(minutes + 7) / 15");
}

// ---------------------------------------------------------------------------------------------
// Hostile input: run in a child process, since a stack overflow would end this one.

namespace {

// The exit status of `cptrules check --no-stdlib` on a file with this text (128 + N when the
// program died of signal N).
// What `cptrules check --no-stdlib` printed on standard error for `text` as a rule file, and
// its status (128 + the signal when a signal ended it), run in a child process.
struct ChildCheck {
  int status = -1;
  std::string err;
};
ChildCheck check_in_child(const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path path =
      fs::temp_directory_path() / ("cptrules-parser-test-" + std::to_string(::getpid()) + ".rules");
  const fs::path err = fs::path(path).replace_extension(".err");
  cptrules::test::write_file(path, text);
  const std::string command = std::string("'") + CPTRULES_BINARY + "' check --no-stdlib '" +
                              path.string() + "' > /dev/null 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  ChildCheck out;
  out.err = cptrules::test::read_file(err);
  fs::remove(path);
  fs::remove(err);
  if (status == -1)
    return out;
  out.status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  return out;
}

int check_status_in_child(const std::string& text) {
  return check_in_child(text).status;
}

std::string policy_with_units(const std::string& expr) {
  return "policy p {\n  pool each code\n  units = " + expr + "\n}\npayer y {\n  policy p\n}\n";
}

}  // namespace

TEST_CASE("parse: 60 nested parentheses are checked without trouble", "[parser][hostile]") {
  const int status = check_status_in_child(
      policy_with_units(std::string(60, '(') + "minutes" + std::string(60, ')')));
  CHECK(status == 0);
}

TEST_CASE("parse: 100000 nested parentheses are an error, not a crash", "[parser][hostile]") {
  // Unbounded recursive descent would overflow the stack long before; the parser stops at the
  // 65th parenthesis: "units = " ends at column 10, so that one stands at column 75.
  const ChildCheck run = check_in_child(
      policy_with_units(std::string(100000, '(') + "minutes" + std::string(100000, ')')));
  CHECK(run.status == 65);
  CHECK(run.err.find(":3:75: error[E0109]: expression nested too deeply: more than 64 levels of "
                     "parentheses") != std::string::npos);
  CHECK(run.err.find("1 error, 0 warnings in 1 file") != std::string::npos);
}

TEST_CASE("parse: 100000 unary minus signs are an error, not a crash", "[parser][hostile]") {
  const int status = check_status_in_child(policy_with_units(std::string(100000, '-') + "minutes"));
  CHECK(status == 65);
}

TEST_CASE("parse: a flat sum of 400000 terms is an error, not a crash", "[parser][hostile]") {
  // `1 + 1 + ... + 1` has no nesting in the text, but its syntax tree is a left-leaning chain
  // 400000 deep, destroyed recursively (SIGSEGV in ~Expr from about 60000 terms in Debug).
  std::string sum = "1";
  sum.reserve(4 * 400000);
  for (int i = 1; i < 400000; ++i)
    sum += " + 1";
  const int status = check_status_in_child(policy_with_units(sum));
  CHECK(status == 65);
}
