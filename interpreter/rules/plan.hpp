// Plan: the checked rules compiled for evaluation: names resolved to indexes, formulas compiled.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ast.hpp"
#include "date.hpp"
#include "line_checks.hpp"
#include "program.hpp"
#include "rule_set.hpp"

namespace cptrules::interp {

inline constexpr std::int32_t kNoCode = -1;

// When a version is in force: [effective, expires], both inclusive.
struct InForce {
  std::int32_t effective = std::numeric_limits<std::int32_t>::min();
  std::int32_t expires = std::numeric_limits<std::int32_t>::max();
  bool contains(lang::Date d) const { return effective <= d.days && d.days <= expires; }
};

// Where a declaration or clause was written, for explanations and `:show`.
struct Origin {
  std::shared_ptr<const lang::SourceFile> file;
  lang::Span span;
  std::string where() const;  // "file:line"
};

struct CodeVersion {
  std::string code;
  std::string title;
  bool timed = false;
  std::int64_t unit = 0;
  bool first_block_only = false;
  std::int32_t addon_code = kNoCode;    // the add-on that takes the time after the first block
  std::int32_t primary_code = kNoCode;  // for an add-on: its initial code
  std::string addon_to;                 // for an add-on: its initial code as written
  std::string replaces;                 // the code this one took over from, if any
  // `add-on to X after its first N min` (on the add-on): the initial code's and the add-on's
  // minutes are one service's time; the time after X's first block is the add-on's, counted
  // alone at its own unit length (never pooled with other codes).
  bool addon_after = false;
  bool addon_after_block = false;  // on the initial code: its add-on is written that way
  // Chosen by time range (`timed 38..52 min`, `family psychotherapy`): a line of any code of the
  // family is billed as the one whose range holds the family's minutes. `unit` is 0.
  bool ranged = false;
  std::int64_t range_from = 0;
  std::int64_t range_to = std::numeric_limits<std::int64_t>::max();  // max: `or more`
  std::string family;                                                // as written
  std::int32_t family_id = -1;                                       // into Plan::families
  std::string source;  // its first `source`, for explanations
  std::vector<std::string> disciplines;
  InForce in_force;
  Origin origin;
  lang::Span name_span;  // the code as written in its declaration, for diagnostics
};

struct TableRowPlan {
  std::int64_t from = 0;
  std::int64_t to = std::numeric_limits<std::int64_t>::max();
  Program units;
};

// A clause of a policy as written: its place, and the `because` phrase if any.
struct ClauseInfo {
  Origin origin;
  std::string because;
};

struct PolicyVersion {
  std::string name;
  std::string title;
  bool pooled = false;  // false: each code is its own pool
  bool pool_by_discipline = false;
  bool is_table = false;
  Program formula;
  std::vector<TableRowPlan> rows;
  bool has_full_units = false;
  Program full_units;
  bool rest_by_leftover = true;
  bool ties_alternatives = false;
  bool ties_fewest_units = false;  // among tied codes, the one with fewer units comes first
  std::vector<std::string> sources;
  ClauseInfo pool_clause, units_clause, full_clause, rest_clause, ties_clause, ties_order_clause;
  InForce in_force;
  Origin origin;

  // Units for `minutes` of a code (or pool) whose unit length is `unit`.
  EvalStatus units(std::int64_t minutes, std::int64_t unit, std::int64_t& out) const;
};

// No modifier of the plan: the id of a name no `modifier` declares.
inline constexpr std::uint32_t kNoModifier = std::numeric_limits<std::uint32_t>::max();

// `discipline modifier GP for PT`.
struct DisciplineModifierPlan {
  std::string modifier;
  std::string discipline;
  std::uint32_t modifier_id = kNoModifier;  // index into Plan::modifiers
};

// One code ("97140") or a range of codes ("98940..98942"; `to` empty for one code) as written.
struct CodeRangePlan {
  std::string from;
  std::string to;
};

// A set of codes as indexes into Plan::codes, sorted.
struct CodeSet {
  std::vector<std::uint32_t> ids;
  bool contains(std::uint32_t id) const;
  std::string text;                   // as written: "98940..98942, 97140"
  std::vector<CodeRangePlan> ranges;  // as written, to resolve `ids` again (a test's own codes)
};

// `counts 99497, 99498 with cpt-midpoint` (or `counts family NAME`, `counts discipline NAME`):
// the policy that counts these lines for the payer instead of its own `policy`.
struct PolicyClaim {
  std::uint32_t policy = 0;  // index into Plan::policies
  bool by_discipline = false;
  CodeSet codes;           // the codes claimed, when not by discipline
  std::string discipline;  // the discipline claimed
  std::string family;      // the family named, if any
  bool extension = false;  // written in a `payer NAME also` declaration
  InForce in_force;        // the payer version's dates met with the extension's and family's
  ClauseInfo clause;       // the `counts` clause and its `because`

