// explain: rebuilds the minute ledger from a result, names the deciding clauses, finds near misses.
#include "explain.hpp"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "result_writer.hpp"

namespace cptrules::interp {

namespace {

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
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

std::string sources_of(const std::vector<lang::ast::StringLit>& sources) {
  return sources.empty() ? std::string() : sources.front().value;
}

// The discipline a code's minutes were counted under, as the evaluator decides it.
std::string discipline_of(const Evaluator& evaluator, const Encounter& enc, std::string_view code) {
  for (const Service& s : enc.services) {
    if (s.code == code) {
      if (s.discipline)
        return *s.discipline;
      break;
    }
  }
  return enc.discipline ? *enc.discipline : evaluator.options().default_discipline;
}

struct Context {
  const Plan& plan;
  const PolicyVersion* policy = nullptr;
  const PayerVersion* payer = nullptr;
  std::optional<lang::Date> date;
};

void build_ledger(const Evaluator& evaluator, const Context& cx, const Encounter& enc,
                  const Result& r, Explanation& x) {
  for (const Line& line : r.lines) {
    LedgerRow row;
    row.code = line.code;
    row.minutes = line.minutes;
    row.units = line.units;
    row.timed = line.timed;
    const auto id = cx.plan.find_code(line.code);
    const CodeVersion* v = id ? cx.plan.codes[*id].at(cx.date) : nullptr;
    const std::string discipline = discipline_of(evaluator, enc, line.code);
    if (!v) {
      row.pool = discipline;
      row.note = "not in force on the date of service: no units";
    } else if (!v->timed) {
      row.pool = discipline;
      row.note = "untimed: one unit per date of service; its minutes do not count";
    } else {
      row.counted = true;
      const std::int64_t minutes = line.minutes.value_or(0);
      row.pool =
          cx.policy->pooled ? (cx.policy->pool_by_discipline ? discipline : "all") : line.code;
      std::int64_t full = minutes / v->unit;
      if (cx.policy->pooled && cx.policy->has_full_units &&
          cx.policy->full_units.run({minutes, v->unit}, full) != EvalStatus::ok) {
        full = 0;
      }
      full = std::clamp<std::int64_t>(full, 0, v->first_block_only ? 1 : full);
      full = std::min(full, line.units);
      row.full_units = full;
      row.leftover = std::max<std::int64_t>(0, minutes - v->unit * full);
      row.extra_unit = line.units > full;
    }
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

void build_summary(const Context& cx, const Result& r, Explanation& x) {
  std::vector<std::string> sentences;
  const std::string rule = cx.policy->title.empty() ? cx.policy->name : cx.policy->title;
  if (cx.policy->pooled) {
    std::map<std::string, std::vector<const LedgerRow*>> pools;
    for (const LedgerRow& row : x.ledger) {
      if (row.counted)
        pools[row.pool].push_back(&row);
    }
    for (const auto& [pool, rows] : pools) {
      std::int64_t total = 0, units = 0, full_total = 0;
      for (const LedgerRow* row : rows) {
        total += row->minutes.value_or(0);
        units += row->units;
        full_total += row->full_units;
      }
      const std::string of = pools.size() > 1 || pool != "all" ? fmt::format(" of {}", pool) : "";
      std::string first =
          fmt::format("{} timed minutes{} under {} allow {}.", total, of, rule,
                      units == 0 ? std::string("no unit") : plural(units, "unit", "units"));
      std::vector<std::string> parts;
      for (const LedgerRow* row : rows) {
        if (row->full_units > 0) {
          parts.push_back(fmt::format("{} gets {} for its {} full minutes", row->code,
                                      row->full_units, row->minutes.value_or(0) - row->leftover));
        }
      }
      std::int64_t next = full_total;
      for (const LedgerRow* row : rows) {
        if (!row->extra_unit)
          continue;
        ++next;
        std::vector<std::string> beaten;
        std::vector<std::string> tied;
        for (const LedgerRow* other : rows) {
          if (other == row || other->extra_unit || other->leftover <= 0)
            continue;
          if (other->leftover == row->leftover) {
            tied.push_back(other->code);
          } else {
            beaten.push_back(fmt::format("the {} left over of {}", other->leftover, other->code));
          }
        }
        std::string part;
        if (beaten.empty() && tied.empty()) {
          part = fmt::format("the {} unit goes to {} for its {} minutes left over", ordinal(next),
                             row->code, row->leftover);
        } else {
          part = fmt::format("the {} unit goes to {}, whose {} minutes left over", ordinal(next),
                             row->code, row->leftover);
          if (!beaten.empty())
            part += fmt::format(" beat {}", join(beaten, " and "));
          if (!tied.empty()) {
            part += fmt::format("{} tie with {}, so {} may take it", beaten.empty() ? "" : ", and",
                                join(tied, " and "), tied.size() == 1 ? "either" : "any of them");
          }
        }
        parts.push_back(std::move(part));
      }
      if (!parts.empty())
        first += " " + capitalized(join(parts, "; ")) + ".";
      sentences.push_back(std::move(first));
    }
  } else {
    std::vector<std::string> parts;
    for (const LedgerRow& row : x.ledger) {
      if (!row.counted)
        continue;
      parts.push_back(fmt::format(
          "{}'s {} minutes give {}", row.code, row.minutes.value_or(0),
          row.units == 0 ? std::string("no unit") : plural(row.units, "unit", "units")));
    }
    if (!parts.empty()) {
      sentences.push_back(
          fmt::format("Under {}, each code counts on its own: {}.", rule, join(parts, "; ")));
    }
  }
  std::vector<std::string> untimed;
  for (const LedgerRow& row : x.ledger) {
    if (!row.counted && row.note.rfind("untimed", 0) == 0)
      untimed.push_back(row.code);
  }
  if (!untimed.empty()) {
    sentences.push_back(fmt::format("{} {} untimed: one unit each, and {} minutes do not count.",
                                    join(untimed, " and "), untimed.size() == 1 ? "is" : "are",
                                    untimed.size() == 1 ? "its" : "their"));
  }
  if (!r.alternatives.empty()) {
    sentences.push_back(fmt::format("{} other allocation{} equally valid.", r.alternatives.size(),
                                    r.alternatives.size() == 1 ? " is" : "s are"));
  }
  if (sentences.empty())
    sentences.push_back(fmt::format("No timed minutes under {}.", rule));
  x.summary = join(sentences, " ");
}

void build_steps(const Context& cx, const Result& r, Explanation& x) {
  const PolicyVersion& p = *cx.policy;
  const std::string policy_source = p.sources.empty() ? std::string() : p.sources.front();
  x.steps.push_back({fmt::format("payer {}", cx.payer->name), cx.payer->origin.where(),
                     cx.payer->decl ? sources_of(cx.payer->decl->meta.sources) : std::string(),
                     fmt::format("uses policy {}", p.name)});
  if (p.pool_clause.origin.file) {
    x.steps.push_back({fmt::format("{}: pool", p.name), p.pool_clause.origin.where(), policy_source,
                       says(p.pool_clause)});
  }
  x.steps.push_back({fmt::format("{}: units", p.name), p.units_clause.origin.where(), policy_source,
                     says(p.units_clause)});
  if (!p.pooled)
    return;
  const bool any_full = std::any_of(x.ledger.begin(), x.ledger.end(),
                                    [](const LedgerRow& row) { return row.full_units > 0; });
  const bool any_extra = std::any_of(x.ledger.begin(), x.ledger.end(),
                                     [](const LedgerRow& row) { return row.extra_unit; });
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

std::int64_t units_of(const Result& r, std::string_view code) {
  for (const Line& l : r.lines) {
    if (l.code == code)
      return l.units;
  }
  return 0;
}

std::string effect_text(const Result& before, const Result& after) {
  std::vector<std::string> changed;
  for (const Line& l : after.lines) {
    const std::int64_t was = units_of(before, l.code);
    if (was != l.units)
      changed.push_back(fmt::format("{} would bill {}", l.code, l.units));
  }
  const std::string codes = join(changed, " and ");
  if (after.total_units > before.total_units) {
    return fmt::format("{} instead of {}: {}", plural(after.total_units, "unit", "units"),
                       before.total_units, codes);
  }
  if (after.total_units < before.total_units) {
    return fmt::format("{} instead of {}: {}", plural(after.total_units, "unit", "units"),
                       before.total_units, codes);
  }
  return fmt::format("the same {}, allocated otherwise: {}",
                     plural(after.total_units, "unit", "units"), codes);
}

bool same_units(const Result& a, const Result& b) {
  if (a.total_units != b.total_units || a.lines.size() != b.lines.size())
    return false;
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    if (a.lines[i].units != b.lines[i].units)
      return false;
  }
  return true;
}

void build_near_misses(Evaluator& evaluator, const Encounter& enc, const Result& r,
                       Explanation& x) {
  Encounter changed = enc;
  Result trial;
  std::vector<NearMiss> found;
  for (const LedgerRow& row : x.ledger) {
    if (!row.counted)
      continue;
    auto service = std::find_if(changed.services.begin(), changed.services.end(),
                                [&](const Service& s) { return s.code == row.code && s.minutes; });
    if (service == changed.services.end())
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
        if (!same_units(r, trial)) {
          found.push_back({row.code, sign * d, effect_text(r, trial)});
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

Explanation explain(Evaluator& evaluator, const Encounter& enc, const Result& r, bool near_misses) {
  Explanation x;
  if (!r.ok) {
    x.summary = fmt::format("The encounter could not be evaluated: {}.", r.error.message);
    return x;
  }
  const Plan& plan = evaluator.plan();
  Context cx{plan, nullptr, nullptr, r.date};
  const auto payer_id = plan.find_payer(r.payer);
  if (payer_id)
    cx.payer = plan.payers[*payer_id].at(r.date);
  if (cx.payer)
    cx.policy = plan.policies[cx.payer->policy].at(r.date);
  if (!cx.payer || !cx.policy) {
    x.summary = "The rules that produced this result are no longer loaded.";
    return x;
  }
  build_ledger(evaluator, cx, enc, r, x);
  build_summary(cx, r, x);
  build_steps(cx, r, x);
  if (near_misses)
    build_near_misses(evaluator, enc, r, x);
  return x;
}

void append_explanation_json(std::string& out, const Explanation& x) {
  auto out_it = std::back_inserter(out);
  out += "\"explanation\": {\"summary\": ";
  append_json_string(out, x.summary);
  out += ", \"ledger\": [";
  for (std::size_t i = 0; i < x.ledger.size(); ++i) {
    const LedgerRow& row = x.ledger[i];
    if (i > 0)
      out += ", ";
    out += "{\"pool\": ";
    append_json_string(out, row.pool);
    out += ", \"code\": ";
    append_json_string(out, row.code);
    if (row.minutes)
      fmt::format_to(out_it, ", \"minutes\": {}", *row.minutes);
    fmt::format_to(out_it,
                   ", \"full_units\": {}, \"leftover\": {}, \"extra_unit\": {}, \"units\": {}",
                   row.full_units, row.leftover, row.extra_unit, row.units);
    if (!row.counted) {
      out += ", \"counted\": false, \"note\": ";
      append_json_string(out, row.note);
    }
    out += '}';
  }
  out += "], \"steps\": [";
  for (std::size_t i = 0; i < x.steps.size(); ++i) {
    const ExplainStep& s = x.steps[i];
    if (i > 0)
      out += ", ";
    out += "{\"rule\": ";
    append_json_string(out, s.rule);
    out += ", \"at\": ";
    append_json_string(out, s.at);
    out += ", \"source\": ";
    append_json_string(out, s.source);
    out += ", \"says\": ";
    append_json_string(out, s.says);
    out += '}';
  }
  out += "], \"near_misses\": [";
  for (std::size_t i = 0; i < x.near_misses.size(); ++i) {
    const NearMiss& n = x.near_misses[i];
    if (i > 0)
      out += ", ";
    out += "{\"code\": ";
    append_json_string(out, n.code);
    fmt::format_to(out_it, ", \"change_minutes\": {}, \"effect\": ", n.change_minutes);
    append_json_string(out, n.effect);
    out += '}';
  }
  out += "]}";
}

std::string explanation_text(const Explanation& x, std::string_view indent) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{}{}\n", indent, x.summary);
  if (!x.ledger.empty()) {
    fmt::format_to(it, "{}{:<8} {:<8} {:>7} {:>5} {:>8} {:>5} {:>5}\n", indent, "pool", "code",
                   "minutes", "full", "leftover", "extra", "units");
    for (const LedgerRow& row : x.ledger) {
      const std::string minutes = row.minutes ? fmt::format("{}", *row.minutes) : "-";
      if (!row.counted) {
        fmt::format_to(it, "{}{:<8} {:<8} {:>7} {:>5} {:>8} {:>5} {:>5}  ({})\n", indent, row.pool,
                       row.code, minutes, "-", "-", "-", row.units, row.note);
      } else {
        fmt::format_to(it, "{}{:<8} {:<8} {:>7} {:>5} {:>8} {:>5} {:>5}\n", indent, row.pool,
                       row.code, minutes, row.full_units, row.leftover,
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
    fmt::format_to(it, "{}{:+} min of {}: {}\n", indent, n.change_minutes, n.code, n.effect);
  }
  return out;
}

}  // namespace cptrules::interp
