// Unit tests of Program: compiled expressions give exact whole-number results and error statuses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "parser.hpp"
#include "program.hpp"

namespace {

namespace ast = cptrules::lang::ast;
using cptrules::interp::EvalStatus;
using cptrules::interp::ExprInputs;
using cptrules::interp::Program;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// Compiles `units = EXPR` of a one-policy file.
Program compile(const std::string& expr) {
  auto file = std::make_shared<cptrules::lang::SourceFile>(
      "p.rules", "policy p {\n  pool each code\n  units = " + expr + "\n}\n");
  const auto parsed = cptrules::lang::parse(file);
  INFO(expr << "\n" << cptrules::lang::render(parsed.diagnostics));
  REQUIRE(parsed.diagnostics.empty());
  const auto& policy = std::get<ast::PolicyDecl>(parsed.module.decls.at(0));
  return Program::compile(policy.units->formula);
}

// Runs EXPR with these inputs; REQUIREs an ok status.
std::int64_t eval(const std::string& expr, std::int64_t minutes = 0, std::int64_t unit = 15) {
  const Program p = compile(expr);
  std::int64_t out = -12345;
  INFO(expr << " with minutes " << minutes << ", unit " << unit);
  REQUIRE(p.run(ExprInputs{minutes, unit}, out) == EvalStatus::ok);
  return out;
}

EvalStatus status(const std::string& expr, std::int64_t minutes = 0, std::int64_t unit = 15) {
  std::int64_t out = -12345;
  const EvalStatus s = compile(expr).run(ExprInputs{minutes, unit}, out);
  if (s != EvalStatus::ok)
    CHECK(out == -12345);  // left alone on failure
  return s;
}

}  // namespace

TEST_CASE("program: numbers and inputs", "[program]") {
  CHECK(eval("0") == 0);
  CHECK(eval("42") == 42);
  CHECK(eval("1000000000") == 1000000000);
  CHECK(eval("minutes", 37) == 37);
  CHECK(eval("unit", 0, 30) == 30);
  CHECK(eval("minutes", kMax) == kMax);
  CHECK(eval("minutes", kMin) == kMin);
}

TEST_CASE("program: arithmetic", "[program]") {
  CHECK(eval("1 + 2") == 3);
  CHECK(eval("1 - 2") == -1);
  CHECK(eval("6 * 7") == 42);
  CHECK(eval("7 / 2") == 3);
  CHECK(eval("7 % 3") == 1);
  CHECK(eval("-7") == -7);
  CHECK(eval("- - 7") == 7);
  CHECK(eval("-minutes", 5) == -5);
}

TEST_CASE("program: division rounds down, for negative numbers too", "[program]") {
  CHECK(eval("-7 / 2") == -4);
  CHECK(eval("7 / -2") == -4);
  CHECK(eval("-7 / -2") == 3);
  CHECK(eval("-8 / 2") == -4);  // exact: nothing to round
  CHECK(eval("-7 % 3") == 2);   // the remainder has the divisor's sign
  CHECK(eval("7 % -3") == -2);
  CHECK(eval("-6 % 3") == 0);
  CHECK(eval("minutes / unit", -1, 15) == -1);
  // The formula of the language reference: 1 + (minutes - 10) / 15 gives nothing at 0 minutes.
  CHECK(eval("1 + (minutes - 10) / 15", 0, 15) == 0);
  CHECK(eval("1 + (minutes - 10) / 15", 9, 15) == 0);
  CHECK(eval("1 + (minutes - 10) / 15", 10, 15) == 1);
}

TEST_CASE("program: division and remainder agree: a == b * (a / b) + a % b", "[program]") {
  for (std::int64_t a = -40; a <= 40; ++a) {
    for (std::int64_t b : {-15, -7, -1, 1, 2, 15}) {
      INFO(a << " / " << b);
      const std::int64_t q = eval("minutes / unit", a, b);
      const std::int64_t r = eval("minutes % unit", a, b);
      CHECK(a == b * q + r);
      CHECK((r == 0 || (r < 0) == (b < 0)));
      CHECK((r < 0 ? -r : r) < (b < 0 ? -b : b));
    }
  }
}

TEST_CASE("program: precedence and associativity", "[program]") {
  CHECK(eval("1 + 2 * 3") == 7);
  CHECK(eval("(1 + 2) * 3") == 9);
  CHECK(eval("10 - 4 - 3") == 3);
  CHECK(eval("100 / 10 / 5") == 2);
  CHECK(eval("2 * 3 % 4") == 2);
  CHECK(eval("1 + 2 * 3 - 4 / 2") == 5);
  CHECK(eval("-2 * 3") == -6);
  CHECK(eval("1 + 2 > 2") == 1);
  CHECK(eval("1 < 2 and 3 < 2 or 1 == 1") == 1);
  CHECK(eval("not 1 == 1 or 1 == 1") == 1);  // (not (1 == 1)) or (1 == 1)
  CHECK(eval("not (1 == 1 or 1 == 1)") == 0);
}

