// The `counts` clauses of payers resolved to dated claims, and the checks of claims and families.
#include "payer_counts.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "suggest.hpp"

namespace cptrules::interp {

namespace ast = lang::ast;
using lang::lexicon::Declaration;
using SourcePtr = std::shared_ptr<const lang::SourceFile>;

namespace {

constexpr std::int32_t kFirstDay = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t kLastDay = std::numeric_limits<std::int32_t>::max();

std::int32_t effective_of(const ast::Meta& m) {
  return m.effective ? m.effective->value.days : kFirstDay;
}

std::int32_t expires_of(const ast::Meta& m) {
  return m.expires ? m.expires->value.days : kLastDay;
}

// The claims of one `payer` declaration (a version or an extension) on its dates.
void add_claims(const RuleSet& rules, const Located<ast::PayerDecl>& payer,
                std::vector<CountsClaim>& out) {
  const std::int32_t from = effective_of(payer.decl->meta);
  const std::int32_t to = expires_of(payer.decl->meta);
  for (const ast::CountsClause& c : payer.decl->counts) {
    if (!rules.policies.count(c.policy.text))
      continue;
    CountsClaim claim{payer.decl, &c, payer.file, nullptr, {}, from, to};
    if (c.kind == ast::CountedKind::discipline) {
      out.push_back(claim);
      continue;
    }
    if (c.kind == ast::CountedKind::codes) {
      claim.codes = {std::shared_ptr<void>(), &c.codes};  // the clause's own list, not owned
      out.push_back(claim);
      continue;
    }
    // A family: the codes that name it, with each declared version's list on its dates.
    claim.family = c.name.text;
    std::vector<ast::CodeRange> members;
    for (const std::string& code : family_members(rules, c.name.text))
      members.push_back({c.name.span, {code, c.name.span}, std::nullopt});
    const auto it = rules.families.find(c.name.text);
    if (it == rules.families.end()) {
      if (!members.empty()) {
        claim.codes = std::make_shared<const std::vector<ast::CodeRange>>(std::move(members));
        out.push_back(claim);
      }
      continue;
    }
    for (const auto& version : it->second) {
      CountsClaim f = claim;
      auto codes = std::make_shared<std::vector<ast::CodeRange>>(version.decl->codes);
      codes->insert(codes->end(), members.begin(), members.end());
      f.codes = std::move(codes);
      f.effective = std::max(from, effective_of(version.decl->meta));
      f.expires = std::min(to, expires_of(version.decl->meta));
      if (f.effective <= f.expires)
        out.push_back(f);
    }
  }
}

std::string what_claimed(const CountsClaim& c) {
  if (!c.codes)
    return fmt::format("discipline {}", c.clause->name.text);
  return c.family.empty() ? std::string("code") : fmt::format("code (family {})", c.family);
}

class CountsChecker {
 public:
  CountsChecker(const RuleSet& rules, const CountsCheckContext& cx, lang::Diagnostics& out)
      : rules_(rules), cx_(cx), out_(out) {}

  void run() {
    for (const auto& [name, versions] : rules_.families) {
      for (const auto& v : versions)
        cx_.check_code_set(v.decl->codes, v.file);
    }
    for (const auto& [name, versions] : rules_.payers) {
      for (const auto& v : versions)
        check_clauses(*v.decl, v.file);
    }
    for (const auto& e : rules_.payer_extensions)
      check_extension(e);
    for (const auto& [name, versions] : rules_.payers)
      check_conflicts(name);
    warn_uncounted_families();
  }

