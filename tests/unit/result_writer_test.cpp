// Unit tests of ResultWriter: exact jsonl, json, csv and table output, escaping, write errors.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "date.hpp"
#include "result_writer.hpp"
#include "test_support.hpp"

namespace {

using cptrules::interp::Allocation;
using cptrules::interp::append_json_string;
using cptrules::interp::append_valid_utf8;
using cptrules::interp::Finding;
using cptrules::interp::FindingSeverity;
using cptrules::interp::Line;
using cptrules::interp::OutputFormat;
using cptrules::interp::parse_output_format;
using cptrules::interp::Result;
using cptrules::interp::ResultWriter;
using cptrules::interp::WriterOptions;

// A line with what these tests set; the rest as the evaluator leaves it.
Line make_line(std::string code, std::optional<std::int64_t> minutes, std::int64_t units,
               bool timed) {
  Line line;
  line.code = std::move(code);
  line.minutes = minutes;
  line.units = units;
  line.timed = timed;
  return line;
}

// A finding about the whole encounter.
Finding make_finding(FindingSeverity severity, std::string id, std::string message) {
  Finding f;
  f.severity = severity;
  f.id = std::move(id);
  f.message = std::move(message);
  return f;
}

// The contract's example record.
Result example() {
  Result result;
  result.id = "enc-1";
  result.input_line = 1;
  result.payer = "medicare";
  result.policy = "cms-8-minute";
  result.date = cptrules::lang::date_from_ymd(2025, 3, 2);
  result.timed_minutes = 33;
  result.total_units = 3;
  result.lines = {make_line("97140", 23, 1, true), make_line("97110", 10, 1, true),
                  make_line("97161", std::nullopt, 1, false)};
  result.findings = {make_finding(FindingSeverity::warning, "edit.example", "a remark")};
  return result;
}

// CMS Example 2 (20 minutes of 97112 and of 97110: 3 units, either code may take two), with
// equally valid alternatives and no date.
Result tie() {
  Result result;
  result.id = "cms-ex2";
  result.input_line = 2;
  result.payer = "medicare";
  result.policy = "cms-8-minute";
  result.timed_minutes = 40;
  result.total_units = 3;
  result.lines = {make_line("97112", 20, 2, true), make_line("97110", 20, 1, true)};
  result.alternatives = {Allocation{1, 2}};
  result.findings = {make_finding(FindingSeverity::warning, "modifier.discipline-missing",
                                  "97112 is billed under PT: medicare wants modifier GP on it")};
  return result;
}

Result failed() {
  Result result;
  result.id = "#7";
  result.input_line = 7;
  result.fail("input.minutes-negative",
              "services[1].minutes must be a non-negative whole number, got -5");
  return result;
}

// Everything a writer wrote, through a temporary FILE.
std::string write_all(OutputFormat format, const std::vector<Result>& results,
                      WriterOptions options = {}) {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    ResultWriter writer(file, format, options);
    for (const Result& result : results)
      writer.write(result);
    writer.finish();
    CHECK_FALSE(writer.write_failed());
    CHECK_FALSE(writer.broken_pipe());
  }
  std::rewind(file);
  std::string text;
  char chunk[4096];
  std::size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof chunk, file)) > 0)
    text.append(chunk, got);
  std::fclose(file);
  return text;
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

const std::string kExampleJson =
    R"({"id": "enc-1", "ok": true, "payer": "medicare", "policy": "cms-8-minute", )"
    R"("date": "2025-03-02", "timed_minutes": 33, "total_units": 3, )"
    R"("lines": [{"code": "97140", "minutes": 23, "units": 1}, )"
    R"({"code": "97110", "minutes": 10, "units": 1}, {"code": "97161", "units": 1}], )"
    R"("alternatives": [], )"
    R"("findings": [{"severity": "warning", "id": "edit.example", "message": "a remark"}]})";

