// Unit tests of CSV input: rows to encounters, quoting, columns, dates, and every bad input.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "csv_input.hpp"
#include "encounter_reader.hpp"

namespace {

using cptrules::interp::EncounterReader;
using cptrules::interp::InputFormat;
using cptrules::interp::InputShape;
using cptrules::interp::LineParser;
using cptrules::interp::RawLine;
using cptrules::interp::ReaderOptions;
using cptrules::interp::ReadItem;
using cptrules::interp::reader::CsvColumnMap;
using cptrules::interp::reader::CsvField;

ReaderOptions csv_options(CsvColumnMap columns = {}) {
  ReaderOptions options;
  options.format = InputFormat::csv;
  options.columns = std::move(columns);
  return options;
}

// Everything an item says, as one string.
std::string describe(const ReadItem& item) {
  if (!item.ok) {
    return fmt::format("{} row {}: {}: {}", item.encounter.id, item.input_line, item.error.id,
                       item.error.message);
  }
  const auto& enc = item.encounter;
  std::string out = fmt::format("{} row {} date {} payer {}", enc.id, item.input_line,
                                enc.date ? enc.date->days : -1, enc.payer.value_or("-"));
  for (const auto& s : enc.services) {
    out += fmt::format(" [{} {} {} {}", s.code, s.minutes ? std::to_string(*s.minutes) : "-",
                       fmt::join(s.modifiers, "+"), s.discipline.value_or("-"));
    if (s.billed_units)
      out += fmt::format(" billed {}", *s.billed_units);
    if (s.clock)
      out += fmt::format(" clock {}-{}", s.clock->start, s.clock->end);
    out += "]";
  }
  return out;
}

std::vector<std::string> read_csv(const std::string& text, ReaderOptions options = csv_options()) {
  auto reader = EncounterReader::from_string(text, "test.csv", options);
  std::vector<std::string> out;
  ReadItem item;
  while (reader.next(item)) {
    REQUIRE(item.encounter.input_line == item.input_line);
    out.push_back(describe(item));
    REQUIRE(out.size() < 100000);  // never loops forever
  }
  return out;
}

// The items as the threads of --jobs read them: rows handed out by next_raw_line, parsed by a
// LineParser; next() for what it gives itself.
std::vector<std::string> read_csv_raw(const std::string& text, ReaderOptions options) {
  auto reader = EncounterReader::from_string(text, "test.csv", options);
  LineParser parser(options);
  std::vector<std::string> out;
  ReadItem item;
  while (reader.next(item)) {
    out.push_back(describe(item));
    RawLine raw;
    while (reader.gives_raw_lines() && reader.next_raw_line(raw)) {
      REQUIRE(raw.csv != nullptr);
      parser.parse(raw, item);
      out.push_back(describe(item));
    }
  }
  return out;
}

const std::string kHeader = "encounter_id,date,payer,code,minutes,modifiers\n";

// 2025-03-04 as days since 1970-01-01.
const int kMarch4 = 20151;

}  // namespace

TEST_CASE("csv: consecutive rows of one id are one encounter", "[csv]") {
  const auto items = read_csv(kHeader +
                              "a,2025-03-04,medicare,97110,33,GP\n"
                              "a,2025-03-04,medicare,97140,7,GP\n"
                              "b,2025-03-04,commercial,97161,,GP\n");
  REQUIRE(items.size() == 2);
  CHECK(items[0] ==
        fmt::format("a row 2 date {} payer medicare [97110 33 GP -] [97140 7 GP -]", kMarch4));
  CHECK(items[1] == fmt::format("b row 4 date {} payer commercial [97161 - GP -]", kMarch4));
}

TEST_CASE("csv: header names match regardless of case, spaces and underscores", "[csv]") {
  const auto items = read_csv(
      "Encounter ID, DATE ,Payer,Code,Minutes,Billed Units,Notes\n"
      "a,2025-03-04,medicare,97110,20,2,anything\n");
  REQUIRE(items.size() == 1);
  CHECK(items[0] == fmt::format("a row 2 date {} payer medicare [97110 20  - billed 2]", kMarch4));
}