TEST_CASE("program: the 8-minute formula over a day", "[program]") {
  const Program p = compile("(minutes + (unit - 1) / 2) / unit");
  // The published chart for 15-minute codes (CMS Pub. 100-04 ch. 5 sec. 20.2): the first
  // minute of each unit count.
  const std::int64_t chart[][2] = {{7, 0},  {8, 1},  {22, 1},  {23, 2},  {37, 2},  {38, 3},
                                   {52, 3}, {53, 4}, {67, 4},  {68, 5},  {82, 5},  {83, 6},
                                   {97, 6}, {98, 7}, {112, 7}, {113, 8}, {127, 8}, {128, 9}};
  for (const auto& [minutes, units] : chart) {
    std::int64_t out = -1;
    REQUIRE(p.run({minutes, 15}, out) == EvalStatus::ok);
    INFO(minutes << " min");
    CHECK(out == units);
  }
  // Every minute of a day for 15-, 30- and 60-minute units, against the rule in words: a unit
  // is earned once more than half of it is reached, i.e. unit k needs (k - 1) full units plus
  // more than half a unit.
  for (std::int64_t unit : {15, 30, 60}) {
    for (std::int64_t m = 0; m <= 1440; ++m) {
      std::int64_t expected = 0;
      while (2 * (m - expected * unit) > unit)
        ++expected;
      std::int64_t out = -1;
      REQUIRE(p.run({m, unit}, out) == EvalStatus::ok);
      INFO(m << " min, unit " << unit);
      REQUIRE(out == expected);
    }
  }
}

TEST_CASE("program: comparisons give 1 or 0", "[program]") {
  CHECK(eval("1 < 2") == 1);
  CHECK(eval("2 < 2") == 0);
  CHECK(eval("2 <= 2") == 1);
  CHECK(eval("3 <= 2") == 0);
  CHECK(eval("3 > 2") == 1);
  CHECK(eval("2 > 2") == 0);
  CHECK(eval("2 >= 2") == 1);
  CHECK(eval("1 >= 2") == 0);
  CHECK(eval("2 == 2") == 1);
  CHECK(eval("2 == 3") == 0);
  CHECK(eval("2 != 3") == 1);
  CHECK(eval("2 != 2") == 0);
  CHECK(eval("minutes >= 8", 8) == 1);
  CHECK(eval("minutes >= 8", 7) == 0);
}

TEST_CASE("program: boolean logic", "[program]") {
  for (int a = 0; a < 2; ++a) {
    for (int b = 0; b < 2; ++b) {
      const std::string x = a ? "1 == 1" : "1 == 0";
      const std::string y = b ? "2 == 2" : "2 == 0";
      INFO(x << " / " << y);
      CHECK(eval(x + " and " + y) == (a && b));
      CHECK(eval(x + " or " + y) == (a || b));
      CHECK(eval("not " + x) == !a);
      CHECK(eval("not " + x + " and " + y) == (!a && b));
    }
  }
}

TEST_CASE("program: conditionals", "[program]") {
  const Program p = compile("if minutes > 7 then 1 else 0");
  for (std::int64_t m = 0; m < 30; ++m) {
    std::int64_t out = -1;
    REQUIRE(p.run({m, 15}, out) == EvalStatus::ok);
    CHECK(out == (m > 7 ? 1 : 0));
  }
  CHECK(eval("if 1 == 1 then 10 else 20") == 10);
  CHECK(eval("if 1 == 2 then 10 else 20") == 20);
  CHECK(eval("1 + (if 1 == 2 then 10 else 20) * 2") == 41);
  const std::string nested =
      "if minutes < 8 then 0 else if minutes < 23 then 1 else if minutes < 38 then 2 else 3";
  CHECK(eval(nested, 0) == 0);
  CHECK(eval(nested, 7) == 0);
  CHECK(eval(nested, 8) == 1);
  CHECK(eval(nested, 22) == 1);
  CHECK(eval(nested, 23) == 2);
  CHECK(eval(nested, 37) == 2);
  CHECK(eval(nested, 38) == 3);
  CHECK(eval(nested, 500) == 3);
  CHECK(eval("if (if minutes > 1 then 1 else 0) == 1 then 7 else 9", 2) == 7);
  CHECK(eval("if (if minutes > 1 then 1 else 0) == 1 then 7 else 9", 1) == 9);
}