const std::string kTieJson =
    R"({"id": "cms-ex2", "ok": true, "payer": "medicare", "policy": "cms-8-minute", )"
    R"("date": null, "timed_minutes": 40, "total_units": 3, )"
    R"("lines": [{"code": "97112", "minutes": 20, "units": 2}, )"
    R"({"code": "97110", "minutes": 20, "units": 1}], )"
    R"("alternatives": [[{"code": "97112", "units": 1}, {"code": "97110", "units": 2}]], )"
    R"("findings": [{"severity": "warning", "id": "modifier.discipline-missing", )"
    R"("message": "97112 is billed under PT: medicare wants modifier GP on it"}]})";

const std::string kFailedJson =
    R"({"id": "#7", "ok": false, "input_line": 7, "error": {"id": "input.minutes-negative", )"
    R"("message": "services[1].minutes must be a non-negative whole number, got -5"}})";

}  // namespace

TEST_CASE("writer: output format names") {
  CHECK(parse_output_format("jsonl") == OutputFormat::jsonl);
  CHECK(parse_output_format("json") == OutputFormat::json);
  CHECK(parse_output_format("csv") == OutputFormat::csv);
  CHECK(parse_output_format("table") == OutputFormat::table);
  CHECK_FALSE(parse_output_format("JSON").has_value());
  CHECK_FALSE(parse_output_format("").has_value());
  CHECK(std::string(cptrules::interp::output_format_name(OutputFormat::csv)) == "csv");
}

TEST_CASE("writer: jsonl records exactly as the contract shows") {
  CHECK(write_all(OutputFormat::jsonl, {example(), tie(), failed()}) ==
        kExampleJson + "\n" + kTieJson + "\n" + kFailedJson + "\n");
  CHECK(write_all(OutputFormat::jsonl, {}).empty());
}

TEST_CASE("writer: json is one array") {
  CHECK(write_all(OutputFormat::json, {}) == "[]\n");
  CHECK(write_all(OutputFormat::json, {failed()}) == "[" + kFailedJson + "]\n");
  CHECK(write_all(OutputFormat::json, {example(), tie(), failed()}) ==
        "[" + kExampleJson + ",\n" + kTieJson + ",\n" + kFailedJson + "]\n");
}

TEST_CASE("writer: the explanation is written in every format") {
  cptrules::interp::Explanation x;
  x.summary = "The encounter could not be evaluated: a \"reason\", with a comma.";
  std::string member;
  cptrules::interp::append_explanation_json(member, x);
  REQUIRE(member.rfind("\"explanation\": {\"summary\": ", 0) == 0);
  // JSON: the member after the contract's fields.
  std::string out;
  cptrules::interp::append_json_record(out, failed(), &x);
  CHECK(out == kFailedJson.substr(0, kFailedJson.size() - 1) + ", " + member + "}");
  WriterOptions options;
  options.explain = true;
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    ResultWriter jsonl(file, OutputFormat::jsonl, options);
    jsonl.write(failed(), &x);
    jsonl.finish();
  }
  std::rewind(file);
  CHECK(cptrules::test::read_all(file) == out + "\n");
  std::fclose(file);
  // CSV: a last column with the summary, on every row of the record.
  std::vector<std::string> rows;
  file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    ResultWriter csv(file, OutputFormat::csv, options);
    csv.write(failed(), &x);
    csv.write(example(), &x);
    csv.finish();
  }
  std::rewind(file);
  std::istringstream text(cptrules::test::read_all(file));
  std::fclose(file);
  for (std::string row; std::getline(text, row);)
    rows.push_back(row);
  // The header, the error record, three lines of example() and its encounter's finding.
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].ends_with(",Messages,Input line,Explanation"));
  const std::string quoted =
      "\"The encounter could not be evaluated: a \"\"reason\"\", with a comma.\"";
  for (std::size_t i = 1; i < rows.size(); ++i) {
    INFO(rows[i]);
    CHECK(rows[i].ends_with("," + quoted));
  }
  // Table: the explanation's text under the record.
  file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    ResultWriter table(file, OutputFormat::table, options);
    table.write(failed(), &x);
    table.finish();
  }
  std::rewind(file);
  const std::string shown = cptrules::test::read_all(file);
  std::fclose(file);
  CHECK(shown.find("\n    " + x.summary + "\n") != std::string::npos);
  CHECK(shown.find("#7 ") < shown.find(x.summary));
}

