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

}  // namespace cptrules::interp
