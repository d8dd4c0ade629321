// check: resolves names across files, types expressions, validates dates and warns on oddities.
#include "checker.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "code_links.hpp"
#include "day.hpp"
#include "line_checks.hpp"
#include "payer_counts.hpp"
#include "policy_checks.hpp"
#include "program.hpp"
#include "suggest.hpp"
#include "test_checks.hpp"
#include "version_checks.hpp"

namespace cptrules::interp {

namespace ast = lang::ast;
using lang::Date;
using lang::Diagnostic;
using lang::Span;
using lang::lexicon::Declaration;

namespace {

enum class Type { number, boolean, error };

const char* type_name(Type t) {
  return t == Type::boolean ? "a condition" : "a number";
}

// A name with '-' whose parts are known names or numbers (`minutes-53`, `unit-1`), written as
// the subtraction it was likely meant to be (`minutes - 53`); nullopt for any other name.
std::optional<std::string> spaced_minus(std::string_view name,
                                        const std::vector<std::string>& known) {
  if (name.find('-') == std::string_view::npos)
    return std::nullopt;
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dash = name.find('-', start);
    const std::string_view part =
        name.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
    const bool number = !part.empty() && std::all_of(part.begin(), part.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    if (!number && std::find(known.begin(), known.end(), part) == known.end())
      return std::nullopt;
    out += part;
    if (dash == std::string_view::npos)
      return out;
    out += " - ";
    start = dash + 1;
  }
}

class Checker {
 public:
  explicit Checker(RuleSet& rules) : rules_(rules) {}

  lang::Diagnostics run() {
    collect();
    check_versions(rules_.codes, "code");
    check_versions(rules_.policies, "policy");
    check_versions(rules_.payers, "payer");
    check_versions(rules_.edits, "edit");
    check_versions(rules_.modifiers, "modifier");
    check_versions(rules_.limits, "limit");
    check_versions(rules_.families, "family");
    check_versions(rules_.providers, "provider");
    check_versions(rules_.checks, "check");
    for (const auto& e : rules_.payer_extensions)
      check_dates(e.decl->meta, e.file);
    for (const auto& [name, versions] : rules_.codes) {
      for (const auto& v : versions)
        check_code(*v.decl, v.file);
    }
    check_addons(rules_, diagnostics_, [this](const ast::Name& n, const SourcePtr& file) {
      unknown_code(n, file, keys_of(rules_.codes));
    });
    check_families(rules_, diagnostics_);
    for (const auto& [name, versions] : rules_.policies) {
      for (const auto& v : versions)
        check_policy(*v.decl, v.file);
    }
    for (const auto& [name, versions] : rules_.payers) {
      for (const auto& v : versions)
        check_payer(*v.decl, v.file);
    }
    check_counts(rules_,
                 {[this](Declaration kind, std::string_view name) { return broken(kind, name); },
                  [this](const auto& set, const SourcePtr& file) { check_code_set(set, file); },
                  &used_policies_},
                 diagnostics_);
    warn_unused_policies();
    for (const auto& [name, versions] : rules_.edits) {
      for (const auto& v : versions)
        check_edit(*v.decl, v.file);
    }
    for (const auto& [name, versions] : rules_.limits) {
      for (const auto& v : versions)
        check_limit(*v.decl, v.file);
    }
    check_line_checks(rules_, line_hooks(), diagnostics_);
    for (const auto& t : rules_.tests)
      check_test(*t.decl, t.file);
    return std::move(diagnostics_);
  }

