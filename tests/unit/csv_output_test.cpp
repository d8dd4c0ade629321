// eval --format csv and --format summary on a batch with ties, billed units, findings on lines
// and on encounters, codes outside the rules and records that could not be evaluated.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "csv_rows.hpp"
#include "test_support.hpp"

namespace {

using cptrules::test::csv_column;
using cptrules::test::csv_rows;
using cptrules::test::CsvRow;
using cptrules::test::Run;
using cptrules::test::run_cli;

const char* const kBatch =
    // CMS Example 2: a tie, and 97112 bills one unit more than any valid allocation gives it.
    R"({"id": "tie", "date": "2025-03-04", "payer": "medicare", "services": [{"code": "97112", "minutes": 20, "modifiers": ["GP"], "billed_units": 3}, {"code": "97110", "minutes": 20, "modifiers": ["GP", "59"]}]})"
    "\n"
    // A code outside the rules beside a priced one.
    R"({"id": "typo", "date": "2025-03-04", "payer": "medicare", "services": [{"code": "9714O", "minutes": 15, "modifiers": ["GP"]}, {"code": "97110", "minutes": 25, "modifiers": ["GP"]}]})"
    "\n"
    // Cannot be evaluated.
    R"({"id": "negative", "payer": "medicare", "services": [{"code": "97110", "minutes": -5}]})"
    "\n"
    // Findings on lines and one about the whole encounter (discipline.assumed).
    R"({"id": "assumed", "date": "2025-01-15", "payer": "medicare", "services": [{"code": "97110", "minutes": 33}, {"code": "97140", "minutes": 7}]})"
    "\n"
    // No services: no line, one row for the encounter.
    R"({"id": "empty, \"quoted\"", "date": "2025-03-04", "payer": "commercial", "services": []})"
    "\n"
    // Under-billed, under the CPT midpoint rule.
    R"({"id": "under", "date": "2025-03-04", "payer": "commercial", "services": [{"code": "97110", "minutes": 38, "modifiers": ["GP"], "billed_units": 1}, {"code": "97161", "modifiers": ["GP"]}]})"
    "\n"
    // Another that cannot be evaluated.
    R"({"id": "unknown-payer", "date": "2025-03-04", "payer": "nobody", "services": [{"code": "97110", "minutes": 20}]})"
    "\n";

struct TempDir : cptrules::test::TempDir {
  TempDir() : cptrules::test::TempDir("cptrules-csv-output") {}
};

// The cell of `row` in the column named `name` of `header`.
const std::string& cell(const CsvRow& header, const CsvRow& row, std::string_view name) {
  const std::size_t c = csv_column(header, name);
  REQUIRE(c < row.size());
  return row[c];
}

// The cells of a list cell ("a; b"), split at `separator`.
std::vector<std::string> split(const std::string& text, std::string_view separator) {
  std::vector<std::string> out;
  if (text.empty())
    return out;
  std::size_t start = 0;
  for (std::size_t at = text.find(separator); at != std::string::npos;
       at = text.find(separator, start)) {
    out.push_back(text.substr(start, at - start));
    start = at + separator.size();
  }
  out.push_back(text.substr(start));
  return out;
}

}  // namespace

TEST_CASE("csv output: the units column sums to the batch's units, each finding on its row",
          "[csv-output]") {
  TempDir dir;
  const std::string input = dir.write("batch.jsonl", kBatch);
  const Run jsonl = run_cli(dir, fmt::format("eval --format jsonl '{}'", input));
  const Run csv = run_cli(dir, fmt::format("eval --format csv '{}'", input));
  CHECK(jsonl.status == 65);
  CHECK(csv.status == 65);
  const std::vector<CsvRow> rows = csv_rows(csv.out);
  REQUIRE(rows.size() > 1);
  const CsvRow& header = rows[0];
  CHECK(header.size() == 16);
  for (const CsvRow& row : rows)
    CHECK(row.size() == header.size());

  std::int64_t csv_units = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const std::string& units = cell(header, rows[r], "Units");
    if (!units.empty())
      csv_units += std::stoll(units);
  }

  // Walk the records and the rows side by side.
  simdjson::dom::parser parser;
  std::int64_t total = 0;
  std::size_t r = 1;
  std::int64_t findings_seen = 0;
  for (const std::string& text : cptrules::test::lines_of(jsonl.out)) {
    simdjson::dom::element record;
    REQUIRE(parser.parse(text).get(record) == simdjson::SUCCESS);
    const std::string id(record["id"].get_string().value());
    INFO("record " << id);
    REQUIRE(r < rows.size());
    if (!record["ok"].get_bool().value()) {
      CHECK(cell(header, rows[r], "Encounter ID") == id);
      CHECK(cell(header, rows[r], "Row") == "not evaluated");
      CHECK(cell(header, rows[r], "Severity") == "error");
      CHECK(cell(header, rows[r], "Findings") ==
            std::string_view(record["error"]["id"].get_string().value()));
      CHECK(cell(header, rows[r], "Messages") ==
            std::string_view(record["error"]["message"].get_string().value()));
      CHECK(cell(header, rows[r], "Units").empty());
      ++r;
      continue;
    }
    total += record["total_units"].get_int64().value();
    const std::size_t first = r;
    for (simdjson::dom::element line : record["lines"].get_array()) {
      REQUIRE(r < rows.size());
      const CsvRow& row = rows[r++];
      CHECK(cell(header, row, "Encounter ID") == id);
      CHECK(cell(header, row, "Row") == "line");
      CHECK(cell(header, row, "Code") == std::string_view(line["code"].get_string().value()));
      const std::string& units = cell(header, row, "Units");
      if (line["units"].is_null())
        CHECK(units.empty());
      else
        CHECK(units == fmt::format("{}", line["units"].get_int64().value()));
    }
    const std::size_t lines_end = r;
    if (r < rows.size() && cell(header, rows[r], "Encounter ID") == id) {
      CHECK(cell(header, rows[r], "Row") == "encounter");
      CHECK(cell(header, rows[r], "Units").empty());
      ++r;
    }
    // Each finding is on the row of the line it names, or on the encounter's row.
    for (simdjson::dom::element finding : record["findings"].get_array()) {
      const std::string_view finding_id = finding["id"].get_string().value();
      std::string_view code;
      if (finding["code"].get_string().get(code) != simdjson::SUCCESS)
        code = {};
      INFO("finding " << finding_id);
      bool found = false;
      for (std::size_t k = first; k < r && !found; ++k) {
        const bool line_row = k < lines_end;
        if (line_row != !code.empty() || (line_row && cell(header, rows[k], "Code") != code))
          continue;
        const auto ids = split(cell(header, rows[k], "Findings"), "; ");
        const auto severities = split(cell(header, rows[k], "Severity"), "; ");
        const auto messages = split(cell(header, rows[k], "Messages"), " | ");
        REQUIRE(ids.size() == severities.size());
        REQUIRE(ids.size() == messages.size());
        for (std::size_t f = 0; f < ids.size() && !found; ++f) {
          found = ids[f] == finding_id &&
                  severities[f] == std::string_view(finding["severity"].get_string().value()) &&
                  messages[f] == std::string_view(finding["message"].get_string().value());
        }
      }
      CHECK(found);
      ++findings_seen;
    }
  }
  CHECK(r == rows.size());
  CHECK(findings_seen == 7);
  CHECK(total == 12);
  CHECK(csv_units == total);
}

