// Robustness tests: every limit's exact error, bad batch input, pipes, write errors, termination.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "loader.hpp"
#include "parser.hpp"
#include "program.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using cptrules::interp::EncounterReader;
using cptrules::interp::LoadedRules;
using cptrules::interp::LoadOptions;
using cptrules::interp::ReadItem;
using cptrules::lang::SourceFile;
using cptrules::test::read_file;
using cptrules::test::Run;
using cptrules::test::run_cli;

// A scratch folder for one test, removed at the end.
struct TempDir : cptrules::test::TempDir {
  TempDir() : cptrules::test::TempDir("cptrules-robustness") {}
};

using cptrules::test::lines_of;

// One output record, as the tests look at it.
struct Record {
  std::string id;
  bool ok = false;
  std::int64_t input_line = 0;  // 0 when absent
  std::string error_id;
  std::string error_message;
  std::int64_t total_units = -1;
};

std::vector<Record> records_of(const std::string& jsonl) {
  std::vector<Record> out;
  simdjson::dom::parser parser;
  for (const std::string& line : lines_of(jsonl)) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line).get(doc) == simdjson::SUCCESS);
    Record r;
    r.id = std::string(doc["id"].get_string().value());
    r.ok = doc["ok"].get_bool().value();
    if (!r.ok) {
      r.input_line = doc["input_line"].get_int64().value();
      r.error_id = std::string(doc["error"]["id"].get_string().value());
      r.error_message = std::string(doc["error"]["message"].get_string().value());
    } else {
      r.total_units = doc["total_units"].get_int64().value();
    }
    out.push_back(std::move(r));
  }
  return out;
}

// A valid encounter line with `minutes` of 97110 under Medicare.
std::string encounter(const std::string& id, std::int64_t minutes = 15) {
  return fmt::format(
      R"({{"id": "{}", "payer": "medicare", "date": "2025-01-15", "services": [{{"code": "97110", "minutes": {}}}]}})",
      id, minutes);
}

// The errors (warnings left out) of loading `text` as one rule file (with the standard rules).
struct Diag {
  std::string id;
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

std::vector<Diag> diagnose(const std::string& text, bool stdlib = true) {
  LoadOptions options;
  options.stdlib = stdlib;
  options.extra.push_back(std::make_shared<SourceFile>("test.rules", text));
  const LoadedRules loaded = cptrules::interp::load_rules(options);
  std::vector<Diag> out;
  for (const auto& d : loaded.diagnostics.items()) {
    if (d.severity != cptrules::lang::Severity::error)
      continue;
    Diag x{d.id, d.message};
    if (d.file) {
      const auto loc = d.file->locate(d.span.begin);
      x.line = loc.line;
      x.column = loc.column;
    }
    out.push_back(std::move(x));
  }
  return out;
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i)
    out += s;
  return out;
}

// A policy whose units are `expr` (a formula line).
std::string policy_with(const std::string& expr) {
  return "policy p {\n  pool each code\n  units = " + expr + "\n}\n";
}

// The one item of a one-encounter input, read with the default options.
ReadItem read_one(const std::string& text) {
  auto reader = EncounterReader::from_string(text, "test");
  ReadItem item;
  REQUIRE(reader.next(item));
  ReadItem copy = item;
  REQUIRE_FALSE(reader.next(item));
  return copy;
}

}  // namespace

// --- Limits of rule files ----------------------------------------------------------------------

TEST_CASE("robustness: a rule file over 4 MiB is refused with E0002", "[robustness]") {
  TempDir dir;
  const std::string path = dir.write("big.rules", std::string(4 * 1024 * 1024 + 1, '#'));
  LoadOptions options;
  options.paths.push_back(path);
  const LoadedRules loaded = cptrules::interp::load_rules(options);
  REQUIRE(loaded.diagnostics.items().size() == 1);
  CHECK(loaded.diagnostics.items()[0].id == "E0002");
  CHECK(loaded.diagnostics.items()[0].message ==
        path + ": rule file too large (4194305 bytes; at most 4194304)");
  CHECK_FALSE(loaded.plan);
}