TEST_CASE("csv: --columns maps other header names", "[csv]") {
  CsvColumnMap map;
  REQUIRE_FALSE(cptrules::interp::reader::parse_csv_column_map("code=CPT, minutes=Mins", map));
  REQUIRE(map.size() == 2);
  CHECK(map[0].first == CsvField::code);
  CHECK(map[1].second == "Mins");
  const auto items = read_csv("Visit,CPT,Mins,code\nv1,97110,23,99999\n",
                              csv_options({{CsvField::encounter_id, "Visit"},
                                           {CsvField::code, "CPT"},
                                           {CsvField::minutes, "Mins"}}));
  REQUIRE(items.size() == 1);
  CHECK(items[0] == "v1 row 2 date -1 payer - [97110 23  -]");  // 'code' is not the code here
}

TEST_CASE("csv: --columns errors are usage errors that say what to write", "[csv]") {
  CsvColumnMap map;
  const auto unknown = cptrules::interp::reader::parse_csv_column_map("cpt=Code", map);
  REQUIRE(unknown);
  CHECK_THAT(*unknown, Catch::Contains("'cpt' is not a field") && Catch::Contains("code"));
  const auto no_eq = cptrules::interp::reader::parse_csv_column_map("code", map);
  REQUIRE(no_eq);
  CHECK_THAT(*no_eq, Catch::Contains("FIELD=HEADER"));
  CHECK(cptrules::interp::reader::parse_csv_column_map("code=A,code=B", map));
}

TEST_CASE("csv: US and ISO dates, quoted numbers, modifiers in one cell", "[csv]") {
  const auto items = read_csv(kHeader +
                              "a,03/04/2025,Medicare,97110,\"33\",\"GP, 59\"\n"
                              "a,3/4/2025,Medicare,97140,\" 7 \",GP;XS KX\n"
                              "b,2025-03-04,medicare,97112,10.0,\n");
  REQUIRE(items.size() == 2);
  CHECK(items[0] == fmt::format("a row 2 date {} payer Medicare [97110 33 GP+59 -] "
                                "[97140 7 GP+XS+KX -]",
                                kMarch4));
  CHECK(items[1] == fmt::format("b row 4 date {} payer medicare [97112 10  -]", kMarch4));
}

TEST_CASE("csv: an invalid calendar date is an error naming it, its row and column", "[csv]") {
  const auto items = read_csv(kHeader +
                              "a,02/30/2025,medicare,97110,15,GP\n"
                              "b,2025-03-04,medicare,97110,15,GP\n");
  REQUIRE(items.size() == 2);
  CHECK(items[0] ==
        "a row 2: input.date-invalid: row 2, column 'date': the date must be a real "
        "calendar date YYYY-MM-DD or MM/DD/YYYY (years 1900 to 9999), got "
        "\"02/30/2025\"");
  CHECK(items[1].rfind("b row 3 date", 0) == 0);
}

TEST_CASE("csv: RFC 4180 quoting, a byte order mark and CRLF", "[csv]") {
  const std::string text =
      "\xEF\xBB\xBF"
      "encounter_id,note,code,minutes\r\n"
      "\"a,1\",\"said \"\"stop\"\", then\r\nwent on\",97110,15\r\n"
      "\"a,1\",,97140,8\r\n"
      "b,\"two\nlines\",97112,9\r\n";
  const auto items = read_csv(text);
  REQUIRE(items.size() == 2);
  CHECK(items[0] == "a,1 row 2 date -1 payer - [97110 15  -] [97140 8  -]");
  CHECK(items[1] == "b row 4 date -1 payer - [97112 9  -]");
}

TEST_CASE("csv: start and end times, as in JSON input", "[csv]") {
  const auto items = read_csv(
      "encounter_id,code,start,end,minutes\n"
      "a,97110,9:00,09:20,\n"
      "b,97110,09:00,09:20,25\n"
      "c,97110,09:00,,\n");
  REQUIRE(items.size() == 3);
  CHECK(items[0] == "a row 2 date -1 payer - [97110 20  - clock 540-560]");
  CHECK(items[1] ==
        "b row 3: input.minutes-conflict: row 3: minutes is 25 but start 09:00 to "
        "end 09:20 is 20 minutes");
  CHECK(items[2] ==
        "c row 4: input.time-incomplete: row 4 has a time in column 'start' but "
        "none in column 'end': give both (HH:MM), or minutes");
}

