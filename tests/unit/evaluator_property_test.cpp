// Property test: the evaluator against an independent model of the CMS and CPT unit rules.
//
// The model follows shared/domain/timed-units.md section 1.4 step by step, written from the
// domain text and not from the evaluator: timed minutes are pooled per discipline, the pool
// earns N = floor((T + 7) / 15) units when T >= 8, each code first gets floor(m / 15) full
// units, and the remaining units are handed out one at a time to a code with the largest
// remaining minutes (m - 15 * units so far); on a tie any tied code may take the unit, so the
// model explores every choice and keeps the SET of allocations reachable. The CPT rule gives
// each timed code floor((m + 7) / 15) units on its own. Untimed codes are 1 unit, never pooled.
//
// Claims as offices send them: a line is a code in a discipline (contract/eval.md): the
// service's own discipline, else the one its GP/GO modifier names (Pub. 100-04 ch. 5 sec.
// 20.1), else the encounter's, else the code's only discipline, else PT (the standard payers'
// default). Clock times that overlap within a discipline count once, each shared minute for the
// service listed first; a code outside the rules is a line of its own, after the others, whose
// minutes count nowhere.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "evaluator.hpp"
#include "loader.hpp"

namespace {

using cptrules::interp::Encounter;
using cptrules::interp::Evaluator;
using cptrules::interp::Result;
using cptrules::interp::Service;
using Units = std::vector<std::int64_t>;

// The standard 15-minute timed codes in force on the test date, and some untimed ones.
const std::vector<std::string> kTimed{"97110", "97112", "97113", "97116", "97124", "97140",
                                      "97530", "97535", "97542", "97750", "97760", "97761",
                                      "97763", "97032", "97033", "97034", "97035", "97036"};
const std::vector<std::string> kUntimed{"97161", "97162", "97164", "97165", "97168",
                                        "97010", "97012", "97014", "G0283", "97150"};

// Codes that are not in the rules at all (an E/M visit, a supply).
const std::vector<std::string> kUnknown{"99213", "A4556"};

bool is_timed(const std::string& code) {
  return std::find(kTimed.begin(), kTimed.end(), code) != kTimed.end();
}
bool is_known(const std::string& code) {
  return std::find(kUnknown.begin(), kUnknown.end(), code) == kUnknown.end();
}

// The evaluation codes of one discipline (stdlib-rules/codes/untimed-therapy.rules: the PT and
// OT evaluation families); every other code of the lists above is PT or OT.
std::string only_discipline(const std::string& code) {
  if (code == "97161" || code == "97162" || code == "97164")
    return "PT";
  if (code == "97165" || code == "97168")
    return "OT";
  return {};
}

// The service's discipline, in the contract's order. Only Medicare declares the discipline
// modifiers (payers/medicare.rules); the commercial payer leaves them to the other steps.
std::string discipline_of(const Service& s, const Encounter& enc) {
  if (!is_known(s.code))
    return s.discipline.value_or("");
  if (s.discipline)
    return *s.discipline;
  for (const std::string& m : enc.payer == "medicare" ? s.modifiers : std::vector<std::string>{}) {
    if (m == "GP")
      return "PT";
    if (m == "GO")
      return "OT";
  }
  if (enc.discipline)
    return *enc.discipline;
  if (!only_discipline(s.code).empty())
    return only_discipline(s.code);
  return "PT";
}

// One distinct code of an encounter, as the model sees it.
struct ModelLine {
  std::string code;
  bool timed = false;
  bool has_minutes = false;
  std::int64_t minutes = 0;
  std::string discipline;
};

// The minutes each service counts: a clock span keeps only the minutes no timed service of its
// discipline listed before it covers.
std::vector<std::int64_t> counted_minutes(const Encounter& enc) {
  std::vector<std::int64_t> out;
  std::map<std::string, std::vector<bool>> covered;  // per discipline, minute of the day
  for (const Service& s : enc.services) {
    if (!s.clock || !is_timed(s.code)) {
      out.push_back(s.minutes.value_or(0));
      continue;
    }
    std::vector<bool>& day = covered[discipline_of(s, enc)];
    day.resize(24 * 60, false);
    std::int64_t kept = 0;
    for (std::int32_t t = s.clock->start; t < s.clock->end; ++t) {
      if (!day[static_cast<std::size_t>(t)]) {
        day[static_cast<std::size_t>(t)] = true;
        ++kept;
      }
    }
    out.push_back(kept);
  }
  return out;
}

// The encounter's distinct codes and disciplines in the order first listed, minutes added up;
// codes outside the rules after them.
std::vector<ModelLine> model_lines(const Encounter& enc) {
  std::vector<ModelLine> lines;
  std::vector<ModelLine> outside;
  const std::vector<std::int64_t> minutes = counted_minutes(enc);
  for (std::size_t i = 0; i < enc.services.size(); ++i) {
    const Service& s = enc.services[i];
    std::vector<ModelLine>& list = is_known(s.code) ? lines : outside;
    const std::string discipline = discipline_of(s, enc);
    ModelLine* line = nullptr;
    for (ModelLine& l : list) {
      if (l.code == s.code && l.discipline == discipline)
        line = &l;
    }
    if (!line) {
      list.push_back({s.code, is_timed(s.code), false, 0, discipline});
      line = &list.back();
    }
    if (s.minutes) {
      line->has_minutes = true;
      line->minutes += minutes[i];
    }
  }
  lines.insert(lines.end(), outside.begin(), outside.end());
  return lines;
}

// Section 1.4 for one pool: every allocation the hand-out of the remaining units can reach.
std::set<Units> pool_allocations(const Units& minutes) {
  std::int64_t total = 0;
  for (auto m : minutes)
    total += m;
  const std::int64_t n = total >= 8 ? (total + 7) / 15 : 0;  // step 2, the chart
  Units start;
  std::int64_t full = 0;
  for (auto m : minutes) {
    start.push_back(m / 15);  // step 3: every full 15 minutes
    full += m / 15;
  }
  REQUIRE(full <= n);  // "The sum of these can never exceed N"
  std::set<Units> frontier{start};
  for (std::int64_t step = full; step < n; ++step) {  // step 4: one unit at a time
    std::set<Units> next;
    for (const Units& state : frontier) {
      std::int64_t best = std::numeric_limits<std::int64_t>::min();
      for (std::size_t i = 0; i < minutes.size(); ++i) {
        best = std::max(best, minutes[i] - 15 * state[i]);
      }
      REQUIRE(best > 0);  // some code always has minutes left (section 1.4, step 6)
      for (std::size_t i = 0; i < minutes.size(); ++i) {
        if (minutes[i] - 15 * state[i] == best) {  // step 5: any tied code may take it
          Units taken = state;
          ++taken[i];
          next.insert(taken);
        }
      }
    }
    frontier = std::move(next);
  }
  return frontier;
}

// The one allocation of a pool the tie-break picks: more remaining minutes, then fewer units
// (the standard Medicare policy's `ties by units, fewest first`), then more total minutes, then
// the code listed first.
Units pool_chosen(const Units& minutes) {
  std::int64_t total = 0;
  for (auto m : minutes)
    total += m;
  const std::int64_t n = total >= 8 ? (total + 7) / 15 : 0;
  Units units;
  std::int64_t given = 0;
  for (auto m : minutes) {
    units.push_back(m / 15);
    given += m / 15;
  }
  for (; given < n; ++given) {
    std::size_t pick = 0;
    for (std::size_t i = 1; i < minutes.size(); ++i) {
      const std::int64_t ri = minutes[i] - 15 * units[i];
      const std::int64_t rp = minutes[pick] - 15 * units[pick];
      if (ri > rp || (ri == rp && units[i] < units[pick]) ||
          (ri == rp && units[i] == units[pick] && minutes[i] > minutes[pick]))
        pick = i;
    }
    ++units[pick];
  }
  return units;
}

// The CMS model of a whole encounter: per-discipline pools combined.
struct CmsModel {
  std::vector<ModelLine> lines;
  std::vector<std::vector<std::size_t>> pools;  // line indexes of each pool
  std::vector<std::set<Units>> pool_sets;       // the allocations of each pool
  Units base;                                   // untimed 1, timed 0
  Units chosen;
  std::size_t size = 1;  // the number of allocations in all
  std::int64_t timed_minutes = 0;

