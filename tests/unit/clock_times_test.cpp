// Services timed by clock (`start`/`end`) instead of minutes: through eval and the library.
#include <catch2/catch.hpp>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>
#include <cptrules/engine.hpp>

#include "encounter_reader.hpp"
#include "test_support.hpp"

namespace {

using cptrules::Encounter;
using cptrules::EncounterParser;
using cptrules::Engine;
using cptrules::Result;
using cptrules::interp::EncounterReader;
using cptrules::interp::ReaderOptions;
using cptrules::interp::ReadItem;
using cptrules::test::Run;
using cptrules::test::run_cli;

// One encounter's services, and what each payer bills, worked out by hand: Medicare pools the
// timed minutes (units = (T + 7) / 15, full units first, the rest to the most minutes left
// over); the CPT rule of commercial counts each code alone ((minutes + 7) / 15).
struct Case {
  std::string name;
  std::string services;  // the JSON array
  std::string medicare;  // "CODE MINUTESm xUNITS, ... (total N, timed M)"
  std::string commercial;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all{
      // 10:00 to 10:23 is 23 minutes: 30 / 15 = 2 units under both rules.
      {"one-clock", R"([{"code": "97110", "start": "10:00", "end": "10:23", "modifiers": ["GP"]}])",
       "97110 23m x2 (total 2, timed 23)", "97110 23m x2 (total 2, timed 23)"},
      // 23 + 10 minutes. Medicare: 33 minutes, 40 / 15 = 2 units; 97110 1 full unit and 8
      // minutes left over, 97140 10 left over: the second unit is 97140's. CPT: 2 and 17 / 15.
      {"two-clocks",
       R"([{"code": "97110", "start": "10:00", "end": "10:23", "modifiers": ["GP"]}, {"code": "97140", "start": "10:30", "end": "10:40", "modifiers": ["GP"]}])",
       "97110 23m x1, 97140 10m x1 (total 2, timed 33)",
       "97110 23m x2, 97140 10m x1 (total 3, timed 33)"},
      // Clock and minutes mixed: 38 + 9 minutes. Medicare: 47 minutes, 54 / 15 = 3 units;
      // 97110 2 full units and 8 left over, 97112 9: the third unit is 97112's. CPT: 45 / 15 = 3
      // and 16 / 15 = 1.
      {"mixed",
       R"([{"code": "97110", "start": "09:00", "end": "09:38", "modifiers": ["GP"]}, {"code": "97112", "minutes": 9, "modifiers": ["GP"]}])",
       "97110 38m x2, 97112 9m x1 (total 3, timed 47)",
       "97110 38m x3, 97112 9m x1 (total 4, timed 47)"},
      // One code by clock (7 minutes) and again by minutes (7): one line of 14 minutes,
      // 21 / 15 = 1 unit, where each part alone would give none.
      {"same-code",
       R"([{"code": "97140", "start": "08:00", "end": "08:07", "modifiers": ["GP"]}, {"code": "97140", "minutes": 7, "modifiers": ["GP"]}])",
       "97140 14m x1 (total 1, timed 14)", "97140 14m x1 (total 1, timed 14)"},
      // Minutes and clock that agree: 45 minutes, 52 / 15 = 3 units.
      {"agree",
       R"([{"code": "97110", "minutes": 45, "start": "09:00", "end": "09:45", "modifiers": ["GP"]}])",
       "97110 45m x3 (total 3, timed 45)", "97110 45m x3 (total 3, timed 45)"},
      // Start equal to end is 0 minutes: no unit, no error, the warning code.no-time.
      {"zero", R"([{"code": "97110", "start": "09:00", "end": "09:00", "modifiers": ["GP"]}])",
       "97110 0m x0 (total 0, timed 0)", "97110 0m x0 (total 0, timed 0)"},
      // The longest day: 00:00 to 23:59 is 1439 minutes, 1446 / 15 = 96 units.
      {"whole-day", R"([{"code": "97110", "start": "00:00", "end": "23:59", "modifiers": ["GP"]}])",
       "97110 1439m x96 (total 96, timed 1439)", "97110 1439m x96 (total 96, timed 1439)"},
      // An untimed code's clock minutes do not count: 97161 is 1 unit, 97110 15 minutes 1 unit.
      {"untimed",
       R"([{"code": "97161", "start": "09:00", "end": "09:50", "modifiers": ["GP"]}, {"code": "97110", "start": "09:50", "end": "10:05", "modifiers": ["GP"]}])",
       "97161 50m x1, 97110 15m x1 (total 2, timed 15)",
       "97161 50m x1, 97110 15m x1 (total 2, timed 15)"},
  };
  return all;
}

std::string encounter_line(const Case& c, const std::string& payer) {
  return fmt::format(
      R"({{"id": "{}-{}", "date": "2025-03-04", "payer": "{}", "discipline": "PT", "services": {}}})",
      c.name, payer, payer, c.services);
}

// "97110 23m x1, 97140 10m x1 (total 2, timed 33)" for a result.
std::string summary(const Result& r) {
  if (!r.ok)
    return "error " + r.error.id + ": " + r.error.message;
  std::string out;
  for (const auto& line : r.lines) {
    out += fmt::format("{}{} {}m x{}", out.empty() ? "" : ", ", line.code,
                       line.minutes ? std::to_string(*line.minutes) : "-", line.units);
  }
  return fmt::format("{} (total {}, timed {})", out, r.total_units, r.timed_minutes);
}

// The same for one record of `eval`'s JSON Lines.
std::string summary(simdjson::dom::element record) {
  if (!record["ok"].get_bool().value()) {
    return fmt::format("error {}: {}", std::string_view(record["error"]["id"].get_string()),
                       std::string_view(record["error"]["message"].get_string()));
  }
  std::string out;
  for (simdjson::dom::element line : record["lines"].get_array()) {
    std::int64_t minutes = -1;
    const bool timed = line["minutes"].get_int64().get(minutes) == simdjson::SUCCESS;
    out += fmt::format("{}{} {}m x{}", out.empty() ? "" : ", ",
                       std::string_view(line["code"].get_string()),
                       timed ? std::to_string(minutes) : "-", line["units"].get_int64().value());
  }
  return fmt::format("{} (total {}, timed {})", out, record["total_units"].get_int64().value(),
                     record["timed_minutes"].get_int64().value());
}

using cptrules::test::lines_of;

const Engine& standard_engine() {
  static const Engine engine = [] {
    auto loaded = Engine::load({});
    INFO(loaded.diagnostics);
    REQUIRE(loaded);
    return *loaded.engine;
  }();
  return engine;
}

// A bad service and the error record it gives.
struct Bad {
  std::string services;
  std::string id;
  std::string message;
};

const std::vector<Bad>& bad_cases() {
  static const std::vector<Bad> all{
      {R"([{"code": "97110", "start": "10:00", "end": "09:30"}])", "input.time-invalid",
       "services[0].end 09:30 is before start 10:00"},
      {R"([{"code": "97110", "minutes": 8}, {"code": "97140", "start": "10:01", "end": "10:00"}])",
       "input.time-invalid", "services[1].end 10:00 is before start 10:01"},
      {R"([{"code": "97110", "start": "25:00", "end": "09:30"}])", "input.time-invalid",
       R"(services[0].start must be a time HH:MM (00:00 to 23:59), got "25:00")"},
      {R"([{"code": "97110", "start": "09:00", "end": "24:00"}])", "input.time-invalid",
       R"(services[0].end must be a time HH:MM (00:00 to 23:59), got "24:00")"},
      {R"([{"code": "97110", "start": "09:00", "end": "09:60"}])", "input.time-invalid",
       R"(services[0].end must be a time HH:MM (00:00 to 23:59), got "09:60")"},
      {R"([{"code": "97110", "start": "9:05", "end": "09:30"}])", "input.time-invalid",
       R"(services[0].start must be a time HH:MM (00:00 to 23:59), got "9:05")"},
      {R"([{"code": "97110", "start": "09:00", "end": 930}])", "input.time-invalid",
       "services[0].end must be a time HH:MM (00:00 to 23:59), got 930"},
      {R"([{"code": "97110", "start": "09:00"}])", "input.time-incomplete",
       "services[0] has start but no end: give both start and end (HH:MM), or minutes"},
      {R"([{"code": "97110", "end": "09:00", "minutes": 10}])", "input.time-incomplete",
       "services[0] has end but no start: give both start and end (HH:MM), or minutes"},
      {R"([{"code": "97110", "minutes": 30, "start": "09:00", "end": "09:45"}])",
       "input.minutes-conflict",
       "services[0].minutes is 30 but start 09:00 to end 09:45 is 45 minutes"},
      // Each service is a valid day, together more than one (overlapping clock times count once,
      // minutes without a clock are added): the encounter is an error record.
      {R"([{"code": "97110", "start": "00:00", "end": "23:59"}, {"code": "97140", "minutes": 2}])",
       "input.day-too-long", "the services add up to more than 1440 minutes (24 hours) in one day"},
  };
  return all;
}

}  // namespace