TEST_CASE("robustness: a rule file of exactly 4 MiB is read", "[robustness]") {
  TempDir dir;
  const std::string path = dir.write("big.rules", std::string(4 * 1024 * 1024, '\n'));
  LoadOptions options;
  options.paths.push_back(path);
  const LoadedRules loaded = cptrules::interp::load_rules(options);
  // Read and parsed: it declares nothing, which is only a warning.
  REQUIRE(loaded.diagnostics.items().size() == 1);
  CHECK(loaded.diagnostics.items()[0].id == "W0421");
  CHECK(loaded.plan);
}

TEST_CASE("robustness: 64 levels of parentheses pass, 65 are E0109", "[robustness]") {
  CHECK(diagnose(policy_with(repeat("(", 64) + "minutes" + repeat(")", 64))).empty());
  const auto diags = diagnose(policy_with(repeat("(", 65) + "minutes" + repeat(")", 65)));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].id == "E0109");
  CHECK(diags[0].message == "expression nested too deeply: more than 64 levels of parentheses");
  CHECK(diags[0].line == 3);
  CHECK(diags[0].column == 11 + 64);  // the 65th '('
}

TEST_CASE("robustness: 100000 '(' in a units formula is E0109, not a stack overflow",
          "[robustness]") {
  const auto diags = diagnose(policy_with(repeat("(", 100000) + "minutes" + repeat(")", 100000)));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].id == "E0109");
  // The declarations around it still load; the checker does not report 'p' as unknown.
  const auto around = diagnose("payer x {\n  policy p\n}\n" +
                               policy_with(repeat("(", 100000) + "1" + repeat(")", 100000)) +
                               "code X1 {\n  timed every 0 min\n}\n");
  REQUIRE(around.size() == 2);
  CHECK(around[0].id == "E0109");
  CHECK(around[1].id == "E0206");  // the code after it was parsed and checked
}

TEST_CASE("robustness: deep prefix chains are E0110 or E0303, never a stack overflow",
          "[robustness]") {
  // 100000 of '-', 'not' and 'if' each: far past the per-line operator limit.
  for (const std::string& expr :
       {repeat("- ", 100000) + "minutes",
        "if " + repeat("not ", 100000) + "minutes > 1 then 1 else 0",
        repeat("if minutes > 1 then ", 100000) + "1" + repeat(" else 0", 100000),
        repeat("min(1, ", 30000) + "minutes" + repeat(")", 30000)}) {
    const auto diags = diagnose(policy_with(expr));
    REQUIRE(!diags.empty());
    CHECK((diags[0].id == "E0110" || diags[0].id == "E0109"));
  }
  // 65 levels of unary minus: within the operator limit, refused by the checker.
  const auto diags = diagnose(policy_with(repeat("- ", 65) + "minutes"));
  REQUIRE(!diags.empty());
  CHECK(diags[0].id == "E0303");
  CHECK(diags[0].message == "expression nested too deeply (at most 64 levels)");
}

TEST_CASE("robustness: an expression of more than 512 operators on a line is E0110",
          "[robustness]") {
  // 513 '+' in a flat sum: one past the limit (the sum is also too deep for the checker, but
  // the parser refuses it first, so the syntax tree is never built).
  const auto diags = diagnose(policy_with(repeat("1 + ", 513) + "1"));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].id == "E0110");
  CHECK(diags[0].message == "expression too long: more than 512 operators on one line");
  // A sum of 1.9 million terms (3.8 MB, under the file limit) overflowed the stack when its
  // syntax tree was destroyed; it is refused the same way, quickly.
  const auto start = std::chrono::steady_clock::now();
  const auto huge = diagnose(policy_with(repeat("1+", 1900000) + "1"));
  REQUIRE(huge.size() == 1);
  CHECK(huge[0].id == "E0110");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  // 512 operators on a line (511 + and the =) are not refused by the parser; the checker
  // refuses the depth.
  const auto at_limit = diagnose(policy_with(repeat("1 + ", 511) + "1"));
  REQUIRE(!at_limit.empty());
  CHECK(at_limit[0].id == "E0303");
}

