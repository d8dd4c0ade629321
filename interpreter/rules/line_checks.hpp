// Checks of the declarations about a line: providers, and `check` rules (their names, clauses,
// conditions and message placeholders), and a test's `by PROVIDER`.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "rule_set.hpp"

namespace cptrules::interp {

// The values of a line that a check's condition and message may read.
enum class LineValue : std::uint8_t { minutes, assistant_minutes, units };
inline constexpr std::array<std::string_view, 3> kLineValueNames{"minutes", "assistant_minutes",
                                                                 "units"};
// The placeholders a check's message may hold, besides the line values.
inline constexpr std::array<std::string_view, 4> kCheckPlaceholders{"code", "discipline",
                                                                    "provider", "payer"};
// Provider ids that fit in a line's provider bits.
inline constexpr std::size_t kMaxProviders = 64;

// The checker's own reports, called for the clauses a check shares with edits and limits.
struct LineCheckHooks {
  std::function<void(const std::vector<lang::ast::CodeRange>&,
                     const std::shared_ptr<const lang::SourceFile>&)>
      code_set;
  std::function<void(const std::vector<lang::ast::Name>&,
                     const std::shared_ptr<const lang::SourceFile>&)>
      payers;
  std::function<void(const lang::ast::Name&, const std::shared_ptr<const lang::SourceFile>&)>
      modifier;
  std::function<void(const lang::ast::Name&, const std::shared_ptr<const lang::SourceFile>&)>
      discipline;
  std::function<bool(std::string_view)> broken_provider;  // a provider that did not parse
};

// Every check of the rules: E0319 (an unknown provider), E0320 (a condition), E0321 (a check
// that tests nothing), E0322 (a message placeholder), and the hooks' own reports.
void check_line_checks(const RuleSet& rules, const LineCheckHooks& hooks, lang::Diagnostics& out);

// A provider named by a test's `by` or a check's `provider` must be declared (E0319).
void check_provider_name(const RuleSet& rules, const lang::ast::Name& name,
                         const std::shared_ptr<const lang::SourceFile>& file,
                         const LineCheckHooks& hooks, lang::Diagnostics& out);

// The line value `name` spells, if it is one.
std::optional<LineValue> line_value(std::string_view name);

}  // namespace cptrules::interp
