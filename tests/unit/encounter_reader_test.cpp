// Unit tests of EncounterReader: input shapes, line handling, field checks and error records.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "encounter_reader.hpp"

namespace {

using cptrules::interp::EncounterReader;
using cptrules::interp::InputShape;
using cptrules::interp::kMaxLineBytes;
using cptrules::interp::ReaderOptions;
using cptrules::interp::ReadItem;

// A copy of what one next() gave, so that items can be compared after the reader moved on.
struct Got {
  std::string id;
  bool ok = true;
  std::string error_id;
  std::string error_message;
  std::int64_t input_line = 0;
  std::vector<std::string> codes;
  std::vector<std::int64_t> minutes;  // -1 when absent
};

std::vector<Got> read_all(EncounterReader& reader) {
  std::vector<Got> items;
  ReadItem item;
  while (reader.next(item)) {
    Got got;
    got.id = item.encounter.id;
    got.ok = item.ok;
    got.error_id = item.error.id;
    got.error_message = item.error.message;
    got.input_line = item.input_line;
    REQUIRE(item.encounter.input_line == item.input_line);
    if (item.ok) {
      for (const auto& service : item.encounter.services) {
        got.codes.push_back(service.code);
        got.minutes.push_back(service.minutes.value_or(-1));
      }
    }
    items.push_back(std::move(got));
    REQUIRE(items.size() < 100000);  // never loops forever
  }
  return items;
}

std::vector<Got> read_text(const std::string& text, ReaderOptions options = {}) {
  auto reader = EncounterReader::from_string(text, "test", options);
  return read_all(reader);
}

// The only item of a one-encounter input.
Got read_one(const std::string& text) {
  const auto items = read_text(text);
  REQUIRE(items.size() == 1);
  return items[0];
}

// The error of an encounter given as one JSON line.
std::pair<std::string, std::string> error_of(const std::string& line) {
  const Got got = read_one(line);
  CHECK_FALSE(got.ok);
  return {got.error_id, got.error_message};
}

std::string service_line(const std::string& service) {
  return R"({"id": "e", "services": [{"code": "97110", "minutes": 10}, )" + service + "]}";
}

}  // namespace

TEST_CASE("reader: a single pretty-printed object") {
  const std::string text = R"({
  "id": "enc-1",
  "date": "2025-03-02",
  "payer": "medicare",
  "discipline": "PT",
  "services": [
    {"code": "97140", "minutes": 23, "modifiers": ["GP", "59"]},
    {"code": "97110", "minutes": 10, "discipline": "OT"},
    {"code": "97161"}
  ]
}
)";
  auto reader = EncounterReader::from_string(text, "test");
  CHECK(reader.shape() == InputShape::unknown);
  ReadItem item;
  REQUIRE(reader.next(item));
  CHECK(reader.shape() == InputShape::object);
  CHECK(reader.describe_shape() == "a single JSON object");
  REQUIRE(item.ok);
  CHECK(item.input_line == 1);
  const auto& enc = item.encounter;
  CHECK(enc.id == "enc-1");
  REQUIRE(enc.date.has_value());
  CHECK(*enc.date == cptrules::lang::date_from_ymd(2025, 3, 2));
  CHECK(enc.payer == std::optional<std::string>("medicare"));
  CHECK(enc.discipline == std::optional<std::string>("PT"));
  REQUIRE(enc.services.size() == 3);
  CHECK(enc.services[0].code == "97140");
  CHECK(enc.services[0].minutes == std::optional<std::int64_t>(23));
  CHECK(enc.services[0].modifiers == std::vector<std::string>{"GP", "59"});
  CHECK_FALSE(enc.services[0].discipline.has_value());
  CHECK(enc.services[1].discipline == std::optional<std::string>("OT"));
  CHECK_FALSE(enc.services[2].minutes.has_value());
  CHECK_FALSE(reader.next(item));
  CHECK_FALSE(reader.next(item));
}

TEST_CASE("reader: a single object on one line is JSON Lines with one record") {
  auto reader = EncounterReader::from_string(R"({"services": []})", "test");
  const auto items = read_all(reader);
  REQUIRE(items.size() == 1);
  CHECK(items[0].ok);
  CHECK(items[0].id == "#1");
  CHECK(reader.shape() == InputShape::json_lines);
}

