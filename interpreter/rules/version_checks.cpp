// Versions of one name: a duplicate, an overlap (with the dates it shares) or a gap between two.
#include "version_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "date.hpp"
#include "stdlib.hpp"

namespace cptrules::interp {

namespace {

constexpr std::int64_t kFirstDay = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kLastDay = std::numeric_limits<std::int32_t>::max();

// A version with the days it is in force, both ends inclusive, and its place in load order.
struct Dated {
  const VersionRange* version;
  std::int64_t begin;
  std::int64_t end;
  std::size_t order;
};

std::string day_text(std::int64_t day) {
  return lang::format_date(lang::Date{static_cast<std::int32_t>(day)});
}

// "on 2024-06-30", "from 2024-01-01 to 2024-06-30", "from 2024-01-01 on", "until 2024-06-30".
std::string days_text(std::int64_t begin, std::int64_t end) {
  if (begin == kFirstDay)
    return end == kLastDay ? "on every day" : "until " + day_text(end);
  if (end == kLastDay)
    return fmt::format("from {} on", day_text(begin));
  if (begin == end)
    return "on " + day_text(begin);
  return fmt::format("from {} to {}", day_text(begin), day_text(end));
}

std::string where(const VersionRange& v) {
  return v.file->where(v.name.begin);
}

bool is_standard(const VersionRange& v) {
  return v.file->name().rfind(kStdlibPrefix, 0) == 0;
}

// `blamed` and `other` are in force on the same days: the later loaded one is blamed.
void report_twice(std::string_view what, std::string_view name, const Dated& earlier,
                  const Dated& later, const Dated& blamed, const Dated& other,
                  lang::Diagnostics& out) {
  const VersionRange& b = *blamed.version;
  const bool same_dates = earlier.begin == later.begin && earlier.end == later.end;
  lang::Diagnostic& d = out.error(
      "E0201", b.file, b.name,
      same_dates
          ? fmt::format("{} '{}' is defined twice", what, name)
          : fmt::format("{} '{}' is in force twice {}: the dates of two versions overlap", what,
                        name, days_text(later.begin, std::min(earlier.end, later.end))));
  d.notes.push_back({fmt::format("the other definition is at {}", where(*other.version)), {}});
  if (is_standard(*other.version) && !is_standard(b)) {
    d.notes.push_back({fmt::format("the standard rules define {} '{}': remove this definition, or "
                                   "leave the standard rules out with --no-stdlib",
                                   what, name),
                       {}});
  }
  if (same_dates) {
    d.notes.push_back(
        {"give each version 'effective' and 'expires' dates that do not overlap", {}});
    return;
  }
  auto which = [&](const Dated& v) {
    return &v == &blamed ? std::string("this one") : where(*v.version);
  };
  if (earlier.begin < later.begin) {
    d.notes.push_back({fmt::format("add 'expires {}' to the earlier version ({})",
                                   day_text(later.begin - 1), which(earlier)),
                       {}});
    return;
  }
  // Both begin on the same day: the one that ends later should begin after the other ends.
  const Dated& shorter = earlier.end < later.end ? earlier : later;
  const Dated& longer = &shorter == &earlier ? later : earlier;
  d.notes.push_back({fmt::format("add 'effective {}' to the version that ends later ({})",
                                 day_text(shorter.end + 1), which(longer)),
                     {}});
}

void report_gap(std::string_view what, std::string_view name, const Dated& earlier,
                const Dated& later, lang::Diagnostics& out) {
  const VersionRange& v = *later.version;
  lang::Diagnostic& d =
      out.warning("W0420", v.file, v.meta->effective->span,
                  fmt::format("no version of {} '{}' is in force {}, between two of its versions",
                              what, name, days_text(earlier.end + 1, later.begin - 1)));
  d.notes.push_back({fmt::format("the earlier version, at {}, expires {}", where(*earlier.version),
                                 day_text(earlier.end)),
                     {}});
  d.notes.push_back({fmt::format("to leave no gap, write 'expires {}' on the earlier version, or "
                                 "'effective {}' on this one",
                                 day_text(later.begin - 1), day_text(earlier.end + 1)),
                     {}});
}

}  // namespace

void check_version_ranges(std::string_view what, std::string_view name,
                          std::vector<VersionRange> versions, lang::Diagnostics& out) {
  if (versions.size() < 2)
    return;
  std::vector<Dated> dated;
  dated.reserve(versions.size());
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const lang::ast::Meta& m = *versions[i].meta;
    dated.push_back({&versions[i], m.effective ? m.effective->value.days : kFirstDay,
                     m.expires ? m.expires->value.days : kLastDay, i});
  }
  std::stable_sort(dated.begin(), dated.end(),
                   [](const Dated& a, const Dated& b) { return a.begin < b.begin; });
  // `reach`: of the versions before, the one in force the longest; the next must begin after it.
  std::optional<std::size_t> reach;
  for (std::size_t i = 0; i < dated.size(); ++i) {
    const Dated& cur = dated[i];
    if (cur.end < cur.begin)
      continue;  // never in force (E0207)
    if (!reach) {
      reach = i;
      continue;
    }
    const Dated& prev = dated[*reach];
    if (cur.begin <= prev.end) {
      const bool cur_later = cur.order > prev.order;
      report_twice(what, name, prev, cur, cur_later ? cur : prev, cur_later ? prev : cur, out);
    } else if (cur.begin > prev.end + 1) {
      report_gap(what, name, prev, cur, out);
    }
    if (cur.end > prev.end)
      reach = i;
  }
}

}  // namespace cptrules::interp
