// The `counts ... with POLICY` clauses of a payer and its `payer NAME also` extensions, resolved
// to claims with their dates and codes (for the checker and the planner), and their checks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "rule_set.hpp"

namespace cptrules::interp {

// One `counts` clause of one payer, on the dates it holds: the payer version's (or the
// extension's) dates, met with the family version's when it names a declared family. A family's
// codes are those its declaration lists and those that name it (`family NAME` in a code).
struct CountsClaim {
  const lang::ast::PayerDecl* payer = nullptr;  // the declaration it is written in
  const lang::ast::CountsClause* clause = nullptr;
  std::shared_ptr<const lang::SourceFile> file;
  std::shared_ptr<const std::vector<lang::ast::CodeRange>> codes;  // null for a discipline
  std::string family;                                              // the family named, if any
  std::int32_t effective = 0;
  std::int32_t expires = 0;  // inclusive
};

// Every claim of `payer`: its versions' clauses, then its extensions' (a family with several
// versions gives a claim for each). Names that are unknown are left out.
std::vector<CountsClaim> counts_claims(const RuleSet& rules, std::string_view payer);

// The codes whose declarations (any version) name family `name` in a `family` clause.
std::vector<std::string> family_members(const RuleSet& rules, std::string_view name);

// The defined codes of a set as written (ranges expanded as edits' are).
std::set<std::string, std::less<>> codes_in(const RuleSet& rules,
                                            const std::vector<lang::ast::CodeRange>& set);

// What the checker lends the checks of `counts` clauses and families.
struct CountsCheckContext {
  // True when the declaration `kind name` did not parse (its uses are not reported).
  std::function<bool(lang::lexicon::Declaration, std::string_view)> broken;
  // The checker's check of a code set (E0203, W0406).
  std::function<void(const std::vector<lang::ast::CodeRange>&,
                     const std::shared_ptr<const lang::SourceFile>&)>
      check_code_set;
  std::set<std::string, std::less<>>* used_policies = nullptr;
};

// Checks families (their codes), `counts` clauses (E0202, E0212, E0204 for an extension's payer),
// extensions' clauses (E0316), two policies claiming a code or discipline on the same dates
// (E0315) and families no payer counts (W0412).
void check_counts(const RuleSet& rules, const CountsCheckContext& cx,
                  lang::Diagnostics& diagnostics);

}  // namespace cptrules::interp