TEST_CASE("csv: bad values are error records naming row and column, the rest is read", "[csv]") {
  const auto items = read_csv(
      "encounter_id,code,Mins,billed_units\n"
      "a,97110,-5,\n"
      "b,97110,7.5,\n"
      "c,97110,2000,\n"
      "d,97110,15,x\n"
      "e,,15,\n"
      "f,97110,15,1\n",
      csv_options({{CsvField::minutes, "Mins"}}));
  REQUIRE(items.size() == 6);
  CHECK(items[0] ==
        "a row 2: input.minutes-negative: row 2, column 'Mins': minutes must be a "
        "non-negative whole number, got \"-5\"");
  CHECK(items[1].find("input.minutes-not-integer: row 3, column 'Mins'") != std::string::npos);
  CHECK(items[2].find("input.minutes-too-large: row 4, column 'Mins'") != std::string::npos);
  CHECK(items[3].find("input.billed-units-not-integer: row 5, column 'billed_units'") !=
        std::string::npos);
  CHECK(items[4] ==
        "e row 6: input.code-missing: row 6, column 'code': the code is empty; "
        "every row needs a code");
  CHECK(items[5] == "f row 7 date -1 payer - [97110 15  - billed 1]");
}

TEST_CASE("csv: a missing header, or missing required columns, is one usage error", "[csv]") {
  SECTION("the first row is data") {
    auto reader =
        EncounterReader::from_string("d-01,2025-03-04,medicare,97110,15\n", "x.csv", csv_options());
    const auto error = reader.start();
    REQUIRE(error);
    CHECK_THAT(*error, Catch::Contains("the first row must be a header") &&
                           Catch::Contains("encounter_id (looked for 'encounter_id')") &&
                           Catch::Contains("'d-01', '2025-03-04'") &&
                           Catch::Contains("--columns encounter_id=NAME"));
    // Read anyway, it is one error record, not one per row.
    const auto items = read_csv("d-01,2025-03-04,medicare,97110,15\nd-02,x,y,z,1\n");
    REQUIRE(items.size() == 1);
    CHECK(items[0].find("input.csv-header-invalid") != std::string::npos);
  }
  SECTION("no code column") {
    auto reader =
        EncounterReader::from_string("encounter_id,CPT\na,97110\n", "x.csv", csv_options());
    const auto error = reader.start();
    REQUIRE(error);
    CHECK_THAT(*error, Catch::Contains("no column for code (looked for 'code')"));
  }
  SECTION("two columns for one field") {
    auto reader = EncounterReader::from_string("encounter_id,code,Code\na,97110,97140\n", "x.csv",
                                               csv_options());
    const auto error = reader.start();
    REQUIRE(error);
    CHECK_THAT(*error, Catch::Contains("two columns for code"));
  }
  SECTION("a good header") {
    auto reader = EncounterReader::from_string(kHeader, "x.csv", csv_options());
    CHECK_FALSE(reader.start());
    ReadItem item;
    CHECK_FALSE(reader.next(item));  // a header alone holds no encounter
  }
}

TEST_CASE("csv: ragged rows are error records, extra empty cells are not", "[csv]") {
  const auto items = read_csv(
      "encounter_id,code,minutes\n"
      "a,97110\n"
      "b,97110,15,,\n"
      "c,97110,15,x\n"
      "d,97110,15\n");
  REQUIRE(items.size() == 4);
  CHECK(items[0] == "a row 2: input.csv-ragged-row: row 2 has 2 cells, but the header has 3");
  CHECK(items[1] == "b row 3 date -1 payer - [97110 15  -]");
  CHECK(items[2] == "c row 4: input.csv-ragged-row: row 4 has 4 cells, but the header has 3");
  CHECK(items[3] == "d row 5 date -1 payer - [97110 15  -]");
}

