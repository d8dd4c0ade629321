// check: names, types, dates and consistency of all loaded rule files, reported together.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "rule_set.hpp"

namespace cptrules::interp {

struct CheckResult {
  std::shared_ptr<const RuleSet> rules;  // null when there are errors
  lang::Diagnostics diagnostics;
};

// Checks every module together: every independent error is reported once (no cascades), and
// suspicious but legal rules get warnings. `rules` is set only when no error was found.
CheckResult check(std::vector<lang::ast::Module> modules);

class Plan;

// Warns (W0408) about every version of a timed code that no payer's policy can give a unit: on
// no date of service on which it is in force is there a payer, and a policy of that payer, in
// force whose units are above 0 for some minutes of its unit length up to a day. Runs on the
// plan of rules that passed `check`, so that it counts units exactly as the evaluator does.
void warn_unpriced_codes(const Plan& plan, lang::Diagnostics& diagnostics);

}  // namespace cptrules::interp