TEST_CASE("writer: a result without lines") {
  Result result;
  result.id = "empty";
  result.payer = "commercial";
  result.policy = "cpt-midpoint";
  result.date = cptrules::lang::date_from_ymd(2025, 1, 2);
  CHECK(write_all(OutputFormat::jsonl, {result}) ==
        R"({"id": "empty", "ok": true, "payer": "commercial", "policy": "cpt-midpoint", )"
        R"("date": "2025-01-02", "timed_minutes": 0, "total_units": 0, "lines": [], )"
        R"("alternatives": [], "findings": []})"
        "\n");
}

TEST_CASE("writer: JSON string escaping") {
  CHECK(json_string("plain") == "\"plain\"");
  CHECK(json_string("") == "\"\"");
  CHECK(json_string("a\"b\\c/d") == R"("a\"b\\c/d")");
  CHECK(json_string(std::string("\n\t\r\x01\x1F\x7F", 6)) ==
        "\"\\u000A\\u0009\\u000D\\u0001\\u001F\x7F\"");
  CHECK(json_string(std::string("nul\0byte", 8)) == "\"nul\\u0000byte\"");
  CHECK(json_string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

namespace {

// Each ASCII byte as JSON writes it, one at a time: the reference for the writer's fast path.
std::string escaped_one_by_one(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\')
      out.append(1, '\\').append(1, c);
    else if (byte < 0x20)
      out.append(fmt::format("\\u{:04X}", byte));
    else
      out.append(1, c);
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("writer: JSON strings of every length and ASCII byte, eight bytes at a time or not") {
  // Every byte at every place of strings up to 24 long (the short strings' loads and the word
  // loop's edges), over a plain background, and long runs of each byte.
  for (std::size_t length = 1; length <= 24; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte < 0x80; ++byte) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(byte);
        REQUIRE(json_string(text) == escaped_one_by_one(text));
      }
    }
  }
  for (int byte = 0; byte < 0x80; ++byte) {
    const std::string text(37, static_cast<char>(byte));
    REQUIRE(json_string(text) == escaped_one_by_one(text));
  }
}

TEST_CASE("writer: a byte from 0x80 alone is one U+FFFD, in short strings and long") {
  // The short strings' fast path (1 to 16 bytes) must hand every such byte to the UTF-8 checks,
  // at every place: the first, middle and last bytes it reads, and the bytes its loads overlap.
  const std::string r = "\xEF\xBF\xBD";
  for (std::size_t length = 1; length <= 24; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0x80; byte <= 0xFF; ++byte) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(byte);
        const std::string expected =
            "\"" + std::string(at, 'a') + r + std::string(length - at - 1, 'a') + "\"";
        REQUIRE(json_string(text) == expected);
      }
    }
  }
}

TEST_CASE("writer: invalid UTF-8 becomes U+FFFD") {
  const std::string r = "\xEF\xBF\xBD";
  CHECK(json_string("a\xFF"
                    "b") == "\"a" + r + "b\"");
  CHECK(json_string("\xC3") == "\"" + r + "\"");                          // truncated at the end
  CHECK(json_string("\xE2\x82x") == "\"" + r + "x\"");                    // truncated, one U+FFFD
  CHECK(json_string("\xC0\x80") == "\"" + r + r + "\"");                  // overlong
  CHECK(json_string("\xED\xA0\x80") == "\"" + r + r + r + "\"");          // surrogate
  CHECK(json_string("\xF4\x90\x80\x80") == "\"" + r + r + r + r + "\"");  // above U+10FFFF
  CHECK(json_string("\x80\"") == "\"" + r + "\\\"\"");
  std::string out;
  append_valid_utf8(out, "ok\xFE\xC3\xA9");
  CHECK(out == "ok" + r + "\xC3\xA9");
  Result result = failed();
  result.id = "bad\xFF";
  result.error.message = "got \"\xE9t\xE9\"";
  CHECK(write_all(OutputFormat::jsonl, {result}) ==
        "{\"id\": \"bad" + r +
            "\", \"ok\": false, \"input_line\": 7, \"error\": {\"id\": "
            "\"input.minutes-negative\", \"message\": \"got \\\"" +
            r + "t" + r + "\\\"\"}}\n");
}

