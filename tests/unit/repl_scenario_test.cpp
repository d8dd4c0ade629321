// The REPL's scenario lines: every clause of a test's given line read, edited and written back.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "scenario.hpp"

namespace {

using cptrules::interp::Service;
using cptrules::repl::apply_edit;
using cptrules::repl::EditKind;
using cptrules::repl::parse_scenario;
using cptrules::repl::scenario_slot;
using cptrules::repl::ScenarioNames;
using cptrules::repl::services_text;
using cptrules::repl::SlotKind;

// What the standard rules know, as far as these tests need.
ScenarioNames names() {
  ScenarioNames n;
  n.is_code = [](std::string_view w) { return w == "97110" || w == "97140" || w == "97530"; };
  n.is_modifier = [](std::string_view w) {
    return w == "GP" || w == "GO" || w == "59" || w == "CQ" || w == "CO";
  };
  n.disciplines = std::vector<std::string>{"PT", "OT", "SLP"};
  n.providers = std::vector<std::string>{"OTA", "PT", "PTA"};
  return n;
}

// The error of a line that must not read.
std::string error_of(std::string_view line, const ScenarioNames& n = names()) {
  std::string error;
  const auto edit = parse_scenario(line, error, n);
  CHECK_FALSE(edit.has_value());
  return error;
}

// The services after `lines` typed one after the other; the error of the last when it fails.
std::vector<Service> after(const std::vector<std::string>& lines,
                           std::string* last_error = nullptr) {
  std::vector<Service> services;
  for (const std::string& line : lines) {
    std::string error;
    const auto edit = parse_scenario(line, error, names());
    REQUIRE(edit.has_value());
    if (!apply_edit(services, *edit, error)) {
      REQUIRE(last_error != nullptr);
      *last_error = error;
    }
  }
  return services;
}

}  // namespace

TEST_CASE("scenario lines read every clause of a given line in its order", "[repl]") {
  std::string error;
  const auto edit = parse_scenario(
      "given 97110 36 min in ot by pta assistant 23 min billed 3 with GP and cq", error, names());
  REQUIRE(edit.has_value());
  CHECK(edit->kind == EditKind::replace);
  CHECK(parse_scenario("+ 97110 5 min", error, names())->kind == EditKind::add);
  CHECK(parse_scenario("- 97110", error, names())->kind == EditKind::remove);
  REQUIRE(edit->services.size() == 1);
  const Service& s = edit->services.front();
  CHECK(s.code == "97110");
  CHECK(s.minutes == 36);
  CHECK(s.discipline == "OT");
  CHECK(s.provider == "PTA");
  CHECK(s.assistant_minutes == 23);
  CHECK(s.billed_units == 3);
  CHECK(s.modifiers == std::vector<std::string>{"GP", "CQ"});
  CHECK_FALSE(s.clock.has_value());

  const auto clock =
      parse_scenario("97110 from 10:00 to 10:20, 97140 from 09:55 to 10:05 mins", error, names());
  CHECK_FALSE(clock.has_value());  // `mins` after clock times is no clause
  const auto clocked =
      parse_scenario("97110 from 10:00 to 10:20, 97140 from 09:55 to 10:05", error, names());
  REQUIRE(clocked.has_value());
  REQUIRE(clocked->services.size() == 2);
  REQUIRE(clocked->services[0].clock.has_value());
  CHECK(clocked->services[0].clock->start == 600);
  CHECK(clocked->services[0].clock->end == 620);
  CHECK(clocked->services[0].minutes == 20);
  CHECK(clocked->services[1].clock->start == 595);
  CHECK(clocked->services[1].minutes == 10);

  const auto minutes = parse_scenario("97110 20 minutes billed 0", error, names());
  REQUIRE(minutes.has_value());
  CHECK(minutes->services.front().billed_units == 0);
}

