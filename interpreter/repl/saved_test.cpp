// The test block that :save-test writes: the scenario, its findings as comments, what to
// expect; and appending it to a rule file.
#include "saved_test.hpp"

#include <algorithm>
#include <fstream>
#include <limits>

#include <fmt/format.h>

#include "scenario.hpp"
#include "test_runner.hpp"
#include "text.hpp"

namespace cptrules::repl {

std::string test_block_text(const SavedTest& test, const interp::Result& r) {
  std::string block = fmt::format("test {} {{\n", quote(test.name));
  block += fmt::format("  # saved by cptrules repl\n");
  block += fmt::format("  payer {}\n", test.payer);
  block += fmt::format("  date {}\n", lang::format_date(test.date));
  if (!test.discipline.empty())
    block += fmt::format("  discipline {}\n", test.discipline);
  block += fmt::format("  given {}\n", services_text(test.services));
  for (const interp::Finding& f : r.findings) {
    block += fmt::format("  # {} {}: {}\n", interp::severity_name(f.severity), f.id, f.message);
  }
  std::vector<std::string> allocations;
  std::vector<std::int64_t> chosen;
  for (const interp::Line& l : r.lines)
    chosen.push_back(l.units);
  allocations.push_back(interp::allocation_text(r, chosen));
  for (const interp::Allocation& alt : r.alternatives) {
    allocations.push_back(interp::allocation_text(r, alt));
  }
  block += fmt::format("  expect {}\n", fmt::join(allocations, "  or  "));
  block += fmt::format("  expect total {}\n", r.total_units);
  block += "}\n";
  return block;
}

namespace {

// Moves `latest` past the dates of every version of `entries`.
template <typename Version>
void past_dates(const std::vector<interp::Entry<Version>>& entries, std::int32_t& latest) {
  constexpr auto lo = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi = std::numeric_limits<std::int32_t>::max();
  for (const auto& entry : entries) {
    for (const Version& v : entry.versions) {
      if (v.in_force.effective != lo)
        latest = std::max(latest, v.in_force.effective);
      if (v.in_force.expires != hi)
        latest = std::max(latest, v.in_force.expires + 1);
    }
  }
}

}  // namespace

lang::Date newest_rules_date(const interp::Plan& plan) {
  std::int32_t latest = lang::parse_date(interp::kDefaultTestDate)->days;
  past_dates(plan.codes, latest);
  past_dates(plan.policies, latest);
  past_dates(plan.payers, latest);
  past_dates(plan.edits, latest);
  past_dates(plan.modifiers, latest);
  past_dates(plan.limits, latest);
  for (const auto& payer : plan.payers) {
    for (const interp::PayerVersion& v : payer.versions) {
      for (const interp::PolicyClaim& claim : v.claims) {
        if (claim.in_force.expires != std::numeric_limits<std::int32_t>::max())
          latest = std::max(latest, claim.in_force.expires + 1);
        if (claim.in_force.effective != std::numeric_limits<std::int32_t>::min())
          latest = std::max(latest, claim.in_force.effective);
      }
    }
  }
  return lang::Date{latest};
}

bool same_result(const interp::Result& a, const interp::Result& b) {
  if (a.ok != b.ok || a.error.id != b.error.id || a.payer != b.payer || a.policy != b.policy ||
      a.total_units != b.total_units || a.timed_minutes != b.timed_minutes ||
      a.alternatives != b.alternatives || a.lines.size() != b.lines.size() ||
      a.findings.size() != b.findings.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    const interp::Line& x = a.lines[i];
    const interp::Line& y = b.lines[i];
    if (x.code != y.code || x.discipline != y.discipline || x.modifiers != y.modifiers ||
        x.minutes != y.minutes || x.units != y.units || x.priced != y.priced ||
        x.billed_units != y.billed_units || x.policy != y.policy) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const interp::Finding& x = a.findings[i];
    const interp::Finding& y = b.findings[i];
    if (x.severity != y.severity || x.id != y.id || x.code != y.code ||
        x.discipline != y.discipline || x.message != y.message) {
      return false;
    }
  }
  return true;
}

bool uses_file(const interp::Plan& plan, const std::string& payer,
               const std::vector<interp::Service>& services,
               const std::shared_ptr<const lang::SourceFile>& file) {
  bool used = false;
  if (const auto id = plan.find_payer(payer)) {
    for (const auto& v : plan.payers[*id].versions)
      used = used || v.origin.file == file;
  }
  for (const interp::Service& s : services) {
    if (const auto id = plan.find_code(s.code)) {
      for (const auto& v : plan.codes[*id].versions)
        used = used || v.origin.file == file;
    }
  }
  return used;
}

bool append_to_file(const std::string& file, const std::string& block) {
  std::string separator;
  {
    std::ifstream existing(file, std::ios::binary | std::ios::ate);
    if (existing && existing.tellg() > 0) {
      existing.seekg(-1, std::ios::end);
      const char last = static_cast<char>(existing.get());
      separator = last == '\n' ? "\n" : "\n\n";
    }
  }
  std::ofstream stream(file, std::ios::binary | std::ios::app);
  if (stream)
    stream << separator << block;
  stream.close();
  return static_cast<bool>(stream);
}

}  // namespace cptrules::repl
