// Evaluator: one encounter to a Result, in named steps: the rules in force, the services merged
// into lines, the codes' own rules, pools, units, allocation, lines and alternatives.
#include "evaluator.hpp"

#include <algorithm>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "scratch.hpp"
#include "suggest.hpp"

namespace cptrules::interp {

namespace {

using lang::did_you_mean;

std::string in_force_text(const Entry<CodeVersion>& e) {
  constexpr auto lo = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi = std::numeric_limits<std::int32_t>::max();
  std::string out;
  for (const CodeVersion& v : e.versions) {
    if (!out.empty())
      out += ", ";
    if (v.in_force.effective != lo && v.in_force.expires != hi) {
      out += fmt::format("from {} through {}", lang::format_date({v.in_force.effective}),
                         lang::format_date({v.in_force.expires}));
    } else if (v.in_force.effective != lo) {
      out += fmt::format("from {}", lang::format_date({v.in_force.effective}));
    } else {
      out += fmt::format("through {}", lang::format_date({v.in_force.expires}));
    }
  }
  return out;
}

// " from 2020-01-01" for a version with an effective date, "" for one in force from the start.
std::string since_text(const InForce& in_force) {
  return in_force.effective == InForce{}.effective
             ? std::string()
             : fmt::format(" from {}", lang::format_date({in_force.effective}));
}

// The message of `input.no-date`: which versions the newest rules gave the payer, its policy
// and each line's code.
std::string no_date_message(const Plan& plan, const PayerVersion& payer,
                            const PolicyVersion& policy, const std::vector<WorkLine>& lines) {
  std::string codes;
  for (const WorkLine& line : lines) {
    if (!line.version)
      continue;
    codes += fmt::format("{}{}{}", codes.empty() ? "" : ", ", plan.codes[line.code_id].name,
                         since_text(line.version->in_force));
  }
  return fmt::format(
      "the encounter has no date of service and no --date was given: the newest rules were used "
      "(those in force after every date the rules name: payer {}{}, policy {}{}{}{}); a code or "
      "rule that has expired is not in force without a date",
      payer.name, since_text(payer.in_force), policy.name, since_text(policy.in_force),
      codes.empty() ? "" : ", codes ", codes);
}

// "(it replaced 97762)" and "; 97763 replaced it", from the codes' `replaces` clauses.
std::string replacement_text(const Plan& plan, const Entry<CodeVersion>& entry) {
  std::string out;
  for (const CodeVersion& v : entry.versions) {
    if (!v.replaces.empty())
      out += fmt::format(" (it replaced {})", v.replaces);
  }
  for (const Entry<CodeVersion>& other : plan.codes) {
    for (const CodeVersion& v : other.versions) {
      if (v.replaces == entry.name)
        out += fmt::format("; {} replaced it", other.name);
    }
  }
  return out;
}

// Calls `visit` with each k-combination of {0..n-1} in lexicographic order until it returns
// false.
template <typename Visit>
void for_each_combination(std::size_t n, std::size_t k, Visit visit) {
  std::vector<std::size_t> idx(k);
  for (std::size_t i = 0; i < k; ++i)
    idx[i] = i;
  while (true) {
    if (!visit(idx))
      return;
    std::size_t i = k;
    while (i > 0 && idx[i - 1] == n - k + i - 1)
      --i;
    if (i == 0)
      return;
    ++idx[i - 1];
    for (std::size_t j = i; j < k; ++j)
      idx[j] = idx[j - 1] + 1;
  }
}

}  // namespace

Evaluator::Evaluator(std::shared_ptr<const Plan> plan, EvalOptions options)
    : plan_(std::move(plan)),
      options_(std::move(options)),
      scratch_(std::make_unique<Scratch>(*plan_)) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

void Evaluator::evaluate(const Encounter& enc, Result& r, Decisions* record) {
  r.clear();
  r.id = enc.id;
  r.input_line = enc.input_line;
  Scratch& s = *scratch_;
  s.record = record;
  if (record)
    record->clear();
  Context cx;
  if (!resolve_context(enc, r, cx) || !merge_services(enc, cx, r))
    return;
  apply_code_rules(cx, r);
  if (!cx.date)
    r.findings.front().message = no_date_message(*plan_, *cx.payer, *cx.policy, s.lines);
  if (!cx.payer->claims.empty() && !resolve_line_policies(cx, r))
    return;
  form_pools(cx, r);
  if (!count_units(cx, r))
    return;
  check_claim(enc, *cx.payer, cx.date, r);
  write_lines(enc, r);
  if (record)
    record_decisions(*cx.payer, *cx.policy, cx.date);
  list_alternatives(r);
  audit_billed_units(r);
}

// The date of service, the payer and its policy in force on it.
bool Evaluator::resolve_context(const Encounter& enc, Result& r, Context& cx) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  cx.date = enc.date ? enc.date : options_.default_date;
  if (!cx.date)
    add_finding(r, FindingSeverity::warning, "input.no-date", {});  // its message comes later
  const std::optional<std::string>& payer_name = enc.payer ? enc.payer : options_.default_payer;
  if (!payer_name) {
    r.fail("input.payer-missing", "the encounter names no payer and no --payer was given");
    return false;
  }
  const std::uint32_t payer_id = s.find_payer(plan, *payer_name);
  if (payer_id == NameCache::kNone) {
    r.fail("input.unknown-payer", fmt::format("unknown payer '{}'{}", *payer_name,
                                              did_you_mean(*payer_name, plan.payer_names())));
    return false;
  }
  s.payer_name = *payer_name;
  s.payer_id = payer_id;
  cx.payer = plan.payers[payer_id].at(cx.date);
  if (!cx.payer) {
    r.fail("input.payer-not-in-force",
           fmt::format("payer '{}' has no rules in force {}", *payer_name, when_text(cx.date)));
    return false;
  }
  cx.policy = plan.policies[cx.payer->policy].at(cx.date);
  if (!cx.policy) {
    r.fail("rules.policy-not-in-force",
           fmt::format("policy '{}' of payer '{}' is not in force {}",
                       plan.policies[cx.payer->policy].name, *payer_name, when_text(cx.date)));
    return false;
  }
  r.payer = cx.payer->name;
  r.policy = cx.policy->name;
  r.date = cx.date;
  return true;
}

