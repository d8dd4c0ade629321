// Checks of the links between codes: an add-on and its initial code, and the codes of a family
// chosen by time range (their ranges may neither overlap nor leave gaps).
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "rule_set.hpp"

namespace cptrules::interp {

using SourcePtr = std::shared_ptr<const lang::SourceFile>;
using CodeNames = std::set<std::string, std::less<>>;

// Reports a code name that no declaration defines (the checker's own report, with
// did-you-mean and without repeats).
using ReportUnknownCode = std::function<void(const lang::ast::Name&, const SourcePtr&)>;

// The checks of one code's own time-range clauses: a range needs a family (E0209) and must hold
// a minute (E0211).
void check_code_range(const lang::ast::CodeDecl& d, const SourcePtr& file, lang::Diagnostics& out);

// Each add-on is timed in units of its own and names an initial code that bills only its first
// block, is no add-on itself, matches the block the add-on states, and has no other add-on
// (E0208).
void check_addons(const RuleSet& rules, lang::Diagnostics& out, const ReportUnknownCode& unknown);

// The ranges of each family, on every date a version of it takes effect or ends: an overlap is
// E0210, a gap W0411.
void check_families(const RuleSet& rules, lang::Diagnostics& out);

// The codes a test case may expect besides those given: the add-on of an initial code given,
// and every code of the family of a code given (loaded codes and the test's own).
CodeNames linked_codes(const RuleSet& rules, const std::vector<lang::ast::CodeDecl>& local,
                       const CodeNames& given);

}  // namespace cptrules::interp