// A finding about one line.
Finding line_finding(FindingSeverity severity, std::string id, std::string message,
                     std::string code, std::string discipline) {
  Finding f = make_finding(severity, std::move(id), std::move(message));
  f.code = std::move(code);
  f.discipline = std::move(discipline);
  return f;
}

TEST_CASE("writer: csv") {
  const std::string header =
      "Encounter ID,Date of service,Payer,Policy,Row,Code,Discipline,Modifiers,Minutes,Units,"
      "Billed units,Other valid units,Severity,Findings,Messages,Input line\n";
  CHECK(write_all(OutputFormat::csv, {}) == header);
  // A tie, a billed line, a code outside the rules, a line counted by another policy, and
  // findings on lines, on the encounter, and on a discipline that no line has.
  Result quoted = tie();
  quoted.id = "a,\"b\"";
  quoted.lines[0].discipline = "PT";
  quoted.lines[0].modifiers = {"GP", "59"};
  quoted.lines[0].billed_units = 3;
  quoted.lines[1].discipline = "PT";
  quoted.lines[1].policy = "other-policy";
  Line outside = make_line("9714O", 15, 0, false);
  outside.priced = false;
  quoted.lines.push_back(outside);
  quoted.alternatives = {Allocation{1, 2, 0}, Allocation{0, 3, 0}, Allocation{1, 2, 0}};
  quoted.findings = {
      line_finding(FindingSeverity::warning, "modifier.discipline-missing",
                   "97110 is billed under PT: medicare wants modifier GP on it", "97110", "PT"),
      line_finding(FindingSeverity::error, "units.over-billed", "97112 bills 3 units; at most 2",
                   "97112", "PT"),
      make_finding(FindingSeverity::info, "discipline.assumed", "counted under PT"),
      line_finding(FindingSeverity::warning, "code.not-in-rules",
                   "9714O is not in the rules, did you mean 97140?", "9714O", ""),
      line_finding(FindingSeverity::warning, "edit.pair", "x", "97112", "OT"),
      line_finding(FindingSeverity::info, "time.x", "y", "97112", "")};
  Result no_lines;
  no_lines.id = "n";
  no_lines.input_line = 3;
  no_lines.payer = "p";
  no_lines.policy = "q";
  Result multiline = failed();
  multiline.error.message = "two\nlines";
  Result unknown_code;
  unknown_code.id = "u";
  unknown_code.input_line = 8;
  unknown_code.fail("input.unknown-code", "services[0].code: unknown code '9714O'", "9714O");
  CHECK(write_all(OutputFormat::csv,
                  {example(), quoted, failed(), no_lines, multiline, unknown_code}) ==
        header +
            "enc-1,2025-03-02,medicare,cms-8-minute,line,97140,,,23,1,,,,,,1\n"
            "enc-1,2025-03-02,medicare,cms-8-minute,line,97110,,,10,1,,,,,,1\n"
            "enc-1,2025-03-02,medicare,cms-8-minute,line,97161,,,,1,,,,,,1\n"
            "enc-1,2025-03-02,medicare,cms-8-minute,encounter,,,,,,,,warning,edit.example,"
            "a remark,1\n"
            "\"a,\"\"b\"\"\",,medicare,cms-8-minute,line,97112,PT,GP 59,20,2,3,0; 1,error; info,"
            "units.over-billed; time.x,97112 bills 3 units; at most 2 | y,2\n"
            "\"a,\"\"b\"\"\",,medicare,other-policy,line,97110,PT,,20,1,,2; 3,warning,"
            "modifier.discipline-missing,97110 is billed under PT: medicare wants modifier GP "
            "on it,2\n"
            "\"a,\"\"b\"\"\",,medicare,cms-8-minute,line,9714O,,,15,,,,warning,code.not-in-rules,"
            "\"9714O is not in the rules, did you mean 97140?\",2\n"
            "\"a,\"\"b\"\"\",,medicare,cms-8-minute,encounter,,,,,,,,info; warning,"
            "discipline.assumed; edit.pair,counted under PT | x,2\n"
            "#7,,,,not evaluated,,,,,,,,error,input.minutes-negative,\"services[1].minutes must "
            "be a non-negative whole number, got -5\",7\n"
            "n,,p,q,encounter,,,,,,,,,,,3\n"
            "#7,,,,not evaluated,,,,,,,,error,input.minutes-negative,\"two\nlines\",7\n"
            "u,,,,not evaluated,9714O,,,,,,,error,input.unknown-code,services[0].code: unknown "
            "code '9714O',8\n");
}