// The codes' own rules: out of force, disciplines, and the time after an initial code's first
// block, which goes to its add-on.
void Evaluator::apply_code_rules(const Context& cx, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    WorkLine& line = s.lines[i];
    const Entry<CodeVersion>& entry = plan.codes[line.code_id];
    if (!line.version) {
      add_line_finding(
          r, FindingSeverity::error, "code.not-in-force",
          fmt::format("{} is not in force {}: it is in force {}{}", entry.name, when_text(cx.date),
                      in_force_text(entry), replacement_text(plan, entry)),
          entry.name, line.discipline);
      continue;
    }
    const CodeVersion& v = *line.version;
    if (!v.disciplines.empty() && !line.discipline.empty() &&
        std::none_of(v.disciplines.begin(), v.disciplines.end(),
                     [&](const std::string& d) { return same(d, line.discipline); })) {
      add_line_finding(r, FindingSeverity::warning, "code.discipline-mismatch",
                       fmt::format("{} is billed under {}, but its rules list {}", entry.name,
                                   line.discipline, fmt::join(v.disciplines, ", ")),
                       entry.name, line.discipline);
    }
    if (v.timed && line.minutes == 0 && !line.overlapped) {
      add_line_finding(r, FindingSeverity::warning, "code.no-time",
                       fmt::format("{} is a timed code billed with no documented time: 0 minutes "
                                   "earn no unit",
                                   entry.name),
                       entry.name, line.discipline);
    }
    if (v.timed && v.first_block_only && v.addon_code != kNoCode && !v.addon_after_block &&
        line.minutes > v.unit) {
      const std::int64_t extra = line.minutes - v.unit;
      line.minutes = v.unit;
      const auto addon_id = static_cast<std::uint32_t>(v.addon_code);
      const std::string_view discipline = line.discipline;
      auto addon = std::find_if(s.lines.begin(), s.lines.end(), [&](const WorkLine& l) {
        return l.code_id == addon_id && same(l.discipline, discipline);
      });
      if (addon == s.lines.end()) {
        // The line is added before `addon` is taken: adding it may move the lines (and `line`).
        const std::size_t added = s.add_addon_line(plan, addon_id, cx.date, i);
        addon = s.lines.begin() + static_cast<std::ptrdiff_t>(added);
      }
      addon->minutes += extra;
      addon->has_minutes = true;
      add_line_finding(
          r, FindingSeverity::info, "code.addon-time",
          fmt::format("the {} minutes of {} after its first {} are billed as its add-on {}", extra,
                      entry.name, v.unit, plan.codes[addon_id].name),
          plan.codes[addon_id].name, discipline);
    }
    if (v.primary_code != kNoCode) {
      const auto primary = static_cast<std::uint32_t>(v.primary_code);
      if (std::none_of(s.lines.begin(), s.lines.end(), [&](const WorkLine& l) {
            return l.code_id == primary && same(l.discipline, s.lines[i].discipline);
          })) {
        add_line_finding(r, FindingSeverity::warning, "code.addon-without-primary",
                         fmt::format("{} is an add-on code, billed without its initial code {}",
                                     entry.name, plan.codes[primary].name),
                         entry.name, s.lines[i].discipline);
      }
    }
  }
  apply_time_shapes(cx, r);
}