TEST_CASE("robustness: operators in strings and comments do not count", "[robustness]") {
  const std::string text = "policy p \"" + repeat("(-", 600) + "\" {  # " + repeat("((", 600) +
                           "\n  pool each code\n  units = minutes / unit\n  note \"" +
                           repeat("not if (", 600) + "\"\n}\npayer x {\n  policy p\n}\n";
  CHECK(diagnose(text).empty());
}

TEST_CASE("robustness: a number literal over 1000000000 is E0103", "[robustness]") {
  for (const std::string n : {"1000000001", "9223372036854775807", "99999999999999999999999"}) {
    const auto diags = diagnose(policy_with("minutes / " + n));
    REQUIRE(!diags.empty());
    CHECK(diags[0].id == "E0103");
    CHECK(diags[0].message == "number too large: at most 1000000000 is allowed");
  }
}

TEST_CASE("robustness: an identifier over 64 bytes is E0111, and 64 KiB ones do not hang",
          "[robustness]") {
  // A 64 KiB code name and a misspelled reference to it: each is reported where it is written,
  // both declarations are skipped, and nothing is reported as unknown.
  const std::string code(65536, 'A');
  std::string other = code;
  other.back() = 'B';
  const auto start = std::chrono::steady_clock::now();
  const auto diags =
      diagnose("code " + code + " {\n  timed every 15 min\n}\nedit e {\n  column 1 " + other +
               "\n  column 2 97140\n}\n");
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].id == "E0111");
  CHECK(diags[0].message == "identifier too long: 65536 bytes, at most 64 are allowed");
  CHECK(diags[0].line == 1);
  CHECK(diags[0].column == 6);
  CHECK(diags[1].id == "E0111");
  CHECK(diags[1].message == "identifier too long: 65536 bytes, at most 64 are allowed");
  CHECK(diags[1].line == 5);
  CHECK(diags[1].column == 12);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  // 64 bytes is the most allowed.
  CHECK(diagnose("code " + std::string(64, 'A') + " {\n  timed every 15 min\n}\n").empty());
}

// --- Limits of encounters ----------------------------------------------------------------------

TEST_CASE("robustness: a JSON Lines line over 1 MiB is input.line-too-long, the next is read",
          "[robustness]") {
  TempDir dir;
  const std::string long_line = R"({"id": "long", "services": [], "pad": ")" +
                                std::string(cptrules::interp::kMaxLineBytes, 'x') + "\"}";
  const std::string path =
      dir.write("in.jsonl", encounter("a") + "\n" + long_line + "\n" + encounter("c") + "\n");
  const Run run = run_cli(dir, "eval " + path);
  CHECK(run.status == 65);
  const auto records = records_of(run.out);
  REQUIRE(records.size() == 3);
  CHECK(records[0].id == "a");
  CHECK(records[0].ok);
  CHECK(records[1].id == "#2");
  CHECK(records[1].input_line == 2);
  CHECK(records[1].error_id == "input.line-too-long");
  CHECK(records[1].error_message ==
        "line is longer than 1048576 bytes; each encounter of JSON Lines must fit on one line");
  CHECK(records[2].id == "c");
  CHECK(records[2].ok);
}

TEST_CASE("robustness: 256 services pass, 257 are input.too-many-services", "[robustness]") {
  const auto plan = cptrules::interp::load_rules({}).plan;
  REQUIRE(plan);
  cptrules::interp::Evaluator evaluator(plan, {});
  for (const std::size_t count : {std::size_t{256}, std::size_t{257}}) {
    std::string services;
    for (std::size_t i = 0; i < count; ++i) {
      services += std::string(i ? ", " : "") + R"({"code": "97161"})";
    }
    const ReadItem item =
        read_one(R"({"id": "many", "payer": "medicare", "services": [)" + services + "]}");
    REQUIRE(item.ok);
    cptrules::interp::Result result;
    evaluator.evaluate(item.encounter, result);
    if (count == 256) {
      CHECK(result.ok);
    } else {
      CHECK_FALSE(result.ok);
      CHECK(result.error.id == "input.too-many-services");
      CHECK(result.error.message == "the encounter lists 257 services; at most 256 are allowed");
    }
  }
}