 private:
  void collect() {
    for (const ast::Module& m : rules_.modules) {
      for (const ast::BrokenDecl& b : m.broken)
        broken_[static_cast<std::size_t>(b.kind)].insert(b.name);
      for (const ast::Decl& decl : m.decls) {
        if (const auto* c = std::get_if<ast::CodeDecl>(&decl)) {
          rules_.codes[c->code.text].push_back({c, m.file});
        } else if (const auto* p = std::get_if<ast::PolicyDecl>(&decl)) {
          rules_.policies[p->name.text].push_back({p, m.file});
        } else if (const auto* y = std::get_if<ast::PayerDecl>(&decl)) {
          if (y->also)
            rules_.payer_extensions.push_back({y, m.file});
          else
            rules_.payers[y->name.text].push_back({y, m.file});
        } else if (const auto* f = std::get_if<ast::FamilyDecl>(&decl)) {
          rules_.families[f->name.text].push_back({f, m.file});
        } else if (const auto* e = std::get_if<ast::EditDecl>(&decl)) {
          rules_.edits[e->name.text].push_back({e, m.file});
        } else if (const auto* md = std::get_if<ast::ModifierDecl>(&decl)) {
          rules_.modifiers[md->modifier.text].push_back({md, m.file});
        } else if (const auto* l = std::get_if<ast::LimitDecl>(&decl)) {
          rules_.limits[l->name.text].push_back({l, m.file});
        } else if (const auto* t = std::get_if<ast::TestDecl>(&decl)) {
          rules_.tests.push_back({t, m.file});
        } else if (const auto* pr = std::get_if<ast::ProviderDecl>(&decl)) {
          rules_.providers[pr->name.text].push_back({pr, m.file});
        } else if (const auto* ck = std::get_if<ast::CheckDecl>(&decl)) {
          rules_.checks[ck->name.text].push_back({ck, m.file});
        }
      }
    }
  }

  static Span name_span(const ast::CodeDecl& d) { return d.code.span; }
  static Span name_span(const ast::PolicyDecl& d) { return d.name.span; }
  static Span name_span(const ast::PayerDecl& d) { return d.name.span; }
  static Span name_span(const ast::EditDecl& d) { return d.name.span; }
  static Span name_span(const ast::ModifierDecl& d) { return d.modifier.span; }
  static Span name_span(const ast::LimitDecl& d) { return d.name.span; }
  static Span name_span(const ast::FamilyDecl& d) { return d.name.span; }
  static Span name_span(const ast::ProviderDecl& d) { return d.name.span; }
  static Span name_span(const ast::CheckDecl& d) { return d.name.span; }

  // The checker's reports that the checks of a line share (line_checks.cpp).
  LineCheckHooks line_hooks() {
    return {[this](const auto& set, const SourcePtr& file) { check_code_set(set, file); },
            [this](const auto& payers, const SourcePtr& file) { check_payer_names(payers, file); },
            [this](const ast::Name& m, const SourcePtr& file) { check_modifier(m, file); },
            [this](const ast::Name& d, const SourcePtr& file) { check_discipline(d, file); },
            [this](std::string_view name) { return broken(Declaration::provider, name); }};
  }

  // Sorts the versions of each name by effective date and reports duplicates, overlapping
  // ranges and gaps between them.
  template <typename Decl>
  void check_versions(std::map<std::string, Versions<Decl>, std::less<>>& map, const char* what) {
    for (auto& [name, versions] : map) {
      std::vector<VersionRange> ranges;
      for (const auto& v : versions) {
        check_dates(v.decl->meta, v.file);
        ranges.push_back({&v.decl->meta, v.file, name_span(*v.decl)});
      }
      check_version_ranges(what, name, std::move(ranges), diagnostics_);
      std::stable_sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
        constexpr std::int32_t lo = std::numeric_limits<std::int32_t>::min();
        const std::int32_t ea = a.decl->meta.effective ? a.decl->meta.effective->value.days : lo;
        const std::int32_t eb = b.decl->meta.effective ? b.decl->meta.effective->value.days : lo;
        return ea < eb;
      });
    }
  }

  void check_dates(const ast::Meta& meta, const SourcePtr& file) {
    if (meta.effective && meta.expires && meta.expires->value < meta.effective->value) {
      diagnostics_.error("E0207", file, meta.expires->span,
                         "'expires' is before 'effective': the definition is never in force");
    }
  }

  void check_code(const ast::CodeDecl& d, const SourcePtr& file) {
    if (d.timing == ast::Timing::unspecified) {
      diagnostics_
          .error("E0205", file, d.code.span,
                 fmt::format("code {} does not say whether it is timed", d.code.text))
          .notes.push_back({"add 'timed every 15 min' (or another unit length) or 'untimed'", {}});
    } else if (d.timing == ast::Timing::timed && !d.range && d.unit_minutes <= 0) {
      diagnostics_.error("E0206", file, d.timing_span, "a unit must last at least 1 minute");
    }
    check_code_range(d, file, diagnostics_);
    if (d.replaces && !rules_.codes.count(d.replaces->text)) {
      unknown_code(*d.replaces, file, keys_of(rules_.codes));
    }
  }