TEST_CASE("clock times: eval bills start and end times under medicare and commercial", "[clock]") {
  cptrules::test::TempDir dir("cptrules-clock");
  std::string input;
  std::vector<std::string> expected;
  for (const Case& c : cases()) {
    for (const std::string payer : {"medicare", "commercial"}) {
      input += encounter_line(c, payer) + "\n";
      expected.push_back(c.name + "-" + payer + ": " +
                         (payer == "medicare" ? c.medicare : c.commercial));
    }
  }
  const std::string path = dir.write("clock.jsonl", input);
  for (const int jobs : {1, 2}) {
    INFO("jobs " << jobs);
    const Run run = run_cli(dir, fmt::format("eval --format jsonl --jobs {} '{}'", jobs, path));
    CHECK(run.status == 0);
    CHECK(run.err.empty());
    simdjson::dom::parser parser;
    std::vector<std::string> got;
    for (const std::string& line : lines_of(run.out)) {
      simdjson::dom::element record;
      REQUIRE(parser.parse(line).get(record) == simdjson::SUCCESS);
      const std::string id(record["id"].get_string().value());
      got.push_back(id + ": " + summary(record));
      std::vector<std::string> findings;
      for (simdjson::dom::element f : record["findings"].get_array())
        findings.push_back(std::string(f["id"].get_string().value()));
      CHECK(findings == (id.rfind("zero-", 0) == 0 ? std::vector<std::string>{"code.no-time"}
                                                   : std::vector<std::string>{}));
    }
    CHECK(got == expected);
  }
}

