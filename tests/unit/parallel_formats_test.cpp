// eval --jobs 1, 2 and 4 write the same bytes in every output format, with and without --explain.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "csv_rows.hpp"
#include "test_support.hpp"

namespace {

using cptrules::test::Run;
using cptrules::test::run_cli;

// Codes of the standard rules: timed ones (minutes or clock times always given) and untimed
// ones (minutes sometimes left out). Among them codes out of force on some dates (97762 after
// 2017, 97763 before 2018) and pairs of the NCCI edits.
const std::vector<std::string> kTimed{"97110", "97112", "97116", "97140", "97530", "97535", "97035",
                                      "97032", "97033", "97750", "97760", "97762", "97763"};
const std::vector<std::string> kUntimed{"97161", "97162", "97164", "97165", "97010", "97012",
                                        "97014", "G0283", "97150", "98940", "98941", "29581"};
const std::vector<std::string> kModifiers{"GP", "GO", "GN", "59", "XS", "KX", "CQ", "ZZ"};

// A batch of JSON Lines and what its records must be, known from how it was made.
struct Batch {
  std::string text;
  std::vector<std::string> ids;  // the id of each record, in order
  std::int64_t errors = 0;       // records that cannot be evaluated
};

// `count` lines from `seed`: valid encounters under medicare and commercial, with or without id,
// date and discipline, minutes 0 to 120 or clock times, and mixed in: blank lines, CRLF, lines
// that are not JSON or not an object, and encounters that are error records (negative or
// fractional minutes, an unknown or missing payer, an end before its start).
Batch make_batch(std::uint32_t seed, int count) {
  std::mt19937 rng(seed);
  const auto below = [&](std::uint32_t n) { return static_cast<int>(rng() % n); };
  Batch b;
  for (int n = 1; n <= count; ++n) {
    const std::string id = fmt::format("s{}-{}", seed, n);
    const std::string end = below(10) == 0 ? "\r\n" : "\n";
    const int kind = below(100);
    if (kind < 3) {  // blank: no record
      b.text += (kind == 0 ? " \t" : "") + end;
      continue;
    }
    if (kind < 5) {  // not JSON
      b.text += R"({"services": [{"code": "97110", "minutes": 5})" + end;
      b.ids.push_back(fmt::format("#{}", n));
      ++b.errors;
      continue;
    }
    if (kind == 5) {  // not an object
      b.text += "[1, 2]" + end;
      b.ids.push_back(fmt::format("#{}", n));
      ++b.errors;
      continue;
    }
    if (kind < 11) {  // an encounter that is an error record
      static const char* const kBad[] = {
          R"("payer": "medicare", "services": [{{"code": "97110", "minutes": -{}}}])",
          R"("payer": "commercial", "services": [{{"code": "97140", "minutes": {}.5}}])",
          R"("payer": "medicaid", "services": [{{"code": "97110", "minutes": {}}}])",
          R"("services": [{{"code": "97110", "minutes": {}}}])",
          R"("payer": "medicare", "services": [{{"code": "97110", "start": "10:{:02}", "end": "09:59"}}])",
      };
      b.text += fmt::format(R"({{"id": "{}", "date": "2025-03-04", )", id) +
                fmt::format(fmt::runtime(kBad[kind - 6]), 1 + below(59)) + "}" + end;
      b.ids.push_back(id);
      ++b.errors;
      continue;
    }
    std::string line = "{";
    if (below(10) != 0) {
      line += fmt::format(R"("id": "{}", )", id);
      b.ids.push_back(id);
    } else {
      b.ids.push_back(fmt::format("#{}", n));
    }
    if (below(10) != 0)
      line += fmt::format(R"("date": "{}-{:02}-{:02}", )", 2016 + below(11), 1 + below(12),
                          1 + below(28));
    line += below(2) == 0 ? R"("payer": "medicare", )" : R"("payer": "commercial", )";
    if (below(5) == 0)
      line += fmt::format(R"("discipline": "{}", )", below(3) == 0 ? "OT" : "PT");
    line += R"("services": [)";
    const int services = below(6);
    for (int s = 0; s < services; ++s) {
      const bool timed = below(3) != 0;
      const std::string& code =
          timed ? kTimed[below(kTimed.size())] : kUntimed[below(kUntimed.size())];
      line += fmt::format(R"({}{{"code": "{}")", s == 0 ? "" : ", ", code);
      const int minutes = below(121);
      if (timed && below(8) == 0) {
        const int start = 8 * 60 + below(8 * 60);
        const int stop = start + minutes;
        line += fmt::format(R"(, "start": "{:02}:{:02}", "end": "{:02}:{:02}")", start / 60,
                            start % 60, stop / 60, stop % 60);
      } else if (timed || below(2) == 0) {
        line += fmt::format(R"(, "minutes": {})", minutes);
      }
      if (below(2) == 0) {
        line += fmt::format(R"(, "modifiers": ["{}")", kModifiers[below(kModifiers.size())]);
        if (below(3) == 0)
          line += fmt::format(R"(, "{}")", kModifiers[below(kModifiers.size())]);
        line += "]";
      }
      line += "}";
    }
    line += "]}";
    b.text += line + end;
  }
  return b;
}

using cptrules::test::lines_of;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// Runs `eval --format FORMAT [--explain]` on `input` with 1, 2 and 4 threads, checks that the
// three give the same bytes and exit status, and returns the output of one thread.
std::string same_for_any_jobs(const cptrules::test::TempDir& dir, const std::string& format,
                              bool explain, const std::string& input) {
  const std::string args =
      fmt::format("eval --format {}{} '{}'", format, explain ? " --explain" : "", input);
  const Run one = run_cli(dir, args + " --jobs 1");
  CHECK(one.status == 65);  // the batch has error records
  CHECK(one.err.empty());
  for (const int jobs : {2, 4}) {
    INFO("jobs " << jobs);
    const Run many = run_cli(dir, fmt::format("{} --jobs {}", args, jobs));
    CHECK(many.status == one.status);
    CHECK(many.err == one.err);
    CHECK(many.out.size() == one.out.size());
    CHECK(many.out == one.out);
  }
  return one.out;
}

// What the records of a batch add up to, counted from their JSON.
struct Tally {
  std::int64_t units = 0;
  std::int64_t errors = 0;  // records that could not be evaluated
  std::int64_t with_errors = 0;
  std::int64_t with_warnings = 0;

