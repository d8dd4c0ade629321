// The JSON record of a result, written through a pointer into room made for it, and the JSON of
// its explanation.
#include "json_record.hpp"

#include <algorithm>

#include "date_text.hpp"

namespace cptrules::interp {

void append_explanation_json(std::string& out, const Explanation& x) {
  JsonWriter json(out);
  json.key("explanation").begin_object();
  json.key("summary").string(x.summary);
  json.key("ledger").begin_array();
  for (const LedgerRow& row : x.ledger) {
    json.begin_object();
    json.key("pool").string(row.pool);
    json.key("code").string(row.code);
    if (row.minutes)
      json.key("minutes").number(*row.minutes);
    json.key("full_units").number(row.full_units);
    json.key("leftover").number(row.leftover);
    json.key("extra_unit").boolean(row.extra_unit);
    json.key("units").number(row.units);
    if (!row.counted) {
      json.key("counted").boolean(false);
      json.key("note").string(row.note);
    }
    json.end_object();
  }
  json.end_array();
  json.key("steps").begin_array();
  for (const ExplainStep& s : x.steps) {
    json.begin_object();
    json.key("rule").string(s.rule);
    json.key("at").string(s.at);
    json.key("source").string(s.source);
    json.key("says").string(s.says);
    json.end_object();
  }
  json.end_array();
  json.key("near_misses").begin_array();
  for (const NearMiss& n : x.near_misses) {
    json.begin_object();
    json.key("code").string(n.code);
    if (!n.discipline.empty())
      json.key("discipline").string(n.discipline);
    json.key("change_minutes").number(n.change_minutes);
    json.key("effect").string(n.effect);
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

namespace {

using json_put::kNumberBound;
using json_put::string_bound;

// The most bytes the record of `result` can take, with `extra` bytes of members after it;
// `date_text` is set for a date outside the years 0 to 9999, `date` for the others.
std::size_t record_bound(const Result& result, std::size_t extra, std::string& date_text,
                         lang::CivilDate& date) {
  std::size_t bound = 256 + extra + string_bound(result.id);
  if (!result.ok) {
    return bound + kNumberBound + string_bound(result.error.id) +
           string_bound(result.error.message);
  }
  bound += string_bound(result.payer) + string_bound(result.policy) + 2 * kNumberBound;
  if (result.date) {
    date = lang::civil_date(*result.date);
    if (!date_fits(date)) {
      date_text = lang::format_date(*result.date);
      bound += date_text.size();
    }
  }
  std::size_t codes = 0;  // the codes of all lines with their units, as an alternative lists them
  for (const Line& line : result.lines) {
    bound += 128 + 3 * kNumberBound + string_bound(line.code) + string_bound(line.discipline) +
             string_bound(line.policy);
    for (const std::string& m : line.modifiers)
      bound += 4 + string_bound(m);
    codes += 64 + kNumberBound + string_bound(line.code) + string_bound(line.discipline);
  }
  bound += result.alternatives.size() * (8 + codes);
  for (const Finding& finding : result.findings) {
    bound += 96 + string_bound(finding.id) + string_bound(finding.message) +
             string_bound(finding.code) + string_bound(finding.discipline);
  }
  return bound;
}

// Writes the members of an ok record after its id: payer, policy, date, minutes and units,
// lines, alternatives, findings. Returns the end.
char* put_evaluation(char* p, const Result& result, const std::string& date_text,
                     const lang::CivilDate& date) {
  using namespace json_put;
  p = text(p, ", \"ok\": true, \"payer\": ");
  p = string(p, result.payer);
  p = text(p, ", \"policy\": ");
  p = string(p, result.policy);
  p = text(p, ", \"date\": ");
  if (result.date) {
    *p++ = '"';
    p = date_text.empty() ? put_date(p, date) : text(p, date_text);
    *p++ = '"';
  } else {
    p = text(p, "null");
  }
  p = text(p, ", \"timed_minutes\": ");
  p = number(p, result.timed_minutes);
  p = text(p, ", \"total_units\": ");
  p = number(p, result.total_units);
  p = text(p, ", \"lines\": [");
  for (std::size_t i = 0; i < result.lines.size(); ++i) {
    const Line& line = result.lines[i];
    p = i == 0 ? text(p, "{\"code\": ") : text(p, ", {\"code\": ");
    p = string(p, line.code);
    if (!line.discipline.empty()) {
      p = text(p, ", \"discipline\": ");
      p = string(p, line.discipline);
    }
    if (!line.modifiers.empty()) {
      p = text(p, ", \"modifiers\": [");
      for (std::size_t m = 0; m < line.modifiers.size(); ++m) {
        if (m > 0)
          p = text(p, ", ");
        p = string(p, line.modifiers[m]);
      }
      *p++ = ']';
    }
    if (line.minutes) {
      p = text(p, ", \"minutes\": ");
      p = number(p, *line.minutes);
    }
    p = text(p, ", \"units\": ");
    p = line.priced ? number(p, line.units) : text(p, "null");
    if (line.billed_units) {
      p = text(p, ", \"billed_units\": ");
      p = number(p, *line.billed_units);
    }
    if (!line.policy.empty()) {  // counted by another policy than the payer's own
      p = text(p, ", \"policy\": ");
      p = string(p, line.policy);
    }
    *p++ = '}';
  }
  p = text(p, "], \"alternatives\": [");
  for (std::size_t a = 0; a < result.alternatives.size(); ++a) {
    const Allocation& allocation = result.alternatives[a];
    p = a == 0 ? text(p, "[") : text(p, ", [");
    const std::size_t count = std::min(allocation.size(), result.lines.size());
    for (std::size_t i = 0; i < count; ++i) {
      const Line& line = result.lines[i];
      p = i == 0 ? text(p, "{\"code\": ") : text(p, ", {\"code\": ");
      p = string(p, line.code);
      if (!line.discipline.empty()) {
        p = text(p, ", \"discipline\": ");
        p = string(p, line.discipline);
      }
      p = text(p, ", \"units\": ");
      p = line.priced ? number(p, allocation[i]) : text(p, "null");
      *p++ = '}';
    }
    *p++ = ']';
  }
  p = text(p, "], \"findings\": [");
  for (std::size_t f = 0; f < result.findings.size(); ++f) {
    const Finding& finding = result.findings[f];
    p = f == 0 ? text(p, "{\"severity\": \"") : text(p, ", {\"severity\": \"");
    p = text(p, std::string_view(severity_name(finding.severity)));
    p = text(p, "\", \"id\": ");
    p = string(p, finding.id);
    if (!finding.code.empty()) {
      p = text(p, ", \"code\": ");
      p = string(p, finding.code);
    }
    if (!finding.discipline.empty()) {
      p = text(p, ", \"discipline\": ");
      p = string(p, finding.discipline);
    }
    p = text(p, ", \"message\": ");
    p = string(p, finding.message);
    *p++ = '}';
  }
  *p++ = ']';
  return p;
}

// The record with `extra_members` (JSON member text, or empty) after the contract's fields.
void append_json_record_with(std::string& out, const Result& result,
                             std::string_view extra_members) {
  using namespace json_put;
  std::string date_text;  // only for a date outside the years 0 to 9999
  lang::CivilDate date{};
  const std::size_t bound = record_bound(result, extra_members.size(), date_text, date);
  // A record that fits is written on the stack and appended in one copy; a larger one (long
  // messages, many alternatives) straight into `out`, made large enough first.
  constexpr std::size_t kStackBytes = 4096;
  char stack[kStackBytes];
  const bool on_stack = bound <= kStackBytes;
  const std::size_t start = out.size();
  if (!on_stack)
    out.resize(start + bound);
  char* p = on_stack ? stack : out.data() + start;

  p = text(p, "{\"id\": ");
  p = string(p, result.id);
  if (!result.ok) {
    p = text(p, ", \"ok\": false, \"input_line\": ");
    p = number(p, result.input_line);
    p = text(p, ", \"error\": {\"id\": ");
    p = string(p, result.error.id);
    p = text(p, ", \"message\": ");
    p = string(p, result.error.message);
    *p++ = '}';
  } else {
    p = put_evaluation(p, result, date_text, date);
  }
  if (!extra_members.empty()) {
    p = text(p, ", ");
    p = text(p, extra_members);
  }
  *p++ = '}';
  if (on_stack) {
    out.append(stack, static_cast<std::size_t>(p - stack));
  } else {
    out.resize(static_cast<std::size_t>(p - out.data()));
  }
}

}  // namespace

void append_json_record(std::string& out, const Result& result, const Explanation* explanation) {
  if (explanation == nullptr) {
    append_json_record_with(out, result, {});
    return;
  }
  std::string member;
  append_explanation_json(member, *explanation);
  append_json_record_with(out, result, member);
}

}  // namespace cptrules::interp