  // Every single code of a set must be defined; a range must match at least one code.
  void check_code_set(const std::vector<ast::CodeRange>& set, const SourcePtr& file) {
    for (const ast::CodeRange& r : set) {
      if (!r.to) {
        if (!rules_.codes.count(r.from.text))
          unknown_code(r.from, file, keys_of(rules_.codes));
        continue;
      }
      const bool any = std::any_of(rules_.codes.begin(), rules_.codes.end(), [&](const auto& c) {
        return c.first.size() == r.from.text.size() && r.from.text <= c.first &&
               c.first <= r.to->text;
      });
      if (!any) {
        diagnostics_.warning(
            "W0406", file, r.span,
            fmt::format("no defined code falls in {}..{}", r.from.text, r.to->text));
      }
    }
  }

  void check_payer_names(const std::vector<ast::Name>& payers, const SourcePtr& file) {
    for (const ast::Name& p : payers) {
      if (rules_.payers.count(p.text) || broken(Declaration::payer, p.text))
        continue;
      Diagnostic& d =
          diagnostics_.error("E0204", file, p.span, fmt::format("unknown payer '{}'", p.text));
      lang::add_name_note(d, p.text, keys_of(rules_.payers), "payers");
    }
  }

  // A modifier the rules name should be declared (when any modifier is).
  void check_modifier(const ast::Name& m, const SourcePtr& file) {
    if (rules_.modifiers.empty() || rules_.modifiers.count(m.text))
      return;
    lang::Diagnostic& d = diagnostics_.warning("W0407", file, m.span,
                                               fmt::format("modifier {} is not declared", m.text));
    if (auto near = lang::closest(m.text, keys_of(rules_.modifiers))) {
      d.notes.push_back({fmt::format("did you mean {}?", *near), {}});
    }
  }

  // A payer's default discipline should be one that some code lists or a payer's discipline
  // modifier names.
  void check_discipline(const ast::Name& name, const SourcePtr& file) {
    std::vector<std::string> known;
    for (const auto& [code, versions] : rules_.codes) {
      for (const auto& v : versions) {
        for (const auto& d : v.decl->disciplines)
          known.push_back(d.text);
      }
    }
    for (const auto& [payer, versions] : rules_.payers) {
      for (const auto& v : versions) {
        for (const auto& dm : v.decl->discipline_modifiers)
          known.push_back(dm.discipline.text);
      }
    }
    if (std::find(known.begin(), known.end(), name.text) != known.end())
      return;
    lang::Diagnostic& d = diagnostics_.warning(
        "W0410", file, name.span,
        fmt::format("discipline {} is listed by no code and named by no discipline modifier",
                    name.text));
    if (auto near = lang::closest(name.text, known))
      d.notes.push_back({fmt::format("did you mean {}?", *near), {}});
  }

  void check_edit(const ast::EditDecl& d, const SourcePtr& file) {
    if (d.column1.empty() || d.column2.empty()) {
      diagnostics_.error(
          "E0312", file, d.name.span,
          fmt::format("edit '{}' needs both 'column 1' and 'column 2' codes", d.name.text));
    }
    check_code_set(d.column1, file);
    check_code_set(d.column2, file);
    check_payer_names(d.payers, file);
    if (d.no_bypass && !d.bypass.empty()) {
      diagnostics_.error("E0313", file, d.name.span,
                         "an edit cannot both list bypass modifiers and say 'no bypass'");
    }
    for (const ast::Name& m : d.bypass)
      check_modifier(m, file);
  }

  void check_limit(const ast::LimitDecl& d, const SourcePtr& file) {
    if (d.codes.empty() || !d.max_units) {
      diagnostics_.error(
          "E0314", file, d.name.span,
          fmt::format("limit '{}' needs 'codes' and 'at most N units per day'", d.name.text));
    }
    check_code_set(d.codes, file);
    check_payer_names(d.payers, file);
  }