TEST_CASE("robustness: minutes at the integer extremes give the right error ids", "[robustness]") {
  struct Case {
    std::string minutes;
    std::string error_id;  // "" when accepted
    std::string message;
  };
  const std::vector<Case> cases{
      {"1440", "", ""},
      {"1441", "input.minutes-too-large",
       "services[0].minutes must be at most 1440, got 1441: more than 24 hours in a day"},
      {"9223372036854775807", "input.minutes-too-large",
       "services[0].minutes must be at most 1440, got 9223372036854775807: more than 24 hours in a "
       "day"},
      {"9223372036854775808", "input.minutes-too-large",
       "services[0].minutes must be at most 1440, got 9223372036854775808: more than 24 hours in a "
       "day"},
      {"-9223372036854775809", "input.minutes-negative",
       "services[0].minutes must be a non-negative whole number, got -9223372036854775809"},
      {"-1", "input.minutes-negative",
       "services[0].minutes must be a non-negative whole number, got -1"},
      {"1e400", "input.minutes-too-large",
       "services[0].minutes must be at most 1440, got 1e400: more than 24 hours in a day"},
      {"-1e400", "input.minutes-negative",
       "services[0].minutes must be a non-negative whole number, got -1e400"},
      {"1e-400", "input.minutes-not-integer",
       "services[0].minutes must be a non-negative whole number, got 1e-400"},
      {"1440.0", "", ""},
  };
  TempDir dir;
  std::string input;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    input += fmt::format(
        R"({{"id": "m{}", "payer": "medicare", "date": "2025-01-15", "services": [{{"code": "97110", "minutes": {}}}]}})",
        i, cases[i].minutes);
    input += '\n';
  }
  const Run run = run_cli(dir, "eval " + dir.write("in.jsonl", input));
  CHECK(run.status == 65);
  const auto records = records_of(run.out);
  REQUIRE(records.size() == cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].minutes);
    CHECK(records[i].id == fmt::format("m{}", i));
    if (cases[i].error_id.empty()) {
      CHECK(records[i].ok);
      CHECK(records[i].total_units == 96);  // (1440 + 7) / 15
    } else {
      CHECK(records[i].input_line == static_cast<std::int64_t>(i + 1));
      CHECK(records[i].error_id == cases[i].error_id);
      CHECK(records[i].error_message == cases[i].message);
    }
  }
}

TEST_CASE("robustness: more than 24 hours in a day is input.day-too-long", "[robustness]") {
  const auto plan = cptrules::interp::load_rules({}).plan;
  REQUIRE(plan);
  cptrules::interp::Evaluator evaluator(plan, {});
  cptrules::interp::Result result;
  const ReadItem ok = read_one(
      R"({"payer": "medicare", "services": [{"code": "97110", "minutes": 720}, {"code": "97140", "minutes": 720}]})");
  REQUIRE(ok.ok);
  evaluator.evaluate(ok.encounter, result);
  CHECK(result.ok);
  const ReadItem over = read_one(
      R"({"payer": "medicare", "services": [{"code": "97110", "minutes": 720}, {"code": "97140", "minutes": 721}]})");
  REQUIRE(over.ok);
  evaluator.evaluate(over.encounter, result);
  CHECK_FALSE(result.ok);
  CHECK(result.error.id == "input.day-too-long");
  CHECK(result.error.message ==
        "the services add up to more than 1440 minutes (24 hours) in one day");
  // start/end of one day can never pass 1440 on one service: 23:59 at most.
  const ReadItem times =
      read_one(R"({"services": [{"code": "97110", "start": "00:00", "end": "23:59"}]})");
  REQUIRE(times.ok);
  CHECK(times.encounter.services[0].minutes == 1439);
}