  // The summary line of a table of more than one record, with the line ends around it.
  std::string summary(std::size_t records) const {
    return fmt::format(
        "\n{} encounters, {} units, {} not evaluated, {} with errors, {} with warnings\n", records,
        units, errors, with_errors, with_warnings);
  }
};

// The ids of the records of JSON Lines, and their tally: units, error records, and evaluated
// records by their most severe finding.
std::vector<std::string> jsonl_ids(const std::string& out, Tally& tally) {
  simdjson::dom::parser parser;
  std::vector<std::string> ids;
  tally = {};
  for (const std::string& line : lines_of(out)) {
    simdjson::dom::element record;
    REQUIRE(parser.parse(line).get(record) == simdjson::SUCCESS);
    ids.emplace_back(record["id"].get_string().value());
    if (!record["ok"].get_bool().value()) {
      ++tally.errors;
      continue;
    }
    tally.units += record["total_units"].get_int64().value();
    bool error = false;
    bool warning = false;
    for (simdjson::dom::element finding : record["findings"].get_array()) {
      const std::string_view severity = finding["severity"].get_string().value();
      error = error || severity == "error";
      warning = warning || severity == "warning";
    }
    tally.with_errors += error ? 1 : 0;
    tally.with_warnings += !error && warning ? 1 : 0;
  }
  return ids;
}

// The ids of the elements of a JSON array.
std::vector<std::string> json_ids(const std::string& out) {
  simdjson::dom::parser parser;
  simdjson::dom::element array;
  REQUIRE(parser.parse(out).get(array) == simdjson::SUCCESS);
  std::vector<std::string> ids;
  for (simdjson::dom::element record : array.get_array())
    ids.emplace_back(record["id"].get_string().value());
  return ids;
}

// The number after `label` on its line of the summary report ("  Units       76"); -1 if none.
std::int64_t report_count(const std::string& report, const std::string& label) {
  for (const std::string& line : lines_of(report)) {
    if (line.rfind("  " + label + " ", 0) == 0)
      return std::stoll(line.substr(line.find_last_of(' ') + 1));
  }
  return -1;
}

// The sum of the Units column of CSV output.
std::int64_t csv_units(const std::string& out) {
  const auto rows = cptrules::test::csv_rows(out);
  REQUIRE(!rows.empty());
  const std::size_t units = cptrules::test::csv_column(rows[0], "Units");
  REQUIRE(units < rows[0].size());
  std::int64_t sum = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == rows[0].size());
    if (!rows[i][units].empty())
      sum += std::stoll(rows[i][units]);
  }
  return sum;
}

// The first column of every row after the header, rows of the same record taken once.
std::vector<std::string> csv_ids(const std::string& out) {
  std::vector<std::string> ids;
  const auto rows = lines_of(out);
  REQUIRE(!rows.empty());
  CHECK(rows[0].rfind("Encounter ID,Date of service,", 0) == 0);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const std::string id = rows[i].substr(0, rows[i].find(','));
    if (ids.empty() || ids.back() != id)
      ids.push_back(id);
  }
  return ids;
}

}  // namespace