TEST_CASE("reader: an array of objects") {
  const std::string text = R"(
[
  {"id": "a", "services": [{"code": "97110", "minutes": 15}]},
  {"services": [{"code": "97112", "minutes": 8}]},
  42,
  {"services": [{"code": "97110", "minutes": -5}]},
  {"id": "e", "services": []}
]
)";
  auto reader = EncounterReader::from_string(text, "test");
  const auto items = read_all(reader);
  CHECK(reader.shape() == InputShape::array);
  CHECK(reader.describe_shape() == "a JSON array");
  REQUIRE(items.size() == 5);
  CHECK(items[0].id == "a");
  CHECK(items[0].input_line == 1);
  CHECK(items[0].codes == std::vector<std::string>{"97110"});
  CHECK(items[1].id == "#2");
  CHECK(items[1].input_line == 2);
  CHECK(items[1].ok);
  CHECK(items[2].id == "#3");
  CHECK(items[2].error_id == "input.not-object");
  CHECK(items[2].error_message == "array element 3 is a number, not a JSON object");
  CHECK(items[3].id == "#4");
  CHECK(items[3].input_line == 4);
  CHECK(items[3].error_id == "input.minutes-negative");
  CHECK(items[4].id == "e");
  CHECK(items[4].ok);
}

TEST_CASE("reader: an empty array gives no records") {
  CHECK(read_text("[]").empty());
  CHECK(read_text("  [ \n ]\n").empty());
}

TEST_CASE("reader: a malformed array is one error record at input_line 1") {
  for (const std::string text : {R"([{"services": []}, {"services": [}])", R"([{"services": []}, )",
                                 R"([{"services": []}] [])", R"([{"services": []}, {"x": tru}])"}) {
    INFO(text);
    const auto items = read_text(text);
    REQUIRE(items.size() == 1);
    CHECK_FALSE(items[0].ok);
    CHECK(items[0].id == "#1");
    CHECK(items[0].input_line == 1);
    CHECK(items[0].error_id == "input.json-malformed");
    CHECK(items[0].error_message.rfind("input is not valid JSON: ", 0) == 0);
  }
}

TEST_CASE("reader: JSON Lines with blank lines, CRLF, BOM and a malformed line") {
  const std::string text =
      "\xEF\xBB\xBF"
      "{\"id\": \"one\", \"services\": []}\r\n"
      "\r\n"
      "   \t \n"
      "{\"id\": \"three\", \"services\": [}\n"
      "\n"
      "{\"id\": \"six\", \"services\": [{\"code\": \"97110\", \"minutes\": 5}]}\r\n"
      "{\"services\": []}";
  auto reader = EncounterReader::from_string(text, "test");
  const auto items = read_all(reader);
  CHECK(reader.shape() == InputShape::json_lines);
  CHECK(reader.describe_shape() == "JSON Lines");
  REQUIRE(items.size() == 4);
  CHECK(items[0].id == "one");
  CHECK(items[0].input_line == 1);
  CHECK(items[0].ok);
  CHECK(items[1].id == "three");  // read before the JSON broke
  CHECK(items[1].input_line == 4);
  CHECK(items[1].error_id == "input.json-malformed");
  CHECK(items[2].id == "six");
  CHECK(items[2].input_line == 6);
  CHECK(items[2].minutes == std::vector<std::int64_t>{5});
  CHECK(items[3].id == "#7");  // truncated last line without a newline
  CHECK(items[3].input_line == 7);
  CHECK(items[3].ok);
}

TEST_CASE("reader: leading blank lines count towards line numbers") {
  const auto items = read_text("\n\n  \n{\"services\": []}\n\n{\"services\": []}\n");
  REQUIRE(items.size() == 2);
  CHECK(items[0].input_line == 4);
  CHECK(items[0].id == "#4");
  CHECK(items[1].input_line == 6);
}

TEST_CASE("reader: a line that is not JSON at the start still gives JSON Lines") {
  const auto items = read_text("garbage\n{\"services\": []}\n\"text\"\n");
  REQUIRE(items.size() == 3);
  CHECK(items[0].error_id == "input.json-malformed");
  CHECK(items[0].error_message.rfind("line is not valid JSON: ", 0) == 0);
  CHECK(items[1].ok);
  CHECK(items[1].input_line == 2);
  CHECK(items[2].error_id == "input.not-object");
  CHECK(items[2].error_message == "line is a string, not a JSON object");
}

TEST_CASE("reader: a broken pretty-printed object falls back to one record per line") {
  const std::string text = "{\n  \"id\": \"x\",\n  \"services\": [\n}\n\n{\"services\": []}\n";
  auto reader = EncounterReader::from_string(text, "test");
  const auto items = read_all(reader);
  CHECK(reader.shape() == InputShape::json_lines);
  REQUIRE(items.size() == 5);
  CHECK(items[0].input_line == 1);
  CHECK(items[0].error_id == "input.json-malformed");
  CHECK(items[1].input_line == 2);
  CHECK(items[1].error_id == "input.json-malformed");  // "id": "x", is not one JSON value
  CHECK(items[2].input_line == 3);
  CHECK(items[3].input_line == 4);
  CHECK(items[4].input_line == 6);
  CHECK(items[4].ok);
}