TEST_CASE("robustness: an id over 256 bytes is input.id-too-long, named #N", "[robustness]") {
  const std::string at_limit(cptrules::interp::kMaxIdBytes, 'i');
  const ReadItem ok = read_one(R"({"id": ")" + at_limit + R"(", "services": []})");
  CHECK(ok.ok);
  CHECK(ok.encounter.id == at_limit);
  const ReadItem over = read_one(R"({"id": ")" + at_limit + R"(x", "services": []})");
  CHECK_FALSE(over.ok);
  CHECK(over.encounter.id == "#1");
  CHECK(over.error.id == "input.id-too-long");
  CHECK(over.error.message == "id must be at most 256 bytes, got 257 bytes");
  // Not rescued from a malformed line either.
  const ReadItem broken = read_one(R"({"id": ")" + at_limit + R"(x", "services": [)");
  CHECK_FALSE(broken.ok);
  CHECK(broken.encounter.id == "#1");
  CHECK(broken.error.id == "input.json-malformed");
  // Multi-byte UTF-8 counts in bytes: 128 two-byte characters are 256 bytes.
  std::string accents;
  for (int i = 0; i < 128; ++i)
    accents += "\xc3\xa9";
  CHECK(read_one(R"({"id": ")" + accents + R"(", "services": []})").ok);
  CHECK_FALSE(read_one(R"({"id": ")" + accents + R"(x", "services": []})").ok);
}

// --- Bad batch input ---------------------------------------------------------------------------

TEST_CASE("robustness: a batch with bad lines gives one record per encounter, in order",
          "[robustness]") {
  TempDir dir;
  std::string input;
  input += encounter("first") + "\n";  // 1
  input += R"({"id": "malformed", "services": [}})"
           "\n";                                              // 2
  input += "\n";                                              // 3 blank
  input += "{\"id\": \"bad-utf8\xff\", \"services\": []}\n";  // 4
  input += "{\"id\": \"bom\"}\xef\xbb\xbf\n";                 // 5 BOM mid-input
  input += "{\"id\": \"deep\", \"x\": " + repeat("[", 100000) + repeat("]", 100000) +
           ", \"services\": []}\n";  // 6
  input +=
      R"({"id": "huge", "x": 1e999999, "services": [{"code": "97110", "minutes": 123456789012345678901234567890}]})"
      "\n";                             // 7
  input += encounter("crlf") + "\r\n";  // 8
  input += R"({"id": "not-an-object-next"})"
           "\n";                                                // 9
  input += "[1, 2]\n";                                          // 10
  input += encounter("last") + "\n";                            // 11
  input += R"({"id": "truncated", "services": [{"code": "97)";  // 12, no line end
  const Run run = run_cli(dir, "eval " + dir.write("in.jsonl", input));
  CHECK(run.status == 65);
  CHECK(run.err.empty());
  const auto r = records_of(run.out);
  REQUIRE(r.size() == 11);
  CHECK(r[0].id == "first");
  CHECK(r[0].ok);
  CHECK(r[1].id == "malformed");
  CHECK(r[1].input_line == 2);
  CHECK(r[1].error_id == "input.json-malformed");
  CHECK(r[1].error_message ==
        "line is not valid JSON: unexpected character, or a missing comma, colon, quote, brace or "
        "bracket (simdjson TAPE_ERROR)");
  CHECK(r[2].id == "bad-utf8\xef\xbf\xbd");  // rescued, the bad byte written as U+FFFD
  CHECK(r[2].input_line == 4);
  CHECK(r[2].error_id == "input.json-malformed");
  CHECK(r[2].error_message ==
        "line is not valid JSON: the text is not valid UTF-8 (simdjson UTF8_ERROR)");
  CHECK(r[3].id == "bom");
  CHECK(r[3].input_line == 5);
  CHECK(r[3].error_id == "input.json-malformed");
  CHECK(r[4].id == "deep");
  CHECK(r[4].input_line == 6);
  CHECK(r[4].error_id == "input.json-malformed");
  CHECK(r[4].error_message ==
        "line is not valid JSON: arrays and objects are nested too deeply (simdjson DEPTH_ERROR)");
  CHECK(r[5].id == "huge");
  CHECK(r[5].input_line == 7);
  CHECK(r[5].error_id == "input.minutes-too-large");
  CHECK(r[6].id == "crlf");
  CHECK(r[6].ok);
  CHECK(r[7].id == "not-an-object-next");
  CHECK(r[7].input_line == 9);
  CHECK(r[7].error_id == "input.services-missing");
  CHECK(r[8].id == "#10");
  CHECK(r[8].input_line == 10);
  CHECK(r[8].error_id == "input.not-object");
  CHECK(r[8].error_message == "line is a JSON array, not a JSON object");
  CHECK(r[9].id == "last");
  CHECK(r[9].ok);
  CHECK(r[10].id == "truncated");
  CHECK(r[10].input_line == 12);
  CHECK(r[10].error_id == "input.json-malformed");
  CHECK(r[10].error_message ==
        "line is not valid JSON: a string is not closed (simdjson UNCLOSED_STRING)");
}