  // Whether `u` (over all lines) is one of the valid allocations.
  bool contains(const Units& u) const {
    if (u.size() != lines.size())
      return false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!lines[i].timed && u[i] != base[i])
        return false;
    }
    for (std::size_t p = 0; p < pools.size(); ++p) {
      Units part;
      for (std::size_t i : pools[p])
        part.push_back(u[i]);
      if (!pool_sets[p].count(part))
        return false;
    }
    return true;
  }

  // Every valid allocation (call only when `size` is small).
  std::set<Units> all() const {
    std::set<Units> out{base};
    for (std::size_t p = 0; p < pools.size(); ++p) {
      std::set<Units> next;
      for (const Units& partial : out) {
        for (const Units& part : pool_sets[p]) {
          Units u = partial;
          for (std::size_t k = 0; k < pools[p].size(); ++k)
            u[pools[p][k]] = part[k];
          next.insert(u);
        }
      }
      out = std::move(next);
    }
    return out;
  }
};

CmsModel cms_model(const Encounter& enc) {
  CmsModel m;
  m.lines = model_lines(enc);
  std::map<std::string, std::size_t> pool_of;
  for (std::size_t i = 0; i < m.lines.size(); ++i) {
    const ModelLine& l = m.lines[i];
    m.base.push_back(l.timed || !is_known(l.code) ? 0 : 1);
    if (!l.timed)
      continue;
    m.timed_minutes += l.minutes;
    auto [it, inserted] = pool_of.emplace(l.discipline, m.pools.size());
    if (inserted)
      m.pools.emplace_back();
    m.pools[it->second].push_back(i);
  }
  m.chosen = m.base;
  for (const auto& pool : m.pools) {
    Units minutes;
    for (std::size_t i : pool)
      minutes.push_back(m.lines[i].minutes);
    m.pool_sets.push_back(pool_allocations(minutes));
    m.size *= m.pool_sets.back().size();
    const Units pick = pool_chosen(minutes);
    for (std::size_t k = 0; k < pool.size(); ++k)
      m.chosen[pool[k]] = pick[k];
  }
  return m;
}

