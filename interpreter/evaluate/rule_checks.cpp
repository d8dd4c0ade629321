// The rules' `check` declarations over the lines: a check that matches a line gives its finding
// `check.NAME` on that line. Findings only; units never change.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "scratch.hpp"

namespace cptrules::interp {

namespace {

// A side of a condition as a fraction num / den (den 100 for a percentage); false when it reads
// a value the line does not state (minutes of a service given none, an assistant's minutes).
bool operand_value(const CheckOperandPlan& o, const WorkLine& line, std::int64_t& num,
                   std::int64_t& den) {
  den = 1;
  num = o.number;
  if (!o.value)
    return true;
  std::int64_t v = 0;
  switch (*o.value) {
    case LineValue::minutes:
      if (!line.has_minutes)
        return false;
      v = line.minutes;
      break;
    case LineValue::assistant_minutes:
      if (!line.has_assistant)
        return false;
      v = line.assistant_minutes;
      break;
    case LineValue::units:
      v = line.units;
      break;
  }
  if (o.percent) {
    num = o.number * v;  // the checker keeps shares at most 100% and values are day minutes
    den = 100;
  } else {
    num = v;
  }
  return true;
}

bool holds(const CheckConditionPlan& c, const WorkLine& line) {
  std::int64_t ln = 0, ld = 1, rn = 0, rd = 1;
  if (!operand_value(c.left, line, ln, ld) || !operand_value(c.right, line, rn, rd))
    return false;
  const std::int64_t a = ln * rd;
  const std::int64_t b = rn * ld;
  switch (c.op) {
    case lang::ast::Op::lt:
      return a < b;
    case lang::ast::Op::le:
      return a <= b;
    case lang::ast::Op::gt:
      return a > b;
    case lang::ast::Op::ge:
      return a >= b;
    case lang::ast::Op::eq:
      return a == b;
    default:
      return a != b;
  }
}

// The names of the providers of a line's bits: "PTA", "PT and PTA".
std::string providers_text(const Plan& plan, std::uint64_t bits) {
  std::string out;
  for (std::size_t i = 0; i < plan.providers.size() && bits != 0; ++i) {
    if (((bits >> i) & 1U) == 0)
      continue;
    bits &= ~(std::uint64_t{1} << i);
    out += out.empty() ? "" : bits == 0 ? " and " : ", ";
    out += plan.providers[i].name;
  }
  return out;
}

}  // namespace

// Each check in force for the payer, on each line it matches. The checks that need a provider
// or an assistant's minutes are passed over at once when the encounter states none.
void Evaluator::check_lines(const Encounter& enc, std::uint32_t payer_id,
                            std::optional<lang::Date> date, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  if (plan.checks.empty())
    return;
  if (!s.ungated_checks && !s.any_provider && !s.any_assistant) {
    std::uint64_t modifiers = 0;
    for (const WorkLine& line : s.lines)
      modifiers |= line.modifier_bits;
    if ((modifiers & s.check_with_bits) == 0 && !s.any_line(s.in_check))
      return;
  }
  for (const Entry<CheckVersion>& entry : plan.checks) {
    const CheckVersion* check = entry.at(date);
    if (!check || (check->provider_bits != 0 && !s.any_provider) ||
        (check->reads_assistant && !s.any_assistant))
      continue;
    if (!check->payers.empty() &&
        std::find(check->payers.begin(), check->payers.end(), payer_id) == check->payers.end())
      continue;
    for (const WorkLine& line : s.lines) {
      if (!line.version ||
          (check->provider_bits != 0 && (line.provider_bits & check->provider_bits) == 0))
        continue;
      if (!check->all_codes && !check->codes.contains(line.code_id))
        continue;
      if (!check->disciplines.empty() &&
          std::none_of(check->disciplines.begin(), check->disciplines.end(),
                       [&](const std::string& d) { return same(d, line.discipline); }))
        continue;
      const auto carries_one = [&](const std::vector<CheckModifier>& list) {
        return std::any_of(list.begin(), list.end(), [&](const CheckModifier& m) {
          return s.carries(enc, line, m.name, m.id);
        });
      };
      if (!std::all_of(check->with.begin(), check->with.end(), carries_one) ||
          std::any_of(check->without.begin(), check->without.end(), carries_one))
        continue;
      if (!std::all_of(check->conditions.begin(), check->conditions.end(),
                       [&](const CheckConditionPlan& c) { return holds(c, line); }))
        continue;
      const std::string& code = plan.codes[line.code_id].name;
      std::string text = check->message.empty() ? fmt::format("{}: {}", code, check->title)
                                                : fill_message(*check, line, code, r);
      if (!check->because.empty())
        text += fmt::format(" (because {})", check->because);
      add_line_finding(r, static_cast<FindingSeverity>(check->severity),
                       fmt::format("check.{}", check->name), std::move(text), code,
                       line.discipline);
      record_check(CheckDecision::Kind::check, check->name, check->origin, r);
    }
  }
}

// The message with its placeholders filled in for `line`.
std::string Evaluator::fill_message(const CheckVersion& check, const WorkLine& line,
                                    const std::string& code, const Result& r) const {
  const Plan& plan = *plan_;
  const std::string& m = check.message;
  std::string out;
  for (std::size_t i = 0; i < m.size(); ++i) {
    const std::size_t close = m[i] == '{' ? m.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += m[i];
      continue;
    }
    const std::string_view word(m.data() + i + 1, close - i - 1);
    if (word == "code") {
      out += code;
    } else if (word == "discipline") {
      out += line.discipline;
    } else if (word == "minutes") {
      out += std::to_string(line.minutes);
    } else if (word == "assistant_minutes") {
      out += std::to_string(line.assistant_minutes);
    } else if (word == "units") {
      out += std::to_string(line.units);
    } else if (word == "provider") {
      out += providers_text(plan, line.provider_bits);
    } else if (word == "payer") {
      out += r.payer;
    } else {
      out.append(m, i, close - i + 1);
    }
    i = close;
  }
  return out;
}

}  // namespace cptrules::interp
