// Checks of a test block against the rules: the findings it expects exist, and a test without a
// date does not miss versions of its rules that take effect after the default date.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "lexicon.hpp"
#include "rule_set.hpp"

namespace cptrules::interp {

// True when the declaration `kind name` did not parse (its uses are not reported again).
using IsBroken = std::function<bool(lang::lexicon::Declaration, std::string_view)>;

// E0221: an `expect finding ID` or `expect no finding ID` whose ID evaluation never gives (one of
// kFindingIds, or edit.NAME / limit.NAME of a declared edit or limit), with did-you-mean.
void check_expected_findings(const RuleSet& rules, const lang::ast::TestDecl& t,
                             const std::shared_ptr<const lang::SourceFile>& file,
                             const IsBroken& broken, lang::Diagnostics& out);

// W0424: a test without `date` (run on kDefaultTestDate) whose payer, the payer's policies or the
// codes of its cases have a version that takes effect after that date (not for the tests of the
// standard rule files).
void check_test_date(const RuleSet& rules, const lang::ast::TestDecl& t,
                     const std::shared_ptr<const lang::SourceFile>& file, lang::Diagnostics& out);

}  // namespace cptrules::interp