// Each line's policy, for a payer with `counts` clauses: the clause in force that claims its
// code, else its discipline; a line no clause claims keeps the payer's own policy.
bool Evaluator::resolve_line_policies(const Context& cx, Result& r) {
  const Plan& plan = *plan_;
  for (WorkLine& line : scratch_->lines) {
    const PolicyClaim* claim = cx.payer->claim_for(line.code_id, line.discipline, cx.date);
    if (claim == nullptr)
      continue;
    const PolicyVersion* policy = plan.policies[claim->policy].at(cx.date);
    if (policy == nullptr) {
      r.fail("rules.policy-not-in-force",
             fmt::format("policy '{}', with which payer '{}' counts {} ({}), is not in force {}",
                         plan.policies[claim->policy].name, cx.payer->name,
                         plan.codes[line.code_id].name, claim->clause.origin.where(),
                         when_text(cx.date)));
      return false;
    }
    line.claim = claim;
    line.policy = policy;
  }
  return true;
}

// Pools: each timed line alone, or together per discipline (when its policy says so) and unit
// length; under a policy that pools per discipline, the codes that belong to no discipline are
// a group of their own (decision 18). Lines of different policies never share a pool. An
// untimed line in force gets its one unit here.
void Evaluator::form_pools(const Context& cx, Result& r) {
  Scratch& s = *scratch_;
  s.pool_count = 0;
  auto new_pool = [&](const PolicyVersion& policy, std::string_view discipline,
                      std::int64_t unit) -> std::int32_t {
    if (s.pool_count == s.pools.size())
      s.pools.emplace_back();
    Pool& p = s.pools[s.pool_count];
    p.policy = &policy;
    p.discipline = discipline;
    p.unit = unit;
    p.minutes = 0;
    p.units = 0;
    p.members.clear();
    p.tied.clear();
    p.slots = 0;
    return static_cast<std::int32_t>(s.pool_count++);
  };
  for (std::uint32_t i = 0; i < s.lines.size(); ++i) {
    WorkLine& line = s.lines[i];
    if (!line.version)
      continue;
    if (!line.version->timed) {
      line.units = 1;
      continue;
    }
    r.timed_minutes += line.minutes;
    if (line.version->ranged)  // its unit was decided by its range (time_shapes.cpp)
      continue;
    const PolicyVersion& policy = line.policy != nullptr ? *line.policy : *cx.policy;
    std::int32_t pool = -1;
    if (policy.pooled && !line.version->addon_after) {  // such an add-on is counted alone
      for (std::size_t p = 0; p < s.pool_count; ++p) {
        if (s.pools[p].policy == &policy && s.pools[p].unit == line.version->unit &&
            !s.lines[s.pools[p].members.front()].version->addon_after &&
            (!policy.pool_by_discipline || s.pools[p].discipline == line.discipline)) {
          pool = static_cast<std::int32_t>(p);
          break;
        }
      }
    }
    if (pool < 0)
      pool = new_pool(policy, line.discipline, line.version->unit);
    line.pool = pool;
    s.pools[static_cast<std::size_t>(pool)].members.push_back(i);
  }
}