TEST_CASE("program: the branch not taken is not evaluated", "[program]") {
  CHECK(eval("if 1 == 1 then 5 else 1 / 0") == 5);
  CHECK(eval("if 1 == 0 then 1 / 0 else 5") == 5);
  CHECK(eval("if unit == 0 then 0 else minutes / unit", 30, 0) == 0);
  CHECK(eval("if unit == 0 then 0 else minutes / unit", 30, 15) == 2);
  CHECK(eval("if minutes > 0 then minutes * minutes else 0", kMin) == 0);
  CHECK(status("if 1 == 1 then 1 / 0 else 5") == EvalStatus::division_by_zero);
  CHECK(status("if 1 == 0 then 5 else 1 % 0") == EvalStatus::division_by_zero);
}

TEST_CASE("program: min and max", "[program]") {
  CHECK(eval("min(3, 5)") == 3);
  CHECK(eval("min(5, 3)") == 3);
  CHECK(eval("max(3, 5)") == 5);
  CHECK(eval("max(5, 3)") == 5);
  CHECK(eval("min(-1, 0)") == -1);
  CHECK(eval("max(minutes, 8)", 3) == 8);
  CHECK(eval("min(max(minutes, 0), 4)", 10) == 4);
  CHECK(eval("min(minutes, 15) + max(1, 2)", 20) == 17);
}

TEST_CASE("program: division by zero is a status, not a crash", "[program]") {
  CHECK(status("1 / 0") == EvalStatus::division_by_zero);
  CHECK(status("1 % 0") == EvalStatus::division_by_zero);
  CHECK(status("minutes / unit", 10, 0) == EvalStatus::division_by_zero);
  CHECK(status("minutes % (unit - 15)", 10, 15) == EvalStatus::division_by_zero);
  CHECK(status("1 + 2 * (3 / (minutes - minutes))", 4) == EvalStatus::division_by_zero);
}

TEST_CASE("program: overflow is a status, not undefined behaviour", "[program]") {
  CHECK(status("1000000000 * 1000000000 * 1000000000") == EvalStatus::overflow);
  CHECK(status("minutes + 1", kMax) == EvalStatus::overflow);
  CHECK(status("minutes - 1", kMin) == EvalStatus::overflow);
  CHECK(status("0 - minutes - 2", kMax) == EvalStatus::overflow);
  CHECK(status("minutes * 2", kMax / 2 + 1) == EvalStatus::overflow);
  CHECK(status("minutes * minutes", 4294967296) == EvalStatus::overflow);
  CHECK(status("-minutes", kMin) == EvalStatus::overflow);
  CHECK(status("minutes / -1", kMin) == EvalStatus::overflow);
  CHECK(status("minutes % -1", kMin) == EvalStatus::overflow);
  // Just inside the range is fine.
  CHECK(eval("minutes + 0", kMax) == kMax);
  CHECK(eval("minutes - 1 + 1", kMax) == kMax);
  CHECK(eval("-minutes", kMax) == -kMax);
  CHECK(eval("minutes / -1", kMax) == -kMax);
  CHECK(eval("minutes * 2", kMax / 2) == kMax - 1);
}

TEST_CASE("program: constant and empty programs", "[program]") {
  std::int64_t out = -1;
  CHECK(Program::constant(42).run({}, out) == EvalStatus::ok);
  CHECK(out == 42);
  CHECK_FALSE(Program::constant(0).empty());
  const Program empty;
  CHECK(empty.empty());
  CHECK(empty.run({}, out) == EvalStatus::ok);
  CHECK(out == 0);
}

TEST_CASE("program: the deepest expression the checker allows runs", "[program]") {
  // A right-leaning chain keeps every left operand on the stack: 64 levels of nesting.
  std::string expr = "minutes";
  for (int i = 1; i < static_cast<int>(cptrules::interp::kMaxExprDepth); ++i) {
    expr = "1 + (" + expr + ")";
  }
  CHECK(eval(expr, 5) == 5 + static_cast<std::int64_t>(cptrules::interp::kMaxExprDepth) - 1);
  std::string mins = "minutes";
  for (int i = 1; i < static_cast<int>(cptrules::interp::kMaxExprDepth); ++i) {
    mins = "min(" + mins + ", 100)";
  }
  CHECK(eval(mins, 5) == 5);
}

TEST_CASE("program: dump lists one instruction per line", "[program]") {
  const std::string dump = compile("if minutes > 7 then 1 else 0").dump();
  CHECK(dump.find("minutes") != std::string::npos);
  CHECK(dump.find("jump_if_false") != std::string::npos);
  CHECK(dump.find("gt") != std::string::npos);
  CHECK(std::count(dump.begin(), dump.end(), '\n') == 7);
}
