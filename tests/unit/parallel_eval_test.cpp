// Tests of parallel eval and of groups of records: LineParser reads as the reader does, groups
// give the records one at a time gives, and --jobs N writes the same bytes.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "../bench/corpus.hpp"
#include "encounter_reader.hpp"
#include "plan_of_text.hpp"
#include "record_pipeline.hpp"
#include "test_support.hpp"

namespace {

using cptrules::interp::EncounterReader;
using cptrules::interp::InputShape;
using cptrules::interp::LineParser;
using cptrules::interp::RawLine;
using cptrules::interp::ReaderOptions;
using cptrules::interp::ReadItem;
using cptrules::interp::RecordCounts;
using cptrules::interp::RecordPipeline;
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

TEST_CASE("RecordPipeline: groups give the records and counts that one at a time gives") {
  const auto plan = cptrules::test::plan_of_text("", true);
  const bool explain = GENERATE(false, true);
  INFO("explain " << explain);
  // Around the group size, and an input of many groups with every kind of bad line.
  for (const std::int64_t lines : {0, 1, 31, 32, 33, 64, 65, 700}) {
    INFO(lines << " lines");
    const std::string text = mixed_input(lines, 200, 97);
    ReaderOptions options;
    options.max_line_bytes = 250;
    const auto format = cptrules::interp::OutputFormat::jsonl;
    // One at a time.
    std::string expected;
    RecordCounts expected_counts;
    RecordPipeline single(plan, {}, explain);
    auto reader = EncounterReader::from_string(text, "test", options);
    while (single.next(reader)) {
      single.append_framed(expected, format);
      expected_counts.add(single.result());
    }
    // In groups read by the reader.
    std::string got;
    RecordCounts got_counts;
    RecordPipeline grouped(plan, {}, explain);
    auto group_reader = EncounterReader::from_string(text, "test", options);
    std::size_t groups = 0;
    while (const std::size_t count = grouped.next_group(group_reader)) {
      CHECK(count <= RecordPipeline::kGroupSize);
      CHECK(grouped.group_size() == count);
      grouped.append_group(got, format, got_counts);
      ++groups;
    }
    CHECK(grouped.group_size() == 0);
    CHECK(got == expected);
    CHECK(got_counts == expected_counts);
    CHECK(groups ==
          (static_cast<std::size_t>(expected_counts.records) + RecordPipeline::kGroupSize - 1) /
              RecordPipeline::kGroupSize);
    // In groups of raw lines, as the threads of --jobs read them: the first item through next().
    std::string parsed;
    RecordCounts parsed_counts;
    RecordPipeline by_line(plan, {}, explain);
    LineParser parser(options);
    auto line_reader = EncounterReader::from_string(text, "test", options);
    while (by_line.next(line_reader)) {
      by_line.append_framed(parsed, format);
      parsed_counts.add(by_line.result());
      // A raw line's text lasts until the reader's next call: each is kept, as --jobs keeps
      // them in its window.
      std::vector<RawLine> raw(RecordPipeline::kGroupSize);
      std::vector<std::string> kept(RecordPipeline::kGroupSize);
      std::size_t count = 0;
      for (bool more = true; more;) {
        more = line_reader.next_raw_line(raw[count]);
        if (more) {
          kept[count].assign(raw[count].text);
          raw[count].text = kept[count];
          ++count;
        }
        if (count == raw.size() || (!more && count > 0)) {
          by_line.next_group(parser, count, [&](std::size_t i) { return raw[i]; });
          by_line.append_group(parsed, format, parsed_counts);
          count = 0;
        }
      }
    }
    CHECK(parsed == expected);
    CHECK(parsed_counts == expected_counts);
  }
}

TEST_CASE("RecordPipeline: CSV rows appended by groups are what the writer writes one by one") {
  const auto plan = cptrules::test::plan_of_text("", true);
  const bool explain = GENERATE(false, true);
  INFO("explain " << explain);
  cptrules::interp::WriterOptions writer_options;
  writer_options.explain = explain;
  const auto format = cptrules::interp::OutputFormat::csv;
  // All the ResultWriter on a temporary FILE wrote once `write` wrote to it and it finished.
  const auto written = [&](const auto& write) {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    {
      cptrules::interp::ResultWriter writer(file, format, writer_options);
      write(writer);
      writer.finish();
    }
    std::rewind(file);
    std::string text = cptrules::test::read_all(file);
    std::fclose(file);
    return text;
  };
  for (const std::int64_t lines : {0, 1, 33, 700}) {
    INFO(lines << " lines");
    const std::string text = mixed_input(lines, 200, 97);
    ReaderOptions options;
    options.max_line_bytes = 250;
    const std::string expected = written([&](cptrules::interp::ResultWriter& writer) {
      RecordPipeline single(plan, {}, explain);
      auto reader = EncounterReader::from_string(text, "test", options);
      while (single.next(reader))
        single.write(writer);
    });
    const std::string got = written([&](cptrules::interp::ResultWriter& writer) {
      RecordPipeline grouped(plan, {}, explain);
      auto reader = EncounterReader::from_string(text, "test", options);
      while (grouped.next_group(reader) > 0) {
        std::string rows;
        RecordCounts counts;
        grouped.append_group(rows, format, counts);
        writer.write_formatted(rows, counts);
      }
    });
    CHECK(got == expected);
    CHECK(got.rfind("Encounter ID,", 0) == 0);
  }
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
