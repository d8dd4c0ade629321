// explain: the record of decisions in words: ledger, summary, deciding clauses, near misses.
#include "explain.hpp"
#include "suggest.hpp"
#include "time_shapes_text.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace cptrules::interp {

namespace {

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string minutes_text(std::int64_t n) {
  return plural(n, "minute", "minutes");
}

std::string ordinal(std::int64_t n) {
  static constexpr std::array<std::string_view, 11> words{"zeroth", "first", "second", "third",
                                                          "fourth", "fifth", "sixth",  "seventh",
                                                          "eighth", "ninth", "tenth"};
  if (n >= 0 && n < static_cast<std::int64_t>(words.size()))
    return std::string(words[n]);
  const std::int64_t mod100 = n % 100;
  const char* suffix = (mod100 >= 11 && mod100 <= 13) ? "th"
                       : n % 10 == 1                  ? "st"
                       : n % 10 == 2                  ? "nd"
                       : n % 10 == 3                  ? "rd"
                                                      : "th";
  return fmt::format("{}{}", n, suffix);
}

// The clause's `because` phrase, or the clause as written.
std::string says(const ClauseInfo& clause) {
  if (!clause.because.empty())
    return clause.because;
  if (!clause.origin.file)
    return {};
  std::string text(clause.origin.file->slice(clause.origin.span));
  if (const auto at = text.find(" because "); at != std::string::npos)
    text.resize(at);
  return text;
}

// The rules that decided a result, as its record of decisions names them.
struct Context {
  const PolicyVersion* policy = nullptr;
  const PayerVersion* payer = nullptr;
};

// The policy that counted line `i`: a `counts` clause's, or the payer's own.
const PolicyVersion& policy_of(const Context& cx, const Decisions& d, std::size_t i) {
  return i < d.lines.size() && d.lines[i].policy != nullptr ? *d.lines[i].policy : *cx.policy;
}

// Whether the pool's discipline (or "all") has pools of other unit lengths under its policy:
// then the unit length is part of the pool's name.
bool shares_discipline(const Decisions& d, std::int32_t pool) {
  const PoolDecision& p = d.pools[static_cast<std::size_t>(pool)];
  return std::any_of(d.pools.begin(), d.pools.end(), [&p](const PoolDecision& other) {
    return other.policy == p.policy && other.discipline == p.discipline && other.unit != p.unit;
  });
}

// A pooled pool's name: its discipline ("all" when the policy does not pool by discipline),
// with its unit length when the discipline has pools of other unit lengths ("PT 30min").
std::string pool_name(const PolicyVersion& policy, const Decisions& d, std::int32_t pool) {
  const PoolDecision& p = d.pools[static_cast<std::size_t>(pool)];
  std::string name = !policy.pool_by_discipline ? std::string("all")
                     : p.discipline.empty()     ? std::string("none")
                                                : p.discipline;
  if (shares_discipline(d, pool))
    name += fmt::format(" {}min", p.unit);
  return name;
}

// The ledger is the record of decisions, in words: where each line's minutes went.
void build_ledger(const Context& cx, const Result& r, const Decisions& d, Explanation& x) {
  for (std::size_t i = 0; i < r.lines.size() && i < d.lines.size(); ++i) {
    const Line& line = r.lines[i];
    const LineDecision& decided = d.lines[i];
    const PolicyVersion& policy = policy_of(cx, d, i);
    LedgerRow row;
    row.code = line.code;
    row.minutes = line.minutes;
    row.units = line.units;
    row.timed = line.timed;
    // A row whose minutes do not count stands under its discipline where minutes are pooled,
    // and alone, like every code, under a per-code policy.
    const std::string& uncounted_pool = policy.pooled ? decided.discipline : line.code;
    if (!line.priced) {
      row.pool = line.code;
      row.note = "not in the loaded rules: not priced, and its minutes are not counted";
    } else if (!decided.version) {
      row.pool = uncounted_pool;
      row.note = "not in force on the date of service: no units";
    } else if (decided.ranged) {
      row.pool = fmt::format("family {}", decided.version->family);
      row.note = range_note(decided);
    } else if (!decided.counted) {
      row.pool = uncounted_pool;
      row.note = "untimed: one unit per date of service; its minutes do not count";
    } else {
      row.counted = true;
      row.pool = !policy.pooled    ? line.code
                 : decided.initial ? line.code + " alone"  // an add-on after a first block
                                   : pool_name(policy, d, decided.pool);
      row.pool_index = decided.pool;
      row.full_units = decided.full_units;
      row.leftover = decided.leftover;
      row.extra_unit = decided.extra_unit;
      row.competes = decided.competes;
    }
    if (decided.policy != nullptr)
      row.pool = fmt::format("{}: {}", policy.name, row.pool);
    x.ledger.push_back(std::move(row));
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0)
      out += sep;
    out += parts[i];
  }
  return out;
}

