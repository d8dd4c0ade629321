// Checks of providers and `check` declarations: names, clauses, conditions and placeholders.
#include "line_checks.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "suggest.hpp"

namespace cptrules::interp {

namespace ast = lang::ast;

namespace {

using SourcePtr = std::shared_ptr<const lang::SourceFile>;

// Numbers in a condition stay small, so that comparing shares never overflows.
constexpr std::int64_t kMaxConditionNumber = 100000;

std::vector<std::string> value_names() {
  return {kLineValueNames.begin(), kLineValueNames.end()};
}

// A side of a condition: a known line value, or a number. False when it was reported.
bool check_operand(const ast::CheckOperand& o, const SourcePtr& file, lang::Diagnostics& out) {
  if (!o.name || line_value(o.name->text))
    return true;
  lang::Diagnostic& d = out.error(
      "E0320", file, o.name->span,
      fmt::format("'{}' is no value of a line; a condition reads minutes, assistant_minutes "
                  "or units",
                  o.name->text));
  if (auto near = lang::closest(o.name->text, value_names()))
    d.notes.push_back({fmt::format("did you mean {}?", *near), {}});
  return false;
}

void check_condition(const ast::CheckCondition& c, const SourcePtr& file, lang::Diagnostics& out) {
  const bool left = check_operand(c.left, file, out);
  const bool right = check_operand(c.right, file, out);
  if (!left || !right)
    return;
  if (!c.left.name && !c.right.name) {
    out.error("E0320", file, c.span,
              "the condition compares two numbers; one side must be a value of the line "
              "(minutes, assistant_minutes, units)");
  }
  for (const ast::CheckOperand* o : {&c.left, &c.right}) {
    if (!o->percent && o->number && o->number->value > kMaxConditionNumber) {
      out.error("E0320", file, o->span,
                fmt::format("a number in a condition is at most {}, got {}", kMaxConditionNumber,
                            o->number->value));
    }
    if (o->percent && o->number->value > 100) {
      out.error(
          "E0320", file, o->span,
          fmt::format("a share of a line's value is at most 100%, got {}%", o->number->value));
    }
  }
}

// Each `{name}` of the message must be a placeholder a check fills in.
void check_message(const ast::StringLit& m, const SourcePtr& file, lang::Diagnostics& out) {
  const std::string& text = m.value;
  std::vector<std::string> known = value_names();
  known.insert(known.end(), kCheckPlaceholders.begin(), kCheckPlaceholders.end());
  for (std::size_t open = text.find('{'); open != std::string::npos;
       open = text.find('{', open + 1)) {
    const std::size_t close = text.find('}', open);
    const std::string word =
        close == std::string::npos ? text.substr(open) : text.substr(open + 1, close - open - 1);
    if (close != std::string::npos && std::find(known.begin(), known.end(), word) != known.end())
      continue;
    lang::Diagnostic& d = out.error(
        "E0322", file, m.span,
        close == std::string::npos
            ? std::string("the message opens '{' without closing it")
            : fmt::format("the message names '{{{}}}', which a check does not fill in", word));
    if (auto near = lang::closest(word, known))
      d.notes.push_back({fmt::format("did you mean {{{}}}?", *near), {}});
    else
      d.notes.push_back({lang::known_names("placeholders", known), {}});
    return;
  }
}

void check_one(const RuleSet& rules, const ast::CheckDecl& d, const SourcePtr& file,
               const LineCheckHooks& hooks, lang::Diagnostics& out) {
  hooks.code_set(d.codes, file);
  hooks.payers(d.payers, file);
  for (const ast::Name& n : d.disciplines)
    hooks.discipline(n, file);
  for (const ast::Name& n : d.providers)
    check_provider_name(rules, n, file, hooks, out);
  for (const auto& list : d.with) {
    for (const ast::Name& m : list)
      hooks.modifier(m, file);
  }
  for (const auto& list : d.without) {
    for (const ast::Name& m : list)
      hooks.modifier(m, file);
  }
  for (const ast::CheckCondition& c : d.conditions)
    check_condition(c, file, out);
  if (d.message)
    check_message(*d.message, file, out);
  if (d.codes.empty() && d.providers.empty() && d.with.empty() && d.without.empty() &&
      d.conditions.empty()) {
    out.error("E0321", file, d.name.span,
              fmt::format("check '{}' tests nothing: it would give its finding on every line",
                          d.name.text))
        .notes.push_back({"add 'codes CODES', 'provider NAME', 'with MODIFIER', 'without "
                          "MODIFIER' or 'when CONDITION'",
                          {}});
  }
}

}  // namespace

std::optional<LineValue> line_value(std::string_view name) {
  for (std::size_t i = 0; i < kLineValueNames.size(); ++i) {
    if (kLineValueNames[i] == name)
      return static_cast<LineValue>(i);
  }
  return std::nullopt;
}

void check_provider_name(const RuleSet& rules, const ast::Name& name, const SourcePtr& file,
                         const LineCheckHooks& hooks, lang::Diagnostics& out) {
  if (rules.providers.count(name.text) || hooks.broken_provider(name.text))
    return;
  lang::Diagnostic& d =
      out.error("E0319", file, name.span, fmt::format("unknown provider '{}'", name.text));
  lang::add_name_note(d, name.text, keys_of(rules.providers), "providers");
}

void check_line_checks(const RuleSet& rules, const LineCheckHooks& hooks, lang::Diagnostics& out) {
  if (rules.providers.size() > kMaxProviders) {
    const auto& [name, versions] = *std::next(rules.providers.begin(), kMaxProviders);
    out.error("E0319", versions.front().file, versions.front().decl->name.span,
              fmt::format("at most {} providers may be declared; '{}' is one too many",
                          kMaxProviders, name));
  }
  for (const auto& [name, versions] : rules.checks) {
    for (const auto& v : versions)
      check_one(rules, *v.decl, v.file, hooks, out);
  }
}

}  // namespace cptrules::interp
