// run_tests: builds an encounter per case, evaluates it and checks chosen and alternative units.
#include "test_runner.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "explain.hpp"

namespace cptrules::interp {

namespace ast = lang::ast;

namespace {

// Units by line label: a line's code, with " in DISCIPLINE" when the result splits that code
// into lines of several disciplines ("97110 in OT").
using UnitsByCode = std::map<std::string, std::int64_t>;

bool same_discipline(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

// The lines of `code` in `r` (priced or not).
std::size_t lines_of_code(const Result& r, std::string_view code) {
  return static_cast<std::size_t>(
      std::count_if(r.lines.begin(), r.lines.end(), [&](const Line& l) { return l.code == code; }));
}

std::string line_label(const Result& r, const Line& line) {
  if (line.discipline.empty() || lines_of_code(r, line.code) < 2)
    return line.code;
  return line.code + " in " + line.discipline;
}

// The label that an expected line `code` (in `discipline`, when the test names one) has among
// the lines of `r`: the plain code when the result has one line of it in that discipline.
std::string expected_label(const Result& r, const std::string& code,
                           const std::optional<ast::Name>& discipline) {
  if (!discipline)
    return code;
  if (lines_of_code(r, code) == 1) {
    for (const Line& l : r.lines) {
      if (l.code == code && same_discipline(l.discipline, discipline->text))
        return code;
    }
  }
  for (const Line& l : r.lines) {
    if (l.code == code && same_discipline(l.discipline, discipline->text))
      return line_label(r, l);
  }
  return code + " in " + discipline->text;
}

UnitsByCode expected_units(const ast::ExpectedAllocation& a, const Result& r) {
  UnitsByCode out;
  for (const auto& line : a.lines)
    out[expected_label(r, line.code.text, line.discipline)] = line.units;
  return out;
}

// A code outside the rules has a line but no units: allocations leave it out.
UnitsByCode actual_units(const Result& r, const Allocation& units) {
  UnitsByCode out;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    if (r.lines[i].priced)
      out[line_label(r, r.lines[i])] = units[i];
  }
  return out;
}

// True when `f` is the finding `expected` asks for: its id, and its line when it names one.
bool matches(const Finding& f, const ast::ExpectedFinding& expected) {
  if (f.id != expected.id.text)
    return false;
  if (expected.code && f.code != expected.code->text)
    return false;
  return !expected.discipline || same_discipline(f.discipline, expected.discipline->text);
}

// "units.over-billed on 97110 in OT", as the test wrote it.
std::string finding_text(const ast::ExpectedFinding& f) {
  std::string out = f.id.text;
  if (f.code)
    out += " on " + f.code->text;
  if (f.discipline)
    out += " in " + f.discipline->text;
  return out;
}

Allocation chosen_of(const Result& r) {
  Allocation a;
  for (const Line& l : r.lines)
    a.push_back(l.units);
  return a;
}

// The units in the order of the result's lines, then any label the result has no line for.
std::string units_text(const UnitsByCode& units, const std::vector<std::string>& order) {
  std::string out;
  const auto add = [&](const std::string& label, std::int64_t n) {
    if (!out.empty())
      out += ", ";
    out += fmt::format("{} x{}", label, n);
  };
  for (const std::string& label : order) {
    auto it = units.find(label);
    if (it != units.end())
      add(label, it->second);
  }
  for (const auto& [label, n] : units) {
    if (std::find(order.begin(), order.end(), label) == order.end())
      add(label, n);
  }
  return out;
}

std::string clock_text(const ast::Number& minutes) {
  return fmt::format("{:02}:{:02}", minutes.value / 60, minutes.value % 60);
}

std::string given_text(const ast::TestCase& tc) {
  std::string out;
  for (const auto& s : tc.given) {
    if (!out.empty())
      out += ", ";
    out += s.code.text;
    if (s.start && s.end) {
      out += fmt::format(" from {} to {}", clock_text(*s.start), clock_text(*s.end));
    } else if (s.minutes) {
      out += fmt::format(" {} min", s.minutes->value);
    }
    if (s.discipline)
      out += " in " + s.discipline->text;
    if (s.provider)
      out += " by " + s.provider->text;
    if (s.assistant_minutes)
      out += fmt::format(" assistant {} min", s.assistant_minutes->value);
    if (s.billed)
      out += fmt::format(" billed {}", s.billed->value);
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
  for (const Line& l : r.lines)
    order.push_back(line_label(r, l));
  const UnitsByCode chosen = actual_units(r, chosen_of(r));
  if (!tc.allocations.empty()) {
    const UnitsByCode want = expected_units(tc.allocations.front(), r);
    if (want != chosen) {
      outcome.problems.push_back(
          fmt::format("expected {}, got {}", units_text(want, order), units_text(chosen, order)));
    }
    std::vector<UnitsByCode> want_all;
    for (const auto& a : tc.allocations)
      want_all.push_back(expected_units(a, r));
    std::vector<UnitsByCode> got_all{chosen};
    for (const Allocation& alt : r.alternatives)
      got_all.push_back(actual_units(r, alt));
    for (const UnitsByCode& w : want_all) {
      if (std::find(got_all.begin(), got_all.end(), w) == got_all.end()) {
        outcome.problems.push_back(
            fmt::format("{} is not among the valid allocations", units_text(w, order)));
      }
    }
    for (const UnitsByCode& g : got_all) {
      if (g == chosen && want != chosen)
        continue;  // already reported above
      if (std::find(want_all.begin(), want_all.end(), g) == want_all.end()) {
        outcome.problems.push_back(fmt::format(
            "{} is also a valid allocation, but the test does not list it", units_text(g, order)));
      }
    }
  }
  for (const auto& expected : tc.findings) {
    const bool found = std::any_of(r.findings.begin(), r.findings.end(),
                                   [&](const Finding& f) { return matches(f, expected); });
    if (!found) {
      outcome.problems.push_back(
          fmt::format("expected finding {}, but it is absent", finding_text(expected)));
    }
  }
  for (const auto& expected : tc.no_findings) {
    for (const Finding& f : r.findings) {
      if (matches(f, expected)) {
        outcome.problems.push_back(
            fmt::format("expected no finding {}, got: {}", finding_text(expected), f.message));
      }
    }
  }
  if (tc.total && tc.total->value != r.total_units) {
    outcome.problems.push_back(
        fmt::format("expected {} units in total, got {}", tc.total->value, r.total_units));
  }
}

// The service that a `given` service states, as the reader would have read it from a claim.
Service service_of(const ast::GivenService& g) {
  Service s;
  s.code = g.code.text;
  if (g.minutes)
    s.minutes = g.minutes->value;
  if (g.start && g.end) {
    s.clock = ClockSpan{static_cast<std::int32_t>(g.start->value),
                        static_cast<std::int32_t>(g.end->value)};
  }
  for (const auto& m : g.modifiers)
    s.modifiers.push_back(m.text);
  if (g.discipline)
    s.discipline = g.discipline->text;
  if (g.billed)
    s.billed_units = g.billed->value;
  if (g.provider)
    s.provider = g.provider->text;
  if (g.assistant_minutes)
    s.assistant_minutes = g.assistant_minutes->value;
  return s;
}

}  // namespace

std::string allocation_text(const Result& result, const Allocation& units) {
  std::string out;
  for (std::size_t i = 0; i < result.lines.size() && i < units.size(); ++i) {
    if (!out.empty())
      out += ", ";
    out += fmt::format("{} x{}", line_label(result, result.lines[i]), units[i]);
  }
  return out;
}

namespace {

// Declarations and clauses a run may exercise, in a stable order.
class Coverage {
 public:
  explicit Coverage(const Plan& plan) {
    for (const auto& e : plan.codes)
      add("code " + e.name, e.versions.front().origin);
    for (const auto& e : plan.payers)
      add("payer " + e.name, e.versions.front().origin);
    for (const auto& e : plan.policies) {
      const PolicyVersion& v = e.versions.front();
      add("policy " + e.name + ": units", v.units_clause.origin);
      if (v.has_full_units)
        add("policy " + e.name + ": each code gets", v.full_clause.origin);
      if (v.pooled)
        add("policy " + e.name + ": rest by", v.rest_clause.origin);
      if (v.ties_alternatives)
        add("policy " + e.name + ": ties are alternatives", v.ties_clause.origin);
      if (v.ties_fewest_units)
        add("policy " + e.name + ": ties by units", v.ties_order_clause.origin);
    }
    for (const auto& e : plan.edits)
      add("edit " + e.name, e.versions.front().origin);
    for (const auto& e : plan.limits)
      add("limit " + e.name, e.versions.front().origin);
    for (const auto& e : plan.checks)
      add("check " + e.name, e.versions.front().origin);
  }