  // In force on `date`; without a date (the newest rules), when it has no end.
  bool applies(std::optional<lang::Date> date) const {
    return date ? in_force.contains(*date) : in_force.expires == InForce{}.expires;
  }
};

struct PayerVersion {
  std::string name;
  std::string title;
  std::uint32_t policy = 0;         // index into Plan::policies: the default for unclaimed lines
  std::vector<PolicyClaim> claims;  // code claims win over discipline claims
  std::vector<Origin> extensions;   // the `payer NAME also` declarations that add claims
  std::vector<DisciplineModifierPlan> discipline_modifiers;
  std::string default_discipline;    // `default discipline PT`; empty when the payer names none
  std::vector<std::string> aliases;  // `aliases "Acme Health Plan"`: other names input may give
  std::vector<std::string> sources;
  InForce in_force;
  Origin origin;

  // The claim that counts a line of `code` under `discipline` on `date`: a claim of its code,
  // else of its discipline; null when the payer's own policy counts it.
  const PolicyClaim* claim_for(std::uint32_t code, std::string_view discipline,
                               std::optional<lang::Date> date) const;
};

struct EditVersion {
  std::string name;
  std::string title;
  CodeSet column1;
  CodeSet column2;
  std::vector<std::string> bypass;
  bool bypass_either = false;  // a bypass modifier counts on the column 1 line too
  bool no_bypass = false;
  std::string when;
  std::string message;
  std::vector<std::uint32_t> payers;  // empty: every payer
  int severity = 1;                   // 0 error, 1 warning, 2 info (FindingSeverity)
  std::vector<std::string> sources;
  InForce in_force;
  Origin origin;
};

struct ModifierVersion {
  std::string name;
  std::string title;
  InForce in_force;
  Origin origin;
};

struct LimitVersion {
  std::string name;
  std::string title;
  CodeSet codes;
  std::int64_t max_units = 0;
  std::vector<std::uint32_t> payers;
  std::string message;
  std::vector<std::string> sources;
  InForce in_force;
  Origin origin;
};

// `provider PTA "Physical therapist assistant"`: a kind of provider input may name.
struct ProviderPlan {
  std::string name;
  std::string title;
  std::vector<std::string> sources;
  Origin origin;
};

// One side of a check's condition: `number`, a value of the line, or `number`% of it.
struct CheckOperandPlan {
  std::optional<LineValue> value;  // none: the number itself
  std::int64_t number = 0;
  bool percent = false;
};

// `when assistant_minutes > 10% of minutes`.
struct CheckConditionPlan {
  CheckOperandPlan left;
  lang::ast::Op op = lang::ast::Op::gt;
  CheckOperandPlan right;
};

// A modifier a check names, with its id (kNoModifier when undeclared).
struct CheckModifier {
  std::string name;
  std::uint32_t id = 0;
};

// `check NAME "title" { ... }`: the finding `check.NAME` on every line it matches.
struct CheckVersion {
  std::string name;
  std::string title;
  bool all_codes = true;  // no `codes` clause
  CodeSet codes;
  std::vector<std::uint32_t> payers;                // empty: every payer
  std::vector<std::string> disciplines;             // empty: any
  std::uint64_t provider_bits = 0;                  // bit i: provider i; 0: any provider (or none)
  std::vector<std::vector<CheckModifier>> with;     // each: one of them on the line
  std::vector<std::vector<CheckModifier>> without;  // each: none of them on the line
  std::vector<CheckConditionPlan> conditions;
  bool reads_assistant = false;  // a condition reads assistant_minutes
  int severity = 1;              // 0 error, 1 warning, 2 info (FindingSeverity)
  std::string message;
  std::string because;
  std::vector<std::string> sources;
  InForce in_force;
  Origin origin;
};

// A ranged code's minutes as written: "38..52 min", "53 min or more".
inline std::string time_range_text(const CodeVersion& v) {
  return v.range_to == std::numeric_limits<std::int64_t>::max()
             ? std::to_string(v.range_from) + " min or more"
             : std::to_string(v.range_from) + ".." + std::to_string(v.range_to) + " min";
}

// Where Entry::at looked, for messages: "on 2025-03-04", or without a date "in the newest rules".
inline std::string when_text(std::optional<lang::Date> date) {
  return date ? "on " + lang::format_date(*date) : std::string("in the newest rules");
}

template <typename Version>
struct Entry {
  std::string name;
  std::vector<Version> versions;  // sorted by effective date, never overlapping