// Units per pool; in a shared pool, each code's full units first, then the rest allocated.
bool Evaluator::count_units(const Context& cx, Result& r) {
  Scratch& s = *scratch_;
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    Pool& pool = s.pools[p];
    const PolicyVersion* policy = pool.policy;
    // Findings of a pool counted by another policy than the payer's own name it.
    const std::string by_policy =
        policy == cx.policy ? std::string() : fmt::format(" (policy {})", policy->name);
    std::int64_t total = 0;
    for (std::uint32_t m : pool.members)
      total += s.lines[m].minutes;
    std::int64_t units = 0;
    const EvalStatus units_status =
        s.units.get(policy, 0, total, pool.unit, units,
                    [&](std::int64_t& out) { return policy->units(total, pool.unit, out); });
    if (EvalStatus st = units_status; st != EvalStatus::ok) {
      r.fail("rules.evaluation-failed", fmt::format("policy '{}' gave {} for {} minutes",
                                                    policy->name, status_text(st), total));
      return false;
    }
    units = std::max<std::int64_t>(units, 0);
    pool.minutes = total;
    pool.units = units;
    if (!policy->pooled) {
      WorkLine& line = s.lines[pool.members.front()];
      line.units = line.version->first_block_only ? std::min<std::int64_t>(units, 1) : units;
      continue;
    }
    std::int64_t given = 0;
    for (std::uint32_t m : pool.members) {
      WorkLine& line = s.lines[m];
      std::int64_t full = 0;
      if (policy->has_full_units) {
        const EvalStatus full_status =
            s.units.get(policy, 1, line.minutes, pool.unit, full, [&](std::int64_t& out) {
              return policy->full_units.run({line.minutes, pool.unit}, out);
            });
        if (EvalStatus st = full_status; st != EvalStatus::ok) {
          r.fail("rules.evaluation-failed",
                 fmt::format("policy '{}' gave {} for the full units of {} minutes", policy->name,
                             status_text(st), line.minutes));
          return false;
        }
      }
      full = std::max<std::int64_t>(full, 0);
      if (line.version->first_block_only)
        full = std::min<std::int64_t>(full, 1);
      line.units = full;
      line.full = full;
      given += full;
    }
    if (given > units) {
      add_finding(r, FindingSeverity::warning, "policy.full-units-exceed-pool",
                  fmt::format("the codes' full units ({}) exceed the {} units that {} pooled "
                              "minutes allow{}",
                              given, units, total, by_policy));
    }
    allocate_rest(*policy, pool, units - given, by_policy, r);
  }
  return true;
}

