// Unit tests of who rendered a service and the assistant's minutes: input, checks and errors.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "loader.hpp"
#include "plan_of_text.hpp"

namespace {

using cptrules::interp::Encounter;
using cptrules::interp::EncounterReader;
using cptrules::interp::Evaluator;
using cptrules::interp::Finding;
using cptrules::interp::FindingSeverity;
using cptrules::interp::InputFormat;
using cptrules::interp::LoadOptions;
using cptrules::interp::Plan;
using cptrules::interp::ReaderOptions;
using cptrules::interp::ReadItem;
using cptrules::interp::Result;
using cptrules::interp::Service;
using PlanPtr = std::shared_ptr<const Plan>;

// The rules of these tests: a PT and OT code (PT unless the claim says otherwise, as payer acme's
// default), two providers, and checks of each kind of clause.
constexpr const char* kRules = R"(
code T15 "A timed code" {
  timed every 15 min
  disciplines PT, OT
}
code U1 "An untimed code" {
  untimed
}
policy p {
  pool each code
  units = (minutes + 7) / 15
}
payer acme {
  policy p
  default discipline PT
}
payer other {
  policy p
}
modifier AQ "An assistant's service" {
}
modifier GP "Physical therapy" {
}
provider PT "Physical therapist" {
}
provider PTA "Physical therapist assistant" {
}
check share "An assistant's share" {
  payers acme
  discipline PT
  when assistant_minutes > 10% of minutes
  without AQ
  severity error
  message "{code} in {discipline}: {assistant_minutes} of {minutes} minutes, {units} units, by {provider}, {payer}"
}
check whole "An assistant's whole service" {
  provider PTA
  without AQ
}
check untimed-u1 "U1 with AQ" {
  codes U1
  with AQ
  severity info
}
)";

PlanPtr load_plan(const std::string& text) {
  return cptrules::test::plan_of_text(text, false);
}

const PlanPtr& plan() {
  static const PlanPtr p = load_plan(kRules);
  return p;
}

Service service(std::string code, std::int64_t minutes, std::optional<std::int64_t> assistant = {},
                std::optional<std::string> provider = {}) {
  Service s;
  s.code = std::move(code);
  s.minutes = minutes;
  s.assistant_minutes = assistant;
  s.provider = std::move(provider);
  return s;
}

Result evaluate(std::vector<Service> services, std::string payer = "acme",
                std::optional<std::string> provider = {}) {
  Encounter enc;
  enc.id = "enc";
  enc.input_line = 1;
  enc.payer = std::move(payer);
  enc.date = cptrules::lang::parse_date("2025-03-04");
  enc.provider = std::move(provider);
  enc.services = std::move(services);
  Evaluator evaluator(plan(), {});
  Result r;
  evaluator.evaluate(enc, r);
  return r;
}

std::vector<std::string> ids(const Result& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings)
    out.push_back(f.id);
  return out;
}

const Finding* finding(const Result& r, const std::string& id) {
  for (const Finding& f : r.findings) {
    if (f.id == id)
      return &f;
  }
  return nullptr;
}

std::vector<ReadItem> read(const std::string& text, ReaderOptions options = {}) {
  auto reader = EncounterReader::from_string(text, "test", options);
  std::vector<ReadItem> out;
  ReadItem item;
  while (reader.next(item)) {
    out.push_back(item);
    REQUIRE(out.size() < 1000);
  }
  return out;
}