TEST_CASE("clock times: the record of an encounter timed by clock", "[clock]") {
  cptrules::test::TempDir dir("cptrules-clock");
  const std::string path = dir.write("one.jsonl", encounter_line(cases()[1], "medicare") + "\n");
  const Run run = run_cli(dir, fmt::format("eval --format jsonl '{}'", path));
  CHECK(run.status == 0);
  CHECK(
      run.out ==
      R"({"id": "two-clocks-medicare", "ok": true, "payer": "medicare", "policy": "cms-8-minute", "date": "2025-03-04", "timed_minutes": 33, "total_units": 2, "lines": [{"code": "97110", "discipline": "PT", "modifiers": ["GP"], "minutes": 23, "units": 1}, {"code": "97140", "discipline": "PT", "modifiers": ["GP"], "minutes": 10, "units": 1}], "alternatives": [], "findings": []})"
      "\n");
  const Run table = run_cli(dir, fmt::format("eval --format table '{}'", path));
  CHECK(table.status == 0);
  CHECK(
      table.out.find("\n1 encounter, 2 units, 0 not evaluated, 0 with errors, 0 with warnings\n") !=
      std::string::npos);
}

TEST_CASE("clock times: the library parses and evaluates start and end times", "[clock]") {
  auto evaluator = standard_engine().evaluator();
  EncounterParser parser;
  for (const Case& c : cases()) {
    for (const std::string payer : {"medicare", "commercial"}) {
      INFO(c.name << " " << payer);
      Encounter encounter;
      Result error;
      REQUIRE(parser.parse(encounter_line(c, payer), encounter, error));
      CHECK(summary(evaluator.evaluate(encounter)) ==
            (payer == "medicare" ? c.medicare : c.commercial));
    }
  }
}