TEST_CASE("robustness: a byte-order mark and CRLF line ends are accepted", "[robustness]") {
  TempDir dir;
  const std::string input =
      "\xef\xbb\xbf" + encounter("a") + "\r\n" + encounter("b", 8) + "\r\n\r\n" + encounter("c", 0);
  const Run run = run_cli(dir, "eval " + dir.write("in.jsonl", input));
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  const auto r = records_of(run.out);
  REQUIRE(r.size() == 3);
  CHECK(r[0].id == "a");
  CHECK(r[0].total_units == 1);
  CHECK(r[1].id == "b");
  CHECK(r[1].total_units == 1);
  CHECK(r[2].id == "c");
  CHECK(r[2].total_units == 0);
  // A pretty-printed object with a BOM and CRLF line ends too.
  const Run pretty =
      run_cli(dir, "eval " + dir.write("pretty.json",
                                       "\xef\xbb\xbf{\r\n  \"id\": \"p\",\r\n  \"payer\": "
                                       "\"medicare\",\r\n  \"services\": []\r\n}\r\n"));
  CHECK(pretty.status == 0);
  REQUIRE(records_of(pretty.out).size() == 1);
  CHECK(records_of(pretty.out)[0].id == "p");
}

TEST_CASE("robustness: an empty file gives zero records and exit 0", "[robustness]") {
  TempDir dir;
  for (const std::string text : {"", "\n\n  \n", "\xef\xbb\xbf", "\r\n"}) {
    const Run run = run_cli(dir, "eval " + dir.write("empty.jsonl", text));
    CHECK(run.status == 0);
    CHECK(run.out.empty());
    CHECK(run.err.empty());
  }
  const Run json = run_cli(dir, "eval --format json " + dir.path("empty.jsonl"));
  CHECK(json.status == 0);
  CHECK(json.out == "[]\n");
}

TEST_CASE("robustness: an array with a bad element still gives every other record",
          "[robustness]") {
  TempDir dir;
  const std::string input =
      "[" + encounter("a") +
      R"(, 42, {"id": "neg", "services": [{"code": "97110", "minutes": -1}]}, )" + encounter("d") +
      "]";
  const Run run = run_cli(dir, "eval " + dir.write("in.json", input));
  CHECK(run.status == 65);
  const auto r = records_of(run.out);
  REQUIRE(r.size() == 4);
  CHECK(r[0].id == "a");
  CHECK(r[1].id == "#2");
  CHECK(r[1].input_line == 2);
  CHECK(r[1].error_id == "input.not-object");
  CHECK(r[2].id == "neg");
  CHECK(r[2].input_line == 3);
  CHECK(r[2].error_id == "input.minutes-negative");
  CHECK(r[3].id == "d");
  CHECK(r[3].ok);
  // A truncated array cannot be split into encounters: one record for the whole input.
  const Run truncated = run_cli(dir, "eval " + dir.write("t.json", "[" + encounter("a") + ", {"));
  CHECK(truncated.status == 65);
  const auto t = records_of(truncated.out);
  REQUIRE(t.size() == 1);
  CHECK(t[0].id == "#1");
  CHECK(t[0].input_line == 1);
  CHECK(t[0].error_id == "input.json-malformed");
}