// The CPT per-code rule.
Units cpt_model(const std::vector<ModelLine>& lines) {
  Units out;
  for (const ModelLine& l : lines)
    out.push_back(l.timed ? (l.minutes + 7) / 15 : is_known(l.code) ? 1 : 0);
  return out;
}

// A random encounter: a few codes (timed and untimed) listed one or more times, 0-90 minutes,
// disciplines PT and OT, minutes often drawn from a small set so that ties are common.
Encounter random_encounter(std::mt19937& rng, int index) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Encounter enc;
  enc.id = "p" + std::to_string(index);
  enc.input_line = index + 1;
  enc.date = cptrules::lang::parse_date("2025-03-02");
  if (pick(0, 2) == 0)
    enc.discipline = pick(0, 1) == 0 ? "PT" : "OT";
  const std::string enc_discipline = enc.discipline.value_or("PT");

  // One time in six, a tie storm: many distinct timed codes of one discipline with the same
  // minutes each, so that the set of valid allocations is often larger than 33.
  if (pick(0, 5) == 0) {
    std::vector<std::string> codes = kTimed;
    std::shuffle(codes.begin(), codes.end(), rng);
    codes.resize(static_cast<std::size_t>(pick(2, 14)));
    const int minutes = pick(1, 14);
    for (const std::string& code : codes) {
      Service s;
      s.code = code;
      s.minutes = minutes;
      enc.services.push_back(std::move(s));
    }
    return enc;
  }

  // The codes of this encounter, each with its discipline.
  std::vector<std::pair<std::string, std::string>> palette;
  const int distinct = pick(1, 12);
  for (int i = 0; i < distinct; ++i) {
    const bool timed = pick(0, 4) != 0;
    const auto& pool = timed ? kTimed : kUntimed;
    const std::string code =
        pool[static_cast<std::size_t>(pick(0, static_cast<int>(pool.size()) - 1))];
    const bool known =
        std::any_of(palette.begin(), palette.end(), [&](const auto& p) { return p.first == code; });
    if (known)
      continue;
    palette.emplace_back(code, pick(0, 1) == 0 ? "PT" : "OT");
  }
  // How minutes are drawn: uniformly, from a few values that tie, all the same, multiples of
  // 7, or small.
  const int mode = pick(0, 4);
  static const int kTieMinutes[] = {0, 5, 7, 8, 10, 14, 15, 20, 22, 23, 25, 30, 37, 38};
  const int same = pick(1, 40);
  const int services = pick(1, 14);
  for (int i = 0; i < services; ++i) {
    const auto& [code, discipline] =
        palette[static_cast<std::size_t>(pick(0, static_cast<int>(palette.size()) - 1))];
    Service s;
    s.code = code;
    if (is_timed(code) || pick(0, 1) == 0) {
      switch (mode) {
        case 0:
          s.minutes = pick(0, 90);
          break;
        case 1:
          s.minutes = kTieMinutes[pick(0, 13)];
          break;
        case 2:
          s.minutes = same;
          break;
        case 3:
          s.minutes = 7 * pick(0, 6);
          break;
        default:
          s.minutes = pick(0, 14);
          break;
      }
    }
    // The discipline by the field, by the modifier alone, or by both; or left to the
    // encounter when they agree.
    const int says = pick(0, 3);
    if (says == 0 || (says == 3 && discipline != enc_discipline))
      s.discipline = discipline;
    if (says == 1 || says == 2 || (says == 3 && discipline != enc_discipline && pick(0, 1) == 0))
      s.modifiers.push_back(discipline == "PT" ? "GP" : "GO");
    if (says == 2)
      s.discipline = discipline;
    if (says == 3 && discipline != enc_discipline && s.modifiers.empty())
      s.discipline = discipline;
    enc.services.push_back(std::move(s));
  }
  // One time in five a code outside the rules; one time in four clock times for the timed
  // services, drawn in one hour so that they often overlap.
  if (pick(0, 4) == 0) {
    Service s;
    s.code = kUnknown[static_cast<std::size_t>(pick(0, 1))];
    s.minutes = pick(0, 30);
    enc.services.insert(enc.services.begin() + pick(0, static_cast<int>(enc.services.size())), s);
  }
  if (pick(0, 3) == 0) {
    for (Service& s : enc.services) {
      if (!is_timed(s.code) || !s.minutes || pick(0, 3) == 0)
        continue;
      const int start = 8 * 60 + pick(0, 50);
      const int length = std::min<int>(static_cast<int>(*s.minutes), 8 * 60 + 59 - start);
      s.clock = cptrules::interp::ClockSpan{start, start + length};
      s.minutes = length;
    }
  }
  return enc;
}