TEST_CASE("reader: empty input gives no records") {
  for (const std::string text : {"", "\n", "  \r\n\t\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n\n"}) {
    auto reader = EncounterReader::from_string(text, "test");
    ReadItem item;
    CHECK_FALSE(reader.next(item));
    CHECK(reader.shape() == InputShape::empty);
    CHECK(reader.describe_shape() == "empty input");
  }
}

TEST_CASE("reader: deep nesting is an error, never a crash") {
  SECTION("10000 open brackets") {
    const auto items = read_text(std::string(10000, '['));
    REQUIRE(items.size() == 1);
    CHECK(items[0].error_id == "input.json-malformed");
    CHECK(items[0].input_line == 1);
  }
  SECTION("10000 balanced brackets") {
    const auto items = read_text(std::string(10000, '[') + std::string(10000, ']'));
    REQUIRE(items.size() == 1);
    CHECK(items[0].error_id == "input.json-malformed");
    CHECK(items[0].error_message ==
          "input is not valid JSON: arrays and objects are nested too deeply (simdjson "
          "DEPTH_ERROR)");
  }
  SECTION("deep unknown field on a JSON line, then a good line") {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    const auto items = read_text("{\"services\": []}\n{\"services\": [], \"x\": " + deep +
                                 "}\n{\"services\": []}\n");
    REQUIRE(items.size() == 3);
    CHECK(items[0].ok);
    CHECK(items[1].error_id == "input.json-malformed");
    CHECK(items[2].ok);
    CHECK(items[2].input_line == 3);
  }
  SECTION("moderate nesting in an unknown field is fine") {
    const std::string deep = std::string(100, '[') + std::string(100, ']');
    CHECK(read_one("{\"services\": [], \"x\": " + deep + "}").ok);
  }
}

TEST_CASE("reader: huge numbers") {
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": 99999999999999999999999})")) ==
        std::pair<std::string, std::string>(
            "input.minutes-too-large",
            "services[1].minutes must be at most 1440, got 99999999999999999999999: more than "
            "24 hours in a day"));
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": 1e400})")).first ==
        "input.minutes-too-large");
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": -99999999999999999999})")).first ==
        "input.minutes-negative");
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": 1441})")).first ==
        "input.minutes-too-large");
  CHECK(read_one(service_line(R"({"code": "97112", "minutes": 1440})")).ok);
  // Unknown fields may hold any number.
  CHECK(read_one(R"({"services": [], "n": 123456789012345678901234567890, "m": 1e999})").ok);
}

TEST_CASE("reader: invalid UTF-8 is malformed JSON and the next line is read") {
  const auto items =
      read_text("{\"id\": \"\xFF\xFE\", \"services\": []}\n{\"id\": \"ok\", \"services\": []}\n");
  REQUIRE(items.size() == 2);
  CHECK(items[0].error_id == "input.json-malformed");
  CHECK(items[0].error_message ==
        "line is not valid JSON: the text is not valid UTF-8 (simdjson UTF8_ERROR)");
  CHECK(items[1].id == "ok");
  CHECK(items[1].ok);
}

TEST_CASE("reader: malformed JSON messages") {
  using E = std::pair<std::string, std::string>;
  CHECK(error_of(R"({"services": [}})") ==
        E("input.json-malformed",
          "line is not valid JSON: unexpected character, or a missing comma, colon, quote, brace "
          "or bracket (simdjson TAPE_ERROR)"));
  CHECK(error_of(R"({"services": [], "x": tru})") ==
        E("input.json-malformed",
          "line is not valid JSON: a value starting with 't' is not true (simdjson T_ATOM_ERROR)"));
  CHECK(error_of(R"({"services": []} {"services": []})") ==
        E("input.json-malformed",
          "line is not valid JSON: there is more text after the JSON value (simdjson "
          "TRAILING_CONTENT)"));
  CHECK(error_of(R"({"services": [], "x": 01})").first == "input.json-malformed");
  CHECK(error_of(R"({"services": [], "x": "a\qb"})").first == "input.json-malformed");
  CHECK(error_of("{\"services\": [], \"x\": \"ab").first == "input.json-malformed");
}

TEST_CASE("reader: valid JSON that is not an object") {
  const auto elements = read_text("[1, [2]]");
  REQUIRE(elements.size() == 2);
  CHECK(elements[1].error_id == "input.not-object");
  CHECK(elements[1].error_message == "array element 2 is a JSON array, not a JSON object");
  const auto items = read_text("{\"services\": []}\n[1]\n7\n\"s\"\ntrue\nnull\n");
  REQUIRE(items.size() == 6);
  CHECK(items[1].error_message == "line is a JSON array, not a JSON object");
  CHECK(items[2].error_message == "line is a number, not a JSON object");
  CHECK(items[3].error_message == "line is a string, not a JSON object");
  CHECK(items[4].error_message == "line is a boolean, not a JSON object");
  CHECK(items[5].error_message == "line is null, not a JSON object");
  for (std::size_t i = 1; i < items.size(); ++i)
    CHECK(items[i].error_id == "input.not-object");
}