TEST_CASE("csv: a quote left open is an error record, and reading goes on", "[csv]") {
  SECTION("in the middle") {
    const auto items = read_csv(
        "encounter_id,code,minutes\n"
        "a,97110,15\n"
        "b,\"97110,15\n"
        "c,97112,10\n"
        "d,97140,8\n");
    REQUIRE(items.size() == 4);
    CHECK(items[0] == "a row 2 date -1 payer - [97110 15  -]");
    CHECK(items[1] ==
          "b row 3: input.csv-unclosed-quote: row 3 has a quoted cell that is not "
          "closed: a cell that starts with '\"' ends with '\"', and a quote inside it "
          "is written twice (\"\"); reading goes on at the next line");
    CHECK(items[2] == "c row 4 date -1 payer - [97112 10  -]");
    CHECK(items[3] == "d row 5 date -1 payer - [97140 8  -]");
  }
  SECTION("on the last line") {
    const auto items = read_csv("encounter_id,code,minutes\na,97110,15\nb,\"97110,15");
    REQUIRE(items.size() == 2);
    CHECK(items[1].find("b row 3: input.csv-unclosed-quote") == 0);
  }
}

TEST_CASE("csv: a 1 MiB cell is an error record, and nothing else is lost", "[csv]") {
  const std::string big(std::size_t{1} << 20, 'x');
  const auto items = read_csv(
      "encounter_id,note,code,minutes\n"
      "a,,97110,15\n"
      "b,\"" +
      big +
      "\",97110,15\n"
      "b,,97140,8\n"
      "c," +
      big +
      ",97110,15\n"
      "d,,97112,10\n");
  REQUIRE(items.size() == 4);
  CHECK(items[0] == "a row 2 date -1 payer - [97110 15  -]");
  CHECK(items[1] ==
        "b row 3: input.csv-too-long: the rows of the encounter that starts at row 3 "
        "are longer than 1048576 bytes; the rows are skipped");
  CHECK(items[2].find("c row 5: input.csv-too-long") == 0);
  CHECK(items[3] == "d row 6 date -1 payer - [97112 10  -]");
}

TEST_CASE("csv: an id that comes back after other encounters is an error record", "[csv]") {
  const auto items = read_csv(
      "encounter_id,code,minutes\n"
      "a,97110,15\n"
      "b,97110,15\n"
      "a,97140,8\n"
      "a,97112,8\n"
      "c,97110,15\n");
  REQUIRE(items.size() == 4);
  CHECK(items[0] == "a row 2 date -1 payer - [97110 15  -]");
  CHECK(items[1] == "b row 3 date -1 payer - [97110 15  -]");
  CHECK(items[2] ==
        "a row 4: input.csv-id-repeated: encounter 'a' has rows again at row 4, "
        "after other encounters (its first rows start at row 2); the rows of one "
        "encounter must be consecutive: sort the export by encounter");
  CHECK(items[3] == "c row 6 date -1 payer - [97110 15  -]");
}

TEST_CASE("csv: an empty id, and rows that disagree on the date, are error records", "[csv]") {
  const auto items = read_csv(kHeader +
                              ",2025-03-04,medicare,97110,15,\n"
                              "a,2025-03-04,medicare,97110,15,\n"
                              "a,03/05/2025,medicare,97140,8,\n"
                              "b,2025-03-04,MEDICARE,97110,15,\n"
                              "b,,medicare,97140,8,\n");
  REQUIRE(items.size() == 3);
  CHECK(items[0] ==
        "#2 row 2: input.csv-id-missing: row 2, column 'encounter_id': the "
        "encounter id is empty; every row needs the id of its encounter");
  CHECK(items[1] ==
        "a row 3: input.csv-rows-disagree: row 4, column 'date': \"03/05/2025\" "
        "differs from \"2025-03-04\" on row 3, a row of the same encounter");
  CHECK(items[2] ==
        fmt::format("b row 5 date {} payer MEDICARE [97110 15  -] [97140 8  -]", kMarch4));
}

TEST_CASE("csv: JSON where CSV is expected, and CSV where JSON is, is one clear error", "[csv]") {
  const auto json =
      read_csv("{\"id\": \"a\", \"services\": []}\n{\"id\": \"b\", \"services\": []}\n");
  REQUIRE(json.size() == 1);
  CHECK_THAT(json[0], Catch::Contains("input.csv-format-mismatch") &&
                          Catch::Contains("looks like JSON, but CSV was expected") &&
                          Catch::Contains("--input-format json"));
  const auto csv = read_csv(kHeader + "a,2025-03-04,medicare,97110,15,GP\n", ReaderOptions{});
  REQUIRE(csv.size() == 1);
  CHECK_THAT(csv[0], Catch::Contains("input.csv-format-mismatch") &&
                         Catch::Contains("looks like CSV") &&
                         Catch::Contains("--input-format csv"));
}

