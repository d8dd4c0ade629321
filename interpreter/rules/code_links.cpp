// Checks of the links between codes: add-ons and their initial codes, families of codes chosen
// by time range.
#include "code_links.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace cptrules::interp {

namespace ast = lang::ast;

namespace {

constexpr std::int32_t kSince = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t kUntil = std::numeric_limits<std::int32_t>::max();

// How a code is timed, as a reader wrote it: "untimed", "timed every 15 min", ...
std::string timing_text(const ast::CodeDecl& d) {
  if (d.timing == ast::Timing::untimed)
    return "untimed";
  if (d.range) {
    return d.range->to ? fmt::format("timed {}..{} min", d.range->from, *d.range->to)
                       : fmt::format("timed {} min or more", d.range->from);
  }
  return fmt::format("timed {} {} min", d.first_block_only ? "first" : "every", d.unit_minutes);
}

std::string range_text(const ast::TimeRange& r) {
  if (!r.to)
    return fmt::format("{} min or more", r.from);
  return *r.to == r.from ? fmt::format("{} min", r.from) : fmt::format("{}..{} min", r.from, *r.to);
}

std::int32_t effective_of(const ast::CodeDecl& d) {
  return d.meta.effective ? d.meta.effective->value.days : kSince;
}

std::int32_t expires_of(const ast::CodeDecl& d) {
  return d.meta.expires ? d.meta.expires->value.days : kUntil;
}

// Why the initial code `primary` cannot take an add-on, or "" when one of its versions can.
std::string unfit_primary(const Versions<ast::CodeDecl>& primary) {
  for (const auto& p : primary) {
    if (p.decl->addon_to) {
      return fmt::format(
          "which is itself an add-on (to {}): an initial code bills its own first "
          "block",
          p.decl->addon_to->text);
    }
  }
  for (const auto& p : primary) {
    if (p.decl->timing == ast::Timing::timed && p.decl->first_block_only && !p.decl->range)
      return {};
  }
  return fmt::format("which is {}: it must bill only its first block ('timed first N min')",
                     timing_text(*primary.front().decl));
}

struct Ranged {
  const ast::CodeDecl* decl = nullptr;
  SourcePtr file;
};

// The family's codes in force on `day`, lowest range first.
std::vector<Ranged> in_force_on(const std::vector<Ranged>& family, std::int32_t day) {
  std::vector<Ranged> out;
  for (const Ranged& r : family) {
    if (effective_of(*r.decl) <= day && day <= expires_of(*r.decl))
      out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const Ranged& a, const Ranged& b) {
    return a.decl->range->from < b.decl->range->from;
  });
  return out;
}

}  // namespace

void check_code_range(const ast::CodeDecl& d, const SourcePtr& file, lang::Diagnostics& out) {
  if (d.range && !d.family) {
    out.error("E0209", file, d.range->span,
              fmt::format("code {} is chosen by time range, but names no family", d.code.text))
        .notes.push_back(
            {"add 'family NAME', the same name on every code of the family (e.g. 'family "
             "psychotherapy')",
             {}});
  }
  if (d.range && d.range->to && *d.range->to < d.range->from) {
    out.error("E0211", file, d.range->span,
              fmt::format("the time range {}..{} min holds no minute: its lower end is above its "
                          "upper end",
                          d.range->from, *d.range->to));
  }
}

void check_addons(const RuleSet& rules, lang::Diagnostics& out, const ReportUnknownCode& unknown) {
  std::map<std::string, lang::Span, std::less<>> taken;
  for (const auto& [name, versions] : rules.codes) {
    for (const auto& v : versions) {
      const ast::CodeDecl& d = *v.decl;
      if (!d.addon_to)
        continue;
      const ast::Name& primary = *d.addon_to;
      if (d.timing == ast::Timing::untimed || d.first_block_only || d.range) {
        out.error("E0208", v.file, d.timing_span,
                  fmt::format("{} is an add-on, so it is timed in units of its own ('timed every N "
                              "min'), not {}",
                              name, timing_text(d)));
      }
      auto it = rules.codes.find(primary.text);
      if (it == rules.codes.end()) {
        unknown(primary, v.file);
        continue;
      }
      if (const std::string why = unfit_primary(it->second); !why.empty()) {
        out.error("E0208", v.file, primary.span,
                  fmt::format("{} is an add-on to {}, {}", name, primary.text, why));
      } else if (d.addon_after &&
                 std::none_of(it->second.begin(), it->second.end(), [&](const auto& p) {
                   return p.decl->first_block_only && p.decl->unit_minutes == d.addon_after->value;
                 })) {
        out.error("E0208", v.file, d.addon_after->span,
                  fmt::format("{} takes the time after the first {} min of {}, but {} is {}", name,
                              d.addon_after->value, primary.text, primary.text,
                              timing_text(*it->second.front().decl)))
            .notes.push_back({"the two must name the same first block", {}});
      }
      auto [at, inserted] = taken.emplace(primary.text, primary.span);
      if (!inserted && versions.front().decl == v.decl) {
        out.error("E0208", v.file, primary.span,
                  fmt::format("{} already has another add-on code", primary.text));
      }
    }
  }
}