 private:
  void check_extension(const Located<ast::PayerDecl>& e) {
    const ast::PayerDecl& d = *e.decl;
    if (d.policy) {
      out_.error("E0316", e.file, d.policy->span,
                 fmt::format("'payer {} also' cannot change the payer's policy; it only adds "
                             "'counts' clauses",
                             d.name.text))
          .notes.push_back({fmt::format("the policy of payer '{}' is set where it is declared; "
                                        "write 'counts CODES with {}' here",
                                        d.name.text, d.policy->text),
                            {}});
    }
    if (d.default_discipline) {
      out_.error("E0316", e.file, d.default_discipline->span,
                 fmt::format("'payer {} also' cannot set a default discipline; it only adds "
                             "'counts' clauses",
                             d.name.text));
    }
    for (const auto& alias : d.aliases) {
      out_.error("E0316", e.file, alias.span,
                 fmt::format("'payer {} also' cannot add an alias; it only adds 'counts' clauses",
                             d.name.text));
    }
    for (const auto& dm : d.discipline_modifiers) {
      out_.error("E0316", e.file, dm.span,
                 fmt::format("'payer {} also' cannot add a discipline modifier; it only adds "
                             "'counts' clauses",
                             d.name.text));
    }
    if (d.counts.empty()) {
      out_.error("E0316", e.file, d.name.span,
                 fmt::format("'payer {} also' adds no 'counts' clause", d.name.text))
          .notes.push_back({"add 'counts CODES with POLICY'", {}});
    }
    if (!rules_.payers.count(d.name.text) && !cx_.broken(Declaration::payer, d.name.text)) {
      lang::Diagnostic& diag =
          out_.error("E0204", e.file, d.name.span, fmt::format("unknown payer '{}'", d.name.text));
      lang::add_name_note(diag, d.name.text, keys_of(rules_.payers), "payers");
    }
    check_clauses(d, e.file);
  }

  void check_clauses(const ast::PayerDecl& d, const SourcePtr& file) {
    for (const ast::CountsClause& c : d.counts) {
      cx_.used_policies->insert(c.policy.text);
      if (!rules_.policies.count(c.policy.text) &&
          !cx_.broken(Declaration::policy, c.policy.text)) {
        lang::Diagnostic& diag = out_.error("E0202", file, c.policy.span,
                                            fmt::format("unknown policy '{}'", c.policy.text));
        if (auto near =
                lang::add_name_note(diag, c.policy.text, keys_of(rules_.policies), "policies")) {
          cx_.used_policies->insert(*near);
        }
      }
      if (c.kind == ast::CountedKind::codes) {
        cx_.check_code_set(c.codes, file);
      } else if (c.kind == ast::CountedKind::family) {
        counted_families_.insert(c.name.text);
        if (!families_.count(c.name.text) && !cx_.broken(Declaration::family, c.name.text)) {
          lang::Diagnostic& diag = out_.error("E0212", file, c.name.span,
                                              fmt::format("unknown family '{}'", c.name.text));
          if (auto near = lang::add_name_note(diag, c.name.text, keys_of(families_), "families")) {
            counted_families_.insert(*near);
          } else {
            diag.notes.push_back(
                {"name it in its codes ('family NAME'), or declare it with "
                 "'family NAME { codes ... }'",
                 {}});
          }
        }
      }
    }
  }

  // Two claims of one payer on overlapping dates, with different policies, for a common code
  // (or the same discipline): which policy counts the line would be a matter of order.
  void check_conflicts(std::string_view payer) {
    const std::vector<CountsClaim> claims = counts_claims(rules_, payer);
    std::vector<std::set<std::string, std::less<>>> codes;
    for (const CountsClaim& c : claims)
      codes.push_back(c.codes ? codes_in(rules_, *c.codes) : std::set<std::string, std::less<>>{});
    std::set<const ast::CountsClause*> reported;
    for (std::size_t j = 1; j < claims.size(); ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        const CountsClaim& a = claims[i];
        const CountsClaim& b = claims[j];
        if (a.clause->policy.text == b.clause->policy.text || a.expires < b.effective ||
            b.expires < a.effective || (a.codes == nullptr) != (b.codes == nullptr) ||
            reported.count(b.clause)) {
          continue;
        }
        std::string common;
        if (!a.codes) {
          if (a.clause->name.text != b.clause->name.text)
            continue;
          common = fmt::format("discipline {}", b.clause->name.text);
        } else {
          const auto it = std::find_if(codes[j].begin(), codes[j].end(),
                                       [&](const std::string& c) { return codes[i].count(c); });
          if (it == codes[j].end())
            continue;
          common = *it;
        }
        reported.insert(b.clause);
        lang::Diagnostic& d = out_.error(
            "E0315", b.file, b.clause->span,
            fmt::format("payer '{}' counts {} with two policies on the same dates: '{}' here and "
                        "'{}'",
                        payer, common, b.clause->policy.text, a.clause->policy.text));
        d.notes.push_back({fmt::format("the other 'counts' clause ({}) is at {}", what_claimed(a),
                                       a.file->where(a.clause->span.begin)),
                           {}});
        d.notes.push_back(
            {"claim each code once for each date, or give the declarations dates that do not "
             "overlap",
             {}});
      }
    }
  }