std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z')
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// The policy as the first sentence of a summary: its title, or its name.
std::string policy_sentence(const PolicyVersion& p) {
  std::string title = p.title.empty() ? fmt::format("Policy {}", p.name) : p.title;
  if (title.back() != '.' && title.back() != '!' && title.back() != '?')
    title += '.';
  return capitalized(std::move(title));
}

// How the units of one pool went to its codes, in words: the full units, then every unit
// handed out after them, and why each went where it went.
class PoolStory {
 public:
  PoolStory(const PolicyVersion& policy, std::vector<const LedgerRow*> rows, std::int64_t units)
      : policy_(policy), rows_(std::move(rows)), units_(units) {}

  std::vector<std::string> parts() const {
    std::vector<std::string> out;
    std::int64_t full_total = 0;
    for (const LedgerRow* row : rows_) {
      full_total += row->full_units;
      if (row->full_units == 0)
        continue;
      const std::int64_t covered = row->minutes.value_or(0) - row->leftover;
      out.push_back(fmt::format("{} gets {} for its {}{}", row->code,
                                plural(row->full_units, "full unit", "full units"),
                                row->leftover > 0 ? "first " : "", minutes_text(covered)));
    }
    std::vector<const LedgerRow*> winners;
    for (const LedgerRow* row : rows_) {
      if (row->extra_unit)
        winners.push_back(row);
    }
    if (winners.empty()) {
      if (units_ > 0)
        add_unused(out);
      return out;
    }
    const bool one_each = std::all_of(winners.begin(), winners.end(), [](const LedgerRow* row) {
      return row->units - row->full_units == 1;
    });
    if (!one_each) {
      std::vector<std::string> shares;
      for (const LedgerRow* row : winners) {
        shares.push_back(fmt::format("{} takes {}", row->code, row->units - row->full_units));
      }
      out.push_back(fmt::format("the {}{} go by {}: {}", full_total > 0 ? "other " : "",
                                plural(units_ - full_total, "unit", "units"),
                                policy_.rest_by_leftover ? "minutes left over" : "minutes",
                                lang::word_list(shares)));
      return out;
    }
    std::stable_sort(winners.begin(), winners.end(), [&](const LedgerRow* a, const LedgerRow* b) {
      if (key(*a) != key(*b))
        return key(*a) > key(*b);
      return a->minutes.value_or(0) > b->minutes.value_or(0);
    });
    const std::int64_t boundary = key(*winners.back());
    std::vector<const LedgerRow*> losers, tied_losers, lower;
    for (const LedgerRow* row : rows_) {
      if (row->extra_unit || !row->competes)
        continue;
      losers.push_back(row);
      (key(*row) == boundary ? tied_losers : lower).push_back(row);
    }
    std::int64_t next = full_total;
    std::vector<const LedgerRow*> tied_winners;
    for (const LedgerRow* row : winners) {
      if (!tied_losers.empty() && key(*row) == boundary) {
        tied_winners.push_back(row);
        continue;
      }
      ++next;
      if (losers.empty()) {
        out.push_back(fmt::format("the {} unit goes to {} for its {}", ordinal(next), row->code,
                                  own_minutes(*row)));
      } else {
        out.push_back(fmt::format("the {} unit goes to {}, whose {} beat {}", ordinal(next),
                                  row->code, own_minutes(*row), others_minutes(losers)));
      }
    }
    if (!tied_winners.empty())
      out.push_back(tie_part(tied_winners, tied_losers, lower, next));
    return out;
  }