TEST_CASE("csv output: rows of a tie, billed units, a code outside the rules and an error",
          "[csv-output]") {
  TempDir dir;
  const std::string input = dir.write("batch.jsonl", kBatch);
  const Run csv = run_cli(dir, fmt::format("eval --format csv '{}'", input));
  const std::vector<std::string> rows = cptrules::test::lines_of(csv.out);
  REQUIRE(rows.size() == 14);
  CHECK(rows[0] ==
        "Encounter ID,Date of service,Payer,Policy,Row,Code,Discipline,Modifiers,Minutes,Units,"
        "Billed units,Other valid units,Severity,Findings,Messages,Input line");
  // 40 minutes give 3 units: 2 + 1 or 1 + 2; 97112 bills 3.
  CHECK(rows[1] ==
        "tie,2025-03-04,medicare,cms-8-minute,line,97112,PT,GP,20,2,3,1,error,units.over-billed,"
        "97112 bills 3 units; the rules support 1 to 2 units in any valid allocation,1");
  CHECK(rows[2] == "tie,2025-03-04,medicare,cms-8-minute,line,97110,PT,GP 59,20,1,,2,,,,1");
  // The line of a code outside the rules comes after the priced ones, without units.
  CHECK(rows[3] == "typo,2025-03-04,medicare,cms-8-minute,line,97110,PT,GP,25,2,,,,,,2");
  CHECK(rows[4].starts_with(
      "typo,2025-03-04,medicare,cms-8-minute,line,9714O,,GP,15,,,,warning,code.not-in-rules,"));
  CHECK(rows[5] ==
        "negative,,,,not evaluated,,,,,,,,error,input.minutes-negative,\"services[0].minutes "
        "must be a non-negative whole number, got -5\",3");
  CHECK(rows[8].starts_with(
      "assumed,2025-01-15,medicare,cms-8-minute,encounter,,,,,,,,info,discipline.assumed,"));
  CHECK(rows[9] ==
        "\"empty, \"\"quoted\"\"\",2025-03-04,commercial,cpt-midpoint,encounter,,,,,,,,"
        ",,,5");
  CHECK(rows[10] ==
        "under,2025-03-04,commercial,cpt-midpoint,line,97110,PT,GP,38,3,1,,warning,"
        "units.under-billed,97110 bills 1 unit; the rules support 3 units,6");
  CHECK(rows[13] ==
        "unknown-payer,,,,not evaluated,,,,,,,,error,input.unknown-payer,unknown "
        "payer 'nobody',7");
}

TEST_CASE("csv output: --strict names the code outside the rules on its error row",
          "[csv-output]") {
  TempDir dir;
  const std::string input = dir.write("batch.jsonl", kBatch);
  const Run csv = run_cli(dir, fmt::format("eval --strict --format csv '{}'", input));
  CHECK(csv.status == 65);
  CHECK(csv.out.find("\ntypo,,,,not evaluated,9714O,,,,,,,error,input.unknown-code,") !=
        std::string::npos);
}

TEST_CASE("csv output: --explain adds the summary of each record on each of its rows",
          "[csv-output]") {
  TempDir dir;
  const std::string input = dir.write("batch.jsonl", kBatch);
  const Run plain = run_cli(dir, fmt::format("eval --format csv '{}'", input));
  const Run csv = run_cli(dir, fmt::format("eval --explain --format csv '{}'", input));
  const std::vector<CsvRow> rows = csv_rows(csv.out);
  const std::vector<CsvRow> plain_rows = csv_rows(plain.out);
  REQUIRE(rows.size() == plain_rows.size());
  CHECK(rows[0].back() == "Explanation");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    INFO(plain_rows[r][0]);
    REQUIRE(rows[r].size() == plain_rows[r].size() + 1);
    CHECK(std::equal(plain_rows[r].begin(), plain_rows[r].end(), rows[r].begin()));
    CHECK_FALSE(rows[r].back().empty());
  }
  CHECK(rows[5].back().starts_with("The encounter could not be evaluated"));
  CHECK(rows[1].back() == rows[2].back());  // one record, one summary
}
