// Result: what evaluating one encounter produced, as written to output records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"

namespace cptrules::interp {

enum class FindingSeverity { error, warning, info };

const char* severity_name(FindingSeverity severity);

// A remark about an encounter: a stable `id` (documented in docs/findings.md) and a message.
// `code` (and `discipline` where lines split by discipline) name the line it concerns; both are
// empty for a finding about the whole encounter.
struct Finding {
  FindingSeverity severity = FindingSeverity::info;
  std::string id;
  std::string message;
  std::string code;
  std::string discipline;
};

// One distinct code and discipline of the encounter and the units the timing rules give it.
struct Line {
  std::string code;
  std::optional<std::int64_t> minutes;  // absent for untimed codes given without minutes
  std::int64_t units = 0;
  bool timed = false;
  std::string discipline;              // empty for a code that belongs to no discipline
  bool priced = true;                  // false: a code the rules do not define (`"units": null`)
  std::vector<std::string> modifiers;  // as given, in order, without repeats
  std::optional<std::int64_t> billed_units;  // what the claim bills, when the input says
  std::string policy;  // the policy that counted it, when not the payer's own (`counts`)
};

// An equally valid allocation: units for each line, in the order of `Result::lines`.
using Allocation = std::vector<std::int64_t>;

// Why an encounter could not be evaluated.
struct ErrorInfo {
  std::string id;  // e.g. "input.minutes-negative"
  std::string message;
  std::string code;  // the code of the service it concerns, when evaluation names one
};

// The outcome for one encounter. When `ok` is false only id, input_line and error are
// meaningful.
struct Result {
  std::string id;
  std::int64_t input_line = 0;
  bool ok = true;
  ErrorInfo error;
  std::string payer;
  std::string policy;
  std::optional<lang::Date> date;
  std::int64_t timed_minutes = 0;
  std::int64_t total_units = 0;
  std::vector<Line> lines;
  std::vector<Allocation> alternatives;
  std::vector<Finding> findings;

  void clear() {
    id.clear();
    input_line = 0;
    ok = true;
    error = {};
    payer.clear();
    policy.clear();
    date.reset();
    timed_minutes = 0;
    total_units = 0;
    for (Line& line : lines) {  // keep the modifier lists' storage for the next encounter
      if (line.modifiers.capacity() != 0) {
        line.modifiers.clear();
        spare_modifiers.push_back(std::move(line.modifiers));
      }
    }
    lines.clear();
    alternatives.clear();
    for (Finding& finding : findings)  // keep the findings' strings' storage likewise
      spare_findings.push_back(std::move(finding));
    findings.clear();
  }

  // Emptied modifier lists kept from earlier encounters, so that a batch evaluated into one
  // Result allocates none in the steady state (Evaluator::write_lines takes them back).
  std::vector<std::vector<std::string>> spare_modifiers;

  // Findings of earlier encounters, kept for their strings' storage (add_finding reuses them).
  std::vector<Finding> spare_findings;

  // A new finding at the end of `findings`, its strings emptied: `severity` and `id` set.
  Finding& next_finding(FindingSeverity severity, std::string_view finding_id) {
    Finding& f = spare_findings.empty() ? findings.emplace_back()
                                        : findings.emplace_back(std::move(spare_findings.back()));
    if (!spare_findings.empty())
      spare_findings.pop_back();
    f.severity = severity;
    f.id.assign(finding_id);
    f.message.clear();
    f.code.clear();
    f.discipline.clear();
    return f;
  }

  // Marks the result as an error record; `code` names the service's code when the error
  // concerns one. Cold (docs/performance.md): the branch that calls it, with the building of
  // its message, is laid out away from the code every encounter runs.
  [[gnu::cold]] void fail(std::string error_id, std::string message, std::string_view code = {});
};

// A finding about the whole encounter. Cold, as Result::fail.
[[gnu::cold]] void add_finding(Result& r, FindingSeverity s, std::string_view id,
                               std::string message);

// A finding about one line: its code, and its discipline where lines split by discipline.
// Cold, as Result::fail.
[[gnu::cold]] void add_line_finding(Result& r, FindingSeverity s, std::string_view id,
                                    std::string message, std::string_view code,
                                    std::string_view discipline);

// The discipline that tells line `i` of `r` from another line of its code ("OT" when 97110 is
// billed in PT and in OT); "" when no other line has its code.
std::string_view split_discipline(const Result& r, std::size_t i);

// Line `i` of `r` as messages name it: its code, with its discipline where lines of that code
// split by discipline ("97110 in OT").
std::string line_name(const Result& r, std::size_t i);

}  // namespace cptrules::interp
