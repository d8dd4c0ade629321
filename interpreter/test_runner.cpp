// run_tests: builds an encounter per case, evaluates it and checks chosen and alternative units.
#include "test_runner.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "explain.hpp"

namespace cptrules::interp {

namespace ast = lang::ast;

namespace {

using UnitsByCode = std::map<std::string, std::int64_t>;

UnitsByCode expected_units(const ast::ExpectedAllocation& a) {
  UnitsByCode out;
  for (const auto& line : a.lines) out[line.code.text] = line.units;
  return out;
}

UnitsByCode actual_units(const Result& r, const Allocation& units) {
  UnitsByCode out;
  for (std::size_t i = 0; i < r.lines.size(); ++i) out[r.lines[i].code] = units[i];
  return out;
}

Allocation chosen_of(const Result& r) {
  Allocation a;
  for (const Line& l : r.lines) a.push_back(l.units);
  return a;
}

std::string units_text(const UnitsByCode& units, const std::vector<std::string>& order) {
  std::string out;
  for (const std::string& code : order) {
    auto it = units.find(code);
    if (it == units.end()) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} x{}", code, it->second);
  }
  return out;
}

std::string given_text(const ast::TestCase& tc) {
  std::string out;
  for (const auto& s : tc.given) {
    if (!out.empty()) out += ", ";
    out += s.code.text;
    if (s.minutes) out += fmt::format(" {} min", s.minutes->value);
    for (std::size_t i = 0; i < s.modifiers.size(); ++i) {
      out += i == 0 ? " with " : " and ";
      out += s.modifiers[i].text;
    }
  }
  return out;
}

void compare(const ast::TestCase& tc, CaseOutcome& outcome) {
  const Result& r = outcome.actual;
  if (!r.ok) {
    outcome.problems.push_back(
        fmt::format("the encounter could not be evaluated: {} ({})", r.error.message, r.error.id));
    return;
  }
  std::vector<std::string> order;
  for (const Line& l : r.lines) order.push_back(l.code);
  const UnitsByCode chosen = actual_units(r, chosen_of(r));
  if (!tc.allocations.empty()) {
    const UnitsByCode want = expected_units(tc.allocations.front());
    if (want != chosen) {
      outcome.problems.push_back(fmt::format("expected {}, got {}", units_text(want, order),
                                             units_text(chosen, order)));
    }
    std::vector<UnitsByCode> want_all;
    for (const auto& a : tc.allocations) want_all.push_back(expected_units(a));
    std::vector<UnitsByCode> got_all{chosen};
    for (const Allocation& alt : r.alternatives) got_all.push_back(actual_units(r, alt));
    for (const UnitsByCode& w : want_all) {
      if (std::find(got_all.begin(), got_all.end(), w) == got_all.end()) {
        outcome.problems.push_back(
            fmt::format("{} is not among the valid allocations", units_text(w, order)));
      }
    }
    for (const UnitsByCode& g : got_all) {
      if (g == chosen && want != chosen) continue;  // already reported above
      if (std::find(want_all.begin(), want_all.end(), g) == want_all.end()) {
        outcome.problems.push_back(fmt::format(
            "{} is also a valid allocation, but the test does not list it", units_text(g, order)));
      }
    }
  }
  for (const auto& id : tc.findings) {
    const bool found = std::any_of(r.findings.begin(), r.findings.end(),
                                   [&](const Finding& f) { return f.id == id.text; });
    if (!found) outcome.problems.push_back(fmt::format("expected finding {}, but it is absent", id.text));
  }
  for (const auto& id : tc.no_findings) {
    for (const Finding& f : r.findings) {
      if (f.id == id.text) {
        outcome.problems.push_back(fmt::format("expected no finding {}, got: {}", id.text, f.message));
      }
    }
  }
  if (tc.total && tc.total->value != r.total_units) {
    outcome.problems.push_back(
        fmt::format("expected {} units in total, got {}", tc.total->value, r.total_units));
  }
}

}  // namespace

std::string allocation_text(const Result& result, const Allocation& units) {
  std::string out;
  for (std::size_t i = 0; i < result.lines.size() && i < units.size(); ++i) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} x{}", result.lines[i].code, units[i]);
  }
  return out;
}

TestReport run_tests(const LoadedRules& loaded, const TestOptions& options) {
  TestReport report;
  const lang::Date default_date = *lang::parse_date(kDefaultTestDate);
  for (const auto& located : loaded.rules->tests) {
    const ast::TestDecl& t = *located.decl;
    if (!options.filter.empty() && t.title.value.find(options.filter) == std::string::npos) continue;
    ++report.tests;
    std::shared_ptr<const Plan> test_plan = loaded.plan;
    if (!t.codes.empty()) {
      std::vector<Located<ast::CodeDecl>> local;
      for (const auto& c : t.codes) local.push_back({&c, located.file});
      test_plan = plan(loaded.rules, local);
    }
    EvalOptions eval_options;
    eval_options.default_payer = t.payer ? t.payer->text : std::string();
    eval_options.default_date = t.date ? t.date->value : default_date;
    if (t.discipline) eval_options.default_discipline = t.discipline->text;
    Evaluator evaluator(test_plan, eval_options);
    for (const ast::TestCase& tc : t.cases) {
      CaseOutcome outcome;
      outcome.test = t.title.value;
      outcome.where = fmt::format("{}:{}", located.file->name(), located.file->locate(tc.span.begin).line);
      outcome.given = given_text(tc);
      outcome.payer = eval_options.default_payer.value_or("");
      outcome.date = lang::format_date(*eval_options.default_date);
      Encounter enc;
      enc.id = outcome.where;
      for (const auto& g : tc.given) {
        Service s;
        s.code = g.code.text;
        if (g.minutes) s.minutes = g.minutes->value;
        for (const auto& m : g.modifiers) s.modifiers.push_back(m.text);
        enc.services.push_back(std::move(s));
      }
      evaluator.evaluate(enc, outcome.actual);
      compare(tc, outcome);
      outcome.passed = outcome.problems.empty();
      if (!outcome.passed) {
        outcome.explanation = explanation_text(explain(evaluator, enc, outcome.actual), "    ");
      }
      ++(outcome.passed ? report.passed : report.failed);
      report.cases.push_back(std::move(outcome));
    }
  }
  return report;
}

}  // namespace cptrules::interp