  void unknown_code(const ast::Name& n, const SourcePtr& file,
                    const std::vector<std::string>& candidates) {
    if (broken(Declaration::code, n.text))
      return;
    // A table's rows share one code name: report it once.
    if (!reported_.insert({file.get(), n.span.begin}).second)
      return;
    Diagnostic& d =
        diagnostics_.error("E0203", file, n.span, fmt::format("unknown code '{}'", n.text));
    if (auto near = lang::closest(n.text, candidates)) {
      d.notes.push_back({fmt::format("did you mean {}?", *near), {}});
    }
  }

  // The type of `e`, or Type::error after reporting a problem inside it (so that enclosing
  // expressions do not report the same cause again).
  Type check_expr(const ast::Expr& e, const SourcePtr& file, std::size_t depth = 1) {
    if (depth > kMaxExprDepth) {
      if (!depth_reported_) {
        diagnostics_.error(
            "E0303", file, e.span,
            fmt::format("expression nested too deeply (at most {} levels)", kMaxExprDepth));
      }
      depth_reported_ = true;
      return Type::error;
    }
    switch (e.kind) {
      case ast::ExprKind::number:
        return Type::number;
      case ast::ExprKind::variable:
        return check_variable(e, file, depth);
      case ast::ExprKind::conditional: {
        const bool cond_ok = expect_type(e.args[0], Type::boolean, file, depth);
        const Type a = check_expr(e.args[1], file, depth + 1);
        const Type b = check_expr(e.args[2], file, depth + 1);
        if (!cond_ok || a == Type::error || b == Type::error)
          return Type::error;
        if (a != b) {
          diagnostics_.error("E0302", file, e.args[2].span,
                             fmt::format("both branches must be {}, but this one is {}",
                                         type_name(a), type_name(b)));
          return Type::error;
        }
        return a;
      }
      default:
        break;
    }
    Type operand = Type::number;
    Type result = Type::number;
    switch (e.op) {
      case ast::Op::and_:
      case ast::Op::or_:
      case ast::Op::not_:
        operand = result = Type::boolean;
        break;
      case ast::Op::lt:
      case ast::Op::le:
      case ast::Op::gt:
      case ast::Op::ge:
      case ast::Op::eq:
      case ast::Op::ne:
        result = Type::boolean;
        break;
      default:
        break;
    }
    bool ok = true;
    for (const auto& arg : e.args)
      ok = expect_type(arg, operand, file, depth) && ok;
    return ok ? result : Type::error;
  }

  // `minutes`, `unit`, or a `let` of the policy (whose expression must fit within the depth
  // limit where it is named). A `let` itself may read numbers and `unit` only.
  Type check_variable(const ast::Expr& e, const SourcePtr& file, std::size_t depth) {
    if (e.name == "unit" || (e.name == "minutes" && !in_let_))
      return Type::number;
    std::vector<std::string> known{"minutes", "unit"};
    if (const ast::LetClause* let = find_let(lets_, e.name); let && !in_let_) {
      if (depth + expr_depth(let->value) > kMaxExprDepth) {
        diagnostics_.error("E0303", file, e.span,
                           fmt::format("expression nested too deeply (at most {} levels) with "
                                       "the expression of '{}' in its place",
                                       kMaxExprDepth, e.name));
        return Type::error;
      }
      return Type::number;
    }
    if (lets_ && !in_let_) {
      for (const ast::LetClause& l : *lets_)
        known.push_back(l.name.text);
    }
    Diagnostic& d = diagnostics_.error("E0301", file, e.span,
                                       fmt::format("unknown name '{}' in expression", e.name));
    if (auto spaced = spaced_minus(e.name, in_let_ ? std::vector<std::string>{"unit"} : known)) {
      d.notes.push_back(
          {fmt::format("a name may contain '-': to subtract, put spaces around it: '{}'", *spaced),
           {}});
    } else if (in_let_) {
      d.notes.push_back(
          {"a 'let' can use numbers and 'unit' (not 'minutes' or another 'let')", {}});
    } else if (auto near = lang::closest(e.name, known)) {
      d.notes.push_back({fmt::format("did you mean '{}'?", *near), {}});
    } else {
      d.notes.push_back(
          {known.size() > 2 ? "an expression can use 'minutes', 'unit' and the policy's 'let' names"
                            : "an expression can use 'minutes' and 'unit'",
           {}});
    }
    return Type::error;
  }