TEST_CASE("reader: a known field given twice in one object is an error, not a guess") {
  using E = std::pair<std::string, std::string>;
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": 10, "minutes": 30})")) ==
        E("input.field-repeated",
          "services[1].minutes is given twice: which of the two the claim means cannot be told, "
          "give it once"));
  CHECK(error_of(R"({"id": "e", "payer": "medicare", "payer": "commercial", "services": []})") ==
        E("input.field-repeated",
          "payer is given twice: which of the two the claim means cannot be told, give it once"));
  // The same value twice, escaped keys, and every known field of an encounter and a service.
  CHECK(error_of(service_line(R"({"code": "97112", "code": "97112"})")).first ==
        "input.field-repeated");
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": 5, "minut\u0065s": 5})")).first ==
        "input.field-repeated");
  for (const char* field : {"\"id\": \"x\"", "\"date\": \"2025-03-03\"", "\"payer\": \"p\"",
                            "\"discipline\": \"PT\"", "\"provider\": \"PT\"", "\"services\": []"}) {
    INFO(field);
    const std::string line = std::string("{") + field + ", " + field + ", \"services\": []}";
    CHECK(error_of(line).first == "input.field-repeated");
  }
  for (const char* field : {"\"minutes\": 5", "\"modifiers\": []", "\"discipline\": \"PT\"",
                            "\"start\": \"10:00\"", "\"end\": \"10:05\"", "\"billed_units\": 1",
                            "\"provider\": \"PT\"", "\"assistant_minutes\": 0"}) {
    INFO(field);
    const std::string service = std::string("{\"code\": \"97112\", ") + field + ", " + field + "}";
    CHECK(error_of(service_line(service)).first == "input.field-repeated");
  }
  // A field the reader does not know may repeat: it is not read.
  CHECK(read_one(R"({"id": "e", "note": 1, "note": 2, "services": []})").ok);
  // The encounters after it are read.
  const auto items = read_text(
      "{\"services\": [], \"date\": \"2025-03-03\", \"date\": \"2025-03-04\"}\n"
      "{\"id\": \"next\", \"services\": []}\n");
  REQUIRE(items.size() == 2);
  CHECK(items[0].error_id == "input.field-repeated");
  CHECK(items[1].ok);
}

TEST_CASE("reader: every field error with its exact message") {
  using E = std::pair<std::string, std::string>;
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": -5})")) ==
        E("input.minutes-negative",
          "services[1].minutes must be a non-negative whole number, got -5"));
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": 7.5})")) ==
        E("input.minutes-not-integer",
          "services[1].minutes must be a non-negative whole number, got 7.5"));
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": "10"})")) ==
        E("input.minutes-not-integer",
          "services[1].minutes must be a non-negative whole number, got \"10\""));
  CHECK(error_of(service_line(R"({"code": "97112", "minutes": 2000})")) ==
        E("input.minutes-too-large",
          "services[1].minutes must be at most 1440, got 2000: more than 24 hours in a day"));
  CHECK(error_of(service_line(R"({"minutes": 5})")) ==
        E("input.code-missing", "services[1].code is missing: every service needs a code"));
  CHECK(error_of(service_line(R"({"code": ""})")).first == "input.code-missing");
  CHECK(error_of(service_line(R"({"code": 97112})")) ==
        E("input.field-type", "services[1].code must be a string, got 97112"));
  CHECK(error_of(service_line(R"({"code": "97112", "modifiers": "GP"})")) ==
        E("input.field-type", "services[1].modifiers must be an array of strings, got \"GP\""));
  CHECK(error_of(service_line(R"({"code": "97112", "modifiers": ["GP", 59]})")) ==
        E("input.field-type", "services[1].modifiers[1] must be a string, got 59"));
  CHECK(error_of(service_line(R"({"code": "97112", "discipline": ["PT"]})")) ==
        E("input.field-type", "services[1].discipline must be a string, got an array"));
  CHECK(error_of(service_line("17")) ==
        E("input.field-type", "services[1] must be an object, got 17"));
  CHECK(error_of(R"({"id": 5, "services": []})") ==
        E("input.field-type", "id must be a string, got 5"));
  CHECK(error_of(R"({"payer": {"name": "x"}, "services": []})") ==
        E("input.field-type", "payer must be a string, got an object"));
  CHECK(error_of(R"({"discipline": true, "services": []})") ==
        E("input.field-type", "discipline must be a string, got true"));
  CHECK(error_of(R"({"services": {"code": "97110"}})") ==
        E("input.field-type", "services must be an array, got an object"));
  CHECK(error_of(R"({"date": 20250302, "services": []})") ==
        E("input.field-type", "date must be a string YYYY-MM-DD, got 20250302"));
  CHECK(error_of(R"({"date": "2025-02-30", "services": []})") ==
        E("input.date-invalid",
          "date must be a real calendar date YYYY-MM-DD (years 1900 to 9999), got "
          "\"2025-02-30\""));
  CHECK(error_of(R"({"date": "03/02/2025", "services": []})").first == "input.date-invalid");
  CHECK(error_of(R"({"id": "x"})") ==
        E("input.services-missing",
          "services is missing: an encounter needs a services array, e.g. [{\"code\": "
          "\"97110\", \"minutes\": 15}]"));
}

