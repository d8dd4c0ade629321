// The time shapes beyond units per block: an add-on written `after its first N min` (the initial
// code's and the add-on's minutes are one service's time) and a family of codes chosen by time
// range (the code whose range holds the family's minutes gets one unit). Steps of
// apply_code_rules, and what they decided for explanations.
#include <algorithm>

#include <fmt/format.h>

#include "evaluator.hpp"
#include "scratch.hpp"

namespace cptrules::interp {

namespace {

// Two lines of one family chosen by time range, in one discipline.
bool same_family(const WorkLine& a, const WorkLine& b) {
  return a.version && b.version && a.version->ranged && b.version->ranged &&
         a.version->family_id == b.version->family_id && same(a.discipline, b.discipline);
}

// The first line (by index) of the family and discipline of line `i`.
std::size_t family_head(const std::vector<WorkLine>& lines, std::size_t i) {
  for (std::size_t j = 0; j < i; ++j) {
    if (same_family(lines[j], lines[i]))
      return j;
  }
  return i;
}

// The code of `family` in force on `date` whose range holds `minutes` (-1: none), and the
// family's lowest range.
struct RangeChoice {
  std::int32_t code = -1;
  const CodeVersion* version = nullptr;
  const CodeVersion* lowest = nullptr;
};

RangeChoice choose(const Plan& plan, std::int32_t family_id, std::optional<lang::Date> date,
                   std::int64_t minutes) {
  RangeChoice out;
  for (std::uint32_t id : plan.families[static_cast<std::size_t>(family_id)].codes) {
    const CodeVersion* v = plan.codes[id].at(date);
    if (!v || !v->ranged || v->family_id != family_id)
      continue;
    if (!out.lowest || v->range_from < out.lowest->range_from)
      out.lowest = v;
    if (v->range_from <= minutes && minutes <= v->range_to) {
      out.code = static_cast<std::int32_t>(id);
      out.version = v;
    }
  }
  return out;
}

}  // namespace

// Only encounters with an initial code whose add-on says `after its first N min`, or a code
// chosen by time range, do any work here.
void Evaluator::apply_time_shapes(const Context& cx, Result& r) {
  Scratch& s = *scratch_;
  bool ranged = false;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const CodeVersion* v = s.lines[i].version;
    if (!v)
      continue;
    if (v->first_block_only && v->addon_code != kNoCode && v->addon_after_block)
      split_addon_time(i, cx, r);
    ranged = ranged || v->ranged;
  }
  if (ranged)
    choose_by_time_range(cx, r);
}

// The initial code at line `i` and its add-on, in its discipline: their minutes together are one
// service's time; the initial code keeps its first block, the add-on gets the rest.
void Evaluator::split_addon_time(std::size_t i, const Context& cx, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  const CodeVersion& v = *s.lines[i].version;
  const std::string_view discipline = s.lines[i].discipline;
  const auto addon_id = static_cast<std::uint32_t>(v.addon_code);
  const std::string& initial = plan.codes[s.lines[i].code_id].name;
  const std::string& addon_name = plan.codes[addon_id].name;
  auto found = std::find_if(s.lines.begin(), s.lines.end(), [&](const WorkLine& l) {
    return l.code_id == addon_id && same(l.discipline, discipline);
  });
  const std::int64_t own = s.lines[i].minutes;
  const std::int64_t addon_minutes = found == s.lines.end() ? 0 : found->minutes;
  const std::int64_t block = std::min(own + addon_minutes, v.unit);
  const std::int64_t rest = own + addon_minutes - block;
  if (addon_minutes > 0 && own < v.unit) {
    add_line_finding(
        r, FindingSeverity::warning, "code.addon-before-first-block",
        fmt::format("{} is billed for {} minutes, but {} has only {} of its first {}: "
                    "{} of them complete the first block, and {} keeps {}",
                    addon_name, addon_minutes, initial, own, v.unit, block - own, addon_name, rest),
        addon_name, discipline);
  }
  if (own > v.unit) {
    add_line_finding(
        r, FindingSeverity::info, "code.addon-time",
        fmt::format("the {} minutes of {} after its first {} are billed as its add-on {}, "
                    "counted alone at its own unit length",
                    own - v.unit, initial, v.unit, addon_name),
        addon_name, discipline);
  }
  s.lines[i].minutes = block;
  if (found == s.lines.end()) {
    if (rest == 0)
      return;
    // The line is added before `found` is taken: adding it may move the lines.
    const std::size_t added = s.add_addon_line(plan, addon_id, cx.date, i);
    found = s.lines.begin() + static_cast<std::ptrdiff_t>(added);
  }
  found->minutes = rest;
  found->has_minutes = true;
}