TEST_CASE("eval --jobs: jsonl and json give the same bytes on 1 2 and 4 threads",
          "[parallel-formats]") {
  const std::uint32_t seed = GENERATE(1U, 2U, 3U);
  INFO("seed " << seed);
  cptrules::test::TempDir dir("cptrules-parallel-formats");
  const Batch batch = make_batch(seed, 20000);
  REQUIRE(batch.text.size() > (std::size_t{2} << 20));  // several 1 MiB windows of the reader
  REQUIRE(batch.errors > 500);
  const std::string input = dir.write("batch.jsonl", batch.text);
  Tally tally;
  const std::string jsonl = same_for_any_jobs(dir, "jsonl", false, input);
  CHECK(jsonl_ids(jsonl, tally) == batch.ids);
  CHECK(tally.errors == batch.errors);
  // most encounters bill something
  CHECK(tally.units > static_cast<std::int64_t>(batch.ids.size()));
  const std::string json = same_for_any_jobs(dir, "json", false, input);
  CHECK(json_ids(json) == batch.ids);
}

TEST_CASE("eval --jobs: csv, table and summary give the same bytes on 1 2 and 4 threads",
          "[parallel-formats]") {
  const std::uint32_t seed = GENERATE(1U, 2U, 3U);
  INFO("seed " << seed);
  cptrules::test::TempDir dir("cptrules-parallel-formats");
  const Batch batch = make_batch(seed, 20000);
  const std::string input = dir.write("batch.jsonl", batch.text);
  const std::string csv = same_for_any_jobs(dir, "csv", false, input);
  CHECK(csv_ids(csv) == batch.ids);
  const std::string table = same_for_any_jobs(dir, "table", false, input);
  // The table's summary counts the records, the units of the JSON Lines, the error records and
  // the evaluated ones by their most severe finding.
  Tally tally;
  const Run jsonl = run_cli(dir, fmt::format("eval --format jsonl --jobs 1 '{}'", input));
  CHECK(jsonl_ids(jsonl.out, tally) == batch.ids);
  CHECK(tally.errors == batch.errors);
  CHECK(tally.with_warnings > 0);
  const std::string summary = tally.summary(batch.ids.size());
  REQUIRE(table.size() > summary.size());
  CHECK(table.substr(table.size() - summary.size()) == summary);
  // The units of the CSV rows add up to the batch's; the summary report counts the same.
  CHECK(csv_units(csv) == tally.units);
  const std::string report = same_for_any_jobs(dir, "summary", false, input);
  CHECK(report_count(report, "Encounters") == static_cast<std::int64_t>(batch.ids.size()));
  CHECK(report_count(report, "Units") == tally.units);
  CHECK(report_count(report, "  not evaluated") == tally.errors);
  CHECK(report_count(report, "  with error findings") == tally.with_errors);
}

TEST_CASE("eval --jobs: every format with --explain gives the same bytes on 1 2 and 4 threads",
          "[parallel-formats]") {
  const std::uint32_t seed = GENERATE(1U, 2U, 3U);
  INFO("seed " << seed);
  cptrules::test::TempDir dir("cptrules-parallel-formats");
  // Explanations cost more: 800 lines (the first lines of the batches above).
  const Batch batch = make_batch(seed, 800);
  const std::string input = dir.write("part.jsonl", batch.text);
  const auto records = static_cast<std::int64_t>(batch.ids.size());
  Tally tally;
  const std::string jsonl = same_for_any_jobs(dir, "jsonl", true, input);
  CHECK(jsonl_ids(jsonl, tally) == batch.ids);
  CHECK(tally.errors == batch.errors);
  // Every record is explained, an error record by its reason.
  const std::string explained = R"("explanation": {"summary": )";
  CHECK(static_cast<std::int64_t>(count(jsonl, explained)) == records);
  CHECK(static_cast<std::int64_t>(count(
            jsonl, R"("explanation": {"summary": "The encounter could not be evaluated: )")) ==
        batch.errors);
  const std::string json = same_for_any_jobs(dir, "json", true, input);
  CHECK(json_ids(json) == batch.ids);
  CHECK(static_cast<std::int64_t>(count(json, explained)) == records);
  const std::string csv = same_for_any_jobs(dir, "csv", true, input);
  CHECK(csv_ids(csv) == batch.ids);
  const std::string table = same_for_any_jobs(dir, "table", true, input);
  CHECK(table.find(tally.summary(batch.ids.size())) != std::string::npos);
}