void check_families(const RuleSet& rules, lang::Diagnostics& out) {
  std::map<std::string, std::vector<Ranged>, std::less<>> families;
  for (const auto& [name, versions] : rules.codes) {
    for (const auto& v : versions) {
      if (v.decl->range && v.decl->family)
        families[v.decl->family->text].push_back({v.decl, v.file});
    }
  }
  for (const auto& [family, codes] : families) {
    // Every day on which the family's ranges may change: its start, and each version's bounds.
    std::vector<std::int32_t> days{kSince};
    for (const Ranged& r : codes) {
      days.push_back(effective_of(*r.decl));
      if (expires_of(*r.decl) != kUntil)
        days.push_back(expires_of(*r.decl) + 1);
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    std::set<std::pair<const ast::CodeDecl*, const ast::CodeDecl*>> reported;
    for (std::int32_t day : days) {
      const std::vector<Ranged> now = in_force_on(codes, day);
      for (std::size_t i = 1; i < now.size(); ++i) {
        const ast::CodeDecl& lo = *now[i - 1].decl;
        const ast::CodeDecl& hi = *now[i].decl;
        if (!reported.insert({&lo, &hi}).second)
          continue;
        const std::string other =
            fmt::format("{} is {}, at {}", lo.code.text, range_text(*lo.range),
                        now[i - 1].file->where(lo.range->span.begin));
        if (!lo.range->to || *lo.range->to >= hi.range->from) {
          std::optional<std::int64_t> end = lo.range->to;
          if (hi.range->to)
            end = end ? std::min(*end, *hi.range->to) : *hi.range->to;
          const ast::TimeRange shared{{}, hi.range->from, end};
          out.error("E0210", now[i].file, hi.range->span,
                    fmt::format("the time ranges of {} and {} in family {} overlap: {} would "
                                "choose both",
                                lo.code.text, hi.code.text, family, range_text(shared)))
              .notes.push_back({other, {}});
        } else if (*lo.range->to + 1 < hi.range->from) {
          const std::int64_t gap_from = *lo.range->to + 1, gap_to = hi.range->from - 1;
          out.warning("W0411", now[i].file, hi.range->span,
                      fmt::format("{} in family {} fall in no range: nothing is billable for them",
                                  gap_from == gap_to ? fmt::format("{} min", gap_from)
                                                     : fmt::format("{}..{} min", gap_from, gap_to),
                                  family))
              .notes.push_back({other, {}});
        }
      }
    }
  }
}

CodeNames linked_codes(const RuleSet& rules, const std::vector<ast::CodeDecl>& local,
                       const CodeNames& given) {
  CodeNames families;
  const auto note_family = [&](const ast::CodeDecl& d) {
    if (d.family && given.count(d.code.text))
      families.insert(d.family->text);
  };
  for (const auto& [name, versions] : rules.codes) {
    for (const auto& v : versions)
      note_family(*v.decl);
  }
  for (const ast::CodeDecl& c : local)
    note_family(c);
  CodeNames out;
  const auto link = [&](const ast::CodeDecl& d) {
    if (d.addon_to && given.count(d.addon_to->text))
      out.insert(d.code.text);
    if (d.family && families.count(d.family->text))
      out.insert(d.code.text);
  };
  for (const auto& [name, versions] : rules.codes) {
    for (const auto& v : versions)
      link(*v.decl);
  }
  for (const ast::CodeDecl& c : local)
    link(c);
  return out;
}

}  // namespace cptrules::interp
