// Tests of parallel eval: LineParser reads as the reader does; --jobs N writes the same bytes.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "../bench/corpus.hpp"
#include "encounter_reader.hpp"
#include "test_support.hpp"

namespace {

using cptrules::interp::EncounterReader;
using cptrules::interp::InputShape;
using cptrules::interp::LineParser;
using cptrules::interp::RawLine;
using cptrules::interp::ReaderOptions;
using cptrules::interp::ReadItem;
using cptrules::test::Run;

// Everything a ReadItem says, as one string, so that two reads compare in one CHECK.
std::string describe(const ReadItem& item) {
  std::string out = fmt::format("line {} id '{}' ok {} error {} '{}'", item.input_line,
                                item.encounter.id, item.ok, item.error.id, item.error.message);
  if (!item.ok)
    return out;
  const auto& enc = item.encounter;
  out += fmt::format(" encounter line {} date {} payer {} discipline {}", enc.input_line,
                     enc.date ? enc.date->days : -1, enc.payer.value_or("-"),
                     enc.discipline.value_or("-"));
  for (const auto& s : enc.services) {
    out += fmt::format(" [{} {} {} {}]", s.code, s.minutes.value_or(-1),
                       fmt::join(s.modifiers, ","), s.discipline.value_or("-"));
  }
  return out;
}

// Every item as next() gives it.
std::vector<std::string> read_with_next(const std::string& text, ReaderOptions options) {
  auto reader = EncounterReader::from_string(text, "test", options);
  std::vector<std::string> out;
  ReadItem item;
  while (reader.next(item))
    out.push_back(describe(item));
  return out;
}

// The first item through next(), then raw lines through a LineParser, then next() again: the
// way `eval --jobs N` reads.
std::vector<std::string> read_with_parser(const std::string& text, ReaderOptions options) {
  auto reader = EncounterReader::from_string(text, "test", options);
  LineParser parser(options);
  std::vector<std::string> out;
  ReadItem item;
  while (reader.next(item)) {
    out.push_back(describe(item));
    RawLine raw;
    while (reader.next_raw_line(raw)) {
      REQUIRE(reader.shape() == InputShape::json_lines);
      ReadItem parsed;
      REQUIRE(parser.parse(raw, parsed));
      out.push_back(describe(parsed));
    }
  }
  return out;
}

// A scratch folder for one test, removed at the end.
struct TempDir : cptrules::test::TempDir {
  TempDir() : cptrules::test::TempDir("cptrules-parallel") {}
};

// Runs `cptrules eval ARGS` with standard output to a file of `dir`.
Run run_eval(const TempDir& dir, const std::string& args) {
  return cptrules::test::run_cli(dir, "eval " + args);
}

// Encounters of the benchmark's shape mixed with every kind of line the reader treats apart:
// blank lines, CRLF, malformed JSON, wrong fields, and every `long_every` lines one over the
// limit (`long_line` bytes, blank or not).
std::string mixed_input(std::int64_t count, std::size_t long_line, std::int64_t long_every) {
  cptrules::bench::Rng rng(11);
  std::string text;
  for (std::int64_t n = 1; n <= count; ++n) {
    if (n % long_every == 0) {
      text += n % (2 * long_every) == 0
                  ? "{\"id\": \"long\", \"services\": [" + std::string(long_line, ' ') + "]}\n"
                  : std::string(long_line + 3, ' ') + "\n";
      continue;
    }
    switch (rng.below(20)) {
      case 0:
        text += "\n";
        break;
      case 1:
        text += " \t \r\n";
        break;
      case 2:
        text += "{\"id\": \"cut-" + std::to_string(n) + "\", \"services\": [{\"code\"\n";
        break;
      case 3:
        text +=
            "{\"id\": \"neg\", \"payer\": \"medicare\", \"services\": [{\"code\": \"97110\", "
            "\"minutes\": -4}]}\r\n";
        break;
      case 6:
        text += "[1, 2]\n";
        break;
      case 7:
        text +=
            "{\"services\": [{\"code\": \"9711O\", \"minutes\": 8}], \"payer\": \"medicare\"}\n";
        break;
      default: {
        std::string line;
        cptrules::bench::append_encounter(line, n, rng);
        text += line;
        break;
      }
    }
  }
  return text;
}

}  // namespace