  // Marks what the case `tc` both exercised and asserted: a code only when an expected
  // allocation names it, policy clauses and the payer only when the case states units, an edit
  // or limit only when the case expects its finding. A code that merely appears in a result is
  // not covered: no expectation would fail if its units were wrong.
  void record(const ast::TestCase& tc, const Result& r, const Decisions& d) {
    if (!r.ok)
      return;
    const bool states_units = !tc.allocations.empty() || tc.total.has_value();
    if (states_units) {
      mark("payer " + r.payer);
      for (const LineDecision& line : d.lines) {
        if (!line.counted)
          continue;
        mark("policy " + r.policy + ": units");
        if (line.full_units > 0)
          mark("policy " + r.policy + ": each code gets");
        if (line.extra_unit)
          mark("policy " + r.policy + ": rest by");
      }
    }
    for (const ast::ExpectedAllocation& allocation : tc.allocations) {
      for (const ast::ExpectedUnits& expected : allocation.lines) {
        if (std::any_of(r.lines.begin(), r.lines.end(),
                        [&](const Line& l) { return l.code == expected.code.text; }))
          mark("code " + expected.code.text);
      }
    }
    if (!r.alternatives.empty() && tc.allocations.size() > 1)
      mark("policy " + r.policy + ": ties are alternatives");
    // The first allocation stated is the chosen one, which the tie order decides.
    if (!r.alternatives.empty() && !tc.allocations.empty())
      mark("policy " + r.policy + ": ties by units");
    for (const CheckDecision& check : d.checks) {
      const std::string& id = r.findings[check.finding].id;
      if (std::none_of(tc.findings.begin(), tc.findings.end(),
                       [&](const ast::ExpectedFinding& f) { return f.id.text == id; }))
        continue;
      mark((check.kind == CheckDecision::Kind::limit   ? "limit "
            : check.kind == CheckDecision::Kind::check ? "check "
                                                       : "edit ") +
           check.rule);
    }
  }