  // Checks that `e` has type `want`; false when it does not or had an error inside.
  bool expect_type(const ast::Expr& e, Type want, const SourcePtr& file, std::size_t depth) {
    const Type got = check_expr(e, file, depth + 1);
    if (got == Type::error)
      return false;
    if (got != want) {
      diagnostics_.error(
          "E0302", file, e.span,
          fmt::format("expected {} here, but this is {}", type_name(want), type_name(got)));
      return false;
    }
    return true;
  }

  // Types a number expression and, when it is well typed, compiles it (once: RuleSet::programs).
  bool check_number_expr(const ast::Expr& e, const SourcePtr& file) {
    depth_reported_ = false;
    if (!expect_type(e, Type::number, file, 0))
      return false;
    rules_.programs.emplace(&e, Program::compile(e, let_names(lets_)));
    return true;
  }

  void check_policy(const ast::PolicyDecl& d, const SourcePtr& file) {
    check_let_names(d, file, diagnostics_);
    for (const ast::LetClause& l : d.lets) {  // a number of `unit` and numbers only
      in_let_ = true;
      depth_reported_ = false;
      expect_type(l.value, Type::number, file, 0);
      in_let_ = false;
    }
    lets_ = &d.lets;
    check_policy_clauses(d, file);
    lets_ = nullptr;
  }

  void check_policy_clauses(const ast::PolicyDecl& d, const SourcePtr& file) {
    if (!d.units) {
      diagnostics_
          .error("E0304", file, d.name.span,
                 fmt::format("policy '{}' does not say how minutes become units", d.name.text))
          .notes.push_back({"add 'units = (minutes + 7) / 15' or a 'units by table { ... }'", {}});
    } else if (d.units->is_table) {
      check_table(*d.units, file);
    } else if (check_number_expr(d.units->formula, file)) {
      const Program& units = rules_.programs.at(&d.units->formula);
      warn_if_units_at_zero(units, d.units->formula.span, file, diagnostics_);
      warn_if_decreasing(units, d.units->formula.span, file, diagnostics_);
    }
    if (!d.pool) {
      diagnostics_
          .error("E0305", file, d.name.span,
                 fmt::format("policy '{}' does not say how minutes are pooled", d.name.text))
          .notes.push_back(
              {"add 'pool each code' or 'pool timed minutes per day and discipline'", {}});
    }
    if (d.allocate && d.allocate->full_units)
      check_number_expr(*d.allocate->full_units, file);
    if (d.pool && d.pool->kind == ast::PoolKind::together &&
        (!d.allocate || !d.allocate->has_rest)) {
      diagnostics_
          .error("E0306", file, d.pool->span,
                 "pooled minutes need an 'allocate' block with a 'rest by' rule")
          .notes.push_back({"add 'allocate { rest by leftover minutes, largest first }'", {}});
    }
    if (d.pool && d.pool->kind == ast::PoolKind::each_code && d.allocate) {
      diagnostics_.warning("W0405", file, d.allocate->span,
                           "'allocate' has no effect when each code is its own pool");
    }
  }