 private:
  // What decides who takes a unit after the full units.
  std::int64_t key(const LedgerRow& row) const {
    return policy_.rest_by_leftover ? row.leftover : row.minutes.value_or(0);
  }

  // "N minutes" for a code without full units, "N minutes left over" for one with them.
  std::string own_minutes(const LedgerRow& row) const {
    if (policy_.rest_by_leftover && row.full_units > 0)
      return minutes_text(row.leftover) + " left over";
    return minutes_text(key(row));
  }

  // "the N left over of A and the M of B".
  std::string others_minutes(const std::vector<const LedgerRow*>& rows) const {
    std::vector<std::string> parts;
    for (const LedgerRow* row : rows) {
      const bool left = policy_.rest_by_leftover && row->full_units > 0;
      parts.push_back(
          fmt::format("the {}{} of {}", key(*row), left ? " left over" : "", row->code));
    }
    return lang::word_list(parts);
  }

  // Codes tied at the last units handed out: which took them, and who else could have.
  std::string tie_part(const std::vector<const LedgerRow*>& takers,
                       const std::vector<const LedgerRow*>& others,
                       const std::vector<const LedgerRow*>& lower, std::int64_t next) const {
    const auto k = static_cast<std::int64_t>(takers.size());
    std::vector<std::string> ordinals, taker_codes, group;
    for (std::int64_t i = 1; i <= k; ++i)
      ordinals.push_back(ordinal(next + i));
    bool any_full = false;
    for (const LedgerRow* row : rows_) {
      if (std::find(takers.begin(), takers.end(), row) != takers.end() ||
          std::find(others.begin(), others.end(), row) != others.end()) {
        group.push_back(row->code);
        any_full = any_full || row->full_units > 0;
      }
    }
    for (const LedgerRow* row : takers)
      taker_codes.push_back(row->code);
    std::string text =
        fmt::format("the {} {} to {}: {} tie with {}{} each", lang::word_list(ordinals),
                    k == 1 ? "unit goes" : "units go", lang::word_list(taker_codes),
                    lang::word_list(group), minutes_text(key(*takers.front())),
                    policy_.rest_by_leftover && any_full ? " left over" : "");
    if (!lower.empty())
      text += fmt::format(", more than {}", others_minutes(lower));
    bool fewer_units = policy_.ties_fewest_units && !others.empty();
    for (const LedgerRow* taker : takers) {
      for (const LedgerRow* other : others)
        fewer_units = fewer_units && taker->full_units < other->full_units;
    }
    if (fewer_units && !policy_.ties_alternatives) {
      text += ", and fewer units come first";
    } else if (!policy_.ties_alternatives) {
      bool more_minutes = true;
      for (const LedgerRow* taker : takers) {
        for (const LedgerRow* other : others)
          more_minutes = more_minutes && taker->minutes.value_or(0) > other->minutes.value_or(0);
      }
      text += more_minutes ? ", and more minutes in all break the tie"
                           : ", and the order listed breaks the tie";
    } else if (k == 1) {
      text += group.size() == 2 ? ", so either may take it" : ", so any of them may take it";
    } else {
      text += fmt::format(", so any {} of them may take them", k);
    }
    if (fewer_units && policy_.ties_alternatives)
      text += "; fewer units come first";
    return text;
  }

  // Minutes left over that no unit was left for: "the N minutes left over of A earn no further
  // unit", "the N minutes left over of A and the M of B ...".
  void add_unused(std::vector<std::string>& out) const {
    std::vector<const LedgerRow*> rest;
    for (const LedgerRow* row : rows_) {
      if (row->competes)
        rest.push_back(row);
    }
    if (rest.empty())
      return;
    std::vector<std::string> parts;
    for (const LedgerRow* row : rest) {
      const std::string amount =
          parts.empty() ? minutes_text(row->leftover) : fmt::format("{}", row->leftover);
      parts.push_back(fmt::format("the {}{} of {}", amount, row->full_units > 0 ? " left over" : "",
                                  row->code));
    }
    const bool one = rest.size() == 1 && rest.front()->leftover == 1;
    out.push_back(
        fmt::format("{} {} no further unit", lang::word_list(parts), one ? "earns" : "earn"));
  }

  const PolicyVersion& policy_;
  std::vector<const LedgerRow*> rows_;
  std::int64_t units_ = 0;
};

