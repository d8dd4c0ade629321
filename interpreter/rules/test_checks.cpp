// Test blocks against the rules: known finding ids, and versions later than the default date.
#include "test_checks.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "date.hpp"
#include "finding_ids.hpp"
#include "stdlib.hpp"
#include "suggest.hpp"
#include "test_date.hpp"

namespace cptrules::interp {

namespace ast = lang::ast;

namespace {

// Every finding id the loaded rules can give.
std::vector<std::string> known_finding_ids(const RuleSet& rules) {
  std::vector<std::string> ids(kFindingIds.begin(), kFindingIds.end());
  for (const auto& [name, versions] : rules.edits)
    ids.push_back("edit." + name);
  for (const auto& [name, versions] : rules.limits)
    ids.push_back("limit." + name);
  for (const auto& [name, versions] : rules.checks)
    ids.push_back("check." + name);
  return ids;
}

// True when `id` names an edit or a limit whose declaration did not parse.
bool of_broken_rule(std::string_view id, const IsBroken& broken) {
  using lang::lexicon::Declaration;
  if (id.rfind("edit.", 0) == 0)
    return broken(Declaration::edit, id.substr(5));
  if (id.rfind("limit.", 0) == 0)
    return broken(Declaration::limit, id.substr(6));
  if (id.rfind("check.", 0) == 0)
    return broken(Declaration::check, id.substr(6));
  return false;
}

// The earliest version, among `versions`, that takes effect after `day`.
struct LaterVersion {
  lang::Date effective;
  std::string what;  // "payer 'medicare'"
};

template <typename Decl>
void note_later(const Versions<Decl>& versions, lang::Date day, const std::string& what,
                std::optional<LaterVersion>& earliest) {
  for (const auto& v : versions) {
    const auto& effective = v.decl->meta.effective;
    if (!effective || effective->value <= day)
      continue;
    if (!earliest || effective->value < earliest->effective)
      earliest = LaterVersion{effective->value, what};
  }
}

}  // namespace

void check_expected_findings(const RuleSet& rules, const ast::TestDecl& t,
                             const std::shared_ptr<const lang::SourceFile>& file,
                             const IsBroken& broken, lang::Diagnostics& out) {
  std::optional<std::vector<std::string>> known;  // built at the first expected finding
  auto check = [&](const ast::ExpectedFinding& f) {
    if (!known)
      known = known_finding_ids(rules);
    const std::string& id = f.id.text;
    if (std::find(known->begin(), known->end(), id) != known->end() || of_broken_rule(id, broken))
      return;
    lang::Diagnostic& d =
        out.error("E0221", file, f.id.span,
                  fmt::format("unknown finding '{}': no rule or step of evaluation gives it", id));
    if (auto near = lang::closest(id, *known))
      d.notes.push_back({fmt::format("did you mean '{}'?", *near), {}});
    else
      d.notes.push_back(
          {"docs/findings.md lists the findings; an edit or a limit gives "
           "edit.NAME or limit.NAME",
           {}});
  };
  for (const ast::TestCase& tc : t.cases) {
    for (const ast::ExpectedFinding& f : tc.findings)
      check(f);
    for (const ast::ExpectedFinding& f : tc.no_findings)
      check(f);
  }
}

void check_test_date(const RuleSet& rules, const ast::TestDecl& t,
                     const std::shared_ptr<const lang::SourceFile>& file, lang::Diagnostics& out) {
  // A standard rule file's tests are about the standard rules, and are not the reader's to edit.
  if (t.date || !t.payer || file->name().rfind(kStdlibPrefix, 0) == 0)
    return;
  const lang::Date day = *lang::parse_date(kDefaultTestDate);
  std::optional<LaterVersion> earliest;
  if (auto payer = rules.payers.find(t.payer->text); payer != rules.payers.end()) {
    const std::string what = fmt::format("payer '{}'", payer->first);
    note_later(payer->second, day, what, earliest);
    for (const auto& e : rules.payer_extensions) {
      if (e.decl->name.text == payer->first)
        note_later(Versions<ast::PayerDecl>{e}, day, what, earliest);
    }
    for (const auto& v : payer->second) {
      if (!v.decl->policy)
        continue;
      if (auto policy = rules.policies.find(v.decl->policy->text); policy != rules.policies.end())
        note_later(policy->second, day, fmt::format("policy '{}'", policy->first), earliest);
    }
  }
  for (const ast::TestCase& tc : t.cases) {
    for (const ast::GivenService& s : tc.given) {
      if (auto code = rules.codes.find(s.code.text); code != rules.codes.end())
        note_later(code->second, day, fmt::format("code {}", code->first), earliest);
    }
  }
  if (!earliest)
    return;
  const std::string later = lang::format_date(earliest->effective);
  lang::Diagnostic& d = out.warning(
      "W0424", file, t.title.span,
      fmt::format("this test gives no date, so it runs on {}: the version of {} that takes "
                  "effect on {} is not tested",
                  kDefaultTestDate, earliest->what, later));
  d.notes.push_back({fmt::format("add 'date {}' to test it, or 'date {}' to say that the test is "
                                 "about the rules in force before",
                                 later, kDefaultTestDate),
                     {}});
}

}  // namespace cptrules::interp
