// The report of `cptrules diff`: each encounter's change, grouped for people or listed in JSON.
#include "diff_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "commands.hpp"
#include "json_record.hpp"
#include "json_text.hpp"
#include "test_runner.hpp"

namespace cptrules::cli {

namespace {

constexpr ChangeKind kKinds[] = {
    ChangeKind::no_longer_evaluated, ChangeKind::now_evaluated, ChangeKind::other_error,
    ChangeKind::loses_units,         ChangeKind::gains_units,   ChangeKind::units_moved,
    ChangeKind::findings_only,
};

// "1 encounter", "2 encounters".
std::string count_of(std::int64_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// "+1 unit", "-3 units", "0 units".
std::string units_change(std::int64_t delta) {
  return delta == 0 ? std::string("0 units")
                    : fmt::format("{:+} unit{}", delta, delta == 1 || delta == -1 ? "" : "s");
}

// The same finding on both sides: of the same severity and id, about the same line. Its message
// may differ (it names the policy or the versions used): that alone is no change.
bool same_finding(const interp::Finding& a, const interp::Finding& b) {
  return a.severity == b.severity && a.id == b.id && a.code == b.code &&
         a.discipline == b.discipline;
}

// The findings of `of` that `in` has not.
std::vector<interp::Finding> missing_from(const interp::Result& of, const interp::Result& in) {
  std::vector<interp::Finding> out;
  for (const interp::Finding& f : of.findings) {
    const bool found = std::any_of(in.findings.begin(), in.findings.end(),
                                   [&](const interp::Finding& g) { return same_finding(f, g); });
    if (!found)
      out.push_back(f);
  }
  return out;
}

bool same_lines(const interp::Result& a, const interp::Result& b) {
  if (a.lines.size() != b.lines.size())
    return false;
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    const interp::Line& x = a.lines[i];
    const interp::Line& y = b.lines[i];
    if (x.code != y.code || x.discipline != y.discipline || x.units != y.units ||
        x.priced != y.priced)
      return false;
  }
  return true;
}

// "97110 x2, 97140 x1 (total 3)", or "error ID: message".
std::string units_text(const interp::Result& r) {
  if (!r.ok)
    return fmt::format("error {}: {}", r.error.id, r.error.message);
  std::vector<std::int64_t> units;
  for (const auto& l : r.lines)
    units.push_back(l.units);
  return fmt::format("{} (total {})", interp::allocation_text(r, units), r.total_units);
}

std::string finding_text(const interp::Finding& f) {
  return fmt::format("{} {}: {}", interp::severity_name(f.severity), f.id, f.message);
}

// The header of a group of `n` encounters of `kind`, without the ids.
std::string group_header(ChangeKind kind, std::int64_t n, std::int64_t delta) {
  const bool one = n == 1;
  const std::string encounters = count_of(n, "encounter");
  switch (kind) {
    case ChangeKind::no_longer_evaluated:
      return fmt::format("{} can no longer be evaluated ({})", encounters, units_change(delta));
    case ChangeKind::now_evaluated:
      return fmt::format("{} can now be evaluated ({})", encounters, units_change(delta));
    case ChangeKind::other_error:
      return fmt::format("{} cannot be evaluated, with another error", encounters);
    case ChangeKind::loses_units:
      return fmt::format("{} {} units ({})", encounters, one ? "loses" : "lose",
                         units_change(delta));
    case ChangeKind::gains_units:
      return fmt::format("{} {} units ({})", encounters, one ? "gains" : "gain",
                         units_change(delta));
    case ChangeKind::units_moved:
      return fmt::format("{} {} the same units in all, on other lines", encounters,
                         one ? "keeps" : "keep");
    case ChangeKind::findings_only:
      return fmt::format("{} {} in findings only", encounters, one ? "changes" : "change");
  }
  return {};
}

void append_encounter_text(std::string& out, const ChangedEncounter& c) {
  if (c.kind == ChangeKind::findings_only) {
    out += fmt::format("  {}: {} on both sides\n", c.before.id, units_text(c.before));
  } else {
    out += fmt::format("  {}:\n    before: {}\n    after:  {}\n", c.before.id, units_text(c.before),
                       units_text(c.after));
  }
  if (!c.why_before.empty() || !c.why_after.empty())
    out += fmt::format("    why before: {}\n    why after:  {}\n", c.why_before, c.why_after);
  for (const interp::Finding& f : c.before_only)
    out += fmt::format("    before only: {}\n", finding_text(f));
  for (const interp::Finding& f : c.after_only)
    out += fmt::format("    after only:  {}\n", finding_text(f));
}

// The table of both sides' totals.
void append_totals(std::string& out, const DiffSide& before, const DiffSide& after) {
  struct Row {
    const char* label;
    std::int64_t before;
    std::int64_t after;
  };
  const Row rows[] = {
      {"encounters", before.counts.records, after.counts.records},
      {"units", before.counts.units, after.counts.units},
      {"not evaluated", before.counts.not_evaluated, after.counts.not_evaluated},
      {"error findings", before.findings[0], after.findings[0]},
      {"warning findings", before.findings[1], after.findings[1]},
      {"info findings", before.findings[2], after.findings[2]},
  };
  const auto change = [](const Row& r) {
    return r.after == r.before ? std::string("0") : fmt::format("{:+}", r.after - r.before);
  };
  std::size_t width = 6;  // "before", "change"
  for (const Row& r : rows) {
    width = std::max({width, fmt::formatted_size("{}", r.before),
                      fmt::formatted_size("{}", r.after), change(r).size()});
  }
  out += fmt::format("{:<16}  {:>{}}  {:>{}}  {:>{}}\n", "", "before", width, "after", width,
                     "change", width);
  for (const Row& r : rows) {
    out += fmt::format("{:<16}  {:>{}}  {:>{}}  {:>{}}\n", r.label, r.before, width, r.after, width,
                       change(r), width);
  }
}

void findings_json(interp::JsonWriter& json, const char* key,
                   const std::vector<interp::Finding>& findings) {
  json.key(key).begin_array();
  for (const interp::Finding& f : findings) {
    json.begin_object();
    json.key("severity").string(interp::severity_name(f.severity));
    json.key("id").string(f.id);
    json.key("message").string(f.message);
    if (!f.code.empty())
      json.key("code").string(f.code);
    json.end_object();
  }
  json.end_array();
}

void side_json(interp::JsonWriter& json, const char* key, const DiffSide& side) {
  json.key(key).begin_object();
  json.key("rules").begin_array();
  for (const std::string& r : side.rules)
    json.string(r);
  json.end_array();
  if (side.date)
    json.key("date").string(lang::format_date(*side.date));
  if (side.default_date)
    json.key("default_date").string(lang::format_date(*side.default_date));
  json.key("encounters").number(side.counts.records);
  json.key("units").number(side.counts.units);
  json.key("not_evaluated").number(side.counts.not_evaluated);
  json.key("with_errors").number(side.counts.with_errors);
  json.key("with_warnings").number(side.counts.with_warnings);
  json.key("findings").begin_object();
  json.key("error").number(side.findings[0]);
  json.key("warning").number(side.findings[1]);
  json.key("info").number(side.findings[2]);
  json.end_object();
  json.end_object();
}

}  // namespace

void DiffSide::add(const interp::Result& result) {
  counts.add(result);
  if (!result.ok)
    return;
  for (const interp::Finding& f : result.findings)
    ++findings[static_cast<std::size_t>(f.severity)];
}

std::string DiffSide::name() const {
  std::string text;
  for (const std::string& r : rules)
    text += (text.empty() ? "" : " + ") + r;
  if (text.empty())
    text = "no rules";
  if (date)
    return text + ", every date of service " + lang::format_date(*date);
  text += ", each encounter's own date";
  if (default_date)
    text += " (" + lang::format_date(*default_date) + " where it gives none)";
  return text;
}

const char* change_kind_name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::no_longer_evaluated:
      return "no-longer-evaluated";
    case ChangeKind::now_evaluated:
      return "now-evaluated";
    case ChangeKind::other_error:
      return "other-error";
    case ChangeKind::loses_units:
      return "loses-units";
    case ChangeKind::gains_units:
      return "gains-units";
    case ChangeKind::units_moved:
      return "units-moved";
    case ChangeKind::findings_only:
      return "findings-only";
  }
  return "";
}

