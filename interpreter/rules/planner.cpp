// plan: turns a checked RuleSet into the immutable Plan the evaluator runs on.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "payer_counts.hpp"
#include "plan.hpp"

namespace cptrules::interp {

namespace ast = lang::ast;

std::string Origin::where() const {
  if (!file)
    return "<rules>";
  return fmt::format("{}:{}", file->name(), file->locate(span.begin).line);
}

EvalStatus PolicyVersion::units(std::int64_t minutes, std::int64_t unit, std::int64_t& out) const {
  const ExprInputs in{minutes, unit};
  if (!is_table)
    return formula.run(in, out);
  for (const TableRowPlan& row : rows) {
    if (minutes >= row.from && minutes <= row.to)
      return row.units.run(in, out);
  }
  out = 0;
  return EvalStatus::ok;
}

namespace {

// ASCII letters in lower case: how payer names and aliases are compared.
std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

InForce in_force_of(const ast::Meta& meta) {
  InForce f;
  if (meta.effective)
    f.effective = meta.effective->value.days;
  if (meta.expires)
    f.expires = meta.expires->value.days;
  return f;
}

std::string title_of(const std::optional<ast::StringLit>& s) {
  return s ? s->value : std::string();
}

ClauseInfo clause(const std::shared_ptr<const lang::SourceFile>& file, lang::Span span,
                  const std::optional<ast::StringLit>& because) {
  return {{file, span}, because ? because->value : std::string()};
}

CodeVersion code_version(const Located<ast::CodeDecl>& v) {
  const ast::CodeDecl& d = *v.decl;
  CodeVersion c;
  c.code = d.code.text;
  c.title = title_of(d.title);
  c.timed = d.timing == ast::Timing::timed;
  c.unit = d.unit_minutes;
  c.first_block_only = d.first_block_only;
  if (d.replaces)
    c.replaces = d.replaces->text;
  if (d.addon_to)
    c.addon_to = d.addon_to->text;
  c.addon_after = d.addon_after.has_value();
  if (d.range) {
    c.ranged = true;
    c.range_from = d.range->from;
    if (d.range->to)
      c.range_to = *d.range->to;
  }
  if (d.family)
    c.family = d.family->text;
  if (!d.meta.sources.empty())
    c.source = d.meta.sources.front().value;
  for (const auto& n : d.disciplines)
    c.disciplines.push_back(n.text);
  c.in_force = in_force_of(d.meta);
  c.name_span = d.code.span;
  c.origin = {v.file, d.span};
  return c;
}

// `rules` holds the formulas the checker compiled.
PolicyVersion policy_version(const RuleSet& rules, const Located<ast::PolicyDecl>& v) {
  const ast::PolicyDecl& d = *v.decl;
  PolicyVersion p;
  p.name = d.name.text;
  p.title = title_of(d.title);
  if (d.pool) {
    p.pooled = d.pool->kind == ast::PoolKind::together;
    p.pool_by_discipline = std::any_of(d.pool->keys.begin(), d.pool->keys.end(),
                                       [](const ast::Name& k) { return k.text == "discipline"; });
    p.pool_clause = clause(v.file, d.pool->span, std::nullopt);
  }
  if (d.units) {
    p.is_table = d.units->is_table;
    p.units_clause = clause(v.file, d.units->span, d.units->because);
    if (p.is_table) {
      for (const ast::TableRow& row : d.units->rows) {
        TableRowPlan r;
        r.from = row.from;
        if (row.to)
          r.to = *row.to;
        r.units = rules.programs.at(&row.units);
        p.rows.push_back(std::move(r));
      }
    } else {
      p.formula = rules.programs.at(&d.units->formula);
    }
  }
  if (d.allocate) {
    const ast::AllocateClause& a = *d.allocate;
    if (a.full_units) {
      p.has_full_units = true;
      p.full_units = rules.programs.at(&*a.full_units);
      p.full_clause = clause(v.file, a.full_span, a.full_because);
    }
    p.rest_by_leftover = a.rest == ast::RestOrder::leftover;
    p.rest_clause = clause(v.file, a.rest_span, a.rest_because);
    p.ties_alternatives = a.ties_alternatives;
    p.ties_clause = clause(v.file, a.ties_span, a.ties_because);
    p.ties_fewest_units = a.ties_fewest_units;
    p.ties_order_clause = clause(v.file, a.ties_order_span, a.ties_order_because);
  }
  for (const auto& s : d.meta.sources)
    p.sources.push_back(s.value);
  p.in_force = in_force_of(d.meta);
  p.origin = {v.file, d.span};
  return p;
}

// Resolves the set's ranges to the codes the plan defines.
void resolve(const Plan& p, CodeSet& set) {
  set.ids.clear();
  for (const CodeRangePlan& r : set.ranges) {
    if (r.to.empty()) {
      if (auto id = p.find_code(r.from))
        set.ids.push_back(*id);
      continue;
    }
    for (std::uint32_t id = 0; id < p.codes.size(); ++id) {
      const std::string& c = p.codes[id].name;
      if (c.size() == r.from.size() && r.from <= c && c <= r.to)
        set.ids.push_back(id);
    }
  }
  std::sort(set.ids.begin(), set.ids.end());
  set.ids.erase(std::unique(set.ids.begin(), set.ids.end()), set.ids.end());
}

// Codes and ranges as written, resolved to the codes the plan defines.
CodeSet code_set(const Plan& p, const std::vector<ast::CodeRange>& ranges) {
  CodeSet set;
  for (const ast::CodeRange& r : ranges) {
    if (!set.text.empty())
      set.text += ", ";
    set.text += r.to ? fmt::format("{}..{}", r.from.text, r.to->text) : r.from.text;
    set.ranges.push_back({r.from.text, r.to ? r.to->text : std::string()});
  }
  resolve(p, set);
  return set;
}

// Links initial codes and their add-ons both ways.
void link_addons(Plan& p) {
  for (Entry<CodeVersion>& e : p.codes) {
    for (CodeVersion& v : e.versions) {
      v.primary_code = kNoCode;
      v.addon_code = kNoCode;
      v.addon_after_block = false;
    }
  }
  for (std::uint32_t id = 0; id < p.codes.size(); ++id) {
    for (CodeVersion& v : p.codes[id].versions) {
      if (v.addon_to.empty())
        continue;
      const auto primary = p.find_code(v.addon_to);
      if (!primary)
        continue;
      v.primary_code = static_cast<std::int32_t>(*primary);
      for (CodeVersion& pv : p.codes[*primary].versions) {
        pv.addon_code = static_cast<std::int32_t>(id);
        pv.addon_after_block = v.addon_after;
      }
    }
  }
}

// Gathers the codes of each family chosen by time range, and gives each version its family.
void link_families(Plan& p) {
  p.families.clear();
  for (std::uint32_t id = 0; id < p.codes.size(); ++id) {
    for (CodeVersion& v : p.codes[id].versions) {
      v.family_id = -1;
      if (!v.ranged || v.family.empty())
        continue;
      auto f = std::find_if(p.families.begin(), p.families.end(),
                            [&](const Family& x) { return x.name == v.family; });
      if (f == p.families.end()) {
        p.families.push_back({v.family, {}});
        f = p.families.end() - 1;
      }
      if (std::find(f->codes.begin(), f->codes.end(), id) == f->codes.end())
        f->codes.push_back(id);
      v.family_id = static_cast<std::int32_t>(f - p.families.begin());
    }
  }
}

std::vector<std::uint32_t> payer_ids(const Plan& p, const std::vector<ast::Name>& names) {
  std::vector<std::uint32_t> out;
  for (const auto& n : names) {
    if (auto id = p.find_payer(n.text))
      out.push_back(*id);
  }
  return out;
}

// The claims of `payer`'s `counts` clauses (its own and its extensions') that meet version `y`'s
// dates, each on the dates both hold.
void plan_claims(const Plan& p, const std::vector<CountsClaim>& claims, PayerVersion& y) {
  for (const CountsClaim& c : claims) {
    PolicyClaim claim;
    claim.in_force.effective = std::max(c.effective, y.in_force.effective);
    claim.in_force.expires = std::min(c.expires, y.in_force.expires);
    if (claim.in_force.effective > claim.in_force.expires)
      continue;
    claim.policy = p.find_policy(c.clause->policy.text).value_or(0);
    claim.by_discipline = c.codes == nullptr;
    if (c.codes) {
      claim.codes = code_set(p, *c.codes);
    } else {
      claim.discipline = c.clause->name.text;
    }
    claim.family = c.family;
    claim.extension = c.payer->also;
    claim.clause = clause(c.file, c.clause->span, c.clause->because);
    if (claim.extension) {
      const Origin origin{c.file, c.payer->span};
      const bool listed =
          std::any_of(y.extensions.begin(), y.extensions.end(), [&](const Origin& o) {
            return o.file == origin.file && o.span.begin == origin.span.begin;
          });
      if (!listed)
        y.extensions.push_back(origin);
    }
    y.claims.push_back(std::move(claim));
  }
}

// The providers (in name order; their ids are the bits of a line's providers) and the checks.
void plan_line_checks(const RuleSet& rules, Plan& p) {
  for (const auto& [name, versions] : rules.providers) {
    const ast::ProviderDecl& d = *versions.front().decl;
    ProviderPlan pr{name, title_of(d.title), {}, {versions.front().file, d.span}};
    for (const auto& src : d.meta.sources)
      pr.sources.push_back(src.value);
    p.providers.push_back(std::move(pr));
  }
  const auto operand = [](const ast::CheckOperand& o) {
    CheckOperandPlan out;
    out.number = o.number ? o.number->value : 0;
    out.percent = o.percent;
    if (o.name)
      out.value = line_value(o.name->text);
    return out;
  };
  const auto modifiers = [&p](const std::vector<ast::Name>& names) {
    std::vector<CheckModifier> out;
    for (const ast::Name& m : names)
      out.push_back({m.text, p.find_modifier(m.text).value_or(kNoModifier)});
    return out;
  };
  for (const auto& [name, versions] : rules.checks) {
    Entry<CheckVersion> e{name, {}};
    for (const auto& v : versions) {
      const ast::CheckDecl& d = *v.decl;
      CheckVersion cv;
      cv.name = name;
      cv.title = title_of(d.title);
      cv.all_codes = d.codes.empty();
      cv.codes = code_set(p, d.codes);
      cv.payers = payer_ids(p, d.payers);
      for (const ast::Name& n : d.disciplines) {
        const auto id = p.find_discipline(n.text);
        cv.disciplines.push_back(id ? p.disciplines[*id] : n.text);
      }
      for (const ast::Name& n : d.providers) {
        if (const auto id = p.find_provider(n.text); id && *id < kMaxProviders)
          cv.provider_bits |= std::uint64_t{1} << *id;
      }
      for (const auto& list : d.with)
        cv.with.push_back(modifiers(list));
      for (const auto& list : d.without)
        cv.without.push_back(modifiers(list));
      for (const ast::CheckCondition& c : d.conditions) {
        CheckConditionPlan k{operand(c.left), c.op, operand(c.right)};
        cv.reads_assistant = cv.reads_assistant || k.left.value == LineValue::assistant_minutes ||
                             k.right.value == LineValue::assistant_minutes;
        cv.conditions.push_back(k);
      }
      if (d.severity)
        cv.severity = d.severity->text == "error" ? 0 : d.severity->text == "info" ? 2 : 1;
      cv.message = title_of(d.message);
      cv.because = title_of(d.because);
      for (const auto& src : d.meta.sources)
        cv.sources.push_back(src.value);
      cv.in_force = in_force_of(d.meta);
      cv.origin = {v.file, d.span};
      e.versions.push_back(std::move(cv));
    }
    p.checks.push_back(std::move(e));
  }
}

}  // namespace

const PolicyClaim* PayerVersion::claim_for(std::uint32_t code, std::string_view discipline,
                                           std::optional<lang::Date> date) const {
  const PolicyClaim* by_discipline = nullptr;
  for (const PolicyClaim& c : claims) {
    if (!c.applies(date))
      continue;
    if (!c.by_discipline && c.codes.contains(code))
      return &c;
    if (c.by_discipline && !by_discipline && c.discipline == discipline)
      by_discipline = &c;
  }
  return by_discipline;
}

bool CodeSet::contains(std::uint32_t id) const {
  return std::binary_search(ids.begin(), ids.end(), id);
}

std::shared_ptr<const Plan> plan(const RuleSet& rules) {
  auto p = std::make_shared<Plan>();
  for (const auto& [name, versions] : rules.codes) {
    Entry<CodeVersion> e{name, {}};
    for (const auto& v : versions)
      e.versions.push_back(code_version(v));
    p->codes.push_back(std::move(e));
  }
  for (const auto& [name, versions] : rules.policies) {
    Entry<PolicyVersion> e{name, {}};
    for (const auto& v : versions)
      e.versions.push_back(policy_version(rules, v));
    p->policies.push_back(std::move(e));
  }
  p->index();
  for (const auto& [name, versions] : rules.modifiers) {
    Entry<ModifierVersion> e{name, {}};
    for (const auto& v : versions) {
      e.versions.push_back(
          {name, title_of(v.decl->title), in_force_of(v.decl->meta), {v.file, v.decl->span}});
    }
    p->modifiers.push_back(std::move(e));
  }
  p->index();
  for (const auto& [name, versions] : rules.payers) {
    Entry<PayerVersion> e{name, {}};
    const std::vector<CountsClaim> claims = counts_claims(rules, name);
    for (const auto& v : versions) {
      PayerVersion y;
      y.name = name;
      y.title = title_of(v.decl->title);
      y.policy = p->find_policy(v.decl->policy->text).value_or(0);
      for (const auto& dm : v.decl->discipline_modifiers) {
        y.discipline_modifiers.push_back(
            {dm.modifier.text, dm.discipline.text,
             p->find_modifier(dm.modifier.text).value_or(kNoModifier)});
      }
      if (v.decl->default_discipline)
        y.default_discipline = v.decl->default_discipline->text;
      for (const auto& alias : v.decl->aliases)
        y.aliases.push_back(alias.value);
      for (const auto& s : v.decl->meta.sources)
        y.sources.push_back(s.value);
      y.in_force = in_force_of(v.decl->meta);
      y.origin = {v.file, v.decl->span};
      plan_claims(*p, claims, y);
      e.versions.push_back(std::move(y));
    }
    p->payers.push_back(std::move(e));
  }
  p->index();
  for (const auto& [name, versions] : rules.edits) {
    Entry<EditVersion> e{name, {}};
    for (const auto& v : versions) {
      const ast::EditDecl& d = *v.decl;
      EditVersion ev;
      ev.name = name;
      ev.title = title_of(d.title);
      ev.column1 = code_set(*p, d.column1);
      ev.column2 = code_set(*p, d.column2);
      for (const auto& m : d.bypass)
        ev.bypass.push_back(m.text);
      ev.bypass_either = d.bypass_either;
      ev.no_bypass = d.no_bypass;
      ev.when = title_of(d.when);
      ev.message = title_of(d.message);
      ev.payers = payer_ids(*p, d.payers);
      if (d.severity)
        ev.severity = d.severity->text == "error" ? 0 : d.severity->text == "info" ? 2 : 1;
      for (const auto& s : d.meta.sources)
        ev.sources.push_back(s.value);
      ev.in_force = in_force_of(d.meta);
      ev.origin = {v.file, d.span};
      e.versions.push_back(std::move(ev));
    }
    p->edits.push_back(std::move(e));
  }
  for (const auto& [name, versions] : rules.limits) {
    Entry<LimitVersion> e{name, {}};
    for (const auto& v : versions) {
      const ast::LimitDecl& d = *v.decl;
      LimitVersion lv;
      lv.name = name;
      lv.title = title_of(d.title);
      lv.codes = code_set(*p, d.codes);
      lv.max_units = d.max_units ? d.max_units->value : 0;
      lv.payers = payer_ids(*p, d.payers);
      lv.message = title_of(d.message);
      for (const auto& s : d.meta.sources)
        lv.sources.push_back(s.value);
      lv.in_force = in_force_of(d.meta);
      lv.origin = {v.file, d.span};
      e.versions.push_back(std::move(lv));
    }
    p->limits.push_back(std::move(e));
  }
  plan_line_checks(rules, *p);
  link_addons(*p);
  link_families(*p);
  return p;
}

std::shared_ptr<const Plan> plan_with_codes(const Plan& base,
                                            const std::vector<Located<ast::CodeDecl>>& codes) {
  auto p = std::make_shared<Plan>(base);
  // A test's own code of the same name stands in for the loaded one inside that test.
  const auto own = [&codes](const Entry<CodeVersion>& e) {
    return std::any_of(codes.begin(), codes.end(),
                       [&e](const auto& v) { return v.decl->code.text == e.name; });
  };
  p->codes.erase(std::remove_if(p->codes.begin(), p->codes.end(), own), p->codes.end());
  for (const auto& v : codes)
    p->codes.push_back({v.decl->code.text, {code_version(v)}});
  p->index();
  for (Entry<EditVersion>& e : p->edits) {
    for (EditVersion& v : e.versions) {
      resolve(*p, v.column1);
      resolve(*p, v.column2);
    }
  }
  for (Entry<LimitVersion>& e : p->limits) {
    for (LimitVersion& v : e.versions)
      resolve(*p, v.codes);
  }
  for (Entry<CheckVersion>& e : p->checks) {
    for (CheckVersion& v : e.versions)
      resolve(*p, v.codes);
  }
  for (Entry<PayerVersion>& e : p->payers) {
    for (PayerVersion& v : e.versions) {
      for (PolicyClaim& c : v.claims)
        resolve(*p, c.codes);
    }
  }
  link_addons(*p);
  link_families(*p);
  return p;
}

void Plan::index() {
  code_ids_.clear();
  policy_ids_.clear();
  payer_ids_.clear();
  modifier_ids_.clear();
  for (std::uint32_t i = 0; i < modifiers.size(); ++i)
    modifier_ids_.emplace(modifiers[i].name, i);
  for (std::uint32_t i = 0; i < codes.size(); ++i)
    code_ids_.emplace(codes[i].name, i);
  for (std::uint32_t i = 0; i < policies.size(); ++i)
    policy_ids_.emplace(policies[i].name, i);
  payer_folded_ids_.clear();
  for (std::uint32_t i = 0; i < payers.size(); ++i) {
    payer_ids_.emplace(payers[i].name, i);
    payer_folded_ids_.emplace(lower_case(payers[i].name), i);
  }
  for (std::uint32_t i = 0; i < payers.size(); ++i) {
    for (const PayerVersion& v : payers[i].versions) {
      for (const std::string& alias : v.aliases)
        payer_folded_ids_.emplace(lower_case(alias), i);
    }
  }
  disciplines.clear();
  const auto know = [this](const std::string& d) {
    if (std::find(disciplines.begin(), disciplines.end(), d) == disciplines.end())
      disciplines.push_back(d);
  };
  for (const Entry<CodeVersion>& e : codes) {
    for (const CodeVersion& v : e.versions) {
      for (const std::string& d : v.disciplines)
        know(d);
    }
  }
  for (const Entry<PayerVersion>& e : payers) {
    for (const PayerVersion& v : e.versions) {
      for (const DisciplineModifierPlan& dm : v.discipline_modifiers)
        know(dm.discipline);
      if (!v.default_discipline.empty())
        know(v.default_discipline);
    }
  }
}

std::optional<std::uint32_t> Plan::find_provider(std::string_view name) const {
  for (std::uint32_t i = 0; i < providers.size(); ++i) {
    const std::string& d = providers[i].name;
    if (d.size() == name.size() && std::equal(d.begin(), d.end(), name.begin(), [](char a, char b) {
          return a == b || ((a | 0x20) == (b | 0x20) && (a | 0x20) >= 'a' && (a | 0x20) <= 'z');
        }))
      return i;
  }
  return std::nullopt;
}

std::vector<std::string> Plan::provider_names() const {
  std::vector<std::string> out;
  for (const ProviderPlan& pr : providers)
    out.push_back(pr.name);
  return out;
}

std::optional<std::uint32_t> Plan::find_discipline(std::string_view name) const {
  for (std::uint32_t i = 0; i < disciplines.size(); ++i) {
    const std::string& d = disciplines[i];
    if (d.size() == name.size() && std::equal(d.begin(), d.end(), name.begin(), [](char a, char b) {
          return a == b || ((a | 0x20) == (b | 0x20) && (a | 0x20) >= 'a' && (a | 0x20) <= 'z');
        }))
      return i;  // ASCII letters compared without case (no locale call per character)
  }
  return std::nullopt;
}

namespace {

template <typename Map>
std::optional<std::uint32_t> lookup(const Map& map, std::string_view key) {
  auto it = map.find(std::string(key));
  if (it == map.end())
    return std::nullopt;
  return it->second;
}

template <typename Entries>
std::vector<std::string> names_of(const Entries& entries) {
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (const auto& e : entries)
    out.push_back(e.name);
  return out;
}

}  // namespace

std::optional<std::uint32_t> Plan::find_code(std::string_view code) const {
  return lookup(code_ids_, code);
}
std::optional<std::uint32_t> Plan::find_policy(std::string_view name) const {
  return lookup(policy_ids_, name);
}
std::optional<std::uint32_t> Plan::find_payer(std::string_view name) const {
  if (const auto id = lookup(payer_ids_, name))
    return id;
  return lookup(payer_folded_ids_, lower_case(name));
}
std::optional<std::uint32_t> Plan::find_modifier(std::string_view name) const {
  return lookup(modifier_ids_, name);
}
std::vector<std::string> Plan::modifier_names() const {
  return names_of(modifiers);
}
std::vector<std::string> Plan::code_names() const {
  return names_of(codes);
}
std::vector<std::string> Plan::payer_names() const {
  return names_of(payers);
}
std::vector<std::string> Plan::policy_names() const {
  return names_of(policies);
}

namespace {

std::string range_text(const InForce& f) {
  constexpr auto lo = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi = std::numeric_limits<std::int32_t>::max();
  if (f.effective == lo && f.expires == hi)
    return "always";
  std::string out;
  out += f.effective == lo ? std::string("...") : lang::format_date({f.effective});
  out += " to ";
  out += f.expires == hi ? std::string("...") : lang::format_date({f.expires});
  return out;
}

// A set of codes as written; when it has a range, followed by the defined codes it holds.
std::string codes_text(const Plan& p, const CodeSet& set) {
  std::string resolved;
  for (const std::uint32_t id : set.ids) {
    if (!resolved.empty())
      resolved += ", ";
    resolved += p.codes[id].name;
  }
  if (set.text.find("..") == std::string::npos)
    return set.text;
  return fmt::format("{} ({})", set.text, resolved.empty() ? "no defined code" : resolved);
}

std::string payers_text(const Plan& p, const std::vector<std::uint32_t>& ids) {
  if (ids.empty())
    return "every payer";
  std::string out = "payers ";
  for (std::size_t i = 0; i < ids.size(); ++i)
    out += (i == 0 ? "" : ", ") + p.payers[ids[i]].name;
  return out;
}

const char* severity_text(int severity) {
  return severity == 0 ? "error" : severity == 2 ? "info" : "warning";
}

}  // namespace

std::string Plan::dump() const {
  std::string out;
  for (const auto& e : codes) {
    for (const auto& v : e.versions) {
      fmt::format_to(
          std::back_inserter(out), "code {} [{}] {}{}{}\n", e.name, range_text(v.in_force),
          !v.timed   ? std::string("untimed")
          : v.ranged ? fmt::format("timed {} family {}", time_range_text(v), v.family)
                     : fmt::format("timed {} min", v.unit),
          v.first_block_only ? " first block" : "",
          v.primary_code != kNoCode ? fmt::format(" add-on to {}", codes[v.primary_code].name)
                                    : std::string());
      if (!v.disciplines.empty()) {
        fmt::format_to(std::back_inserter(out), "  disciplines {}\n",
                       fmt::join(v.disciplines, ", "));
      }
      if (!v.replaces.empty())
        fmt::format_to(std::back_inserter(out), "  replaces {}\n", v.replaces);
    }
  }
  for (const auto& e : policies) {
    for (const auto& v : e.versions) {
      fmt::format_to(std::back_inserter(out), "policy {} [{}] pool {}{}\n", e.name,
                     range_text(v.in_force), v.pooled ? "together" : "each code",
                     v.pool_by_discipline ? " per discipline" : "");
      if (v.is_table) {
        for (const auto& row : v.rows) {
          fmt::format_to(std::back_inserter(out), "  row {}..{}\n{}", row.from, row.to,
                         row.units.dump());
        }
      } else {
        fmt::format_to(std::back_inserter(out), "  units\n{}", v.formula.dump());
      }
      if (v.has_full_units) {
        fmt::format_to(std::back_inserter(out), "  full units\n{}", v.full_units.dump());
      }
      if (v.pooled) {
        fmt::format_to(std::back_inserter(out), "  rest by {}, largest first{}{}\n",
                       v.rest_by_leftover ? "leftover minutes" : "minutes",
                       v.ties_fewest_units ? "; ties by units, fewest first" : "",
                       v.ties_alternatives ? "; ties are alternatives" : "");
      }
    }
  }
  for (const auto& e : payers) {
    for (const auto& v : e.versions) {
      fmt::format_to(std::back_inserter(out), "payer {} [{}] policy {}\n", e.name,
                     range_text(v.in_force), policies[v.policy].name);
      for (const auto& c : v.claims) {
        fmt::format_to(
            std::back_inserter(out), "  counts {} with {} [{}]{}\n",
            c.by_discipline    ? "discipline " + c.discipline
            : c.family.empty() ? codes_text(*this, c.codes)
                               : fmt::format("family {}: {}", c.family, codes_text(*this, c.codes)),
            policies[c.policy].name, range_text(c.in_force),
            c.extension ? fmt::format(" (payer {} also, {})", e.name, c.clause.origin.where())
                        : std::string());
      }
      for (const auto& dm : v.discipline_modifiers) {
        fmt::format_to(std::back_inserter(out), "  discipline modifier {} for {}\n", dm.modifier,
                       dm.discipline);
      }
      if (!v.default_discipline.empty())
        fmt::format_to(std::back_inserter(out), "  default discipline {}\n", v.default_discipline);
      for (const std::string& alias : v.aliases)
        fmt::format_to(std::back_inserter(out), "  alias \"{}\"\n", alias);
    }
  }
  for (const auto& e : edits) {
    for (const auto& v : e.versions) {
      fmt::format_to(std::back_inserter(out), "edit {} [{}] severity {}\n", e.name,
                     range_text(v.in_force), severity_text(v.severity));
      fmt::format_to(std::back_inserter(out), "  column 1 {}\n  column 2 {}\n",
                     codes_text(*this, v.column1), codes_text(*this, v.column2));
      if (v.no_bypass || v.bypass.empty()) {
        out += "  no bypass\n";
      } else {
        fmt::format_to(std::back_inserter(out), "  bypass with {}{}\n", fmt::join(v.bypass, ", "),
                       v.bypass_either ? " on either line" : "");
      }
      fmt::format_to(std::back_inserter(out), "  {}\n", payers_text(*this, v.payers));
    }
  }
  for (const auto& e : modifiers) {
    for (const auto& v : e.versions) {
      fmt::format_to(std::back_inserter(out), "modifier {} [{}]\n", e.name, range_text(v.in_force));
    }
  }
  for (const auto& e : limits) {
    for (const auto& v : e.versions) {
      fmt::format_to(std::back_inserter(out), "limit {} [{}] at most {} units per day\n", e.name,
                     range_text(v.in_force), v.max_units);
      fmt::format_to(std::back_inserter(out), "  codes {}\n  {}\n", codes_text(*this, v.codes),
                     payers_text(*this, v.payers));
    }
  }
  for (const ProviderPlan& pr : providers)
    fmt::format_to(std::back_inserter(out), "provider {}\n", pr.name);
  for (const auto& e : checks) {
    for (const auto& v : e.versions) {
      fmt::format_to(std::back_inserter(out), "check {} [{}] severity {}\n", e.name,
                     range_text(v.in_force), v.severity);
      fmt::format_to(std::back_inserter(out), "  codes {}\n  {}\n",
                     v.all_codes ? std::string("any") : codes_text(*this, v.codes),
                     payers_text(*this, v.payers));
    }
  }
  return out;
}

}  // namespace cptrules::interp