TEST_CASE("reader: an error record keeps the id when it could be read") {
  CHECK(read_one(R"({"services": [{"minutes": 5}], "id": "late"})").id == "late");
  CHECK(read_one(R"({"id": "early", "services": [{"minutes": -1}]})").id == "early");
  CHECK(read_one(R"({"id": 7, "services": [{"minutes": -1}]})").id == "#1");
  CHECK(read_one(R"({"id": "cut", "services": [)").id == "cut");
  CHECK(read_one(R"({ "id" : "c\"ut", "services": [)").id == "#1");
  CHECK(read_one("{\"id\": \"cut").id == "#1");
  const auto items = read_text("{\"services\": []}\n{\"id\": \"t\", \"services\": [{\"code\"");
  REQUIRE(items.size() == 2);
  CHECK(items[1].id == "t");
  CHECK(items[1].error_id == "input.json-malformed");
}

TEST_CASE("reader: the first error of an encounter is the one reported") {
  const auto error = error_of(R"({"date": "bad", "services": [{"code": "1", "minutes": -1}]})");
  CHECK(error.first == "input.date-invalid");
}

TEST_CASE("reader: start and end times") {
  using E = std::pair<std::string, std::string>;
  const Got got = read_one(service_line(R"({"code": "97112", "start": "09:05", "end": "09:43"})"));
  REQUIRE(got.ok);
  CHECK(got.minutes == std::vector<std::int64_t>{10, 38});
  CHECK(
      read_one(service_line(R"({"code": "97112", "start": "09:00", "end": "09:00"})")).minutes[1] ==
      0);
  CHECK(read_one(
            service_line(R"({"code": "97112", "start": "00:00", "end": "23:59", "minutes": 1439})"))
            .minutes[1] == 1439);
  CHECK(error_of(service_line(
            R"({"code": "97112", "start": "09:00", "end": "09:45", "minutes": 30})")) ==
        E("input.minutes-conflict",
          "services[1].minutes is 30 but start 09:00 to end 09:45 is 45 minutes"));
  CHECK(error_of(service_line(R"({"code": "97112", "start": "09:00"})")) ==
        E("input.time-incomplete",
          "services[1] has start but no end: give both start and end (HH:MM), or minutes"));
  CHECK(error_of(service_line(R"({"code": "97112", "end": "09:00"})")) ==
        E("input.time-incomplete",
          "services[1] has end but no start: give both start and end (HH:MM), or minutes"));
  CHECK(error_of(service_line(R"({"code": "97112", "start": "10:00", "end": "09:30"})")) ==
        E("input.time-invalid", "services[1].end 09:30 is before start 10:00"));
  CHECK(error_of(service_line(R"({"code": "97112", "start": "24:00", "end": "09:30"})")) ==
        E("input.time-invalid",
          "services[1].start must be a time HH:MM (00:00 to 23:59), got \"24:00\""));
  CHECK(error_of(service_line(R"({"code": "97112", "start": "9:00", "end": "09:30"})")).first ==
        "input.time-invalid");
  CHECK(error_of(service_line(R"({"code": "97112", "start": "09:00", "end": 930})")) ==
        E("input.time-invalid", "services[1].end must be a time HH:MM (00:00 to 23:59), got 930"));
}

TEST_CASE("reader: billed units are a whole number from 0 to 1000") {
  using E = std::pair<std::string, std::string>;
  const auto billed_of = [](const std::string& service) {
    auto reader = EncounterReader::from_string(service_line(service), "t");
    ReadItem item;
    REQUIRE(reader.next(item));
    REQUIRE(item.ok);
    REQUIRE(item.encounter.services.size() == 2);
    CHECK_FALSE(item.encounter.services[0].billed_units.has_value());
    return item.encounter.services[1].billed_units;
  };
  CHECK(billed_of(R"({"code": "97112", "minutes": 20, "billed_units": 3})") == 3);
  CHECK(billed_of(R"({"code": "97112", "billed_units": 0})") == 0);
  CHECK(billed_of(R"({"code": "97112", "billed_units": 1000})") == 1000);
  CHECK(billed_of(R"({"code": "97112", "billed_units": 2.0})") == 2);
  CHECK_FALSE(billed_of(R"({"code": "97112", "billed_units": null})").has_value());
  CHECK(error_of(service_line(R"({"code": "97112", "billed_units": -1})")) ==
        E("input.billed-units-negative",
          "services[1].billed_units must be a non-negative whole number, got -1"));
  CHECK(error_of(service_line(R"({"code": "97112", "billed_units": -0.5})")).first ==
        "input.billed-units-negative");
  CHECK(error_of(service_line(R"({"code": "97112", "billed_units": 1.5})")) ==
        E("input.billed-units-not-integer",
          "services[1].billed_units must be a non-negative whole number, got 1.5"));
  CHECK(error_of(service_line(R"({"code": "97112", "billed_units": "2"})")) ==
        E("input.billed-units-not-integer",
          "services[1].billed_units must be a non-negative whole number, got \"2\""));
  CHECK(error_of(service_line(R"({"code": "97112", "billed_units": [2]})")).first ==
        "input.billed-units-not-integer");
  CHECK(error_of(service_line(R"({"code": "97112", "billed_units": 1001})")) ==
        E("input.billed-units-too-large",
          "services[1].billed_units must be at most 1000, got 1001: more units than any claim "
          "line bills"));
  CHECK(error_of(service_line(R"({"code": "97112", "billed_units": 1e400})")).first ==
        "input.billed-units-too-large");
  // A malformed number is malformed JSON, as for minutes.
  CHECK(error_of(service_line(R"({"code": "97112", "billed_units": 01})")).first ==
        "input.json-malformed");
}

TEST_CASE("reader: a service's discipline is kept as given, whatever the rules know") {
  auto reader = EncounterReader::from_string(
      R"({"discipline": "PT", "services": [{"code": "97110", "discipline": "Speech therapy"}]})",
      "t");
  ReadItem item;
  REQUIRE(reader.next(item));
  REQUIRE(item.ok);
  CHECK(item.encounter.discipline == std::optional<std::string>("PT"));
  CHECK(item.encounter.services[0].discipline == std::optional<std::string>("Speech therapy"));
}

TEST_CASE("reader: unknown fields are ignored, null is absent, codes are not merged") {
  const auto items =
      read_text(R"({"id": null, "payer": null, "date": null, "extra": {"a": [1, "b", null, true]},)"
                R"( "services": [{"code": "97110", "minutes": 5, "note": "x", "modifiers": null},)"
                R"( {"code": "97110", "minutes": null}]})");
  REQUIRE(items.size() == 1);
  CHECK(items[0].ok);
  CHECK(items[0].id == "#1");
  CHECK(items[0].codes == std::vector<std::string>{"97110", "97110"});
  CHECK(items[0].minutes == std::vector<std::int64_t>{5, -1});
  CHECK(read_one(R"({"services": null})").error_id == "input.services-missing");
  CHECK(read_one(service_line(R"({"code": "97112", "minutes": 10.0})")).minutes[1] == 10);
  CHECK(read_one(service_line(R"({"code": "97112", "minutes": 0})")).minutes[1] == 0);
}

TEST_CASE("reader: any discipline string is accepted") {
  auto reader = EncounterReader::from_string(R"({"discipline": "XYZ", "services": []})", "t");
  ReadItem item;
  REQUIRE(reader.next(item));
  CHECK(item.ok);
  CHECK(item.encounter.discipline == std::optional<std::string>("XYZ"));
}

TEST_CASE("reader: a reused item carries nothing over") {
  auto reader = EncounterReader::from_string(
      "{\"id\": \"a\", \"payer\": \"p\", \"date\": \"2025-01-01\", \"services\": [{\"code\": "
      "\"1\", \"minutes\": 3, \"modifiers\": [\"GP\"], \"discipline\": \"OT\", "
      "\"billed_units\": 2, \"start\": \"09:00\", \"end\": \"09:03\"}, {\"code\": \"2\"}]}\n"
      "{\"services\": [{\"code\": \"3\"}]}\n",
      "test");
  ReadItem item;
  REQUIRE(reader.next(item));
  REQUIRE(item.encounter.services.size() == 2);
  REQUIRE(reader.next(item));
  CHECK(item.ok);
  CHECK(item.encounter.id == "#2");
  CHECK_FALSE(item.encounter.payer.has_value());
  CHECK_FALSE(item.encounter.date.has_value());
  REQUIRE(item.encounter.services.size() == 1);
  CHECK(item.encounter.services[0].code == "3");
  CHECK_FALSE(item.encounter.services[0].minutes.has_value());
  CHECK(item.encounter.services[0].modifiers.empty());
  CHECK_FALSE(item.encounter.services[0].discipline.has_value());
  CHECK_FALSE(item.encounter.services[0].billed_units.has_value());
  CHECK_FALSE(item.encounter.services[0].clock.has_value());
}

TEST_CASE("reader: lines crossing chunk boundaries read the same for any chunk size") {
  const std::string text =
      "\xEF\xBB\xBF\r\n"
      "{\"id\": \"a\", \"services\": [{\"code\": \"97110\", \"minutes\": 15}]}\r\n"
      "\n"
      "{\"id\": \"b\", \"services\": [{\"code\": \"97112\", \"minutes\": -3}]}\n"
      "not json at all\n"
      "                                                        \n"
      "{\"id\": \"ccccccccccccccccccccccccccccccccccccccc\", \"services\": []}\n"
      "{\"id\": \"d\", \"services\": []}";
  const auto expected = read_text(text);
  REQUIRE(expected.size() == 5);
  const std::size_t chunk = GENERATE(range<std::size_t>(1, 40));
  ReaderOptions options;
  options.chunk_bytes = chunk;
  const auto items = read_text(text, options);
  REQUIRE(items.size() == expected.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    INFO("chunk " << chunk << " item " << i);
    CHECK(items[i].id == expected[i].id);
    CHECK(items[i].ok == expected[i].ok);
    CHECK(items[i].input_line == expected[i].input_line);
    CHECK(items[i].error_id == expected[i].error_id);
    CHECK(items[i].minutes == expected[i].minutes);
  }
}

TEST_CASE("reader: other shapes read the same for any chunk size") {
  const std::string array = "[{\"id\": \"a\", \"services\": []}, {\"services\": []}]";
  const std::string pretty = "{\n \"id\": \"p\",\n \"services\": [\n  {\"code\": \"1\"}\n ]\n}\n";
  const std::size_t chunk = GENERATE(1, 2, 3, 7, 16);
  ReaderOptions options;
  options.chunk_bytes = chunk;
  const auto from_array = read_text(array, options);
  REQUIRE(from_array.size() == 2);
  CHECK(from_array[1].id == "#2");
  const auto from_pretty = read_text(pretty, options);
  REQUIRE(from_pretty.size() == 1);
  CHECK(from_pretty[0].id == "p");
  CHECK(from_pretty[0].codes == std::vector<std::string>{"1"});
}

TEST_CASE("reader: a line longer than the limit is an error record and reading goes on") {
  const std::string long_id(100, 'x');
  const std::string text = "{\"id\": \"a\", \"services\": []}\n{\"id\": \"" + long_id +
                           "\", \"services\": []}\n" + std::string(200, ' ') +
                           "\n{\"id\": \"c\", \"services\": []}\n{\"id\": \"" + long_id + "\"}";
  const std::size_t chunk = GENERATE(1, 5, 16, 64, 1000);
  ReaderOptions options;
  options.chunk_bytes = chunk;
  options.max_line_bytes = 50;
  const auto items = read_text(text, options);
  INFO("chunk " << chunk);
  REQUIRE(items.size() == 4);  // the long blank line is still a blank line
  CHECK(items[0].id == "a");
  CHECK(items[1].id == "#2");
  CHECK(items[1].error_id == "input.line-too-long");
  CHECK(items[1].error_message ==
        "line is longer than 50 bytes; each encounter of JSON Lines must fit on one line");
  CHECK(items[2].id == "c");
  CHECK(items[2].input_line == 4);
  CHECK(items[3].input_line == 5);
  CHECK(items[3].error_id == "input.line-too-long");
}

TEST_CASE("reader: the default line limit is 1 MiB") {
  CHECK(kMaxLineBytes == 1024 * 1024);
  const std::string huge =
      "{\"services\": [], \"pad\": \"" + std::string(kMaxLineBytes, 'p') + "\"}";
  const std::string text = huge + "\n{\"services\": []}\n" + huge + "\n{\"services\": []}\n";
  const auto items = read_text(text);
  REQUIRE(items.size() == 4);
  CHECK(items[1].ok);
  CHECK(items[1].input_line == 2);
  CHECK(items[2].error_id == "input.line-too-long");
  CHECK(items[3].ok);
  CHECK(items[3].input_line == 4);
}

TEST_CASE("reader: a single object bigger than the line limit is still read") {
  const std::string text =
      "{\"id\": \"big\", \"pad\": \"" + std::string(300, 'p') + "\", \"services\": []}\n";
  ReaderOptions options;
  options.max_line_bytes = 100;
  options.chunk_bytes = 32;
  const auto items = read_text(text, options);
  REQUIRE(items.size() == 1);
  CHECK(items[0].id == "big");
  CHECK(items[0].ok);
}

TEST_CASE("reader: reads from a FILE") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  const std::string text =
      "{\"id\": \"f1\", \"services\": []}\n\n{\"id\": \"f2\", \"services\": [}\n";
  REQUIRE(std::fwrite(text.data(), 1, text.size(), file) == text.size());
  std::fflush(file);
  std::rewind(file);
  {
    ReaderOptions options;
    options.chunk_bytes = 8;
    auto reader = EncounterReader::from_file(file, "tmp", options);
    CHECK(reader.name() == "tmp");
    auto moved = std::move(reader);
    const auto items = read_all(moved);
    REQUIRE(items.size() == 2);
    CHECK(items[0].id == "f1");
    CHECK(items[1].id == "f2");
    CHECK(items[1].input_line == 3);
    CHECK(items[1].error_id == "input.json-malformed");
  }
  std::fclose(file);
}

TEST_CASE("reader: arbitrary bytes never crash and never lose a line") {
  // A fixed pseudo-random generator keeps the test reproducible.
  std::uint32_t state = 12345;
  const auto next_byte = [&state] {
    state = state * 1103515245u + 12345u;
    return static_cast<char>((state >> 16) & 0xFF);
  };
  const std::string pieces[] = {"{",       "}", "[", "]", "\"", ":",  ",",    "services", "code",
                                "minutes", "1", "-", "e", " ",  "\\", "null", "\n"};
  for (int round = 0; round < 200; ++round) {
    std::string text = "{\"services\": []}\n";
    for (int k = 0; k < 60; ++k) {
      const char byte = next_byte();
      if ((static_cast<unsigned char>(byte) & 3) == 0) {
        text.push_back(byte);
      } else {
        text += pieces[static_cast<unsigned char>(byte) % std::size(pieces)];
      }
    }
    std::size_t non_blank = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t stop = text.find('\n', start);
      if (stop == std::string::npos)
        stop = text.size();
      const std::string line = text.substr(start, stop - start);
      if (line.find_first_not_of(" \t\r") != std::string::npos)
        ++non_blank;
      start = stop + 1;
    }
    INFO(text);
    CHECK(read_text(text).size() == non_blank);
  }
}