TEST_CASE("scenario lines say what is wrong with a clause and hint the line that reads", "[repl]") {
  CHECK(error_of("97110 20 min with GO in OT") ==
        "expected 'in OT' before 'with GO': a service gives its time, then in, by, assistant, "
        "billed and with, in this order: did you mean '97110 20 min in OT with GO'?");
  CHECK(error_of("+ 97110 billed 2 by PTA 20 min") ==
        "expected 'by PTA' before 'billed 2': a service gives its time, then in, by, assistant, "
        "billed and with, in this order: did you mean '+ 97110 20 min by PTA billed 2'?");
  CHECK(error_of("97110 from 24:00 to 10:00") == "'24:00' is not a time of day (00:00 to 23:59)");
  CHECK(error_of("97110 from 10:00 to 10:60") == "'10:60' is not a time of day (00:00 to 23:59)");
  CHECK(error_of("97110 from 10:20 to 10:00") ==
        "97110 ends at 10:00 before it starts at 10:20: a service ends after it starts");
  CHECK(error_of("97110 from 10:00 in OT").starts_with("expected 'to' after 'from 10:00'"));
  CHECK(error_of("97110 from 10:00 to") == "a clock time is missing after 'to'");
  CHECK(
      error_of("97110 from 9:05 to 10:00").ends_with("did you mean '97110 from 09:05 to 10:00'?"));
  CHECK(error_of("97110 20 min in OTT") ==
        "unknown discipline 'OTT' (the rules know PT, OT and SLP): did you mean '97110 20 min in "
        "OT'?");
  CHECK(error_of("97110 20 min by PTAA") ==
        "unknown provider 'PTAA' (the rules know OTA, PT and PTA): did you mean '97110 20 min by "
        "PTA'?");
  ScenarioNames none = names();
  none.providers = std::vector<std::string>{};
  CHECK(error_of("97110 20 min by PT", none) ==
        "unknown provider 'PT': the rules declare no provider");
  CHECK(error_of("97110 20 min assistant 5 with GP") ==
        "expected 'min' after assistant 5: did you mean '97110 20 min assistant 5 min with GP'?");
  CHECK(error_of("97110 20 min in OT in PT") == "'in' is given twice for 97110");
  CHECK(error_of("97110 20 min from 10:00 to 10:20") == "the time of 97110 is given twice");
  CHECK(error_of("97110 20 min billed") == "give the units the claim bills as a number: billed 2");
  CHECK(error_of("97110 20 min in") == "a discipline is missing after 'in'");
  // The hints of before still hold with the new clauses in the line.
  CHECK(error_of("97110 33 min in OT GO") ==
        "'GO' is a modifier: modifiers follow 'with', joined by 'and': did you mean '97110 33 "
        "min in OT with GO'?");
  CHECK(error_of("97110 33 min billed 2 97140 7 min") ==
        "expected ',' between services, got '97140': did you mean '97110 33 min billed 2, 97140 "
        "7 min'?");
}

TEST_CASE("scenario services are written back with every clause and read back the same", "[repl]") {
  const std::string line =
      "97110 from 10:00 to 10:36 in PT by PT assistant 23 min billed 2 with GP and CQ, 97530 "
      "from 10:30 to 10:40 by PT billed 1 with GP, 97140 15 min in OT by OTA billed 2 with GO";
  std::string error;
  const auto edit = parse_scenario(line, error, names());
  REQUIRE(edit.has_value());
  std::vector<Service> services;
  REQUIRE(apply_edit(services, *edit, error));
  CHECK(services_text(services) == line);
}

TEST_CASE("scenario edits name a service by its code and discipline", "[repl]") {
  // + in OT adds to the OT service; + without `in` to the one without.
  std::vector<Service> s = after(
      {"97110 20 min in OT with GO, 97110 20 min with GP", "+ 97110 5 min in ot", "+ 97110 1 min"});
  CHECK(services_text(s) == "97110 25 min in OT with GO, 97110 21 min with GP");
  s = after({"97110 20 min in OT with GO, 97110 20 min with GP", "- 97110"});
  CHECK(services_text(s) == "97110 20 min in OT with GO");
  std::string error;
  s = after({"97110 20 min in OT", "- 97110 in PT"}, &error);
  CHECK(error ==
        "97110 in PT is not in the scenario; it has 97110 in OT: did you mean '- 97110 "
        "in OT'?");
  s = after({"97110 20 min in OT, 97110 10 min in SLP, 97140 8 min", "- 97140, 97110 5 min"},
            &error);
  CHECK(error == "97110 is not in the scenario; it has 97110 in OT and 97110 in SLP");
  s = after({"97110 20 min in OT", "- 97110 25 min"}, &error);
  CHECK(error == "97110 is not in the scenario; it has 97110 in OT");  // - 97110 25 min in OT fails
  s = after({"97110 20 min in OT, 97140 8 min", "- 97140, 97110 5 min"}, &error);
  CHECK(error ==
        "97110 is not in the scenario; it has 97110 in OT: did you mean '- 97140, 97110 "
        "5 min in OT'?");
  CHECK(services_text(s) ==
        "97110 20 min in OT, 97140 8 min");  // an edit that fails changes nothing
  s = after({"97110 20 min in OT with GO and 59", "- 97110 5 min in OT with 59"});
  CHECK(services_text(s) == "97110 15 min in OT with GO");
}

