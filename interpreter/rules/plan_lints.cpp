// Lints of the plan: warnings that need rules compiled as the evaluator runs them (W0408).
#include "plan_lints.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "day.hpp"

namespace cptrules::interp {

using lang::Diagnostic;

namespace {

// The days two periods in force share; empty when `effective` is after `expires`.
InForce overlap(const InForce& a, const InForce& b) {
  return {std::max(a.effective, b.effective), std::min(a.expires, b.expires)};
}

bool is_empty(const InForce& f) {
  return f.effective > f.expires;
}

// "from 2010-01-01 through 2012-12-31", "from 2018-01-01", "through 2017-12-31".
std::string period_text(const InForce& f) {
  constexpr auto lo = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi = std::numeric_limits<std::int32_t>::max();
  std::string out;
  if (f.effective != lo)
    out += fmt::format("from {}", lang::format_date({f.effective}));
  if (f.expires != hi)
    out += fmt::format("{}through {}", out.empty() ? "" : " ", lang::format_date({f.expires}));
  return out;
}

// True when `policy` gives a timed code of unit length `unit`, billed alone, at least one unit
// for some number of minutes in a day, counted as the evaluator counts them: the units of its
// pool, or, in a shared pool, its full units. A code that gets no unit alone gets none in a
// pool either, since a pool holds at most a day's minutes too.
bool prices(const PolicyVersion& policy, std::int64_t unit) {
  for (std::int64_t m = 1; m <= kMaxDayMinutes; ++m) {
    std::int64_t units = 0;
    if (policy.units(m, unit, units) != EvalStatus::ok)
      continue;
    if (units > 0)
      return true;
    std::int64_t full = 0;
    if (policy.pooled && policy.has_full_units &&
        policy.full_units.run({m, unit}, full) == EvalStatus::ok && full > 0)
      return true;
  }
  return false;
}

// The policies that may count code `id` for payer version `pv`: its own, and those of its
// `counts` clauses that claim the code or a discipline.
std::vector<std::uint32_t> policies_for(const PayerVersion& pv, std::uint32_t id) {
  std::vector<std::uint32_t> out{pv.policy};
  for (const PolicyClaim& c : pv.claims) {
    if ((c.by_discipline || c.codes.contains(id)) &&
        std::find(out.begin(), out.end(), c.policy) == out.end())
      out.push_back(c.policy);
  }
  return out;
}

}  // namespace

void warn_unpriced_codes(const Plan& plan, lang::Diagnostics& diagnostics) {
  std::map<std::pair<const PolicyVersion*, std::int64_t>, bool> known;
  for (std::uint32_t id = 0; id < plan.codes.size(); ++id) {
    const Entry<CodeVersion>& code = plan.codes[id];
    for (const CodeVersion& v : code.versions) {
      if (!v.timed || v.unit <= 0)
        continue;
      bool priced = false;
      bool in_force = false;  // some payer and its policy are in force with the code
      // The policies in force with the code that give it nothing, with their payers.
      std::map<std::string, std::vector<std::string>> unpriced;
      for (const Entry<PayerVersion>& payer : plan.payers) {
        for (const PayerVersion& pv : payer.versions) {
          const InForce with_payer = overlap(v.in_force, pv.in_force);
          if (is_empty(with_payer))
            continue;
          for (const std::uint32_t policy_id : policies_for(pv, id)) {
            for (const PolicyVersion& policy : plan.policies[policy_id].versions) {
              if (is_empty(overlap(with_payer, policy.in_force)))
                continue;
              in_force = true;
              auto [at, added] = known.try_emplace({&policy, v.unit}, false);
              if (added)
                at->second = prices(policy, v.unit);
              if (at->second) {
                priced = true;
                break;
              }
              std::vector<std::string>& payers = unpriced[policy.name];
              if (std::find(payers.begin(), payers.end(), payer.name) == payers.end())
                payers.push_back(payer.name);
            }
            if (priced)
              break;
          }
          if (priced)
            break;
        }
        if (priced)
          break;
      }
      if (priced)
        continue;
      Diagnostic& d = diagnostics.warning(
          "W0408", v.origin.file, v.name_span,
          fmt::format("no payer's policy can give timed code {} a unit", code.name));
      if (plan.payers.empty()) {
        d.notes.push_back({"no payer is loaded", {}});
      } else if (!in_force) {
        const std::string period = period_text(v.in_force);
        d.notes.push_back(
            {period.empty()
                 ? std::string("no payer and its policy are in force on the same date")
                 : fmt::format("the code is in force {}; no payer and its policy are in force "
                               "on any of those dates",
                               period),
             {}});
      } else {
        for (const auto& [policy, payers] : unpriced) {
          d.notes.push_back(
              {fmt::format("policy '{}' ({} {}) gives 0 units to a {}-minute code for 1 to {} "
                           "minutes",
                           policy, payers.size() == 1 ? "payer" : "payers", fmt::join(payers, ", "),
                           v.unit, kMaxDayMinutes),
               {}});
        }
      }
    }
  }
}

}  // namespace cptrules::interp