TEST_CASE("robustness: 10000 lines with 5% garbage give exactly 10000 records, in order",
          "[robustness]") {
  TempDir dir;
  std::string input;
  std::uint32_t state = 12345;
  std::vector<bool> garbage;
  const std::vector<std::string> junk{"garbage",
                                      R"({"id": "x", )",
                                      "[1,2",
                                      "\"str\"",
                                      "{}",
                                      "\xff\xfe\xfd",
                                      R"({"id": "t", "services": [{"code": "97)"};
  for (int i = 0; i < 10000; ++i) {
    state = state * 1103515245 + 12345;
    const bool bad = (state >> 16) % 100 < 5;
    garbage.push_back(bad);
    input += bad ? junk[(state >> 8) % junk.size()] : encounter(fmt::format("e{}", i), i % 60);
    input += '\n';
  }
  const Run run = run_cli(dir, "eval " + dir.write("big.jsonl", input));
  CHECK(run.status == 65);
  CHECK(run.err.empty());
  const auto r = records_of(run.out);
  REQUIRE(r.size() == 10000);
  std::size_t bad_count = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (garbage[i]) {
      ++bad_count;
      CHECK_FALSE(r[i].ok);
      CHECK(r[i].input_line == static_cast<std::int64_t>(i + 1));
    } else {
      CHECK(r[i].ok);
      CHECK(r[i].id == fmt::format("e{}", i));
    }
  }
  CHECK(bad_count > 400);
  CHECK(bad_count < 600);
}

// --- Pipes, write errors and rule files that fail --------------------------------------------

TEST_CASE("robustness: a closed pipe ends quietly", "[robustness]") {
  TempDir dir;
  std::string input;
  for (int i = 0; i < 20000; ++i)
    input += encounter(fmt::format("e{}", i)) + "\n";
  const std::string path = dir.write("big.jsonl", input);
  const std::string status = dir.path("status.txt");
  // The shell keeps the program's exit status and its standard error apart from head's.
  const std::string command =
      fmt::format("sh -c '\"{}\" eval \"{}\" 2>\"{}\"; echo $? >\"{}\"' | head -1 >/dev/null",
                  CPTRULES_BINARY, path, dir.path("stderr.txt"), status);
  REQUIRE(std::system(command.c_str()) != -1);
  CHECK(read_file(status) == "0\n");
  CHECK(read_file(dir.path("stderr.txt")).empty());
}

TEST_CASE("robustness: a write error gives exit 74 and a message", "[robustness]") {
  // Every Linux system has /dev/full; without it this test cannot show what it claims.
  REQUIRE(fs::exists("/dev/full"));
  TempDir dir;
  const std::string path = dir.write("in.jsonl", encounter("a") + "\n");
  const Run run = run_cli(dir, "eval " + path, ">/dev/full");
  CHECK(run.status == 74);
  CHECK(run.err == "cptrules eval: cannot write the results: No space left on device\n");
}

TEST_CASE("robustness: rules that fail to load give exit 65, located errors and no records",
          "[robustness]") {
  TempDir dir;
  const std::string rules = dir.write("bad.rules",
                                      "policy p {\n  pool each code\n  units = minutes / unit\n}\n"
                                      "payer x {\n  policy q\n}\n");
  const std::string input = dir.write("in.jsonl", encounter("a") + "\n");
  const Run run = run_cli(dir, "eval --rules " + rules + " " + input);
  CHECK(run.status == 65);
  CHECK(run.out.empty());
  CHECK(run.err.find(rules + ":6:10: error[E0202]: unknown policy 'q'") != std::string::npos);
  // A rule file too deep to parse is refused the same way, without a crash.
  const std::string deep =
      dir.write("deep.rules", policy_with(repeat("(", 100000) + "minutes" + repeat(")", 100000)));
  const Run deep_run = run_cli(dir, "eval --rules " + deep + " " + input);
  CHECK(deep_run.status == 65);
  CHECK(deep_run.out.empty());
  CHECK(deep_run.err.find(deep + ":3:75: error[E0109]: expression nested too deeply") !=
        std::string::npos);
  // `check` reports it with the same exit status.
  const Run check = run_cli(dir, "check " + deep);
  CHECK(check.status == 65);
}