std::optional<ChangedEncounter> compare_results(const interp::Result& before,
                                                const interp::Result& after) {
  ChangedEncounter c;
  const std::int64_t units_before = before.ok ? before.total_units : 0;
  const std::int64_t units_after = after.ok ? after.total_units : 0;
  c.units_delta = units_after - units_before;
  if (before.ok && !after.ok) {
    c.kind = ChangeKind::no_longer_evaluated;
  } else if (!before.ok && after.ok) {
    c.kind = ChangeKind::now_evaluated;
  } else if (!before.ok) {
    if (before.error.id == after.error.id && before.error.message == after.error.message)
      return std::nullopt;
    c.kind = ChangeKind::other_error;
  } else {
    if (c.units_delta < 0) {
      c.kind = ChangeKind::loses_units;
    } else if (c.units_delta > 0) {
      c.kind = ChangeKind::gains_units;
    } else if (!same_lines(before, after)) {
      c.kind = ChangeKind::units_moved;
    } else {
      c.kind = ChangeKind::findings_only;
    }
  }
  if (before.ok)
    c.before_only = missing_from(before, after);
  if (after.ok)
    c.after_only = missing_from(after, before);
  if (c.kind == ChangeKind::findings_only && c.before_only.empty() && c.after_only.empty())
    return std::nullopt;
  c.before = before;
  c.after = after;
  return c;
}