TEST_CASE("LineParser: raw lines parse into the items next() gives") {
  ReaderOptions options;
  options.max_line_bytes = 300;
  options.chunk_bytes = GENERATE(std::size_t{7}, std::size_t{256}, std::size_t{1} << 20);
  const std::string text = mixed_input(600, 400, 13);
  const auto expected = read_with_next(text, options);
  REQUIRE(expected.size() > 400);
  const auto got = read_with_parser(text, options);
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("item " << i);
    CHECK(got[i] == expected[i]);
  }
}

TEST_CASE("LineParser: blank lines give no record, the caller takes off line ends") {
  LineParser parser;
  ReadItem item;
  CHECK_FALSE(parser.parse("", 1, item));
  CHECK_FALSE(parser.parse(" \t\r", 2, item));
  REQUIRE(parser.parse(R"({"id": "a", "services": [{"code": "97110", "minutes": 15}]})", 7, item));
  CHECK(item.ok);
  CHECK(item.input_line == 7);
  CHECK(item.encounter.input_line == 7);
  CHECK(item.encounter.id == "a");
  REQUIRE(parser.parse(R"({"services": [{"code": "97110"}, 3]})", 9, item));
  CHECK_FALSE(item.ok);
  CHECK(item.encounter.id == "#9");
  CHECK(item.error.id == "input.field-type");
  parser.too_long(12, item);
  CHECK_FALSE(item.ok);
  CHECK(item.encounter.id == "#12");
  CHECK(item.error.id == "input.line-too-long");
}

TEST_CASE("next_raw_line: only for JSON Lines") {
  auto reader =
      EncounterReader::from_string(R"([{"id": "a", "services": []}, {"services": []}])", "test");
  ReadItem item;
  RawLine raw;
  CHECK_FALSE(reader.next_raw_line(raw));  // nothing read yet
  REQUIRE(reader.next(item));
  CHECK(reader.shape() == InputShape::array);
  CHECK_FALSE(reader.next_raw_line(raw));
  REQUIRE(reader.next(item));
  CHECK(item.encounter.id == "#2");
}

TEST_CASE("eval --jobs: any number of threads writes the same bytes and status") {
  TempDir dir;
  // Enough lines for several windows of the parallel reader (1 MiB each).
  const std::string input =
      dir.write("in.jsonl", mixed_input(30000, (std::size_t{1} << 20) + 9, 9000));
  const std::string small = dir.write("small.jsonl", mixed_input(400, 10, 1000));
  for (const std::string format : {"jsonl", "json"}) {
    INFO("format " << format);
    const Run one = run_eval(dir, fmt::format("--format {} --jobs 1 '{}'", format, input));
    CHECK(one.status == 65);  // the input has error records
    CHECK(one.out.size() > 5'000'000);
    for (const int jobs : {2, 3, 4}) {
      INFO("jobs " << jobs);
      const Run many =
          run_eval(dir, fmt::format("--format {} --jobs {} '{}'", format, jobs, input));
      CHECK(many.status == one.status);
      CHECK(many.out == one.out);
    }
    // Several inputs, standard input among them, and explanations.
    const std::string args =
        fmt::format("--format {} --explain '{}' - '{}' < '{}'", format, small, small, small);
    const Run explained_one = run_eval(dir, "--jobs 1 " + args);
    const Run explained_many = run_eval(dir, "--jobs 4 " + args);
    CHECK(explained_one.status == 65);
    CHECK(explained_many.status == 65);
    CHECK(explained_many.out == explained_one.out);
  }
  const std::string clean = dir.write("clean.jsonl", [] {
    cptrules::bench::Rng rng(5);
    std::string text;
    for (std::int64_t n = 1; n <= 5000; ++n)
      cptrules::bench::append_encounter(text, n, rng);
    return text;
  }());
  const Run one = run_eval(dir, "--jobs 1 " + clean);
  const Run two = run_eval(dir, "--jobs 2 " + clean);
  CHECK(one.status == 0);
  CHECK(two.status == 0);
  CHECK(two.out == one.out);
  CHECK(run_eval(dir, "--jobs 0 " + clean).status == 64);
}
