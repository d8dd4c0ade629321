// Unit tests of Plan::dump (`cptrules check --dump plan`): every kind of declaration, every
// version, with a code's disciplines and the code it replaces.
#include <catch2/catch.hpp>

#include <cstddef>
#include <memory>
#include <sstream>
#include <string>

#include "loader.hpp"

namespace {

using cptrules::interp::LoadedRules;
using cptrules::interp::LoadOptions;
using cptrules::interp::Plan;

LoadedRules load_text(const std::string& text, bool stdlib = false) {
  LoadOptions options;
  options.stdlib = stdlib;
  if (!text.empty())
    options.extra.push_back(std::make_shared<cptrules::lang::SourceFile>("dump.rules", text));
  return cptrules::interp::load_rules(options);
}

std::string dump_of(const std::string& text) {
  const LoadedRules loaded = load_text(text);
  INFO(cptrules::lang::render(loaded.diagnostics));
  REQUIRE(loaded.plan);
  REQUIRE_FALSE(loaded.diagnostics.has_errors());
  return loaded.plan->dump();
}

// How many lines of `text` start with `prefix`.
std::size_t lines_starting(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0)
      ++n;
  }
  return n;
}

const char* const kEveryKind = R"(
code 10001 "Example timed service" {
  timed every 15 min
  disciplines PT, OT
}

code 10002 "Example untimed service" {
  untimed
  expires 2019-12-31
}

code 10003 "Example untimed service, from 2020" {
  untimed
  replaces 10002
  effective 2020-01-01
}

code 10009 "Example untimed evaluation" { untimed }

policy each-alone {
  pool each code
  units = minutes / unit
}

payer acme "Example payer" {
  policy each-alone
  discipline modifier AA for PT
  discipline modifier BB for OT
}

payer other {
  policy each-alone
  effective 2021-06-01
}

modifier AA {}

modifier BB {}

modifier CC "Separate site" {
  effective 2015-01-01
  expires 2030-12-31
}

edit pair-range "A range as written, and the codes it holds" {
  column 1 10001..10005
  column 2 10009
  bypass with CC, AA
  when "on the same site"
  message "use CC for another site"
  payers acme
  source "an example"
}

edit pair-strict "Until 2021: a warning any modifier lets through" {
  column 1 10009
  column 2 10001, 10003
  bypass with AA
  expires 2021-12-31
}

edit pair-strict "From 2022: an error no modifier lets through" {
  column 1 10009
  column 2 10001, 10003
  no bypass
  severity error
  effective 2022-01-01
}

edit pair-quiet {
  column 1 10003
  column 2 10009
  severity info
}

limit most-two "At most two a day" {
  codes 10001, 10009..10009
  at most 2 units per day
  payers acme, other
  message "over the limit"
  effective 2023-04-01
}

limit most-two "At most three a day, before" {
  codes 10001
  at most 3 units per day
  expires 2023-03-31
}
)";

}  // namespace

TEST_CASE("plan dump: every kind of declaration, every version with its dates", "[plan]") {
  CHECK(dump_of(kEveryKind) == R"(code 10001 [always] timed 15 min
  disciplines PT, OT
code 10002 [... to 2019-12-31] untimed
code 10003 [2020-01-01 to ...] untimed
  replaces 10002
code 10009 [always] untimed
policy each-alone [always] pool each code
  units
  0 minutes
  1 unit
  2 div
payer acme [always] policy each-alone
  discipline modifier AA for PT
  discipline modifier BB for OT
payer other [2021-06-01 to ...] policy each-alone
edit pair-quiet [always] severity info
  column 1 10003
  column 2 10009
  no bypass
  every payer
edit pair-range [always] severity warning
  column 1 10001..10005 (10001, 10002, 10003)
  column 2 10009
  bypass with CC, AA
  payers acme
edit pair-strict [... to 2021-12-31] severity warning
  column 1 10009
  column 2 10001, 10003
  bypass with AA
  every payer
edit pair-strict [2022-01-01 to ...] severity error
  column 1 10009
  column 2 10001, 10003
  no bypass
  every payer
modifier AA [always]
modifier BB [always]
modifier CC [2015-01-01 to 2030-12-31]
limit most-two [... to 2023-03-31] at most 3 units per day
  codes 10001
  every payer
limit most-two [2023-04-01 to ...] at most 2 units per day
  codes 10001, 10009..10009 (10001, 10009)
  payers acme, other
)");
}

TEST_CASE("plan dump: a range that holds no defined code says so", "[plan]") {
  const LoadedRules loaded = load_text(R"(
code 10001 { untimed }
code 10002 { untimed }
policy p {
  pool each code
  units = minutes / 15
}
payer y { policy p }
edit e {
  column 1 10001, 20000..20009
  column 2 10002
}
limit l {
  codes 20000..20009
  at most 1 units per day
}
)");
  INFO(cptrules::lang::render(loaded.diagnostics));
  REQUIRE(loaded.plan);
  CHECK(loaded.diagnostics.warning_count() == 2);  // W0406, once for the edit and for the limit
  const std::string dump = loaded.plan->dump();
  CHECK(dump.find("  column 1 10001, 20000..20009 (10001)\n") != std::string::npos);
  CHECK(dump.find("  codes 20000..20009 (no defined code)\n") != std::string::npos);
}

TEST_CASE("plan dump: a payer without discipline modifiers has only its header line", "[plan]") {
  const std::string dump = dump_of(R"(
policy p {
  pool each code
  units = 1
}
payer y { policy p }
)");
  CHECK(dump.substr(dump.find("payer ")) == "payer y [always] policy p\n");
}

TEST_CASE("plan dump: the standard rules have one header line per version of each kind", "[plan]") {
  const LoadedRules loaded = load_text("", true);
  REQUIRE(loaded.plan);
  const Plan& plan = *loaded.plan;
  const std::string dump = plan.dump();
  const auto versions = [](const auto& entries) {
    std::size_t n = 0;
    for (const auto& e : entries)
      n += e.versions.size();
    return n;
  };
  CHECK(lines_starting(dump, "code ") == versions(plan.codes));
  CHECK(lines_starting(dump, "policy ") == versions(plan.policies));
  CHECK(lines_starting(dump, "payer ") == versions(plan.payers));
  CHECK(lines_starting(dump, "edit ") == versions(plan.edits));
  CHECK(lines_starting(dump, "modifier ") == versions(plan.modifiers));
  CHECK(lines_starting(dump, "limit ") == versions(plan.limits));
  std::size_t discipline_modifiers = 0;
  for (const auto& e : plan.payers) {
    for (const auto& v : e.versions)
      discipline_modifiers += v.discipline_modifiers.size();
  }
  CHECK(discipline_modifiers > 0);
  CHECK(lines_starting(dump, "  discipline modifier ") == discipline_modifiers);
  CHECK(versions(plan.edits) > 0);
  CHECK(versions(plan.modifiers) > 0);
}