TEST_CASE("clock times: the reader gives the same minutes with and without its fast path",
          "[clock]") {
  std::string text;
  for (const Case& c : cases())
    text += encounter_line(c, "medicare") + "\n";
  auto evaluator = standard_engine().evaluator();
  for (const bool fast : {true, false}) {
    INFO("fast path " << fast);
    ReaderOptions options;
    options.plain_fast_path = fast;
    auto reader = EncounterReader::from_string(text, "clock.jsonl", options);
    ReadItem item;
    std::vector<std::string> got;
    while (reader.next(item)) {
      REQUIRE(item.ok);
      got.push_back(summary(evaluator.evaluate(item.encounter)));
    }
    std::vector<std::string> expected;
    for (const Case& c : cases())
      expected.push_back(c.medicare);
    CHECK(got == expected);
  }
}

TEST_CASE("clock times: bad times are error records with documented ids", "[clock]") {
  cptrules::test::TempDir dir("cptrules-clock");
  std::string input;
  std::string expected;
  int line = 0;
  for (const Bad& b : bad_cases()) {
    ++line;
    input += fmt::format(
        R"({{"id": "bad-{}", "date": "2025-03-04", "payer": "medicare", "services": {}}})"
        "\n",
        line, b.services);
    std::string message;
    for (const char ch : b.message)
      message += ch == '"' ? std::string("\\\"") : std::string(1, ch);
    expected += fmt::format(
        R"({{"id": "bad-{}", "ok": false, "input_line": {}, "error": {{"id": "{}", "message": "{}"}}}})"
        "\n",
        line, line, b.id, message);
  }
  // A good encounter after them is still evaluated: 10:00 to 10:08 is 8 minutes, 1 unit.
  input +=
      R"({"id": "good", "date": "2025-03-04", "payer": "commercial", "discipline": "PT", "services": [{"code": "97110", "start": "10:00", "end": "10:08"}]})"
      "\n";
  expected +=
      R"({"id": "good", "ok": true, "payer": "commercial", "policy": "cpt-midpoint", "date": "2025-03-04", "timed_minutes": 8, "total_units": 1, "lines": [{"code": "97110", "discipline": "PT", "minutes": 8, "units": 1}], "alternatives": [], "findings": []})"
      "\n";
  const std::string path = dir.write("bad.jsonl", input);
  for (const int jobs : {1, 2}) {
    INFO("jobs " << jobs);
    const Run run = run_cli(dir, fmt::format("eval --format jsonl --jobs {} '{}'", jobs, path));
    CHECK(run.status == 65);
    CHECK(run.out == expected);
  }
}

TEST_CASE("clock times: the library gives the same error records", "[clock]") {
  auto evaluator = standard_engine().evaluator();
  EncounterParser parser;
  for (const Bad& b : bad_cases()) {
    INFO(b.services);
    const std::string json = fmt::format(
        R"({{"id": "x", "date": "2025-03-04", "payer": "medicare", "services": {}}})", b.services);
    Encounter encounter;
    Result record;
    if (parser.parse(json, encounter, record, 3))
      record = evaluator.evaluate(encounter);
    CHECK_FALSE(record.ok);
    CHECK(record.id == "x");
    CHECK(record.error.id == b.id);
    CHECK(record.error.message == b.message);
  }
}