  // The version in force on `date`. Without a date, the newest rules: the version in force
  // after every date the rules name, so a version with an `expires` date (a retired code, an
  // ended edit) is never used without a date. Null when none is.
  const Version* at(std::optional<lang::Date> date) const {
    if (!date) {
      const bool open = !versions.empty() && versions.back().in_force.expires == InForce{}.expires;
      return open ? &versions.back() : nullptr;
    }
    for (const Version& v : versions) {
      if (v.in_force.contains(*date))
        return &v;
    }
    return nullptr;
  }
};

// A family of codes chosen by time range: the codes (indexes into Plan::codes) that name it.
struct Family {
  std::string name;
  std::vector<std::uint32_t> codes;
};

// The immutable result of planning: shared by every evaluation (and thread).
class Plan {
 public:
  std::vector<Entry<CodeVersion>> codes;
  std::vector<Family> families;
  std::vector<Entry<PolicyVersion>> policies;
  std::vector<Entry<PayerVersion>> payers;
  std::vector<Entry<EditVersion>> edits;
  std::vector<Entry<ModifierVersion>> modifiers;
  std::vector<Entry<LimitVersion>> limits;
  std::vector<ProviderPlan> providers;  // at most kMaxProviders, in name order
  std::vector<Entry<CheckVersion>> checks;
  // Every discipline the rules name (codes' `disciplines`, payers' discipline modifiers and
  // default disciplines), in the order first named.
  std::vector<std::string> disciplines;

  std::optional<std::uint32_t> find_code(std::string_view code) const;
  std::optional<std::uint32_t> find_policy(std::string_view name) const;
  // A payer by its name as written, else by its name or an alias regardless of letter case.
  std::optional<std::uint32_t> find_payer(std::string_view name) const;
  std::optional<std::uint32_t> find_modifier(std::string_view name) const;
  // A discipline of `disciplines`, matched regardless of letter case.
  std::optional<std::uint32_t> find_discipline(std::string_view name) const;
  // A provider of `providers`, matched regardless of letter case.
  std::optional<std::uint32_t> find_provider(std::string_view name) const;
  std::vector<std::string> provider_names() const;

  // Every name of a kind, for did-you-mean and completion.
  std::vector<std::string> code_names() const;
  std::vector<std::string> payer_names() const;
  std::vector<std::string> policy_names() const;
  std::vector<std::string> modifier_names() const;

  // Adds lookup indexes; called once by `plan`.
  void index();

  // A readable dump of the plan (`cptrules check --dump plan`).
  std::string dump() const;

 private:
  std::unordered_map<std::string, std::uint32_t> code_ids_;
  std::unordered_map<std::string, std::uint32_t> policy_ids_;
  std::unordered_map<std::string, std::uint32_t> payer_ids_;
  std::unordered_map<std::string, std::uint32_t>
      payer_folded_ids_;  // names and aliases, lower case
  std::unordered_map<std::string, std::uint32_t> modifier_ids_;
};

// Compiles checked rules. Never fails on checked input. The plan keeps no pointer into the rules
// or their syntax trees: what evaluation and explanation need is copied (places as Origins), and
// formulas are the programs the checker compiled.
std::shared_ptr<const Plan> plan(const RuleSet& rules);

// A test's plan: `base` with the test's own codes added as if declared, each standing in for a
// loaded code of the same name. Only the codes are planned; the rest is `base`'s, with the code
// sets of edits and limits and the add-on links resolved again.
std::shared_ptr<const Plan> plan_with_codes(const Plan& base,
                                            const std::vector<Located<lang::ast::CodeDecl>>& codes);

}  // namespace cptrules::interp