// "of PT", "of PT's 30-minute codes", "of the 30-minute codes", or nothing for the only pool of
// a policy that pools every discipline together.
std::string pool_phrase(const PolicyVersion& policy, const Decisions& d, std::int32_t pool,
                        std::size_t pool_count) {
  const PoolDecision& p = d.pools[static_cast<std::size_t>(pool)];
  if (p.members.size() == 1 && d.lines[p.members.front()].initial)  // an add-on counted alone
    return fmt::format(" of {}, alone", d.lines[p.members.front()].version->code);
  const bool by_unit = shares_discipline(d, pool);
  if (!policy.pool_by_discipline) {
    if (by_unit)
      return fmt::format(" of the {}-minute codes", p.unit);
    return pool_count > 1 ? " of all" : "";
  }
  if (p.discipline.empty()) {
    return by_unit ? fmt::format(" of the {}-minute codes of no discipline", p.unit)
                   : std::string(" of the codes of no discipline");
  }
  if (by_unit)
    return fmt::format(" of {}'s {}-minute codes", p.discipline, p.unit);
  return fmt::format(" of {}", p.discipline);
}

// The sentences on the counted lines of one policy: its pools and how their units went.
void add_counted_sentences(const PolicyVersion& policy, const Context& cx, const Decisions& d,
                           const Explanation& x, std::vector<std::string>& sentences) {
  const auto counted_here = [&](std::size_t i) {
    return x.ledger[i].counted && &policy_of(cx, d, i) == &policy;
  };
  if (policy.pooled) {
    // The pools of the record of decisions, in the order their first code is listed.
    std::vector<std::pair<std::int32_t, std::vector<const LedgerRow*>>> pools;
    for (std::size_t i = 0; i < x.ledger.size(); ++i) {
      const LedgerRow& row = x.ledger[i];
      if (!counted_here(i))
        continue;
      auto pool = std::find_if(pools.begin(), pools.end(),
                               [&](const auto& p) { return p.first == row.pool_index; });
      if (pool == pools.end())
        pool = pools.insert(pools.end(), {row.pool_index, {}});
      pool->second.push_back(&row);
    }
    for (const auto& [pool, rows] : pools) {
      std::int64_t total = 0, units = 0;
      for (const LedgerRow* row : rows) {
        total += row->minutes.value_or(0);
        units += row->units;
      }
      const std::string of = pool_phrase(policy, d, pool, pools.size());
      std::string first = fmt::format(
          "The {} timed minutes{}{} allow {}.", total, of, rows.size() > 1 ? " together" : "",
          units == 0 ? std::string("no unit") : plural(units, "unit", "units"));
      const std::vector<std::string> parts = PoolStory(policy, rows, units).parts();
      if (!parts.empty())
        first += " " + capitalized(join(parts, "; ")) + ".";
      sentences.push_back(std::move(first));
    }
  } else {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < x.ledger.size(); ++i) {
      const LedgerRow& row = x.ledger[i];
      if (!counted_here(i))
        continue;
      parts.push_back(fmt::format(
          "{}'s {} minutes give {}", row.code, row.minutes.value_or(0),
          row.units == 0 ? std::string("no unit") : plural(row.units, "unit", "units")));
    }
    if (!parts.empty())
      sentences.push_back(fmt::format("Each code counts on its own: {}.", join(parts, "; ")));
  }
}

// The policies of `counts` clauses that counted lines, in the order their first line is listed.
std::vector<const LineDecision*> other_policies(const Decisions& d) {
  std::vector<const LineDecision*> out;
  for (const LineDecision& line : d.lines) {
    if (line.policy != nullptr && std::none_of(out.begin(), out.end(), [&](const LineDecision* o) {
          return o->policy == line.policy;
        }))
      out.push_back(&line);
  }
  return out;
}

