// Claim checks: modifiers, code-pair edits and per-day limits. They add findings and never
// change units.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "scratch.hpp"
#include "suggest.hpp"

namespace cptrules::interp {

using lang::did_you_mean;

namespace {

template <typename Version>
bool applies_to(const Version& v, std::uint32_t payer) {
  return v.payers.empty() || std::find(v.payers.begin(), v.payers.end(), payer) != v.payers.end();
}

}  // namespace

// Modifiers, code-pair edits and per-day limits: they add findings and never change units.
void Evaluator::check_claim(const Encounter& enc, const PayerVersion& payer,
                            std::optional<lang::Date> date, Result& r) {
  Scratch& s = *scratch_;
  // The payer evaluate() looked up, when the version carries the name it was found by.
  const std::uint32_t payer_id =
      payer.name == s.payer_name ? s.payer_id : s.find_payer(*plan_, payer.name);
  check_modifiers(enc, payer, date, r);
  check_edits(enc, payer_id, date, r);
  check_limits(payer_id, date, r);
  check_lines(enc, payer_id, date, r);
}

// Every modifier known and in force; discipline modifiers where the payer asks for them.
void Evaluator::check_modifiers(const Encounter& enc, const PayerVersion& payer,
                                std::optional<lang::Date> date, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  bool modifiers_fine = s.modifier_bits_exact;
  if (modifiers_fine) {
    std::uint64_t used = 0;
    for (const WorkLine& line : s.lines)
      used |= line.modifier_bits;
    for (std::uint32_t id = 0; used != 0; ++id, used >>= 1) {
      if ((used & 1U) != 0 && !plan.modifiers[id].at(date))
        modifiers_fine = false;
    }
  }
  if (!modifiers_fine && !plan.modifiers.empty()) {
    for (std::size_t i = 0; i < enc.services.size(); ++i) {
      for (const std::string& m : enc.services[i].modifiers) {
        const std::uint32_t id = s.find_modifier(plan, m);
        if (id == NameCache::kNone) {
          add_line_finding(
              r, FindingSeverity::warning, "modifier.unknown",
              fmt::format("services[{}]: modifier {} on {} is not known{}", i, m,
                          enc.services[i].code, did_you_mean(m, plan.modifier_names())),
              enc.services[i].code, s.service_discipline[i]);
        } else if (!plan.modifiers[id].at(date)) {
          add_line_finding(
              r, FindingSeverity::warning, "modifier.not-in-force",
              fmt::format("services[{}]: modifier {} is not in force {}", i, m, when_text(date)),
              enc.services[i].code, s.service_discipline[i]);
        }
      }
    }
  }
  if (!payer.discipline_modifiers.empty()) {
    for (const WorkLine& line : s.lines) {
      if (!line.version || line.version->disciplines.empty())
        continue;
      const std::string& code = line.version->code;
      const DisciplineModifierPlan* wanted = nullptr;
      const DisciplineModifierPlan* carried = nullptr;
      bool wanted_carried = false;  // whether the last `wanted` is carried
      for (const DisciplineModifierPlan& dm : payer.discipline_modifiers) {
        const bool is_carried = s.carries(enc, line, dm.modifier, dm.modifier_id);
        if (same(dm.discipline, line.discipline)) {
          wanted = &dm;
          wanted_carried = is_carried;
        }
        if (is_carried)
          carried = carried ? carried : &dm;
      }
      if (wanted && !wanted_carried) {
        if (carried) {
          add_line_finding(r, FindingSeverity::warning, "modifier.discipline-mismatch",
                           fmt::format("{} carries {} ({}), but it is billed under {}: {} wants {}",
                                       code, carried->modifier, carried->discipline,
                                       line.discipline, payer.name, wanted->modifier),
                           code, line.discipline);
        } else {
          add_line_finding(r, FindingSeverity::warning, "modifier.discipline-missing",
                           fmt::format("{} is billed under {}: {} wants modifier {} on it", code,
                                       line.discipline, payer.name, wanted->modifier),
                           code, line.discipline);
        }
      }
    }
  }
}

// Code-pair edits: a column 2 code billed with a column 1 code, unless a bypass modifier lets
// the pair through (on the column 2 line; on either line when the edit says so). A modifier
// bypasses only on the dates its own `effective` and `expires` put it in force. The `when`
// words complete "C2 is not separately payable with C1 ...", in both findings.
void Evaluator::check_edits(const Encounter& enc, std::uint32_t payer_id,
                            std::optional<lang::Date> date, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  // The edits with a billed line in each column; every edit when the rules have too many to mark.
  const bool marked = !s.edit_column1.empty();
  std::uint64_t candidates = 0;
  if (marked) {
    std::uint64_t column1 = 0;
    std::uint64_t column2 = 0;
    for (const WorkLine& line : s.lines) {
      if (line.units > 0 && line.code_id < s.edit_column1.size()) {
        column1 |= s.edit_column1[line.code_id];
        column2 |= s.edit_column2[line.code_id];
      }
    }
    candidates = column1 & column2;
  }
  const bool edits_may_apply =
      marked ? candidates != 0 : s.any_billed(s.in_column1) && s.any_billed(s.in_column2);
  for (std::size_t e = 0; edits_may_apply && e < plan.edits.size(); ++e) {
    if (marked && ((candidates >> e) & 1) == 0)
      continue;
    const Entry<EditVersion>& entry = plan.edits[e];
    const EditVersion* edit = entry.at(date);
    if (!edit || !applies_to(*edit, payer_id))
      continue;
    for (const WorkLine& first : s.lines) {
      if (first.units <= 0 || !edit->column1.contains(first.code_id))
        continue;
      for (const WorkLine& second : s.lines) {
        if (second.units <= 0 || &second == &first || !edit->column2.contains(second.code_id))
          continue;
        const std::string& c1 = plan.codes[first.code_id].name;
        const std::string& c2 = plan.codes[second.code_id].name;
        std::string bypassed_by;
        const std::string* bypassed_on = &c2;
        std::string not_in_force;  // a bypass modifier carried before (or after) its own dates
        if (!edit->no_bypass) {
          for (const std::string& m : edit->bypass) {
            const std::uint32_t id = s.find_modifier(plan, m);
            if (id != kNoModifier && !plan.modifiers[id].at(date)) {
              if (not_in_force.empty() && (s.carries(enc, second, m, id) ||
                                           (edit->bypass_either && s.carries(enc, first, m, id))))
                not_in_force = m;
              continue;
            }
            if (s.carries(enc, second, m, id)) {
              bypassed_by = m;
              break;
            }
            if (edit->bypass_either && s.carries(enc, first, m, id)) {
              bypassed_by = m;
              bypassed_on = &c1;
              break;
            }
          }
        }
        const std::string when =
            edit->when.empty() ? std::string() : fmt::format(" {}", edit->when);
        if (!bypassed_by.empty()) {
          add_line_finding(
              r, FindingSeverity::info, "edit.bypassed",
              fmt::format("{} with {}: modifier {} on {} bypasses edit '{}'{}; it is right only "
                          "if the clinical facts support it",
                          c2, c1, bypassed_by, *bypassed_on, edit->name,
                          when.empty() ? std::string()
                                       : fmt::format(" ({} is not separately payable with {}{})",
                                                     c2, c1, when)),
              c2, second.discipline);
          record_check(CheckDecision::Kind::edit_bypassed, edit->name, edit->origin, r);
          continue;
        }
        std::string text = fmt::format("{} is not separately payable with {}{}", c2, c1, when);
        if (!edit->message.empty())
          text += fmt::format(": {}", edit->message);
        if (!not_in_force.empty())
          text += fmt::format("; modifier {} is not in force {}, so it does not bypass this edit",
                              not_in_force, when_text(date));
        if (edit->no_bypass) {
          text += "; no modifier bypasses this edit";
        } else if (!edit->bypass.empty()) {
          text += fmt::format(
              "; modifier {} on {} makes the pair billable when the clinical facts "
              "support it",
              lang::word_list(edit->bypass, "or"),
              edit->bypass_either ? std::string("either line") : c2);
        }
        add_line_finding(r, static_cast<FindingSeverity>(edit->severity),
                         fmt::format("edit.{}", edit->name), std::move(text), c2,
                         second.discipline);
        record_check(CheckDecision::Kind::edit, edit->name, edit->origin, r);
      }
    }
  }
}

// Per-day unit limits: a code whose units exceed one gets its finding.
void Evaluator::check_limits(std::uint32_t payer_id, std::optional<lang::Date> date, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  if (!s.any_line(s.in_limit))
    return;
  for (const Entry<LimitVersion>& entry : plan.limits) {
    const LimitVersion* limit = entry.at(date);
    if (!limit || !applies_to(*limit, payer_id))
      continue;
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
      const WorkLine& line = s.lines[i];
      if (!limit->codes.contains(line.code_id))
        continue;
      // A code's units of the day, over its lines of every discipline; said at its first line.
      std::int64_t units = 0;
      bool first = true;
      for (std::size_t j = 0; j < s.lines.size(); ++j) {
        if (s.lines[j].code_id != line.code_id)
          continue;
        units += s.lines[j].units;
        first = first && j >= i;
      }
      if (!first || units <= limit->max_units)
        continue;
      std::string text =
          fmt::format("{} has {} units; '{}' allows at most {} per day",
                      plan.codes[line.code_id].name, units, limit->name, limit->max_units);
      if (!limit->message.empty())
        text += fmt::format(": {}", limit->message);
      add_line_finding(r, FindingSeverity::warning, fmt::format("limit.{}", limit->name),
                       std::move(text), plan.codes[line.code_id].name, line.discipline);
      record_check(CheckDecision::Kind::limit, limit->name, limit->origin, r);
    }
  }
}

void Evaluator::record_check(CheckDecision::Kind kind, const std::string& rule,
                             const Origin& origin, const Result& r) {
  if (Decisions* record = scratch_->record)
    record->checks.push_back({kind, rule, r.findings.size() - 1, &origin});
}

}  // namespace cptrules::interp
