// The words for the time shapes beyond units per block: which range a family's minutes fell in,
// and that the time after an initial code's first block went to its add-on, counted alone.
#include "time_shapes_text.hpp"

#include <fmt/format.h>

namespace cptrules::interp {

namespace {

std::string family_minutes(const LineDecision& d) {
  return fmt::format("the {} minute{} of family {}", d.family_minutes,
                     d.family_minutes == 1 ? "" : "s", d.version->family);
}

}  // namespace

std::string range_note(const LineDecision& d) {
  if (!d.range_code) {
    return fmt::format("{}: {} fall in no range (the lowest starts at {} minutes): no unit",
                       kRangeNote, family_minutes(d), d.lowest_minute);
  }
  if (d.range_code == d.version) {
    return fmt::format("{}: {} fall in its range, {}: 1 unit", kRangeNote, family_minutes(d),
                       time_range_text(*d.range_code));
  }
  return fmt::format("{}: {} fall in the range of {}, {}: no unit", kRangeNote, family_minutes(d),
                     d.range_code->code, time_range_text(*d.range_code));
}

std::vector<std::string> time_shape_sentences(const Result& r, const Decisions& d) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.lines.size() && i < d.lines.size(); ++i) {
    const LineDecision& decided = d.lines[i];
    const std::string& code = r.lines[i].code;
    if (decided.initial) {
      out.push_back(
          fmt::format("{} has the time after the first {} minutes of {}, counted alone "
                      "at its own unit length, {} minutes.",
                      code, decided.initial->unit, decided.initial->code, decided.version->unit));
    }
    if (!decided.ranged || !decided.version)
      continue;
    if (!decided.range_code) {
      out.push_back(
          fmt::format("{} gets no unit: {} fall in no range (the lowest starts at {} "
                      "minutes).",
                      code, family_minutes(decided), decided.lowest_minute));
    } else if (decided.range_code == decided.version) {
      out.push_back(fmt::format("{} is chosen by time range: {} fall in its range, {}: 1 unit.",
                                code, family_minutes(decided),
                                time_range_text(*decided.range_code)));
    } else {
      out.push_back(fmt::format("{} gets no unit: {} fall in the range of {}, {}.", code,
                                family_minutes(decided), decided.range_code->code,
                                time_range_text(*decided.range_code)));
    }
  }
  return out;
}

void add_time_shape_steps(const Result& r, const Decisions& d, Explanation& x) {
  for (std::size_t i = 0; i < r.lines.size() && i < d.lines.size(); ++i) {
    const LineDecision& decided = d.lines[i];
    const CodeVersion* v = decided.version;
    if (!v)
      continue;
    if (decided.ranged && decided.range_code == v) {
      x.steps.push_back({fmt::format("code {}: time range", v->code), v->origin.where(), v->source,
                         fmt::format("timed {} in family {}: a line of the family is billed as "
                                     "the code whose range holds the family's minutes",
                                     time_range_text(*v), v->family)});
    }
    if (decided.initial) {
      x.steps.push_back({fmt::format("code {}: add-on", v->code), v->origin.where(), v->source,
                         fmt::format("add-on to {} after its first {} min: the time after the "
                                     "first block, counted alone, {} minutes a unit",
                                     decided.initial->code, decided.initial->unit, v->unit)});
    }
  }
}

}  // namespace cptrules::interp