void build_summary(const Context& cx, const Result& r, const Decisions& d, Explanation& x) {
  std::vector<std::string> sentences;
  add_counted_sentences(*cx.policy, cx, d, x, sentences);
  for (const LineDecision* first : other_policies(d)) {
    std::vector<std::string> codes;
    for (std::size_t i = 0; i < d.lines.size() && i < r.lines.size(); ++i) {
      if (d.lines[i].policy == first->policy)
        codes.push_back(r.lines[i].code);
    }
    sentences.push_back(fmt::format("Payer {} counts {} with policy {}{}.", cx.payer->name,
                                    lang::word_list(codes), first->policy->name,
                                    first->claim->family.empty()
                                        ? std::string()
                                        : fmt::format(" (family {})", first->claim->family)));
    add_counted_sentences(*first->policy, cx, d, x, sentences);
  }
  std::vector<std::string> untimed, untimed_with_minutes, not_in_force;
  for (const LedgerRow& row : x.ledger) {
    if (row.counted)
      continue;
    if (row.note.rfind(kRangeNote, 0) == 0)
      continue;  // said by time_shape_sentences
    if (row.note.rfind("untimed", 0) == 0) {
      untimed.push_back(row.code);
      if (row.minutes)
        untimed_with_minutes.push_back(row.code);
    } else {
      not_in_force.push_back(row.code);
    }
  }
  if (!untimed.empty()) {
    std::string sentence =
        untimed.size() == 1
            ? fmt::format("{} is untimed: one unit for the date of service", untimed.front())
            : fmt::format("{} are untimed: one unit each for the date of service",
                          lang::word_list(untimed));
    if (!untimed_with_minutes.empty()) {
      sentence +=
          fmt::format(", and {} minutes do not count", untimed.size() == 1 ? "its" : "their");
    }
    sentences.push_back(sentence + ".");
  }
  if (!not_in_force.empty()) {
    sentences.push_back(fmt::format("{} {} not in force on the date of service: no unit.",
                                    lang::word_list(not_in_force),
                                    not_in_force.size() == 1 ? "is" : "are"));
  }
  for (std::string& sentence : time_shape_sentences(r, d))
    sentences.push_back(std::move(sentence));
  if (!r.alternatives.empty()) {
    sentences.push_back(fmt::format("{} other allocation{} equally valid.", r.alternatives.size(),
                                    r.alternatives.size() == 1 ? " is" : "s are"));
  }
  if (sentences.empty())
    sentences.push_back("No timed minutes.");
  x.summary = policy_sentence(*cx.policy) + " " + join(sentences, " ");
}

// The clauses of policy `p` that decided the lines it counted.
void add_policy_steps(const PolicyVersion& p, const Context& cx, const Decisions& d,
                      const Result& r, Explanation& x) {
  const std::string policy_source = p.sources.empty() ? std::string() : p.sources.front();
  if (p.pool_clause.origin.file) {
    x.steps.push_back({fmt::format("{}: pool", p.name), p.pool_clause.origin.where(), policy_source,
                       says(p.pool_clause)});
  }
  x.steps.push_back({fmt::format("{}: units", p.name), p.units_clause.origin.where(), policy_source,
                     says(p.units_clause)});
  if (!p.pooled)
    return;
  bool any_full = false, any_extra = false;
  for (std::size_t i = 0; i < x.ledger.size(); ++i) {
    if (&policy_of(cx, d, i) != &p)
      continue;
    any_full = any_full || x.ledger[i].full_units > 0;
    any_extra = any_extra || x.ledger[i].extra_unit;
  }
  if (any_full && p.has_full_units) {
    x.steps.push_back({fmt::format("{}: full units", p.name), p.full_clause.origin.where(),
                       policy_source, says(p.full_clause)});
  }
  if (any_extra) {
    x.steps.push_back({fmt::format("{}: the rest", p.name), p.rest_clause.origin.where(),
                       policy_source, says(p.rest_clause)});
  }
  if (!r.alternatives.empty() && p.ties_alternatives) {
    x.steps.push_back({fmt::format("{}: ties", p.name), p.ties_clause.origin.where(), policy_source,
                       says(p.ties_clause)});
  }
}

void build_steps(const Context& cx, const Decisions& d, const Result& r, Explanation& x) {
  x.steps.push_back({fmt::format("payer {}", cx.payer->name), cx.payer->origin.where(),
                     cx.payer->sources.empty() ? std::string() : cx.payer->sources.front(),
                     fmt::format("uses policy {}", cx.policy->name)});
  const std::vector<const LineDecision*> others = other_policies(d);
  for (const LineDecision* first : others) {
    const PolicyClaim& claim = *first->claim;
    x.steps.push_back(
        {fmt::format("payer {}{}: counts", cx.payer->name, claim.extension ? " also" : ""),
         claim.clause.origin.where(), std::string(), says(claim.clause)});
  }
  add_policy_steps(*cx.policy, cx, d, r, x);
  for (const LineDecision* first : others)
    add_policy_steps(*first->policy, cx, d, r, x);
}