TEST_CASE("clock times: overlapping times of one discipline count once, for the first listed",
          "[clock]") {
  // What each case bills under both payers (the same: the overlap is taken out before either
  // rule counts), and whether a time.overlap warning is given.
  struct Overlap {
    std::string name;
    std::string services;
    std::string billed;
    bool overlap;
  };
  const std::vector<Overlap> cases{
      // Twenty minutes of one-on-one time are one unit, not two (CPT) or three (Medicare).
      {"same-block",
       R"([{"code": "97110", "start": "10:00", "end": "10:20", "modifiers": ["GP"]}, {"code": "97140", "start": "10:00", "end": "10:20", "modifiers": ["GP"]}])",
       "97110 20m x1, 97140 0m x0 (total 1, timed 20)", true},
      // 10 minutes shared: 97140 keeps 10:20-10:30. Medicare: 30 minutes, 2 units, the second
      // to 97140's 10 over 97110's 5 left over; CPT: (20 + 7) / 15 and (10 + 7) / 15.
      {"partial",
       R"([{"code": "97110", "start": "10:00", "end": "10:20", "modifiers": ["GP"]}, {"code": "97140", "start": "10:10", "end": "10:30", "modifiers": ["GP"]}])",
       "97110 20m x1, 97140 10m x1 (total 2, timed 30)", true},
      // A span inside another keeps nothing.
      {"inside",
       R"([{"code": "97110", "start": "09:00", "end": "09:45", "modifiers": ["GP"]}, {"code": "97140", "start": "09:10", "end": "09:20", "modifiers": ["GP"]}])",
       "97110 45m x3, 97140 0m x0 (total 3, timed 45)", true},
      // PT and OT at the same time are two pools: nothing is shared.
      {"two-disciplines",
       R"([{"code": "97110", "start": "10:00", "end": "10:20", "discipline": "PT", "modifiers": ["GP"]}, {"code": "97530", "start": "10:00", "end": "10:20", "discipline": "OT", "modifiers": ["GO"]}])",
       "97110 20m x1, 97530 20m x1 (total 2, timed 40)", false},
      // Minutes without clock times have no place on the clock: never compared (Medicare's
      // line; the CPT rule gives 1 each).
      {"minutes-only",
       R"([{"code": "97110", "start": "10:00", "end": "10:20", "modifiers": ["GP"]}, {"code": "97140", "minutes": 20, "modifiers": ["GP"]}])",
       "97110 20m x2, 97140 20m x1 (total 3, timed 40)", false},
  };
  cptrules::test::TempDir dir("cptrules-overlap");
  std::string input;
  for (const Overlap& c : cases) {
    for (const std::string payer : {"medicare", "commercial"})
      input += encounter_line({c.name, c.services, "", ""}, payer) + "\n";
  }
  const Run run =
      run_cli(dir, fmt::format("eval --format jsonl '{}'", dir.write("o.jsonl", input)));
  CHECK(run.status == 0);
  simdjson::dom::parser parser;
  const std::vector<std::string> records = lines_of(run.out);
  REQUIRE(records.size() == cases.size() * 2);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Overlap& c = cases[i / 2];
    simdjson::dom::element record;
    REQUIRE(parser.parse(records[i]).get(record) == simdjson::SUCCESS);
    INFO(records[i]);
    std::vector<std::string> ids;
    for (simdjson::dom::element f : record["findings"].get_array())
      ids.push_back(std::string(f["id"].get_string().value()));
    std::string billed = summary(record);
    // Only the minutes-only case bills differently: Medicare pools its 40 minutes (3 units, a
    // tie for the third), CPT counts each code alone.
    CHECK(billed == (c.name == "minutes-only" && i % 2 == 1
                         ? "97110 20m x1, 97140 20m x1 (total 2, timed 40)"
                         : c.billed));
    CHECK(ids ==
          (c.overlap ? std::vector<std::string>{"time.overlap"} : std::vector<std::string>{}));
  }
  CHECK(records[0].find("97110 10:00-10:20 and 97140 10:00-10:20 overlap from 10:00 to 10:20 (20 "
                        "minutes): those minutes count once, for 97110, listed first") !=
        std::string::npos);
}