std::string show(const Encounter& enc) {
  std::string out = "discipline " + enc.discipline.value_or("(default)") + ":";
  for (const Service& s : enc.services) {
    out += " " + s.code;
    if (s.minutes)
      out += ":" + std::to_string(*s.minutes);
    if (s.discipline)
      out += "/" + *s.discipline;
    for (const std::string& m : s.modifiers)
      out += "-" + m;
    if (s.clock)
      out += "@" + std::to_string(s.clock->start) + "-" + std::to_string(s.clock->end);
  }
  return out;
}

std::string show(const Units& u) {
  std::string out;
  for (auto x : u)
    out += std::to_string(x) + " ";
  return out;
}

Units chosen_of(const Result& r) {
  Units u;
  for (const auto& line : r.lines)
    u.push_back(line.units);
  return u;
}

// How the result's lines differ from the model's (codes, order, minutes, timing); empty when
// they agree.
std::string lines_mismatch(const Result& r, const std::vector<ModelLine>& lines) {
  if (r.lines.size() != lines.size()) {
    return "result has " + std::to_string(r.lines.size()) + " lines, model " +
           std::to_string(lines.size());
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& got = r.lines[i];
    const ModelLine& want = lines[i];
    if (got.code != want.code || got.timed != want.timed || got.discipline != want.discipline ||
        got.minutes.has_value() != want.has_minutes ||
        (want.has_minutes && *got.minutes != want.minutes)) {
      return "line " + std::to_string(i) + " is " + got.code + "/" + got.discipline + " " +
             (got.minutes ? std::to_string(*got.minutes) : "-") + ", model " + want.code + "/" +
             want.discipline + " " + (want.has_minutes ? std::to_string(want.minutes) : "-");
    }
  }
  return {};
}

