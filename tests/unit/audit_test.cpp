// Audit of billed units: units.over-billed and units.under-billed against every valid
// allocation, per line and for the lines together, and the summary's audit counts.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "evaluator.hpp"
#include "loader.hpp"
#include "record_counts.hpp"

namespace {

using cptrules::interp::Encounter;
using cptrules::interp::Evaluator;
using cptrules::interp::FindingSeverity;
using cptrules::interp::RecordCounts;
using cptrules::interp::Result;
using cptrules::interp::Service;

struct Billed {
  std::string code;
  std::int64_t minutes;
  std::int64_t billed;
  std::string modifier = "GP";
};

Result audit(const std::string& payer, const std::vector<Billed>& services) {
  static const auto loaded = cptrules::interp::load_rules(cptrules::interp::LoadOptions{});
  REQUIRE(loaded.plan);
  Evaluator evaluator(loaded.plan, {});
  Encounter enc;
  enc.id = "audit";
  enc.payer = payer;
  enc.date = cptrules::lang::parse_date("2025-03-04");
  for (const Billed& b : services) {
    Service s;
    s.code = b.code;
    s.minutes = b.minutes;
    s.modifiers = {b.modifier};
    s.billed_units = b.billed;
    enc.services.push_back(s);
  }
  Result r;
  evaluator.evaluate(enc, r);
  REQUIRE(r.ok);
  return r;
}

// "ID CODE" for each finding of the audit, in order ("ID" alone for the whole encounter).
std::vector<std::string> audit_findings(const Result& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    if (f.id.rfind("units.", 0) == 0)
      out.push_back(f.code.empty() ? f.id : f.id + " " + f.code);
  }
  return out;
}

}  // namespace

TEST_CASE("audit: billed units that a valid allocation gives get no finding", "[audit]") {
  // CMS Example 3 billed as the rules allocate it.
  Result r = audit("medicare", {{"97110", 33, 2}, {"97140", 7, 1}});
  CHECK(audit_findings(r).empty());
  CHECK(r.lines[0].billed_units == 2);
  // CMS Example 2 billed as the alternative: either code may take the third unit.
  r = audit("medicare", {{"97112", 20, 1}, {"97110", 20, 2}});
  CHECK(r.alternatives.size() == 1);
  CHECK(audit_findings(r).empty());
}

TEST_CASE("audit: over-billed and under-billed lines", "[audit]") {
  Result r = audit("medicare", {{"97110", 20, 2}});
  REQUIRE(audit_findings(r) == std::vector<std::string>{"units.over-billed 97110"});
  CHECK(r.findings.back().severity == FindingSeverity::error);
  CHECK(r.findings.back().message == "97110 bills 2 units; the rules support 1 unit");
  CHECK(r.findings.back().discipline == "PT");
  r = audit("commercial", {{"97140", 30, 1}});
  REQUIRE(audit_findings(r) == std::vector<std::string>{"units.under-billed 97140"});
  CHECK(r.findings.back().severity == FindingSeverity::warning);
  CHECK(r.findings.back().message == "97140 bills 1 unit; the rules support 2 units");
  // A tie: 97112 supports 1 to 2 units, so 3 is over-billed in any valid allocation.
  r = audit("medicare", {{"97112", 20, 3}, {"97110", 20, 1}});
  REQUIRE(audit_findings(r) == std::vector<std::string>{"units.over-billed 97112"});
  CHECK(r.findings.back().message ==
        "97112 bills 3 units; the rules support 1 to 2 units in any valid allocation");
}

TEST_CASE("audit: lines within some allocation but not the same one are over-billed together",
          "[audit]") {
  // 20 + 20 minutes allow 3 units; 2 + 2 takes each line's best allocation at once.
  const Result r = audit("medicare", {{"97112", 20, 2}, {"97110", 20, 2}});
  REQUIRE(audit_findings(r) == std::vector<std::string>{"units.over-billed"});
  CHECK(r.findings.back().message ==
        "together the lines bill 4 units; no valid allocation supports more than 3 units for "
        "them");
}

TEST_CASE("audit: each discipline's pool is audited on its own", "[audit]") {
  const Result r = audit("medicare", {{"97110", 20, 1, "GP"}, {"97110", 20, 1, "GO"}});
  REQUIRE(r.lines.size() == 2);
  CHECK(audit_findings(r).empty());
  const Result over = audit("medicare", {{"97110", 7, 1, "GP"}, {"97110", 7, 0, "GO"}});
  CHECK(audit_findings(over) == std::vector<std::string>{"units.over-billed 97110"});
  CHECK(over.findings.back().discipline == "PT");
  // Where one code's lines split by discipline, the message names the line with its discipline.
  CHECK(over.findings.back().message == "97110 in PT bills 1 unit; the rules support 0 units");
  const Result under = audit("medicare", {{"97110", 30, 2, "GP"}, {"97110", 30, 1, "GO"}});
  REQUIRE(audit_findings(under) == std::vector<std::string>{"units.under-billed 97110"});
  CHECK(under.findings.back().message == "97110 in OT bills 1 unit; the rules support 2 units");
}

TEST_CASE("audit: the summary counts over- and under-billed lines and the units at stake",
          "[audit]") {
  RecordCounts counts;
  counts.add(audit("medicare", {{"97110", 20, 3}}));                   // over by 2
  counts.add(audit("commercial", {{"97140", 30, 1}}));                 // under by 1
  counts.add(audit("medicare", {{"97110", 33, 2}, {"97140", 7, 1}}));  // right
  CHECK(counts.billed_lines == 4);
  CHECK(counts.over_billed == 1);
  CHECK(counts.units_over == 2);
  CHECK(counts.under_billed == 1);
  CHECK(counts.units_under == 1);
  CHECK(cptrules::interp::summary_text(counts) ==
        "3 encounters, 6 units, 0 not evaluated, 1 with errors, 1 with warnings; billed lines: 1 "
        "over-billed by 2 units, 1 under-billed by 1 unit");
  RecordCounts none;
  none.add(audit("medicare", {{"97110", 20, 1}}));
  CHECK(cptrules::interp::summary_text(none) ==
        "1 encounter, 1 unit, 0 not evaluated, 0 with errors, 0 with warnings; billed lines: 0 "
        "over-billed by 0 units, 0 under-billed by 0 units");
}