  void check_table(const ast::UnitsClause& u, const SourcePtr& file) {
    std::vector<const ast::TableRow*> rows;
    bool typed = true;
    for (const auto& row : u.rows) {
      typed = check_number_expr(row.units, file) && typed;
      if (row.to && *row.to < row.from) {
        diagnostics_.error("E0311", file, row.span,
                           fmt::format("the row's range {}..{} is empty", row.from, *row.to));
        continue;
      }
      rows.push_back(&row);
    }
    std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->from < b->from; });
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const ast::TableRow& prev = *rows[i - 1];
      const ast::TableRow& cur = *rows[i];
      const std::int64_t prev_to = prev.to.value_or(std::numeric_limits<std::int64_t>::max());
      if (cur.from <= prev_to) {
        diagnostics_.warning(
            "W0402", file, cur.span,
            fmt::format("this row overlaps the row at {} (the first match is used)",
                        file->where(prev.span.begin)));
      } else if (cur.from > prev_to + 1) {
        diagnostics_.warning(
            "W0401", file, cur.span,
            fmt::format("no row covers {}..{} min (0 units there)", prev_to + 1, cur.from - 1));
      }
    }
    if (typed) {
      for (const auto& row : u.rows) {
        if (row.from <= 0 && (!row.to || *row.to >= 0))
          warn_if_units_at_zero(rules_.programs.at(&row.units), row.span, file, diagnostics_);
      }
      const bool uses_unit = std::any_of(u.rows.begin(), u.rows.end(), [this](const auto& row) {
        return uses_variable(row.units, "unit");
      });
      warn_if_table_decreasing(u, rules_.programs, uses_unit, file, diagnostics_);
    }
  }

  // True when `e` reads the variable `name`, itself or through a `let`.
  bool uses_variable(const ast::Expr& e, std::string_view name) const {
    if (e.kind == ast::ExprKind::variable) {
      const ast::LetClause* let = find_let(lets_, e.name);
      return e.name == name || (let != nullptr && uses_variable(let->value, name));
    }
    return std::any_of(e.args.begin(), e.args.end(),
                       [&](const ast::Expr& arg) { return uses_variable(arg, name); });
  }

  // An alias names its payer only: not empty, and no other payer's name or alias, letter case
  // aside (input matches payer names so).
  void check_payer_alias(const std::string& payer, const ast::StringLit& alias,
                         const SourcePtr& file) {
    const auto folded = [](std::string_view text) {
      std::string out(text);
      for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
          c = static_cast<char>(c - 'A' + 'a');
      }
      return out;
    };
    const std::string key = folded(alias.value);
    if (key.empty()) {
      diagnostics_.error("E0318", file, alias.span,
                         fmt::format("an alias of payer '{}' is empty", payer));
      return;
    }
    for (const auto& [name, versions] : rules_.payers) {
      if (name == payer)
        continue;
      bool clash = folded(name) == key;
      for (const auto& v : versions) {
        for (const auto& other : v.decl->aliases)
          clash = clash || folded(other.value) == key;
      }
      if (clash) {
        diagnostics_.error("E0318", file, alias.span,
                           fmt::format("alias '{}' of payer '{}' also names payer '{}'",
                                       alias.value, payer, name));
        return;
      }
    }
  }

  void check_payer(const ast::PayerDecl& d, const SourcePtr& file) {
    if (!d.policy) {
      diagnostics_
          .error("E0307", file, d.name.span, fmt::format("payer '{}' names no policy", d.name.text))
          .notes.push_back({"add 'policy NAME'", {}});
      return;
    }
    used_policies_.insert(d.policy->text);
    for (const auto& alias : d.aliases)
      check_payer_alias(d.name.text, alias, file);
    for (const auto& dm : d.discipline_modifiers)
      check_modifier(dm.modifier, file);
    if (d.default_discipline)
      check_discipline(*d.default_discipline, file);
    if (!rules_.policies.count(d.policy->text) && !broken(Declaration::policy, d.policy->text)) {
      Diagnostic& diag = diagnostics_.error("E0202", file, d.policy->span,
                                            fmt::format("unknown policy '{}'", d.policy->text));
      // The payer meant the name near it: do not also call that policy unused.
      if (auto near =
              lang::add_name_note(diag, d.policy->text, keys_of(rules_.policies), "policies"))
        used_policies_.insert(*near);
    }
  }

  void warn_unused_policies() {
    // A payer that did not parse may be the one that uses a policy: say nothing then.
    if (!broken_[static_cast<std::size_t>(Declaration::payer)].empty())
      return;
    for (const auto& [name, versions] : rules_.policies) {
      if (used_policies_.count(name))
        continue;
      diagnostics_.warning("W0404", versions.front().file, versions.front().decl->name.span,
                           fmt::format("no payer uses policy '{}'", name));
    }
  }

  void check_test(const ast::TestDecl& t, const SourcePtr& file) {
    std::vector<std::string> codes = keys_of(rules_.codes);
    std::set<std::string, std::less<>> local;
    for (const auto& c : t.codes) {
      if (!local.insert(c.code.text).second) {
        diagnostics_.error("E0201", file, c.code.span,
                           fmt::format("code '{}' is defined twice in this test", c.code.text));
      }
      check_dates(c.meta, file);
      check_code(c, file);
      codes.push_back(c.code.text);
    }
    if (!t.payer) {
      diagnostics_.error("E0308", file, t.title.span, "the test names no payer")
          .notes.push_back({"add 'payer NAME'", {}});
    } else if (!rules_.payers.count(t.payer->text) && !broken(Declaration::payer, t.payer->text)) {
      Diagnostic& d = diagnostics_.error("E0204", file, t.payer->span,
                                         fmt::format("unknown payer '{}'", t.payer->text));
      lang::add_name_note(d, t.payer->text, keys_of(rules_.payers), "payers");
    }
    auto known = [&](std::string_view code) {
      return rules_.codes.count(code) > 0 || local.count(code) > 0;
    };
    check_expected_findings(
        rules_, t, file,
        [this](Declaration kind, std::string_view name) { return broken(kind, name); },
        diagnostics_);
    check_test_date(rules_, t, file, diagnostics_);
    for (const auto& tc : t.cases) {
      std::set<std::string, std::less<>> given;
      // A case that expects the finding of a code outside the rules may give one: it has a line
      // but no units, so an allocation leaves it out.
      const bool outside_expected = std::any_of(
          tc.findings.begin(), tc.findings.end(),
          [](const ast::ExpectedFinding& f) { return f.id.text == "code.not-in-rules"; });
      for (const auto& s : tc.given) {
        if (s.provider)
          check_provider_name(rules_, *s.provider, file, line_hooks(), diagnostics_);
        if (!known(s.code.text)) {
          if (outside_expected)
            continue;
          unknown_code(s.code, file, codes);
        }
        given.insert(s.code.text);
      }
      // The add-on of an initial code given may take its extra time, and a code of the family
      // of a code given may be the one its minutes choose: they may be expected too.
      const std::set<std::string, std::less<>> addons = linked_codes(rules_, t.codes, given);
      if (tc.allocations.empty() && !tc.total && tc.findings.empty() && tc.no_findings.empty()) {
        diagnostics_.error("E0309", file, tc.span, "this case has no 'expect' line");
      }
      for (const auto& a : tc.allocations)
        check_expected(a, given, addons, file);
    }
  }

  void check_expected(const ast::ExpectedAllocation& a,
                      const std::set<std::string, std::less<>>& given,
                      const std::set<std::string, std::less<>>& addons, const SourcePtr& file) {
    std::set<std::string, std::less<>> seen;
    for (const auto& line : a.lines) {
      if (!given.count(line.code.text) && !addons.count(line.code.text)) {
        diagnostics_.error("E0310", file, line.code.span,
                           fmt::format("{} is not among the services given", line.code.text));
      }
      seen.insert(line.code.text);
    }
    for (const auto& code : given) {
      if (!seen.count(code)) {
        diagnostics_.error("E0310", file, a.span,
                           fmt::format("the expected allocation leaves out {} (write {} x0 if it "
                                       "gets no units)",
                                       code, code));
      }
    }
  }

  // True when the declaration `kind name` failed to parse: its uses are not reported again.
  bool broken(Declaration kind, std::string_view name) const {
    return broken_[static_cast<std::size_t>(kind)].count(name) > 0;
  }

  RuleSet& rules_;
  lang::Diagnostics diagnostics_;
  // The names of the declarations that did not parse, by kind.
  std::array<std::set<std::string, std::less<>>, lang::lexicon::kDeclarations.size()> broken_;
  bool depth_reported_ = false;
  const std::vector<ast::LetClause>* lets_ = nullptr;  // of the policy being checked
  bool in_let_ = false;                                // typing a `let`'s own expression
  std::set<std::pair<const lang::SourceFile*, std::uint32_t>> reported_;
  std::set<std::string, std::less<>> used_policies_;
};

}  // namespace

CheckResult check(std::vector<ast::Module> modules) {
  auto rules = std::make_shared<RuleSet>();
  rules->modules = std::move(modules);
  CheckResult result;
  result.diagnostics = Checker(*rules).run();
  if (!result.diagnostics.has_errors())
    result.rules = std::move(rules);
  return result;
}

}  // namespace cptrules::interp