int DiffReport::status(interp::FailOn fail_on) const {
  bool fails = false;
  for (const ChangedEncounter& c : changed) {
    if (c.kind == ChangeKind::no_longer_evaluated)
      return kDataError;
    for (const interp::Finding& f : c.after_only) {
      fails = fails ||
              (fail_on == interp::FailOn::warning && f.severity != interp::FindingSeverity::info) ||
              (fail_on == interp::FailOn::error && f.severity == interp::FindingSeverity::error);
    }
  }
  return fails ? kFindingsFailed : kOk;
}

std::string DiffReport::text() const {
  std::string out;
  std::vector<const ChangedEncounter*> of_kind[std::size(kKinds)];
  for (const ChangedEncounter& c : changed)
    of_kind[static_cast<std::size_t>(c.kind)].push_back(&c);
  const auto ids = [](const std::vector<const ChangedEncounter*>& group) {
    std::string text;
    for (const ChangedEncounter* c : group)
      text += (text.empty() ? "" : ", ") + c->before.id;
    return text;
  };
  const auto& lost = of_kind[static_cast<std::size_t>(ChangeKind::no_longer_evaluated)];
  if (!lost.empty()) {
    out += fmt::format("{} can no longer be evaluated after the change: {}\n",
                       count_of(static_cast<std::int64_t>(lost.size()), "encounter"), ids(lost));
  }
  out += fmt::format("before: {}\nafter:  {}\n", before.name(), after.name());
  const std::int64_t n_changed = static_cast<std::int64_t>(changed.size());
  out += fmt::format("{} compared: {} changed, {} unchanged{}\n\n", count_of(compared, "encounter"),
                     n_changed, compared - n_changed - unreadable,
                     unreadable ? fmt::format(", {} could not be read", unreadable) : "");
  append_totals(out, before, after);
  for (const ChangeKind kind : kKinds) {
    const auto& group = of_kind[static_cast<std::size_t>(kind)];
    if (group.empty())
      continue;
    std::int64_t delta = 0;
    for (const ChangedEncounter* c : group)
      delta += c->units_delta;
    out +=
        fmt::format("\n{}: {}\n",
                    group_header(kind, static_cast<std::int64_t>(group.size()), delta), ids(group));
    for (const ChangedEncounter* c : group)
      append_encounter_text(out, *c);
  }
  return out;
}

std::string DiffReport::json() const {
  std::string out;
  interp::JsonWriter json(out);
  json.begin_object();
  json.key("compared").number(compared);
  json.key("changed").number(static_cast<std::int64_t>(changed.size()));
  json.key("unreadable").number(unreadable);
  side_json(json, "before", before);
  side_json(json, "after", after);
  json.key("encounters").begin_array(true);
  std::string record;
  for (const ChangedEncounter& c : changed) {
    json.begin_object();
    json.key("id").string(c.before.id);
    json.key("change").string(change_kind_name(c.kind));
    json.key("units_change").number(c.units_delta);
    record.clear();
    interp::append_json_record(record, c.before);
    json.key("before").raw(record);
    record.clear();
    interp::append_json_record(record, c.after);
    json.key("after").raw(record);
    findings_json(json, "before_only", c.before_only);
    findings_json(json, "after_only", c.after_only);
    if (!c.why_before.empty() || !c.why_after.empty()) {
      json.key("why_before").string(c.why_before);
      json.key("why_after").string(c.why_after);
    }
    json.end_object();
  }
  json.end_array();
  json.end_object();
  out += '\n';
  return out;
}

}  // namespace cptrules::cli