std::vector<std::string> diagnostic_ids(const std::string& text) {
  LoadOptions options;
  options.stdlib = false;
  options.extra.push_back(std::make_shared<cptrules::lang::SourceFile>("test.rules", text));
  const auto loaded = cptrules::interp::load_rules(options);
  std::vector<std::string> out;
  for (const auto& d : loaded.diagnostics.items())
    out.push_back(d.id);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("providers: JSON gives provider and assistant_minutes on both reading paths",
          "[providers]") {
  // One plain line (the fast path) and the same encounter pretty-printed (simdjson).
  const std::string line =
      R"({"id": "a", "provider": "PT", "services": [{"code": "T15", "minutes": 30, )"
      R"("assistant_minutes": 4, "provider": "PTA"}]})";
  const std::string pretty =
      "{\n  \"id\": \"a\",\n  \"provider\": \"PT\",\n  \"services\": [{\"code\": \"T15\", "
      "\"minutes\": 30,\n    \"assistant_minutes\": 4, \"provider\": \"PTA\"}]\n}\n";
  for (const std::string& text : {line, pretty}) {
    INFO(text);
    const auto items = read(text);
    REQUIRE(items.size() == 1);
    REQUIRE(items[0].ok);
    const Encounter& enc = items[0].encounter;
    CHECK(enc.provider == std::optional<std::string>("PT"));
    REQUIRE(enc.services.size() == 1);
    CHECK(enc.services[0].provider == std::optional<std::string>("PTA"));
    CHECK(enc.services[0].assistant_minutes == std::optional<std::int64_t>(4));
  }
}

TEST_CASE("providers: an encounter's provider does not carry over to the next one", "[providers]") {
  // The reader reuses its encounter and service slots from one line to the next.
  const auto items =
      read(R"({"id": "a", "provider": "PT", "services": [{"code": "T15", "minutes": 30, )"
           R"("assistant_minutes": 4, "provider": "PTA"}]})"
           "\n"
           R"({"id": "b", "services": [{"code": "T15", "minutes": 30}]})"
           "\n");
  REQUIRE(items.size() == 2);
  REQUIRE(items[1].ok);
  CHECK_FALSE(items[1].encounter.provider);
  REQUIRE(items[1].encounter.services.size() == 1);
  CHECK_FALSE(items[1].encounter.services[0].provider);
  CHECK_FALSE(items[1].encounter.services[0].assistant_minutes);
}

TEST_CASE("providers: bad assistant_minutes are error records, and the next line is read",
          "[providers]") {
  const auto items = read(
      R"({"id": "neg", "services": [{"code": "T15", "minutes": 30, "assistant_minutes": -4}]})"
      "\n"
      R"({"id": "frac", "services": [{"code": "T15", "minutes": 30, "assistant_minutes": 2.5}]})"
      "\n"
      R"({"id": "text", "services": [{"code": "T15", "minutes": 30, "assistant_minutes": "4"}]})"
      "\n"
      R"({"id": "huge", "services": [{"code": "T15", "minutes": 30, "assistant_minutes": 5000}]})"
      "\n"
      R"({"id": "fine", "services": [{"code": "T15", "minutes": 30, "assistant_minutes": 0}]})"
      "\n");
  REQUIRE(items.size() == 5);
  CHECK(items[0].error.id == "input.assistant-minutes-invalid");
  CHECK(items[0].error.message ==
        "services[0].assistant_minutes must be a non-negative whole number, got -4");
  CHECK(items[1].error.id == "input.assistant-minutes-invalid");
  CHECK(items[2].error.id == "input.assistant-minutes-invalid");
  CHECK(items[3].error.id == "input.assistant-minutes-over");
  CHECK(items[4].ok);
}

TEST_CASE("providers: CSV columns provider and assistant_minutes", "[providers][csv]") {
  ReaderOptions options;
  options.format = InputFormat::csv;
  // Unmapped, the columns are ignored: an export's "Provider" is often a person's name.
  const auto ignored = read(
      "encounter_id,payer,code,minutes,Provider,assistant_minutes\n"
      "a,acme,T15,30,Dr. Jane Roe,4\n",
      options);
  REQUIRE(ignored.size() == 1);
  REQUIRE(ignored[0].ok);
  CHECK_FALSE(ignored[0].encounter.services[0].provider);
  CHECK_FALSE(ignored[0].encounter.services[0].assistant_minutes);
  // Mapped with --columns, they are read.
  REQUIRE_FALSE(cptrules::interp::reader::parse_csv_column_map(
      "provider=provider,assistant_minutes=Assistant Minutes", options.columns));
  const auto items = read(
      "encounter_id,payer,code,minutes,provider,Assistant Minutes\n"
      "a,acme,T15,30,PTA,4\n"
      "b,acme,T15,30,PT,x\n"
      "c,acme,T15,30,,\n",
      options);
  REQUIRE(items.size() == 3);
  REQUIRE(items[0].ok);
  CHECK(items[0].encounter.services[0].provider == std::optional<std::string>("PTA"));
  CHECK(items[0].encounter.services[0].assistant_minutes == std::optional<std::int64_t>(4));
  CHECK(items[1].error.id == "input.assistant-minutes-invalid");
  CHECK(items[1].error.message.find("row 3") != std::string::npos);
  REQUIRE(items[2].ok);
  CHECK_FALSE(items[2].encounter.services[0].provider);
  CHECK_FALSE(items[2].encounter.services[0].assistant_minutes);
}

TEST_CASE("providers: a check's share of minutes is compared exactly", "[providers]") {
  // 3 of 30 minutes is 10 percent, not more; 4 is more.
  CHECK_FALSE(finding(evaluate({service("T15", 30, 3)}), "check.share"));
  const Result r = evaluate({service("T15", 30, 4)});
  const Finding* f = finding(r, "check.share");
  REQUIRE(f);
  CHECK(f->severity == FindingSeverity::error);
  CHECK(f->code == "T15");
  CHECK(f->message == "T15 in PT: 4 of 30 minutes, 2 units, by , acme");
  // The modifier the check wants silences it; another payer's claim is not checked.
  Service with_aq = service("T15", 30, 4);
  with_aq.modifiers = {"AQ"};
  CHECK_FALSE(finding(evaluate({with_aq}), "check.share"));
  CHECK_FALSE(finding(evaluate({service("T15", 30, 4)}, "other"), "check.share"));
  // No assistant minutes at all: the condition does not hold.
  CHECK_FALSE(finding(evaluate({service("T15", 30)}), "check.share"));
}

TEST_CASE("providers: assistant minutes of services of one code are added", "[providers]") {
  const Result r = evaluate({service("T15", 20, 2), service("T15", 10, 2)});
  const Finding* f = finding(r, "check.share");
  REQUIRE(f);
  CHECK(f->message == "T15 in PT: 4 of 30 minutes, 2 units, by , acme");
}

TEST_CASE("providers: the service's provider wins over the encounter's", "[providers]") {
  CHECK(finding(evaluate({service("T15", 30)}, "acme", "PTA"), "check.whole"));
  CHECK_FALSE(finding(evaluate({service("T15", 30, {}, "PT")}, "acme", "PTA"), "check.whole"));
  CHECK(finding(evaluate({service("T15", 30, {}, "pta")}, "acme", "PT"), "check.whole"));
  CHECK_FALSE(finding(evaluate({service("T15", 30)}), "check.whole"));
  const Result r = evaluate({service("T15", 30, 4, "PTA")});
  const Finding* f = finding(r, "check.share");
  REQUIRE(f);
  CHECK(f->message == "T15 in PT: 4 of 30 minutes, 2 units, by PTA, acme");
  // Without a message, the finding names the code and the check's title.
  const Finding* w = finding(r, "check.whole");
  REQUIRE(w);
  CHECK(w->message == "T15: An assistant's whole service");
  CHECK(w->severity == FindingSeverity::warning);
}

TEST_CASE("providers: a check of codes and a modifier present", "[providers]") {
  Service u1;
  u1.code = "U1";
  u1.modifiers = {"AQ"};
  const Result r = evaluate({u1, service("T15", 20)});
  INFO(fmt::format("{}", fmt::join(ids(r), ", ")));
  const Finding* f = finding(r, "check.untimed-u1");
  REQUIRE(f);
  CHECK(f->code == "U1");
  CHECK(f->severity == FindingSeverity::info);
  u1.modifiers.clear();
  CHECK_FALSE(finding(evaluate({u1}), "check.untimed-u1"));
}

TEST_CASE("providers: an unknown provider or too many assistant minutes is an error record",
          "[providers]") {
  const Result unknown = evaluate({service("T15", 30, {}, "PTX")});
  CHECK_FALSE(unknown.ok);
  CHECK(unknown.error.id == "input.unknown-provider");
  CHECK(unknown.error.message ==
        "services[0].provider: unknown provider 'PTX' (did you mean PT?) (the rules know PT and "
        "PTA)");
  const Result encounter_unknown = evaluate({service("T15", 30)}, "acme", "OTA");
  CHECK(encounter_unknown.error.id == "input.unknown-provider");
  CHECK(encounter_unknown.error.message.rfind("provider: unknown provider 'OTA'", 0) == 0);
  const Result over = evaluate({service("T15", 20, 25)});
  CHECK(over.error.id == "input.assistant-minutes-over");
  CHECK(over.error.message ==
        "services[0].assistant_minutes is 25, more than the 20 minutes of T15 itself");
  Service no_minutes;
  no_minutes.code = "U1";
  no_minutes.assistant_minutes = 5;
  CHECK(evaluate({no_minutes}).error.id == "input.assistant-minutes-over");
  // A provider of a code outside the rules is checked too.
  CHECK(evaluate({service("X999", 10, {}, "PTX")}).error.id == "input.unknown-provider");
  // The same encounter with a known provider is evaluated.
  CHECK(evaluate({service("T15", 30, {}, "PT")}).ok);
}

TEST_CASE("providers: checker diagnostics of providers and checks", "[providers][checker]") {
  const std::string base = std::string(kRules);
  CHECK(has(diagnostic_ids(base + "check c \"\" {\n  provider PTX\n}\n"), "E0319"));
  CHECK(has(diagnostic_ids(base + "test \"t\" {\n  payer acme\n  given T15 10 min by PTX\n"
                                  "  expect T15 x1\n}\n"),
            "E0319"));
  CHECK(has(diagnostic_ids(base + "check c \"\" {\n  when assist > 10% of minutes\n}\n"), "E0320"));
  CHECK(has(diagnostic_ids(base + "check c \"\" {\n  when 3 > 2\n}\n"), "E0320"));
  CHECK(has(diagnostic_ids(base + "check c \"\" {\n  when minutes > 101% of units\n}\n"), "E0320"));
  CHECK(has(diagnostic_ids(base + "check c \"\" {\n  payers acme\n}\n"), "E0321"));
  CHECK(
      has(diagnostic_ids(base + "check c \"\" {\n  codes T15\n  message \"{cod}\"\n}\n"), "E0322"));
  CHECK(
      has(diagnostic_ids(base + "check c \"\" {\n  codes T15\n  message \"{code\"\n}\n"), "E0322"));
  CHECK(has(diagnostic_ids(base + "check c \"\" {\n  codes T15\n  when minutes >\n}\n"), "E0101"));
  // A clean check gives no diagnostic of these.
  const auto clean =
      diagnostic_ids(base + "check c \"\" {\n  codes T15\n  message \"{code}\"\n}\n");
  CHECK_FALSE(has(clean, "E0320"));
  CHECK_FALSE(has(clean, "E0321"));
  CHECK_FALSE(has(clean, "E0322"));
}