  std::vector<CoverageItem> items() const {
    std::vector<CoverageItem> out;
    for (const auto& [what, index] : index_)
      out.push_back(items_[index]);
    auto key = [](const CoverageItem& item) {
      const auto colon = item.where.rfind(':');
      return std::make_pair(item.where.substr(0, colon), std::atoi(item.where.c_str() + colon + 1));
    };
    std::sort(out.begin(), out.end(),
              [&](const auto& a, const auto& b) { return key(a) < key(b); });
    return out;
  }

 private:
  void add(std::string what, const Origin& origin) {
    if (index_.count(what))
      return;
    index_[what] = items_.size();
    items_.push_back({what, origin.where(), false});
  }
  void mark(const std::string& what) {
    auto it = index_.find(what);
    if (it != index_.end())
      items_[it->second].covered = true;
  }
  std::map<std::string, std::size_t> index_;
  std::vector<CoverageItem> items_;
};

}  // namespace

TestReport run_tests(const LoadedRules& loaded, const TestOptions& options) {
  TestReport report;
  Coverage coverage(*loaded.plan);
  const lang::Date default_date = *lang::parse_date(kDefaultTestDate);
  for (const auto& located : loaded.rules->tests) {
    const ast::TestDecl& t = *located.decl;
    if (!options.filter.empty() && t.title.value.find(options.filter) == std::string::npos)
      continue;
    if (!options.file.empty() && located.file->name() != options.file)
      continue;
    ++report.tests;
    std::shared_ptr<const Plan> test_plan = loaded.plan;
    if (!t.codes.empty()) {
      std::vector<Located<ast::CodeDecl>> local;
      for (const auto& c : t.codes)
        local.push_back({&c, located.file});
      test_plan = plan_with_codes(*loaded.plan, local);
    }
    EvalOptions eval_options;
    eval_options.default_payer = t.payer ? t.payer->text : std::string();
    eval_options.default_date = t.date ? t.date->value : default_date;
    if (t.discipline)
      eval_options.default_discipline = t.discipline->text;
    Evaluator evaluator(test_plan, eval_options);
    Decisions decisions;
    for (const ast::TestCase& tc : t.cases) {
      CaseOutcome outcome;
      outcome.test = t.title.value;
      outcome.where =
          fmt::format("{}:{}", located.file->name(), located.file->locate(tc.span.begin).line);
      outcome.given = given_text(tc);
      outcome.payer = eval_options.default_payer.value_or("");
      outcome.date = lang::format_date(*eval_options.default_date);
      Encounter enc;
      enc.id = outcome.where;
      for (const auto& g : tc.given)
        enc.services.push_back(service_of(g));
      evaluator.evaluate(enc, outcome.actual, &decisions);
      compare(tc, outcome);
      outcome.passed = outcome.problems.empty();
      if (options.coverage)
        coverage.record(tc, outcome.actual, decisions);
      if (!outcome.passed) {
        outcome.explanation =
            explanation_text(explain(evaluator, enc, outcome.actual, decisions), "    ");
      }
      ++(outcome.passed ? report.passed : report.failed);
      report.cases.push_back(std::move(outcome));
    }
  }
  if (options.coverage)
    report.coverage = coverage.items();
  return report;
}

namespace {

// The units one code gets alone, under `payer`, on `date`, with `minutes` (or none).
std::int64_t units_alone(Evaluator& evaluator, const std::string& code,
                         std::optional<std::int64_t> minutes, Result& scratch) {
  Encounter enc;
  enc.id = "boundary";
  Service s;
  s.code = code;
  s.minutes = minutes;
  enc.services.push_back(std::move(s));
  evaluator.evaluate(enc, scratch);
  return scratch.ok && !scratch.lines.empty() ? scratch.lines.front().units : -1;
}

}  // namespace

std::vector<BoundaryCase> boundary_cases(const LoadedRules& loaded) {
  constexpr std::int64_t kMaxUnits = 12;
  const Plan& plan = *loaded.plan;
  const lang::Date test_date = *lang::parse_date(kDefaultTestDate);
  std::vector<BoundaryCase> out;
  Result scratch;
  // Unit lengths in use, each with one ordinary timed code in force on the test date.
  std::map<std::int64_t, std::string> sample_code;
  for (const auto& e : plan.codes) {
    const CodeVersion* v = e.at(test_date);
    if (v && v->timed && !v->first_block_only && !v->ranged && !sample_code.count(v->unit))
      sample_code[v->unit] = e.name;
  }
  for (std::uint32_t p = 0; p < plan.policies.size(); ++p) {
    const Entry<PayerVersion>* payer = nullptr;
    for (const auto& e : plan.payers) {
      const PayerVersion* v = e.at(test_date);
      if (v && v->policy == p) {
        payer = &e;
        break;
      }
    }
    if (!payer)
      continue;
    EvalOptions options;
    options.default_payer = payer->name;
    options.default_date = test_date;
    Evaluator evaluator(loaded.plan, options);
    for (const auto& [unit, code] : sample_code) {
      const std::string title =
          fmt::format("boundaries of {} for {}-minute codes", plan.policies[p].name, unit);
      std::int64_t previous = units_alone(evaluator, code, 0, scratch);
      for (std::int64_t m = 1; m <= unit * (kMaxUnits + 1) && m <= kMaxDayMinutes; ++m) {
        const std::int64_t units = units_alone(evaluator, code, m, scratch);
        if (units < 0)
          break;
        if (units != previous) {
          out.push_back({title, payer->name, "", code, m - 1, previous});
          out.push_back({title, payer->name, "", code, m, units});
          if (units >= kMaxUnits)
            break;
        }
        previous = units;
      }
    }
  }
  // Effective and expiry dates of codes: the day before, the day itself and the day after.
  if (!plan.payers.empty()) {
    const std::string payer = plan.payers.front().name;
    for (const auto& e : plan.codes) {
      std::vector<std::int32_t> days;
      for (const CodeVersion& v : e.versions) {
        if (v.in_force.effective != std::numeric_limits<std::int32_t>::min()) {
          days.push_back(v.in_force.effective);
        }
        if (v.in_force.expires != std::numeric_limits<std::int32_t>::max()) {
          days.push_back(v.in_force.expires + 1);
        }
      }
      for (std::int32_t day : days) {
        for (std::int32_t d : {day - 1, day, day + 1}) {
          EvalOptions options;
          options.default_payer = payer;
          options.default_date = lang::Date{d};
          Evaluator evaluator(loaded.plan, options);
          const CodeVersion& shape = e.versions.back();
          const std::optional<std::int64_t> minutes =
              shape.timed
                  ? std::optional<std::int64_t>(shape.ranged ? shape.range_from : shape.unit)
                  : std::nullopt;
          const std::int64_t units = units_alone(evaluator, e.name, minutes, scratch);
          if (units < 0)
            continue;
          out.push_back({fmt::format("boundaries of {} on {}", e.name, lang::format_date({d})),
                         payer, lang::format_date({d}), e.name, minutes.value_or(0), units});
        }
      }
    }
  }
  return out;
}

std::string boundary_tests_text(const std::vector<BoundaryCase>& cases) {
  std::string out;
  auto it = std::back_inserter(out);
  for (std::size_t i = 0; i < cases.size();) {
    std::size_t j = i;
    while (j < cases.size() && cases[j].title == cases[i].title)
      ++j;
    const BoundaryCase& first = cases[i];
    fmt::format_to(it, "test \"{}\" {{\n  payer {}\n", first.title, first.payer);
    if (!first.date.empty()) {
      fmt::format_to(it, "  date {}\n", first.date);
      for (std::size_t k = i; k < j; ++k) {
        const BoundaryCase& c = cases[k];
        fmt::format_to(it, "  given {}{}\n  expect {} x{}\n", c.code,
                       c.minutes > 0 ? fmt::format(" {} min", c.minutes) : std::string(), c.code,
                       c.units);
      }
    } else {
      fmt::format_to(it, "  table {} {{\n", first.code);
      std::int64_t last = -1;
      for (std::size_t k = i; k < j; ++k) {
        if (cases[k].minutes == last)
          continue;
        last = cases[k].minutes;
        fmt::format_to(it, "    {} min -> {}\n", cases[k].minutes, cases[k].units);
      }
      out += "  }\n";
    }
    out += "}\n\n";
    i = j;
  }
  return out;
}

}  // namespace cptrules::interp