TEST_CASE("writer: table") {
  Result no_date = tie();
  const std::string expected =
      "ENCOUNTER  PAYER     POLICY        DATE        CODE   DISC  MIN  UNITS\n"
      "enc-1      medicare  cms-8-minute  2025-03-02  97140         23      1\n"
      "                                               97110         10      1\n"
      "                                               97161                 1\n"
      "                                               total         33      3\n"
      "           warning edit.example: a remark\n"
      "cms-ex2    medicare  cms-8-minute              97112         20      2\n"
      "                                               97110         20      1\n"
      "                                               total         40      3\n"
      "           or: 97112 x1, 97110 x2\n"
      "           warning modifier.discipline-missing: 97112 is billed under PT: medicare "
      "wants modifier GP on it\n"
      "#7         error input.minutes-negative: services[1].minutes must be a non-negative "
      "whole number, got -5\n"
      "3 encounters, 6 units, 1 not evaluated, 0 with errors, 2 with warnings\n";
  CHECK(write_all(OutputFormat::table, {example(), no_date, failed()}) == expected);
}

TEST_CASE("writer: table with one line, no lines, long ids and control characters") {
  Result one;
  one.id = "a-much-longer-encounter-id";
  one.payer = "commercial";
  one.policy = "cpt-midpoint";
  one.timed_minutes = 8;
  one.total_units = 1;
  one.lines = {make_line("97110", 8, 1, true)};
  Result none;
  none.id = "x\x1b[31m";
  none.payer = "p";
  none.policy = "q";
  const std::string expected =
      "ENCOUNTER                   PAYER       POLICY        DATE  CODE   DISC  MIN  UNITS\n"
      "a-much-longer-encounter-id  commercial  cpt-midpoint        97110          8      1\n"
      "x [31m                      p           q                   total          0      0\n"
      "2 encounters, 1 unit, 0 not evaluated, 0 with errors, 0 with warnings\n";
  CHECK(write_all(OutputFormat::table, {one, none}) == expected);
  CHECK(write_all(OutputFormat::table, {}) ==
        "0 encounters, 0 units, 0 not evaluated, 0 with errors, 0 with warnings\n");
}

TEST_CASE("writer: table colours only when asked") {
  const std::string plain = write_all(OutputFormat::table, {example(), failed()});
  CHECK(plain.find('\x1b') == std::string::npos);
  WriterOptions options;
  options.color = true;
  const std::string colored = write_all(OutputFormat::table, {example(), failed()}, options);
  CHECK(colored.find("\x1b[1;31merror\x1b[0m input.minutes-negative") != std::string::npos);
  CHECK(colored.find("\x1b[33mwarning\x1b[0m") != std::string::npos);
  for (const OutputFormat format : {OutputFormat::jsonl, OutputFormat::json, OutputFormat::csv}) {
    CHECK(write_all(format, {example(), failed()}, options).find('\x1b') == std::string::npos);
  }
}