// Every family chosen by time range, per discipline: its lines' minutes are added up, and the
// code of the family whose range holds them gets the minutes and 1 unit; the family's other
// lines get 0 (code.time-range-mismatch), or all of them do when no range holds the minutes
// (code.outside-time-ranges).
void Evaluator::choose_by_time_range(const Context& cx, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  const std::size_t count = s.lines.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (!s.lines[i].version || !s.lines[i].version->ranged || family_head(s.lines, i) != i)
      continue;
    const std::int32_t family_id = s.lines[i].version->family_id;
    const std::string& family = plan.families[static_cast<std::size_t>(family_id)].name;
    const std::string_view discipline = s.lines[i].discipline;
    std::int64_t total = 0;
    std::size_t lines = 0;
    for (std::size_t j = i; j < count; ++j) {
      if (same_family(s.lines[j], s.lines[i])) {
        total += s.lines[j].minutes;
        ++lines;
      }
    }
    const RangeChoice choice = choose(plan, family_id, cx.date, total);
    const std::string& first = plan.codes[s.lines[i].code_id].name;
    const std::string minutes_of =
        lines == 1 ? fmt::format("{} is billed for {} minutes", first, total)
                   : fmt::format("the lines of family {} add up to {} minutes", family, total);
    if (choice.code < 0) {
      const std::string lowest = choice.lowest && total < choice.lowest->range_from
                                     ? fmt::format(" (the lowest, {} of {}, starts at {} minutes)",
                                                   time_range_text(*choice.lowest),
                                                   choice.lowest->code, choice.lowest->range_from)
                                     : std::string();
      add_line_finding(r, FindingSeverity::warning, "code.outside-time-ranges",
                       fmt::format("{}, which fall in no range of family {}{}: nothing is "
                                   "billable",
                                   minutes_of, family, lowest),
                       first, discipline);
      continue;  // every line of the family keeps 0 units
    }
    const auto chosen = static_cast<std::uint32_t>(choice.code);
    for (std::size_t j = i; j < count; ++j) {
      WorkLine& line = s.lines[j];
      if (!same_family(line, s.lines[i]) || line.code_id == chosen)
        continue;
      const std::string& billed = plan.codes[line.code_id].name;
      add_line_finding(r, FindingSeverity::warning, "code.time-range-mismatch",
                       fmt::format("{}, which fall in the range of {} ({}): {} is billed for them, "
                                   "and {} gets no unit",
                                   minutes_of, choice.version->code,
                                   time_range_text(*choice.version), choice.version->code, billed),
                       billed, discipline);
      line.minutes = 0;
    }
    auto target = std::find_if(s.lines.begin(), s.lines.end(), [&](const WorkLine& l) {
      return l.code_id == chosen && same(l.discipline, discipline);
    });
    if (target == s.lines.end()) {
      WorkLine& added = s.lines.emplace_back();
      added.code_id = chosen;
      added.version = choice.version;
      added.discipline = discipline;
      target = s.lines.end() - 1;
    }
    target->minutes = total;
    target->has_minutes = true;
    target->units = 1;
  }
}

// What the time shapes decided about line `i`, for explanations.
void Evaluator::record_time_shapes(std::size_t i, std::optional<lang::Date> date,
                                   LineDecision& out) {
  const Plan& plan = *plan_;
  const Scratch& s = *scratch_;
  const CodeVersion& v = *s.lines[i].version;
  if (v.addon_after && v.primary_code != kNoCode)
    out.initial = plan.codes[static_cast<std::size_t>(v.primary_code)].at(date);
  if (!v.ranged)
    return;
  out.ranged = true;
  for (const WorkLine& line : s.lines) {
    if (!same_family(line, s.lines[i]))
      continue;
    out.family_minutes += line.minutes;
    if (line.units > 0)
      out.range_code = line.version;
  }
  const RangeChoice choice = choose(plan, v.family_id, date, out.family_minutes);
  out.lowest_minute = choice.lowest ? choice.lowest->range_from : 0;
}

}  // namespace cptrules::interp