TEST_CASE("reader: a JSON array larger than the whole-input limit is one error record") {
  CHECK(cptrules::interp::kMaxWholeInputBytes == std::size_t{64} << 20);
  std::string array = "[";
  for (int i = 0; i < 20; ++i)
    array += std::string(i > 0 ? ", " : "") + "{\"id\": \"e" + std::to_string(i) +
             "\", \"services\": []}";
  array += "]";
  const std::size_t chunk = GENERATE(7, 64, 4096);
  INFO("chunk " << chunk);
  ReaderOptions options;
  options.chunk_bytes = chunk;
  options.max_whole_bytes = array.size();  // exactly at the limit: read
  const auto at_limit = read_text(array, options);
  REQUIRE(at_limit.size() == 20);
  CHECK(at_limit[19].id == "e19");
  CHECK(at_limit[19].ok);

  options.max_whole_bytes = array.size() - 1;  // one byte over: refused
  const auto over = read_text(array, options);
  REQUIRE(over.size() == 1);
  CHECK(over[0].id == "#1");
  CHECK(over[0].input_line == 1);
  CHECK(over[0].error_id == "input.too-large");
  CHECK(over[0].error_message ==
        fmt::format("the input is a JSON array of more than {} bytes, which would be read whole; "
                    "give the encounters as JSON Lines (one per line), which are read as they come",
                    array.size() - 1));
}

TEST_CASE("reader: an object over lines larger than the limit is read as JSON Lines") {
  const std::string text = "{\"id\": \"pretty\",\n \"services\": []\n}\n";
  ReaderOptions options;
  options.max_whole_bytes = text.size();
  const auto whole = read_text(text, options);
  REQUIRE(whole.size() == 1);
  CHECK(whole[0].id == "pretty");
  CHECK(whole[0].ok);

  options.max_whole_bytes = 10;
  const auto lines = read_text(text, options);
  REQUIRE(lines.size() == 3);  // every line its own record, as for a malformed object
  CHECK(lines[0].error_id == "input.json-malformed");
  CHECK(lines[1].error_id == "input.json-malformed");
  CHECK(lines[2].error_id == "input.json-malformed");
  CHECK(lines[2].input_line == 3);
}