// The units of a shared pool left after the full units, handed out in rounds by leftover (or
// total) minutes; a tie at the last units is kept in the pool for the alternatives.
void Evaluator::allocate_rest(const PolicyVersion& policy, Pool& pool, std::int64_t rest,
                              std::string_view by_policy, Result& r) {
  Scratch& s = *scratch_;
  while (rest > 0) {
    s.candidates.clear();
    for (std::uint32_t m : pool.members) {
      const WorkLine& line = s.lines[m];
      const bool capped = line.version->first_block_only && line.units >= 1;
      if (!capped && line.minutes - pool.unit * line.units > 0)
        s.candidates.push_back(m);
    }
    if (s.candidates.empty()) {
      add_finding(r, FindingSeverity::warning, "policy.units-unallocated",
                  fmt::format("{} of the {} units that {} pooled minutes allow could not be "
                              "given to any code{}",
                              rest, pool.units, pool.minutes, by_policy));
      break;
    }
    auto key = [&](std::uint32_t m) {
      const WorkLine& line = s.lines[m];
      return policy.rest_by_leftover ? line.minutes - pool.unit * line.units : line.minutes;
    };
    // A stable insertion sort: the same order as std::stable_sort, without its buffer. Equal
    // keys: fewer units first when the policy says `ties by units, fewest first`, then more
    // minutes, then the order listed.
    const bool fewest_units_first = policy.ties_fewest_units;
    const auto before = [&](std::uint32_t a, std::uint32_t b) {
      const std::int64_t ka = key(a), kb = key(b);
      if (ka != kb)
        return ka > kb;
      if (fewest_units_first && s.lines[a].units != s.lines[b].units)
        return s.lines[a].units < s.lines[b].units;
      return s.lines[a].minutes > s.lines[b].minutes;
    };
    for (std::size_t i = 1; i < s.candidates.size(); ++i) {
      const std::uint32_t moving = s.candidates[i];
      std::size_t j = i;
      for (; j > 0 && before(moving, s.candidates[j - 1]); --j)
        s.candidates[j] = s.candidates[j - 1];
      s.candidates[j] = moving;
    }
    const auto n = static_cast<std::int64_t>(s.candidates.size());
    if (rest >= n) {
      for (std::uint32_t m : s.candidates)
        ++s.lines[m].units;
      rest -= n;
      continue;
    }
    const std::int64_t boundary = key(s.candidates[static_cast<std::size_t>(rest - 1)]);
    std::size_t above = 0;
    for (std::uint32_t m : s.candidates) {
      const std::int64_t k = key(m);
      if (k > boundary) {
        ++s.lines[m].units;
        ++above;
      } else if (k == boundary) {
        pool.tied.push_back(m);
      }
    }
    pool.slots = static_cast<std::size_t>(rest) - above;
    for (std::size_t t = 0; t < pool.slots; ++t)
      ++s.lines[pool.tied[t]].units;
    if (!policy.ties_alternatives || pool.tied.size() == pool.slots) {
      pool.tied.clear();
      pool.slots = 0;
    }
    rest = 0;
  }
}

namespace {

// Each line made for an add-on's time gets its initial code's modifiers. Apart from
// write_lines, which every encounter runs, as few encounters have such a line.
[[gnu::noinline]] void carry_initial_modifiers(const std::vector<WorkLine>& lines, Result& r) {
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const std::int32_t from = lines[k].modifiers_of;
    if (from >= 0 && !r.lines[static_cast<std::size_t>(from)].modifiers.empty())
      r.lines[k].modifiers = r.lines[static_cast<std::size_t>(from)].modifiers;
  }
}

}  // namespace

// The result's lines, in the order the codes were first listed, then the lines of codes the
// rules do not define.
void Evaluator::write_lines(const Encounter& enc, Result& r) {
  const Plan& plan = *plan_;
  const Scratch& s = *scratch_;
  r.lines.reserve(s.lines.size() + s.unpriced.size());
  for (const WorkLine& line : s.lines) {
    Line& out = r.lines.emplace_back();  // built in place, not moved in
    out.code = plan.codes[line.code_id].name;
    out.discipline = line.discipline;
    out.timed = line.version ? line.version->timed : plan.codes[line.code_id].versions.back().timed;
    if (line.has_minutes)
      out.minutes = line.minutes;
    out.units = line.units;
    if (line.has_billed)
      out.billed_units = line.billed;
    if (line.policy != nullptr && line.policy->name != r.policy)
      out.policy = line.policy->name;
    r.total_units += line.units;
  }
  for (const UnpricedLine& line : s.unpriced) {
    Line& out = r.lines.emplace_back();
    out.code = line.code;
    out.discipline = line.discipline;
    out.priced = false;
    if (line.has_minutes)
      out.minutes = line.minutes;
    if (line.has_billed)
      out.billed_units = line.billed;
  }
  // The modifiers as given, in order, without repeats.
  for (std::size_t i = 0; i < enc.services.size(); ++i) {
    const std::uint32_t at = s.service_line[i];
    if (enc.services[i].modifiers.empty() || at == kNoLine)
      continue;
    const std::size_t index =
        (at & kUnpricedLine) != 0 ? s.lines.size() + (at & ~kUnpricedLine) : at;
    std::vector<std::string>& mods = r.lines[index].modifiers;
    if (mods.capacity() == 0 && !r.spare_modifiers.empty()) {
      mods = std::move(r.spare_modifiers.back());
      r.spare_modifiers.pop_back();
    }
    for (const std::string& m : enc.services[i].modifiers) {
      if (std::find(mods.begin(), mods.end(), m) == mods.end())
        mods.push_back(m);
    }
  }
  if (s.addon_lines)
    carry_initial_modifiers(s.lines, r);
}