TEST_CASE("csv: binary garbage ends in error records, never a crash or a hang", "[csv]") {
  std::string garbage = kHeader;
  std::uint32_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245U + 12345U;
    garbage.push_back(static_cast<char>(x >> 23));
  }
  const auto items = read_csv(garbage);
  CHECK(items.size() < 100000);
  const auto raw = read_csv_raw(garbage, csv_options());
  CHECK(raw == items);
}

TEST_CASE("csv: any chunk size, and the rows of --jobs, read the same", "[csv]") {
  const std::string text = "\xEF\xBB\xBF" + kHeader +
                           "a,03/04/2025,Medicare,97110,\"33\",\"GP, 59\"\r\n"
                           "a,03/04/2025,Medicare,97140,7,GP\r\n"
                           "\r\n"
                           "b,2025-03-04,medicare,97112,10,\n"
                           "c,\"x\ny\",medicare,97110,1,\n"
                           "b,2025-03-04,medicare,97112,10,\n"
                           "d,2025-03-04,medicare,97110,\"15\n";
  const auto expected = read_csv(text);
  REQUIRE(expected.size() == 5);
  for (const std::size_t chunk : {1, 2, 3, 7, 64}) {
    INFO("chunk " << chunk);
    ReaderOptions options = csv_options();
    options.chunk_bytes = chunk;
    CHECK(read_csv(text, options) == expected);
    CHECK(read_csv_raw(text, options) == expected);
  }
}

TEST_CASE("csv: rows without a quote are found as the same rows with one are", "[csv]") {
  // Rows without a quote are found by a shortcut (csv_stream.cpp); a quoted last cell sends a row
  // through the general scanner and means the same. Ids with spaces and carriage returns around
  // them, blank rows, short rows, CRLF, and ids that come back.
  std::mt19937 random(20250304);
  const auto pick = [&](std::initializer_list<const char*> options) {
    return std::string(options.begin()[random() % options.size()]);
  };
  std::string plain = kHeader;
  std::string quoted = kHeader;
  for (int row = 0; row < 400; ++row) {
    std::vector<std::string> cells;
    switch (random() % 8) {
      case 0:
        cells = {pick({"", " ", "\t", "\r"})};
        break;
      case 1:
        cells = {pick({"", " "}), pick({"", " ", "\t"}), pick({"", " "})};
        break;
      case 2:
        cells = {pick({"a", "b"})};
        break;
      case 3:
        cells = {pick({"a", " b", "c\r"}), "2025-03-04"};
        break;
      default:
        cells = {pick({"a", "b", "c", " a", "b ", " c\t", "a\r"}),
                 pick({"2025-03-04", "x"}),
                 "medicare",
                 pick({"97110", "97140"}),
                 pick({"8", "15", ""}),
                 pick({"GP", ""})};
    }
    const std::string end = pick({"\n", "\r\n"});
    const std::string last = cells.back();
    cells.pop_back();
    std::string head;
    for (const std::string& cell : cells)
      head += cell + ",";
    plain += head + last + end;
    quoted += head + "\"" + last + "\"" + end;
  }
  const auto expected = read_csv(quoted);
  REQUIRE(expected.size() > 50);
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 16}) {
    INFO("chunk " << chunk);
    ReaderOptions options = csv_options();
    options.chunk_bytes = chunk;
    CHECK(read_csv(plain, options) == expected);
    CHECK(read_csv_raw(plain, options) == expected);
  }
}

TEST_CASE("csv: the reader's shape is csv", "[csv]") {
  auto reader = EncounterReader::from_string(kHeader + "a,,,97110,15,\n", "x.csv", csv_options());
  ReadItem item;
  REQUIRE(reader.next(item));
  CHECK(reader.shape() == InputShape::csv);
  CHECK(reader.describe_shape() == "CSV");
  CHECK(reader.gives_raw_lines());
}