  // A family that no payer counts and whose codes are not chosen by time range has no effect:
  // each payer's own policy counts its codes.
  void warn_uncounted_families() {
    if (!rules_.modules.empty() && any_broken_payer())
      return;
    for (const auto& [name, family] : families_) {
      if (counted_families_.count(name) || family.ranged)
        continue;
      out_.warning("W0412", family.file, family.span,
                   fmt::format("no payer counts family '{}': each payer's own policy counts its "
                               "codes",
                               name))
          .notes.push_back(
              {fmt::format("name it in a payer: 'counts family {} with POLICY'", name), {}});
    }
  }

  bool any_broken_payer() const {
    for (const auto& m : rules_.modules) {
      for (const auto& b : m.broken) {
        if (b.kind == Declaration::payer)
          return true;
      }
    }
    return false;
  }

  // Every family, declared or named by its codes: where it is first written (the declaration,
  // else the first code's `family` clause) and whether a code of it is chosen by time range.
  struct FamilyPlace {
    SourcePtr file;
    lang::Span span;
    bool ranged = false;
  };
  std::map<std::string, FamilyPlace, std::less<>> all_families() const {
    std::map<std::string, FamilyPlace, std::less<>> out;
    for (const auto& [name, versions] : rules_.families)
      out[name] = {versions.front().file, versions.front().decl->name.span, false};
    for (const auto& [code, versions] : rules_.codes) {
      for (const auto& v : versions) {
        if (!v.decl->family)
          continue;
        auto [it, added] =
            out.try_emplace(v.decl->family->text, FamilyPlace{v.file, v.decl->family->span, false});
        it->second.ranged = it->second.ranged || v.decl->range.has_value();
      }
    }
    return out;
  }

  const RuleSet& rules_;
  const CountsCheckContext& cx_;
  lang::Diagnostics& out_;
  std::map<std::string, FamilyPlace, std::less<>> families_ = all_families();
  std::set<std::string, std::less<>> counted_families_;
};

}  // namespace

std::vector<CountsClaim> counts_claims(const RuleSet& rules, std::string_view payer) {
  std::vector<CountsClaim> out;
  if (auto it = rules.payers.find(payer); it != rules.payers.end()) {
    for (const auto& v : it->second)
      add_claims(rules, v, out);
  }
  for (const auto& e : rules.payer_extensions) {
    if (e.decl->name.text == payer)
      add_claims(rules, e, out);
  }
  return out;
}

std::vector<std::string> family_members(const RuleSet& rules, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [code, versions] : rules.codes) {
    if (std::any_of(versions.begin(), versions.end(), [&](const auto& v) {
          return v.decl->family && v.decl->family->text == name;
        })) {
      out.push_back(code);
    }
  }
  return out;
}

std::set<std::string, std::less<>> codes_in(const RuleSet& rules,
                                            const std::vector<ast::CodeRange>& set) {
  std::set<std::string, std::less<>> out;
  for (const ast::CodeRange& r : set) {
    if (!r.to) {
      if (rules.codes.count(r.from.text))
        out.insert(r.from.text);
      continue;
    }
    for (const auto& [code, versions] : rules.codes) {
      if (code.size() == r.from.text.size() && r.from.text <= code && code <= r.to->text)
        out.insert(code);
    }
  }
  return out;
}

void check_counts(const RuleSet& rules, const CountsCheckContext& cx,
                  lang::Diagnostics& diagnostics) {
  CountsChecker(rules, cx, diagnostics).run();
}

}  // namespace cptrules::interp