std::shared_ptr<const cptrules::interp::Plan> stdlib() {
  cptrules::interp::LoadOptions options;
  const auto loaded = cptrules::interp::load_rules(options);
  REQUIRE(loaded.plan);
  return loaded.plan;
}

}  // namespace

TEST_CASE("property: the model itself on the published examples", "[evaluator][property]") {
  // CMS Example 1, 2, 3 and 5 (section 1.3), as sets.
  CHECK(pool_allocations({24, 23}) == std::set<Units>{{2, 1}});
  CHECK(pool_allocations({20, 20}) == std::set<Units>{{2, 1}, {1, 2}});
  CHECK(pool_allocations({33, 7}) == std::set<Units>{{2, 1}});
  CHECK(pool_allocations({7, 7, 7}) == std::set<Units>{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  CHECK(pool_allocations({5, 2}) == std::set<Units>{{0, 0}});
  CHECK(pool_allocations({}) == std::set<Units>{{}});
  CHECK(pool_chosen({5, 20}) == Units{1, 1});  // a tie at 5 left over: fewer units first
  CHECK(pool_chosen({7, 7}) == Units{1, 0});
}

TEST_CASE("property: medicare allocations are exactly the model's set", "[evaluator][property]") {
  Evaluator evaluator(stdlib(), {});
  std::mt19937 rng(20250302);
  int with_ties = 0;
  int capped = 0;
  int several_pools = 0;
  int overlapped = 0;
  int outside = 0;
  int by_modifier = 0;
  for (int i = 0; i < 6000; ++i) {
    Encounter enc = random_encounter(rng, i);
    enc.payer = "medicare";
    Result r;
    evaluator.evaluate(enc, r);
    const CmsModel model = cms_model(enc);
    INFO("encounter " << i << ": " << show(enc));
    REQUIRE(r.ok);
    INFO(lines_mismatch(r, model.lines));
    REQUIRE(lines_mismatch(r, model.lines).empty());
    CHECK(r.timed_minutes == model.timed_minutes);

    const Units chosen = chosen_of(r);
    INFO("chosen " << show(chosen) << "; model's pick " << show(model.chosen));
    REQUIRE(model.contains(chosen));
    CHECK(chosen == model.chosen);  // the documented tie-break
    std::int64_t total = 0;
    for (auto u : chosen)
      total += u;
    CHECK(r.total_units == total);

    // Every alternative valid, distinct, not the chosen one, and of the same total.
    std::set<Units> seen{chosen};
    std::string bad;
    for (const auto& alt : r.alternatives) {
      std::int64_t alt_total = 0;
      for (auto u : alt) {
        alt_total += u;
      }
      if (!model.contains(alt))
        bad += "not valid: " + show(alt) + "\n";
      if (!seen.insert(alt).second)
        bad += "repeated or the chosen one: " + show(alt) + "\n";
      if (alt_total != total)
        bad += "another total: " + show(alt) + "\n";
    }
    CHECK(bad.empty());
    CHECK(r.alternatives.size() <= 32);
    if (model.size <= 33) {
      CHECK(seen == model.all());
    } else {
      CHECK(r.alternatives.size() == 32);
      ++capped;
    }
    with_ties += r.alternatives.empty() ? 0 : 1;
    several_pools += model.pools.size() > 1 ? 1 : 0;
    const std::vector<std::int64_t> counted = counted_minutes(enc);
    for (std::size_t s = 0; s < enc.services.size(); ++s) {
      const Service& svc = enc.services[s];
      overlapped += svc.minutes && counted[s] < *svc.minutes ? 1 : 0;
      outside += is_known(svc.code) ? 0 : 1;
      by_modifier += !svc.discipline && !svc.modifiers.empty() && enc.discipline &&
                             discipline_of(svc, enc) != *enc.discipline
                         ? 1
                         : 0;
    }
  }
  WARN("services whose clock time overlapped: " << overlapped << ", outside the rules: " << outside
                                                << ", whose modifier overrode the "
                                                << "encounter's discipline: " << by_modifier);
  CHECK(overlapped > 300);
  CHECK(outside > 300);
  CHECK(by_modifier > 100);
  // The generator must reach the interesting cases.
  WARN("encounters with ties: " << with_ties << ", capped: " << capped
                                << ", with several pools: " << several_pools);
  CHECK(with_ties > 600);
  CHECK(several_pools > 600);
  CHECK(capped > 0);
}

TEST_CASE("property: commercial gives each code its own units and no alternatives",
          "[evaluator][property]") {
  Evaluator evaluator(stdlib(), {});
  std::mt19937 rng(97140);
  for (int i = 0; i < 6000; ++i) {
    Encounter enc = random_encounter(rng, i);
    enc.payer = "commercial";
    Result r;
    evaluator.evaluate(enc, r);
    const std::vector<ModelLine> lines = model_lines(enc);
    INFO("encounter " << i << ": " << show(enc));
    REQUIRE(r.ok);
    INFO(lines_mismatch(r, lines));
    REQUIRE(lines_mismatch(r, lines).empty());
    CHECK(chosen_of(r) == cpt_model(lines));
    CHECK(r.alternatives.empty());
  }
}

TEST_CASE("property: a lone code gets the chart's units under both payers, to 10 hours",
          "[evaluator][property]") {
  // With one code the two rules agree: floor((m + 7) / 15) from 8 minutes on.
  Evaluator evaluator(stdlib(), {});
  std::mt19937 rng(8);
  for (int i = 0; i < 2000; ++i) {
    const std::string code = kTimed[static_cast<std::size_t>(i) % kTimed.size()];
    const std::int64_t minutes = std::uniform_int_distribution<int>(0, 600)(rng);
    Encounter enc;
    enc.date = cptrules::lang::parse_date("2025-03-02");
    enc.services.push_back({code, minutes, {}, {}, {}, {}, {}, {}});
    Result medicare;
    Result commercial;
    enc.payer = "medicare";
    evaluator.evaluate(enc, medicare);
    enc.payer = "commercial";
    evaluator.evaluate(enc, commercial);
    INFO(code << " " << minutes << " min");
    REQUIRE(medicare.ok);
    REQUIRE(commercial.ok);
    const std::int64_t chart = minutes >= 8 ? (minutes + 7) / 15 : 0;
    CHECK(medicare.total_units == chart);
    CHECK(commercial.total_units == chart);
  }
}
