// The services into lines: each service's code and discipline, clock time counted once, and one
// line per distinct code and discipline with its minutes added up.
#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "scratch.hpp"
#include "suggest.hpp"

namespace cptrules::interp {

namespace {

using lang::did_you_mean;

std::string minutes_text(std::int64_t minutes) {
  return minutes == 1 ? std::string("1 minute") : fmt::format("{} minutes", minutes);
}

}  // namespace

// A discipline named by the input, as the rules spell it; false (and an error record) when the
// rules know no such discipline.
// `service` is the index of the service whose field it is, or -1 for the encounter's.
bool Evaluator::known_discipline(std::string_view given, std::int64_t service,
                                 std::string_view& out, Result& r) const {
  const Plan& plan = *plan_;
  if (const auto id = plan.find_discipline(given)) {
    out = plan.disciplines[*id];
    return true;
  }
  const std::string field =
      service < 0 ? std::string("discipline") : fmt::format("services[{}].discipline", service);
  r.fail(
      "input.unknown-discipline",
      plan.disciplines.empty()
          ? fmt::format("{}: unknown discipline '{}': the rules name no discipline", field, given)
          : fmt::format("{}: unknown discipline '{}'{} (the rules know {})", field, given,
                        did_you_mean(given, plan.disciplines, 1),
                        lang::word_list(plan.disciplines)));
  return false;
}

// The discipline of a service of a known code, in the order of docs/timing-rules.md: its own
// field, the payer's discipline modifier on it, the encounter's, the code's only discipline,
// the payer's default discipline. A code whose rules list no discipline belongs to none.
std::string_view Evaluator::service_discipline(const Service& svc, std::string_view own,
                                               std::uint32_t code_id, const CodeVersion& shape,
                                               std::string_view encounter,
                                               const PayerVersion& payer, bool pooled_by_discipline,
                                               Result& r) {
  Scratch& s = *scratch_;
  const std::vector<std::string>& listed = shape.disciplines;
  if (listed.empty()) {
    if (!own.empty()) {
      add_line_finding(r, FindingSeverity::warning, "code.discipline-mismatch",
                       fmt::format("{} is billed under {}, but its rules list no discipline: it "
                                   "is counted outside every discipline's pool",
                                   shape.code, own),
                       shape.code, {});
    }
    return {};
  }
  if (!own.empty())
    return own;
  if (!payer.discipline_modifiers.empty() && !svc.modifiers.empty()) {
    const DisciplineModifierPlan* found = nullptr;
    for (const std::string& m : svc.modifiers) {
      for (const DisciplineModifierPlan& dm : payer.discipline_modifiers) {
        if (!same(m, dm.modifier))
          continue;
        if (found == nullptr) {
          found = &dm;
        } else if (!same(found->discipline, dm.discipline)) {
          add_line_finding(
              r, FindingSeverity::warning, "modifier.discipline-conflict",
              fmt::format("{} carries {} ({}) and {} ({}): it is counted under {}, the first",
                          shape.code, found->modifier, found->discipline, dm.modifier,
                          dm.discipline, found->discipline),
              shape.code, found->discipline);
        }
      }
    }
    if (found != nullptr) {
      if (!encounter.empty() && !same(encounter, found->discipline)) {
        add_line_finding(r, FindingSeverity::warning, "modifier.discipline-mismatch",
                         fmt::format("{} carries {} ({}) in an encounter of {}: it is counted "
                                     "under {}, as its modifier says",
                                     shape.code, found->modifier, found->discipline, encounter,
                                     found->discipline),
                         shape.code, found->discipline);
      }
      return found->discipline;
    }
  }
  if (!encounter.empty())
    return encounter;
  if (listed.size() == 1)
    return listed.front();
  if (!payer.default_discipline.empty()) {
    if (std::find(s.assumed.begin(), s.assumed.end(), code_id) == s.assumed.end())
      s.assumed.push_back(code_id);
    return payer.default_discipline;
  }
  if (!pooled_by_discipline)
    return {};  // the units do not depend on it: the line says no discipline rather than guess
  add_line_finding(r, FindingSeverity::error, "discipline.undecided",
                   fmt::format("{} lists {} and nothing on the claim says which, and payer {} "
                               "names no default discipline: it is counted under {}, the first "
                               "listed, which may be wrong",
                               shape.code, lang::word_list(listed), payer.name, listed.front()),
                   shape.code, listed.front());
  return listed.front();
}

// A provider named by the input, as its bit among the rules' providers; false (and an error
// record) when the rules declare no such provider. `service` as for known_discipline.
bool Evaluator::known_provider(std::string_view given, std::int64_t service, std::uint64_t& bit,
                               Result& r) const {
  const Plan& plan = *plan_;
  if (const auto id = plan.find_provider(given)) {
    bit = std::uint64_t{1} << *id;
    return true;
  }
  const std::string field =
      service < 0 ? std::string("provider") : fmt::format("services[{}].provider", service);
  r.fail("input.unknown-provider",
         plan.providers.empty()
             ? fmt::format("{}: unknown provider '{}': the rules declare no provider", field, given)
             : fmt::format("{}: unknown provider '{}'{} (the rules know {})", field, given,
                           did_you_mean(given, plan.provider_names(), 1),
                           lang::word_list(plan.provider_names())));
  return false;
}

// Service i's provider (its own, else the encounter's) and its assistant's minutes, on its line;
// false (and an error record) for an unknown provider or more assistant minutes than the
// service has.
bool Evaluator::note_provider(const Encounter& enc, std::size_t i, std::uint64_t encounter_provider,
                              WorkLine& line, Result& r) {
  Scratch& s = *scratch_;
  const Service& svc = enc.services[i];
  std::uint64_t bit = encounter_provider;
  if (svc.provider && !known_provider(*svc.provider, static_cast<std::int64_t>(i), bit, r))
    return false;
  line.provider_bits |= bit;
  s.any_provider = s.any_provider || bit != 0;
  if (!svc.assistant_minutes)
    return true;
  const std::int64_t own = svc.minutes.value_or(0);
  if (*svc.assistant_minutes > own) {
    r.fail("input.assistant-minutes-over",
           svc.minutes ? fmt::format("services[{}].assistant_minutes is {}, more than the {} of "
                                     "{} itself",
                                     i, *svc.assistant_minutes, minutes_text(own), svc.code)
                       : fmt::format("services[{}].assistant_minutes is {}, but {} states no "
                                     "minutes of its own",
                                     i, *svc.assistant_minutes, svc.code),
           svc.code);
    return false;
  }
  line.assistant_minutes += *svc.assistant_minutes;
  line.has_assistant = true;
  s.any_assistant = true;
  return true;
}

// Each service's code and discipline; a code outside the rules becomes a line that is not
// priced (or, with `strict`, an error record).
bool Evaluator::place_services(const Encounter& enc, const Context& cx, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  const std::size_t n = enc.services.size();
  s.service_code.resize(n);
  s.service_discipline.resize(n);
  s.assumed.clear();
  std::string_view encounter_discipline;
  const std::optional<std::string>& given =
      enc.discipline ? enc.discipline : options_.default_discipline;
  if (given && !known_discipline(*given, -1, encounter_discipline, r))
    return false;
  for (std::size_t i = 0; i < n; ++i) {
    const Service& svc = enc.services[i];
    std::string_view own;
    if (svc.discipline && !known_discipline(*svc.discipline, static_cast<std::int64_t>(i), own, r))
      return false;
    const std::uint32_t code_id = s.find_code(plan, svc.code);
    s.service_code[i] = code_id;
    if (code_id == NameCache::kNone) {
      if (options_.strict) {
        r.fail("input.unknown-code",
               fmt::format("services[{}].code: unknown code '{}'{}", i, svc.code,
                           did_you_mean(svc.code, plan.code_names(), 1)),
               svc.code);
        return false;
      }
      s.service_discipline[i] = own;
      continue;
    }
    const Entry<CodeVersion>& entry = plan.codes[code_id];
    const CodeVersion* version = entry.at(cx.date);
    const CodeVersion& shape = version ? *version : entry.versions.back();
    s.service_discipline[i] =
        service_discipline(svc, own, code_id, shape, encounter_discipline, *cx.payer,
                           cx.policy->pooled && cx.policy->pool_by_discipline, r);
  }
  if (!s.assumed.empty()) {
    // A common finding (a sixth of a typical batch), so its message is put together in storage
    // an earlier encounter's finding left, without a format string.
    std::string& m = r.next_finding(FindingSeverity::info, "discipline.assumed").message;
    for (std::size_t k = 0; k < s.assumed.size(); ++k)
      m.append(k == 0 ? "" : ", ").append(plan.codes[s.assumed[k]].name);
    m.append(s.assumed.size() == 1 ? " lists" : " list")
        .append(" several disciplines and nothing on the claim says which: counted under ")
        .append(cx.payer->default_discipline)
        .append(", payer ")
        .append(cx.payer->name)
        .append("'s default discipline");
  }
  return true;
}

// Clock time counted once: where timed services of one discipline have overlapping start/end
// times, each shared minute counts for the first of them listed (decision 17); the others keep
// the rest of their span, and a time.overlap warning names the codes and the span.
void Evaluator::credit_clock_time(const Encounter& enc, const Context& cx, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  s.clock_minutes.clear();
  const auto counts = [&](std::size_t i) {  // a timed code with a clock span
    const Service& svc = enc.services[i];
    if (!svc.clock || s.service_code[i] == NameCache::kNone)
      return false;
    const CodeVersion* v = plan.codes[s.service_code[i]].at(cx.date);
    return v != nullptr && v->timed;
  };
  // Which services take part, decided once: kPending until credited, -1 for their own minutes.
  constexpr std::int64_t kPending = -2;
  std::size_t clocked = 0;
  for (std::size_t i = 0; i < enc.services.size(); ++i)
    clocked += counts(i) ? 1 : 0;
  if (clocked < 2)
    return;
  s.clock_minutes.resize(enc.services.size());
  for (std::size_t i = 0; i < enc.services.size(); ++i)
    s.clock_minutes[i] = counts(i) ? kPending : -1;
  for (std::size_t i = 0; i < enc.services.size(); ++i) {
    if (s.clock_minutes[i] != kPending)
      continue;
    // Every timed service with a clock span in the discipline of service i, in the order listed.
    s.spans.clear();
    s.span_services.clear();
    for (std::size_t j = i; j < enc.services.size(); ++j) {
      if (s.clock_minutes[j] == kPending &&
          same(s.service_discipline[j], s.service_discipline[i])) {
        s.spans.push_back(*enc.services[j].clock);
        s.span_services.push_back(static_cast<std::uint32_t>(j));
      }
    }
    credit_clock_minutes(s.spans, s.credited, s.overlaps);
    for (std::size_t k = 0; k < s.span_services.size(); ++k)
      s.clock_minutes[s.span_services[k]] = s.credited[k];
    for (const ClockOverlap& o : s.overlaps) {
      const Service& a = enc.services[s.span_services[o.first]];
      const Service& b = enc.services[s.span_services[o.second]];
      add_line_finding(r, FindingSeverity::warning, "time.overlap",
                       fmt::format("{} {}-{} and {} {}-{} overlap from {} to {} ({}): those "
                                   "minutes count once, for {}, listed first",
                                   a.code, clock_text(a.clock->start), clock_text(a.clock->end),
                                   b.code, clock_text(b.clock->start), clock_text(b.clock->end),
                                   clock_text(o.span.start), clock_text(o.span.end),
                                   minutes_text(o.span.length()), a.code),
                       b.code, s.service_discipline[s.span_services[o.second]]);
    }
  }
}

// The services merged into one line per distinct code and discipline, with their minutes and
// billed units added up.
bool Evaluator::merge_services(const Encounter& enc, const Context& cx, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  if (enc.services.size() > kMaxServices) {
    r.fail("input.too-many-services",
           fmt::format("the encounter lists {} services; at most {} are allowed",
                       enc.services.size(), kMaxServices));
    return false;
  }
  s.lines.clear();
  s.unpriced.clear();
  s.service_line.assign(enc.services.size(), kNoLine);
  s.modifier_bits_exact = true;
  s.addon_lines = false;
  s.any_provider = false;
  s.any_assistant = false;
  if (!place_services(enc, cx, r))
    return false;
  std::uint64_t encounter_provider = 0;
  if (enc.provider && !known_provider(*enc.provider, -1, encounter_provider, r))
    return false;
  credit_clock_time(enc, cx, r);
  std::int64_t day_minutes = 0;
  for (std::size_t i = 0; i < enc.services.size(); ++i) {
    const Service& svc = enc.services[i];
    const std::uint32_t code_id = s.service_code[i];
    const std::string_view discipline = s.service_discipline[i];
    std::int64_t* minutes_of_line = nullptr;
    bool* has_minutes = nullptr;
    if (code_id == NameCache::kNone) {
      auto it = std::find_if(s.unpriced.begin(), s.unpriced.end(), [&](const UnpricedLine& l) {
        return same(l.code, svc.code) && same(l.discipline, discipline);
      });
      if (it == s.unpriced.end()) {
        s.unpriced.push_back({svc.code, discipline, 0, false, 0, false});
        it = s.unpriced.end() - 1;
      }
      s.service_line[i] = kUnpricedLine | static_cast<std::uint32_t>(it - s.unpriced.begin());
      if (WorkLine unpriced; (svc.provider || svc.assistant_minutes) &&
                             !note_provider(enc, i, encounter_provider, unpriced, r))
        return false;
      if (svc.billed_units) {
        it->billed += *svc.billed_units;
        it->has_billed = true;
      }
      minutes_of_line = &it->minutes;
      has_minutes = &it->has_minutes;
    } else {
      auto it = std::find_if(s.lines.begin(), s.lines.end(), [&](const WorkLine& l) {
        return l.code_id == code_id && same(l.discipline, discipline);
      });
      if (it == s.lines.end()) {
        WorkLine& line = s.lines.emplace_back();  // built in place, not copied in
        line.code_id = code_id;
        line.version = plan.codes[code_id].at(cx.date);
        line.discipline = discipline;
        it = s.lines.end() - 1;
      }
      s.service_line[i] = static_cast<std::uint32_t>(it - s.lines.begin());
      s.note_modifiers(plan, svc, *it);
      if ((svc.provider || svc.assistant_minutes || encounter_provider != 0) &&
          !note_provider(enc, i, encounter_provider, *it, r))
        return false;
      if (svc.billed_units) {
        it->billed += *svc.billed_units;
        it->has_billed = true;
      }
      const CodeVersion& shape = it->version ? *it->version : plan.codes[code_id].versions.back();
      if (shape.timed && !svc.minutes) {
        r.fail("input.minutes-missing",
               fmt::format("services[{}].minutes is required: {} is a timed code", i, svc.code),
               svc.code);
        return false;
      }
      if (svc.minutes && !s.clock_minutes.empty() && s.clock_minutes[i] >= 0)
        it->overlapped = it->overlapped || s.clock_minutes[i] < *svc.minutes;
      minutes_of_line = &it->minutes;
      has_minutes = &it->has_minutes;
    }
    if (svc.minutes) {
      const std::int64_t minutes =
          !s.clock_minutes.empty() && s.clock_minutes[i] >= 0 ? s.clock_minutes[i] : *svc.minutes;
      *minutes_of_line += minutes;
      *has_minutes = true;
      day_minutes += minutes;
      if (day_minutes > kMaxDayMinutes) {
        r.fail("input.day-too-long",
               fmt::format("the services add up to more than {} minutes (24 hours) in one day",
                           kMaxDayMinutes));
        return false;
      }
    }
  }
  for (const UnpricedLine& line : s.unpriced) {
    add_line_finding(
        r, FindingSeverity::warning, "code.not-in-rules",
        fmt::format("{} is not in the loaded rules: its line is not priced{}{}", line.code,
                    line.has_minutes && line.minutes > 0
                        ? fmt::format(" and its {} are not counted", minutes_text(line.minutes))
                        : std::string(),
                    did_you_mean(line.code, plan.code_names(), 1)),
        line.code, line.discipline);
  }
  return true;
}

}  // namespace cptrules::interp