// True when `allocation` (units per line) is what `r` bills or one of its alternatives.
bool allows(const Result& r, const Allocation& allocation) {
  if (r.lines.size() != allocation.size())
    return false;
  bool chosen = true;
  for (std::size_t i = 0; i < allocation.size(); ++i)
    chosen = chosen && r.lines[i].units == allocation[i];
  return chosen || std::find(r.alternatives.begin(), r.alternatives.end(), allocation) !=
                       r.alternatives.end();
}

// The service of `enc` whose minutes make line `i` of `r`: the first service of the line's code
// with minutes when it is the only one, else the first whose one more minute shows in that line
// (the same code in two disciplines is two lines). Null when there is none.
Service* service_of_line(Evaluator& evaluator, Encounter& enc, const Result& r, std::size_t i,
                         Result& trial) {
  const Line& line = r.lines[i];
  std::vector<Service*> candidates;
  for (Service& s : enc.services) {
    if (s.code == line.code && s.minutes)
      candidates.push_back(&s);
  }
  if (candidates.size() <= 1)
    return candidates.empty() ? nullptr : candidates.front();
  for (Service* s : candidates) {
    const std::int64_t original = *s->minutes;
    s->minutes = original + 1;
    evaluator.evaluate(enc, trial);
    s->minutes = original;
    if (trial.ok && i < trial.lines.size() && trial.lines[i].code == line.code &&
        trial.lines[i].discipline == line.discipline && line.minutes &&
        trial.lines[i].minutes == *line.minutes + 1) {
      return s;
    }
  }
  return nullptr;
}

Allocation allocation_of(const Result& r) {
  Allocation out;
  out.reserve(r.lines.size());
  for (const Line& l : r.lines)
    out.push_back(l.units);
  return out;
}

// What changes from `before` to `after` (the same encounter, one code's minutes changed): the
// total, each code whose units change, and the codes that would tie.
std::string effect_text(const Result& before, const Result& after) {
  std::vector<std::string> changed;
  for (std::size_t i = 0; i < after.lines.size() && i < before.lines.size(); ++i) {
    const Line& l = after.lines[i];
    if (before.lines[i].units != l.units) {
      changed.push_back(fmt::format("{} would bill {} instead of {}", line_name(after, i), l.units,
                                    before.lines[i].units));
    }
  }
  std::string text =
      after.total_units != before.total_units
          ? fmt::format("{} instead of {}: {}", plural(after.total_units, "unit", "units"),
                        before.total_units, join(changed, " and "))
          : fmt::format("the same {}, allocated otherwise: {}",
                        plural(after.total_units, "unit", "units"), join(changed, " and "));
  if (!after.alternatives.empty()) {
    std::vector<std::string> tied;
    for (std::size_t i = 0; i < after.lines.size(); ++i) {
      const bool varies = std::any_of(
          after.alternatives.begin(), after.alternatives.end(),
          [&](const Allocation& a) { return i < a.size() && a[i] != after.lines[i].units; });
      if (varies)
        tied.push_back(line_name(after, i));
    }
    text += fmt::format("; {} would tie, so {} other allocation{} equally valid",
                        lang::word_list(tied), after.alternatives.size(),
                        after.alternatives.size() == 1 ? " would be" : "s would be");
  }
  return text;
}