// Alternatives: every combination of the tied lines of each pool, across pools.
void Evaluator::list_alternatives(Result& r) {
  const Scratch& s = *scratch_;
  std::size_t tie_pools = 0;
  for (std::size_t p = 0; p < s.pool_count; ++p)
    tie_pools += s.pools[p].slots > 0 ? 1 : 0;
  if (tie_pools == 0)
    return;
  std::vector<std::vector<std::vector<std::size_t>>> per_pool(s.pool_count);
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    const Pool& pool = s.pools[p];
    if (pool.slots == 0) {
      per_pool[p].push_back({});
      continue;
    }
    for_each_combination(pool.tied.size(), pool.slots, [&](const std::vector<std::size_t>& c) {
      per_pool[p].push_back(c);
      return per_pool[p].size() <= kMaxAlternatives;
    });
  }
  // Walk the cross product in order; the first (all pools' first combination) is the chosen one.
  std::vector<std::size_t> pick(s.pool_count, 0);
  Allocation base;
  for (const WorkLine& line : s.lines)
    base.push_back(line.units);
  base.resize(base.size() + s.unpriced.size(), 0);  // lines the rules do not price
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    for (std::size_t t = 0; t < s.pools[p].slots; ++t)
      --base[s.pools[p].tied[t]];
  }
  while (r.alternatives.size() < kMaxAlternatives) {
    // Advance to the next combination (skipping the chosen one, which is pick == all zeros).
    std::size_t p = 0;
    while (p < s.pool_count) {
      if (++pick[p] < per_pool[p].size())
        break;
      pick[p] = 0;
      ++p;
    }
    if (p == s.pool_count)
      break;
    Allocation alt = base;
    for (std::size_t q = 0; q < s.pool_count; ++q) {
      for (std::size_t t : per_pool[q][pick[q]])
        ++alt[s.pools[q].tied[t]];
    }
    r.alternatives.push_back(std::move(alt));
  }
}

void Evaluator::record_decisions(const PayerVersion& payer, const PolicyVersion& policy,
                                 std::optional<lang::Date> date) {
  Scratch& s = *scratch_;
  Decisions& d = *s.record;
  d.payer = &payer;
  d.policy = &policy;
  d.date = date;
  d.pools.resize(s.pool_count);
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    const Pool& pool = s.pools[p];
    d.pools[p] = {pool.policy, std::string(pool.discipline), pool.unit, pool.minutes, pool.units,
                  pool.members};
  }
  d.lines.resize(s.lines.size() + s.unpriced.size());  // the unpriced lines: nothing decided
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const WorkLine& line = s.lines[i];
    LineDecision& out = d.lines[i];
    out = LineDecision{};
    out.version = line.version;
    out.discipline = std::string(line.discipline);
    out.minutes = line.minutes;
    if (line.policy != nullptr && line.policy != &policy) {
      out.claim = line.claim;
      out.policy = line.policy;
    }
    if (!line.version || !line.version->timed)
      continue;
    const CodeVersion& v = *line.version;
    record_time_shapes(i, date, out);
    if (v.ranged)
      continue;
    out.counted = true;
    out.pool = line.pool;
    // Under a per-code policy the full units only describe the minutes: no unit is handed out
    // after them.
    const bool pooled = out.policy != nullptr ? out.policy->pooled : policy.pooled;
    std::int64_t full = pooled ? line.full : line.minutes / v.unit;
    if (v.first_block_only)
      full = std::min<std::int64_t>(full, 1);
    full = std::min(full, line.units);
    out.full_units = full;
    out.leftover = std::max<std::int64_t>(0, line.minutes - v.unit * full);
    out.extra_unit = line.units > full;
    out.competes = out.leftover > 0 && !(v.first_block_only && full >= 1);
  }
  for (std::size_t i = 0; i < s.unpriced.size(); ++i) {
    LineDecision& out = d.lines[s.lines.size() + i];
    out = LineDecision{};
    out.discipline = std::string(s.unpriced[i].discipline);
  }
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    for (std::uint32_t m : s.pools[p].tied)
      d.lines[m].tied = true;
  }
}

}  // namespace cptrules::interp