// --- Evaluation always terminates --------------------------------------------------------------

TEST_CASE("robustness: pathological formulas and tables still finish", "[robustness]") {
  const std::string deepest = repeat("max(0, ", 62) + "minutes" + repeat(")", 62);
  const std::string rules =
      "policy slow {\n  pool timed minutes per day and discipline\n  units = " + deepest +
      " / unit\n  allocate {\n    each code gets minutes / unit\n    rest by leftover minutes, "
      "largest first\n    ties are alternatives\n  }\n}\n"
      "policy overflow {\n  pool each code\n  units = minutes * 1000000000 * 1000000000 * "
      "1000000000\n}\n"
      "policy divide {\n  pool each code\n  units = 1000000000 / (minutes - minutes)\n}\n"
      "policy table {\n  pool each code\n  units by table {\n    0..1000000000 min -> 1000000000\n"
      "    0 min or more -> 1\n  }\n}\n"
      "payer slow-plan {\n  policy slow\n}\npayer overflow-plan {\n  policy overflow\n}\n"
      "payer divide-plan {\n  policy divide\n}\npayer table-plan {\n  policy table\n}\n";
  // 256 timed codes of its own, so that an encounter can list 256 distinct codes.
  std::string codes_text;
  for (int i = 0; i < 256; ++i)
    codes_text += fmt::format("code R{:03} {{\n  timed every 15 min\n}}\n", i);
  LoadOptions options;
  options.extra.push_back(std::make_shared<SourceFile>("slow.rules", rules + codes_text));
  const LoadedRules loaded = cptrules::interp::load_rules(options);
  for (const auto& d : loaded.diagnostics.items()) {
    INFO(d.id + ": " + d.message);
    CHECK(d.severity != cptrules::lang::Severity::error);
  }
  REQUIRE(loaded.plan);
  // 256 services of distinct codes, all tied: the most alternatives an encounter can have.
  for (const std::string payer : {"slow-plan", "overflow-plan", "divide-plan", "table-plan"}) {
    cptrules::interp::EvalOptions eval_options;
    eval_options.default_payer = payer;
    cptrules::interp::Evaluator evaluator(loaded.plan, eval_options);
    cptrules::interp::Encounter encounter;
    for (std::size_t i = 0; i < 256; ++i)
      encounter.services.push_back({fmt::format("R{:03}", i),
                                    5,
                                    {},
                                    std::nullopt,
                                    std::nullopt,
                                    std::nullopt,
                                    std::nullopt,
                                    std::nullopt});
    const auto start = std::chrono::steady_clock::now();
    cptrules::interp::Result result;
    evaluator.evaluate(encounter, result);
    INFO(payer);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    if (payer == std::string("overflow-plan") || payer == std::string("divide-plan")) {
      CHECK_FALSE(result.ok);
      CHECK(result.error.id == "rules.evaluation-failed");
    }
    CHECK(result.alternatives.size() <= cptrules::interp::kMaxAlternatives);
    if (payer == std::string("slow-plan")) {
      // 256 x 5 = 1280 pooled minutes, 85 units, no full unit, every leftover 5: any 85 of the
      // 256 codes may take them, far more ways than the cap.
      REQUIRE(result.ok);
      CHECK(result.lines.size() == 256);
      CHECK(result.total_units == 85);
      CHECK(result.alternatives.size() == cptrules::interp::kMaxAlternatives);
    }
  }
}