// For each counted code, the smallest increase and the smallest decrease of its minutes after
// which what the result bills is no longer valid: the total changes, or the units move to other
// codes. A change that only adds equally valid alternatives (a new tie) keeps the billed
// allocation valid and is not a near miss.
void build_near_misses(Evaluator& evaluator, const Encounter& enc, const Result& r,
                       Explanation& x) {
  Encounter changed = enc;
  Result trial;
  const Allocation billed = allocation_of(r);
  std::vector<NearMiss> found;
  for (std::size_t i = 0; i < x.ledger.size() && i < r.lines.size(); ++i) {
    const LedgerRow& row = x.ledger[i];
    if (!row.counted)
      continue;
    Service* service = service_of_line(evaluator, changed, r, i, trial);
    if (service == nullptr)
      continue;
    const std::int64_t original = *service->minutes;
    const std::int64_t reach = std::max<std::int64_t>(60, row.leftover + 30);
    for (int sign : {+1, -1}) {
      for (std::int64_t d = 1; d <= reach; ++d) {
        const std::int64_t m = original + sign * d;
        if (m < 0)
          break;
        service->minutes = m;
        evaluator.evaluate(changed, trial);
        if (!trial.ok)
          break;
        if (!allows(trial, billed)) {
          found.push_back(
              {row.code, std::string(split_discipline(r, i)), sign * d, effect_text(r, trial)});
          break;
        }
      }
      service->minutes = original;
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const NearMiss& a, const NearMiss& b) {
    const auto da = std::abs(a.change_minutes), db = std::abs(b.change_minutes);
    if (da != db)
      return da < db;
    return a.change_minutes > b.change_minutes;
  });
  if (found.size() > kMaxNearMisses)
    found.resize(kMaxNearMisses);
  x.near_misses = std::move(found);
}

}  // namespace

Explanation explain(Evaluator& evaluator, const Encounter& enc, const Result& r,
                    const Decisions& decisions, bool near_misses) {
  Explanation x;
  if (!r.ok) {
    x.summary = fmt::format("The encounter could not be evaluated: {}.", r.error.message);
    return x;
  }
  if (!decisions.payer || !decisions.policy || decisions.lines.size() != r.lines.size()) {
    // Not the record of this result: decide again, recording.
    return explain(evaluator, enc, r, near_misses);
  }
  const Context cx{decisions.policy, decisions.payer};
  build_ledger(cx, r, decisions, x);
  build_summary(cx, r, decisions, x);
  build_steps(cx, decisions, r, x);
  add_time_shape_steps(r, decisions, x);
  if (near_misses)
    build_near_misses(evaluator, enc, r, x);
  return x;
}

Explanation explain(Evaluator& evaluator, const Encounter& enc, const Result& r, bool near_misses) {
  Decisions decisions;
  Result again;
  evaluator.evaluate(enc, again, &decisions);
  return explain(evaluator, enc, r, decisions, near_misses);
}

std::string explanation_text(const Explanation& x, std::string_view indent) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{}{}\n", indent, x.summary);
  if (!x.ledger.empty()) {
    // The pool column fits its longest name ("family psychotherapy"), 8 at least.
    std::size_t width = 8;
    for (const LedgerRow& row : x.ledger)
      width = std::max(width, row.pool.size());
    fmt::format_to(it, "{}{:<{}} {:<8} {:>7} {:>5} {:>8} {:>5} {:>5}\n", indent, "pool", width,
                   "code", "minutes", "full", "leftover", "extra", "units");
    for (const LedgerRow& row : x.ledger) {
      const std::string minutes = row.minutes ? fmt::format("{}", *row.minutes) : "-";
      if (!row.counted) {
        fmt::format_to(it, "{}{:<{}} {:<8} {:>7} {:>5} {:>8} {:>5} {:>5}  ({})\n", indent, row.pool,
                       width, row.code, minutes, "-", "-", "-", row.units, row.note);
      } else {
        fmt::format_to(it, "{}{:<{}} {:<8} {:>7} {:>5} {:>8} {:>5} {:>5}\n", indent, row.pool,
                       width, row.code, minutes, row.full_units, row.leftover,
                       row.extra_unit ? "yes" : "no", row.units);
      }
    }
  }
  for (const ExplainStep& s : x.steps) {
    fmt::format_to(it, "{}rule {} ({}): {}\n", indent, s.rule, s.at, s.says);
    if (!s.source.empty())
      fmt::format_to(it, "{}  source: {}\n", indent, s.source);
  }
  for (const NearMiss& n : x.near_misses) {
    fmt::format_to(it, "{}{:+} min of {}{}{}: {}\n", indent, n.change_minutes, n.code,
                   n.discipline.empty() ? "" : " in ", n.discipline, n.effect);
  }
  return out;
}

}  // namespace cptrules::interp