TEST_CASE("writer: table blocks recompute widths and repeat the header") {
  WriterOptions options;
  options.table_block = 1;
  Result short_id = failed();
  short_id.id = "#1";
  Result long_id = failed();
  long_id.id = "a-long-identifier";
  const std::string text = write_all(OutputFormat::table, {short_id, long_id}, options);
  CHECK(text ==
        "ENCOUNTER  PAYER  POLICY  DATE  CODE  DISC  MIN  UNITS\n"
        "#1         error input.minutes-negative: services[1].minutes must be a non-negative "
        "whole number, got -5\n"
        "ENCOUNTER          PAYER  POLICY  DATE  CODE  DISC  MIN  UNITS\n"
        "a-long-identifier  error input.minutes-negative: services[1].minutes must be a "
        "non-negative whole number, got -5\n"
        "2 encounters, 0 units, 2 not evaluated, 0 with errors, 0 with warnings\n");
}

TEST_CASE("writer: many records flush in blocks, in order") {
  WriterOptions options;
  options.flush_bytes = 100;
  std::vector<Result> results(500, example());
  for (std::size_t i = 0; i < results.size(); ++i)
    results[i].id = std::to_string(i);
  const std::string text = write_all(OutputFormat::jsonl, results, options);
  std::size_t lines = 0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string start = "{\"id\": \"" + std::to_string(i) + "\",";
    CHECK(text.compare(at, start.size(), start) == 0);
    at = text.find('\n', at) + 1;
    ++lines;
  }
  CHECK(at == text.size());
  CHECK(lines == 500);
}

TEST_CASE("writer: counts") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  ResultWriter writer(file, OutputFormat::jsonl);
  writer.write(example());
  writer.write(tie());
  writer.write(failed());
  writer.finish();
  CHECK(writer.counts().records == 3);
  CHECK(writer.counts().units == 6);
  CHECK(writer.counts().not_evaluated == 1);
  CHECK(writer.counts().with_errors == 0);
  CHECK(writer.counts().with_warnings == 2);
  std::fclose(file);
}

TEST_CASE("writer: a closed pipe is a quiet broken pipe") {
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  std::FILE* out = ::fdopen(fds[1], "w");
  REQUIRE(out != nullptr);
  {
    ResultWriter writer(out, OutputFormat::jsonl);
    for (int i = 0; i < 10; ++i)
      writer.write(example());
    writer.finish();
    CHECK(writer.broken_pipe());
    CHECK_FALSE(writer.write_failed());
    writer.write(example());  // nothing happens after finish
  }
  std::fclose(out);
  std::signal(SIGPIPE, previous);
}

TEST_CASE("writer: other write errors are reported") {
  std::FILE* out = std::fopen("/dev/full", "w");
  if (out == nullptr)
    return;  // no /dev/full here
  ResultWriter writer(out, OutputFormat::jsonl);
  writer.write(example());
  writer.finish();
  CHECK(writer.write_failed());
  CHECK_FALSE(writer.broken_pipe());
  CHECK(writer.error_text() == "No space left on device");
  std::fclose(out);
}

TEST_CASE("writer: dates are written as format_date writes them") {
  Result result = example();
  for (int days = cptrules::lang::date_from_ymd(1900, 1, 1).days;
       days <= cptrules::lang::date_from_ymd(2200, 12, 31).days; days += 7) {
    result.date = cptrules::lang::Date{days};
    std::string out;
    cptrules::interp::append_json_record(out, result);
    const std::string expected = "\"date\": \"" + cptrules::lang::format_date(*result.date) + "\"";
    if (out.find(expected) == std::string::npos)
      FAIL(expected);
  }
  result.date = cptrules::lang::date_from_ymd(2024, 2, 29);
  std::string out;
  cptrules::interp::append_json_record(out, result);
  CHECK(out.find("\"date\": \"2024-02-29\"") != std::string::npos);
}