TEST_CASE("scenario edits with clock times, billed units and providers", "[repl]") {
  std::string error;
  // + with clock times adds a service; - with them takes that one away.
  std::vector<Service> s =
      after({"97140 from 10:10 to 10:25", "+ 97140 from 10:30 to 10:40", "+ 97140 3 min"});
  CHECK(services_text(s) == "97140 from 10:10 to 10:25, 97140 from 10:30 to 10:40, 97140 3 min");
  s = after(
      {"97140 from 10:10 to 10:25", "+ 97140 from 10:30 to 10:40", "- 97140 from 10:10 to 10:25"});
  CHECK(services_text(s) == "97140 from 10:30 to 10:40");
  s = after({"97140 from 10:10 to 10:25", "- 97140 5 min"}, &error);
  CHECK(error ==
        "97140 is given with clock times (from 10:10 to 10:25): take a service away with - 97140 "
        "from 10:10 to 10:25, or all of 97140 with - 97140");
  s = after({"97140 from 10:10 to 10:25", "- 97140 from 10:10 to 10:20"}, &error);
  CHECK(error == "97140 has no service from 10:10 to 10:20 (it has from 10:10 to 10:25)");
  // billed replaces the billed units; - takes none away.
  s = after({"97110 38 min billed 2", "+ 97110 billed 4", "+ 97110 2 min"});
  CHECK(services_text(s) == "97110 40 min billed 4");
  s = after({"97110 38 min billed 2", "- 97110 billed 2"}, &error);
  CHECK(error == "'-' takes no billed units away: + 97110 billed N sets them");
  // A service by another provider is a service of its own; + without `by` must tell which.
  s = after({"97110 20 min by PT, 97110 10 min by PTA", "+ 97110 5 min by PTA",
             "+ 97110 2 min by PT assistant 2 min"});
  CHECK(services_text(s) == "97110 22 min by PT assistant 2 min, 97110 15 min by PTA");
  s = after({"97110 20 min by PT, 97110 10 min by PTA", "+ 97110 5 min"}, &error);
  CHECK(error ==
        "97110 is in the scenario as 2 services (20 min by PT, 10 min by PTA): '+' cannot tell "
        "which to change; name its provider with 'by', or type the scenario again");
  s = after({"97110 20 min by PT, 97110 10 min by PTA", "- 97110 by PTA"});
  CHECK(services_text(s) == "97110 20 min by PT");
  s = after({"97110 20 min assistant 10 min", "- 97110 15 min"}, &error);
  CHECK(error.starts_with("97110 would have 5 min, fewer than the 10 min an assistant"));
}

TEST_CASE("scenario completion offers the clauses that keep the line valid", "[repl]") {
  using Words = std::vector<std::string_view>;
  auto slot = scenario_slot("97110 ");
  CHECK(slot.kind == SlotKind::words);
  CHECK(slot.after_code);
  CHECK(slot.code == "97110");
  CHECK(slot.words == Words{"from", "in", "by", "billed", "with"});
  slot = scenario_slot("+ 97110 20 min ");
  CHECK_FALSE(slot.after_code);
  CHECK(slot.words == Words{"in", "by", "assistant", "billed", "with"});
  CHECK(scenario_slot("97110 20 ").words == Words{"min"});
  CHECK(scenario_slot("97110 from ").kind == SlotKind::number);
  CHECK(scenario_slot("97110 from 10:00 ").words == Words{"to"});
  CHECK(scenario_slot("97110 from 10:00 to 10:20 ").words ==
        Words{"in", "by", "assistant", "billed", "with"});
  CHECK(scenario_slot("97110 20 min in ").kind == SlotKind::discipline);
  CHECK(scenario_slot("97110 20 min in OT ").words == Words{"by", "assistant", "billed", "with"});
  CHECK(scenario_slot("97110 20 min in OT by ").kind == SlotKind::provider);
  CHECK(scenario_slot("97110 20 min by PTA assistant ").kind == SlotKind::number);
  CHECK(scenario_slot("97110 20 min by PTA assistant 5 ").words == Words{"min"});
  CHECK(scenario_slot("97110 20 min assistant 5 min ").words == Words{"billed", "with"});
  CHECK(scenario_slot("97110 20 min billed 2 ").words == Words{"with"});
  CHECK(scenario_slot("97110 20 min billed 2 with ").kind == SlotKind::modifier);
  CHECK(scenario_slot("97110 20 min with GP ").words == Words{"and"});
  CHECK(scenario_slot("97110 20 min with GP, ").kind == SlotKind::code);
  // Clauses out of order leave nothing to complete.
  CHECK(scenario_slot("97110 20 min with GP in ").kind == SlotKind::none);
  CHECK(scenario_slot("97110 billed 2 in ").kind == SlotKind::none);
  CHECK(scenario_slot("97110 20 min in OT in ").kind == SlotKind::none);
}
