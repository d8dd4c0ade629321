// Unit tests of format_rules and dump_ast: every layout rule, comments, idempotence, meaning.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast_dump.hpp"
#include "formatter.hpp"
#include "parser.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using cptrules::lang::Diagnostics;
using cptrules::lang::dump_ast;
using cptrules::lang::format_rules;
using cptrules::lang::parse;
using cptrules::lang::SourceFile;
using cptrules::test::read_file;

std::shared_ptr<const SourceFile> source(const std::string& text,
                                         const std::string& name = "test.rules") {
  return std::make_shared<const SourceFile>(name, text);
}

// The formatted text; fails the test when the text is refused.
std::string formatted(const std::string& text) {
  Diagnostics diagnostics;
  const std::optional<std::string> out = format_rules(source(text), diagnostics);
  if (!out)
    FAIL(text << "\nwas refused:\n" << cptrules::lang::render(diagnostics));
  REQUIRE(diagnostics.empty());
  return *out;
}

std::string dump_of(const std::string& text, const std::string& name = "test.rules") {
  return dump_ast(parse(source(text, name)).module);
}

std::vector<fs::path> rule_files_under(const char* dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CPTRULES_SOURCE_DIR) / dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".rules") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("fmt: two spaces per brace depth, one clause a line, braces at the line ends") {
  CHECK(formatted("code 97140 \"x\"{timed every 15 min\n      disciplines PT,OT}") ==
        "code 97140 \"x\" {\n"
        "  timed every 15 min\n"
        "  disciplines PT, OT\n"
        "}\n");
  CHECK(formatted("policy p {\n"
                  "pool each code\n"
                  "        units = minutes / unit\n"
                  "allocate {\n"
                  "each code gets minutes / unit\n"
                  "      ties are alternatives }\n"
                  "}\n") ==
        "policy p {\n"
        "  pool each code\n"
        "  units = minutes / unit\n"
        "  allocate {\n"
        "    each code gets minutes / unit\n"
        "    ties are alternatives\n"
        "  }\n"
        "}\n");
}

TEST_CASE("fmt: one space between tokens, none before ',' nor inside '(...)', '..' tight") {
  CHECK(formatted("policy p {\n"
                  "  units   =(minutes+( unit - 1 )/2)/unit\n"
                  "}\n") ==
        "policy p {\n"
        "  units = (minutes + (unit - 1) / 2) / unit\n"
        "}\n");
  CHECK(formatted("policy p {\n"
                  "  units by table {\n"
                  "    8 .. 22 min ->  1\n"
                  "    23..37 min -> max( minutes/15 ,- 1 )\n"
                  "    38 min or more -> if minutes>=40 and not(minutes == 41) then 3 else - 1\n"
                  "  }\n"
                  "}\n") ==
        "policy p {\n"
        "  units by table {\n"
        "    8..22 min -> 1\n"
        "    23..37 min -> max(minutes / 15, -1)\n"
        "    38 min or more -> if minutes >= 40 and not (minutes == 41) then 3 else -1\n"
        "  }\n"
        "}\n");
  CHECK(formatted("test \"t\" {\n"
                  "  payer   medicare\n"
                  "  given 97110 10 min ,97140 5 min with 59 and GP\n"
                  "  expect 97110 x1 ,97140 x0\n"
                  "}\n") ==
        "test \"t\" {\n"
        "  payer medicare\n"
        "  given 97110 10 min, 97140 5 min with 59 and GP\n"
        "  expect 97110 x1, 97140 x0\n"
        "}\n");
}

TEST_CASE("fmt: a name with '-' is one word and is never split") {
  // `minutes-8` is a single name in the grammar, not a subtraction; the formatter keeps it.
  CHECK(formatted("policy p {\n  units = minutes-8\n}\n") ==
        "policy p {\n  units = minutes-8\n}\n");
  CHECK(dump_of("policy p {\n  units = minutes-8\n}\n") !=
        dump_of("policy p {\n  units = minutes - 8\n}\n"));
}

TEST_CASE("fmt: two spaces before an inline 'because' and around 'or' between allocations") {
  CHECK(formatted("policy p {\n"
                  "  units = minutes / unit because \"why\"\n"
                  "  allocate {\n"
                  "    rest by leftover minutes ,largest first      because \"r\"\n"
                  "  }\n"
                  "}\n") ==
        "policy p {\n"
        "  units = minutes / unit  because \"why\"\n"
        "  allocate {\n"
        "    rest by leftover minutes, largest first  because \"r\"\n"
        "  }\n"
        "}\n");
  CHECK(formatted("test \"t\" {\n"
                  "  given 97110 7 min, 97140 7 min\n"
                  "  expect 97110 x1, 97140 x0 or 97110 x0, 97140 x1\n"
                  "}\n") ==
        "test \"t\" {\n"
        "  given 97110 7 min, 97140 7 min\n"
        "  expect 97110 x1, 97140 x0  or  97110 x0, 97140 x1\n"
        "}\n");
}

TEST_CASE("fmt: blank lines") {
  SECTION("none at the start or the end; one newline at the end") {
    CHECK(formatted("\n\n\ncode 1 {\n  untimed\n}\n\n\n\n") == "code 1 {\n  untimed\n}\n");
    CHECK(formatted("code 1 {\n  untimed\n}") == "code 1 {\n  untimed\n}\n");
  }
  SECTION("exactly one between top-level declarations") {
    CHECK(formatted(
              "code 1 {\n  untimed\n}\ncode 2 {\n  untimed\n}\n\n\n\ncode 3 {\n  untimed\n}\n") ==
          "code 1 {\n  untimed\n}\n\ncode 2 {\n  untimed\n}\n\ncode 3 {\n  untimed\n}\n");
    CHECK(formatted("code 1 { untimed } code 2 { untimed }\n") ==
          "code 1 {\n  untimed\n}\n\ncode 2 {\n  untimed\n}\n");
  }
  SECTION("at most one inside a body, none just after '{' or before '}'") {
    CHECK(formatted("code 1 {\n\n\n  untimed\n\n\n\n  disciplines PT\n  disciplines OT\n\n}\n") ==
          "code 1 {\n  untimed\n\n  disciplines PT\n  disciplines OT\n}\n");
  }
  SECTION("a comment before a declaration stays attached to it") {
    CHECK(
        formatted(
            "# file\n\n\n# about 1\ncode 1 {\n  untimed\n}\n# about 2\ncode 2 {\n  untimed\n}\n") ==
        "# file\n\n# about 1\ncode 1 {\n  untimed\n}\n\n# about 2\ncode 2 {\n  untimed\n}\n");
  }
}

TEST_CASE("fmt: comments are kept") {
  CHECK(formatted("#no space   and  runs of spaces kept   \n"
                  "code 1 {    # after the brace\n"
                  "        # re-indented\n"
                  "  untimed# right after code\n"
                  "# at column one\n"
                  "}# after the closing brace\n") ==
        "#no space   and  runs of spaces kept\n"
        "code 1 {  # after the brace\n"
        "  # re-indented\n"
        "  untimed  # right after code\n"
        "  # at column one\n"
        "}  # after the closing brace\n");
  SECTION("a comment after a clause split off a one-line body follows that clause") {
    CHECK(formatted("payer p { policy q }  # why\n") == "payer p {\n  policy q\n}  # why\n");
  }
}

TEST_CASE("fmt: strings are kept byte for byte") {
  CHECK(formatted(
            "code 1   \"  two  spaces, a \\\"quote\\\", a \\\\ and\ta tab  \" {\n  untimed\n}\n") ==
        "code 1 \"  two  spaces, a \\\"quote\\\", a \\\\ and\ta tab  \" {\n  untimed\n}\n");
  CHECK(formatted("code 1 {\n  note \"# not a comment {\"\n  untimed\n}\n") ==
        "code 1 {\n  note \"# not a comment {\"\n  untimed\n}\n");
}

TEST_CASE("fmt: one-line bodies") {
  SECTION("a nested body written on one line stays on one line") {
    CHECK(formatted("test \"t\" {\n"
                    "  payer commercial\n"
                    "  code T30 \"x\" {   timed every 30 min   }\n"
                    "  table T30 { 16 min ->1 }\n"
                    "}\n") ==
          "test \"t\" {\n"
          "  payer commercial\n"
          "  code T30 \"x\" { timed every 30 min }\n"
          "  table T30 { 16 min -> 1 }\n"
          "}\n");
  }
  SECTION("a top-level body is always laid out over lines") {
    CHECK(formatted("payer p \"P\" { policy q }\n") == "payer p \"P\" {\n  policy q\n}\n");
  }
  SECTION("a nested body over several lines stays over several lines") {
    CHECK(formatted("test \"t\" {\n  code T30 {\n    timed every 30 min\n  }\n}\n") ==
          "test \"t\" {\n  code T30 {\n    timed every 30 min\n  }\n}\n");
  }
  SECTION("a nested one-line body longer than 100 columns is laid out over lines") {
    const std::string title(80, 'a');
    CHECK(formatted("test \"t\" {\n  code T30 \"" + title + "\" { timed every 30 min }\n}\n") ==
          "test \"t\" {\n  code T30 \"" + title + "\" {\n    timed every 30 min\n  }\n}\n");
  }
  SECTION("an empty body is {}") {
    CHECK(formatted("modifier 59 \"x\" {\n\n}\n") == "modifier 59 \"x\" {}\n");
    CHECK(formatted("modifier 59 {}\nmodifier 25 { }\n") == "modifier 59 {}\n\nmodifier 25 {}\n");
  }
}

TEST_CASE("fmt: the words of a fact clause keep their characters") {
  CHECK(formatted("code 1 {\n"
                  "  untimed\n"
                  "  contact   direct ( one-on-one ) ,hands-on\n"
                  "  techniques {\n"
                  "        joint mobilization (grade I-IV),soft tissue\n"
                  "    # more\n"
                  "   e/f, it's\n"
                  "  }\n"
                  "  not device-based\n"
                  "  performed   by physician\n"
                  "  regions { one or more }\n"
                  "}\n") ==
        "code 1 {\n"
        "  untimed\n"
        "  contact direct ( one-on-one ), hands-on\n"
        "  techniques {\n"
        "    joint mobilization (grade I-IV), soft tissue\n"
        "    # more\n"
        "    e/f, it's\n"
        "  }\n"
        "  not device-based\n"
        "  performed by physician\n"
        "  regions { one or more }\n"
        "}\n");
}

TEST_CASE("fmt: tabs, trailing blanks and CRLF line ends") {
  CHECK(formatted("code 1 {\r\n\tuntimed   \r\n\tdisciplines\tPT,\tOT\r\n}\r\n") ==
        "code 1 {\n  untimed\n  disciplines PT, OT\n}\n");
}

TEST_CASE("fmt: edits, modifiers and limits") {
  CHECK(formatted("edit e \"x\" { column 1 97110 .. 97112,97140\n"
                  "column 2 97530\n"
                  "bypass with 59,XS }\n"
                  "limit l { codes 97110\n at most 4 units per day }\n") ==
        "edit e \"x\" {\n"
        "  column 1 97110..97112, 97140\n"
        "  column 2 97530\n"
        "  bypass with 59, XS\n"
        "}\n"
        "\n"
        "limit l {\n"
        "  codes 97110\n"
        "  at most 4 units per day\n"
        "}\n");
}

TEST_CASE("fmt: finding ids are kept as written") {
  CHECK(formatted("test \"t\" {\n"
                  "  given 97140 10 min\n"
                  "  expect   finding edit.ncci-97140\n"
                  "  expect no finding code.-odd_.id\n"
                  "}\n") ==
        "test \"t\" {\n"
        "  given 97140 10 min\n"
        "  expect finding edit.ncci-97140\n"
        "  expect no finding code.-odd_.id\n"
        "}\n");
}

TEST_CASE("fmt: a test's clock times, disciplines, billed units and findings on a line") {
  CHECK(formatted("test \"t\" {\n"
                  "  given 97110  from 10:00   to 10:20 in   OT billed  2 with GO,97140 20 min\n"
                  "  expect 97110 in OT  x1 , 97140 x1\n"
                  "  expect finding   units.over-billed   on 97110  in OT\n"
                  "}\n") ==
        "test \"t\" {\n"
        "  given 97110 from 10:00 to 10:20 in OT billed 2 with GO, 97140 20 min\n"
        "  expect 97110 in OT x1, 97140 x1\n"
        "  expect finding units.over-billed on 97110 in OT\n"
        "}\n");
}

TEST_CASE("fmt: an empty file or a file of comments") {
  CHECK(formatted("") == "");
  CHECK(formatted("\n\n  \n") == "");
  CHECK(formatted("\n# one\n\n\n   # two\n") == "# one\n\n# two\n");
}

TEST_CASE("fmt: a file that does not parse is refused with its diagnostics") {
  Diagnostics diagnostics;
  const auto out = format_rules(source("code 97140 {\n  timed evry 15 min\n}\n"), diagnostics);
  CHECK_FALSE(out.has_value());
  REQUIRE(diagnostics.has_errors());
  CHECK(diagnostics.items().front().id == "E0101");

  Diagnostics unclosed;
  CHECK_FALSE(format_rules(source("code 97140 {\n  untimed\n"), unclosed).has_value());
  CHECK(unclosed.has_errors());

  Diagnostics value_error;
  CHECK_FALSE(
      format_rules(source("code 1 {\n  effective 2021-02-30\n}\n"), value_error).has_value());
  CHECK(value_error.has_errors());
}

TEST_CASE("fmt: every standard and example rule file is kept in meaning and formats idempotently") {
  std::vector<fs::path> files = rule_files_under("stdlib-rules");
  REQUIRE(files.size() >= 10);
  for (const fs::path& path : rule_files_under("examples"))
    files.push_back(path);
  for (const fs::path& path : files) {
    INFO(path.string());
    const std::string text = read_file(path);
    Diagnostics diagnostics;
    const auto once = format_rules(source(text, path.string()), diagnostics);
    if (path.string().find("/broken/") != std::string::npos) {
      CHECK_FALSE(once.has_value());  // examples/broken/ is broken on purpose
      continue;
    }
    REQUIRE(once.has_value());
    CHECK(dump_of(*once, path.string()) == dump_of(text, path.string()));
    Diagnostics again;
    const auto twice = format_rules(source(*once, path.string()), again);
    REQUIRE(twice.has_value());
    CHECK(*twice == *once);
  }
}

TEST_CASE("dump_ast: every field, no spans") {
  const std::string text =
      "code 97110 \"Exercise\" {\n"
      "  descriptor \"d\"\n"
      "  timed every 15 min\n"
      "  add-on to 97161\n"
      "  replaces 97100\n"
      "  disciplines PT, OT\n"
      "  contact direct   one-on-one\n"
      "  effective 2020-01-01\n"
      "  expires 2030-12-31\n"
      "  source \"s \\\"q\\\"\"\n"
      "  note \"n\"\n"
      "}\n"
      "policy p {\n"
      "  pool timed minutes per day and discipline\n"
      "  units by table {\n"
      "    8..22 min -> 1\n"
      "    23 min or more -> 1 + (minutes - 23) / 15\n"
      "    because \"t\"\n"
      "  }\n"
      "  allocate {\n"
      "    each code gets minutes / unit  because \"f\"\n"
      "    rest by leftover minutes, largest first\n"
      "    ties by units, fewest first  because \"u\"\n"
      "    ties are alternatives\n"
      "  }\n"
      "}\n"
      "payer m \"M\" {\n"
      "  policy p\n"
      "  discipline modifier GP for PT\n"
      "}\n"
      "edit e {\n"
      "  column 1 97110..97112\n"
      "  column 2 97140\n"
      "  bypass with 59, XS\n"
      "  severity warning\n"
      "}\n"
      "modifier 59 \"Distinct\" {}\n"
      "limit l {\n"
      "  codes 97110\n"
      "  at most 4 units per day\n"
      "}\n"
      "test \"t\" {\n"
      "  payer m\n"
      "  code T30 { timed first 30 min }\n"
      "  given 97110 10 min with 59 and GP, 97140\n"
      "  expect 97110 x1, 97140 x1  or  97110 x0, 97140 x1\n"
      "  expect total 2\n"
      "  expect no finding edit.pair\n"
      "}\n";
  CHECK(dump_of(text) ==
        "module \"test.rules\"\n"
        "  code 97110\n"
        "    title \"Exercise\"\n"
        "    descriptor \"d\"\n"
        "    timing timed\n"
        "    unit_minutes 15\n"
        "    first_block_only false\n"
        "    addon_to 97161\n"
        "    replaces 97100\n"
        "    disciplines PT, OT\n"
        "    fact \"contact\"\n"
        "      phrase \"direct one-on-one\"\n"
        "    effective 2020-01-01\n"
        "    expires 2030-12-31\n"
        "    source \"s \\\"q\\\"\"\n"
        "    note \"n\"\n"
        "  policy p\n"
        "    title none\n"
        "    pool timed minutes per day and discipline\n"
        "    units table\n"
        "      formula 0\n"
        "      row 8..22 min -> 1\n"
        "      row 23 min or more -> (1 + ((minutes - 23) / 15))\n"
        "      because \"t\"\n"
        "    allocate\n"
        "      each code gets (minutes / unit)\n"
        "      each code gets because \"f\"\n"
        "      rest by leftover minutes\n"
        "      rest because none\n"
        "      ties are alternatives true\n"
        "      ties because none\n"
        "      ties by units, fewest first true\n"
        "      ties order because \"u\"\n"
        "    effective none\n"
        "    expires none\n"
        "  payer m\n"
        "    title \"M\"\n"
        "    policy p\n"
        "    discipline modifier GP for PT\n"
        "    effective none\n"
        "    expires none\n"
        "  edit e\n"
        "    title none\n"
        "    column 1 97110..97112\n"
        "    column 2 97140\n"
        "    bypass with 59, XS\n"
        "    bypass on either line false\n"
        "    no bypass false\n"
        "    when none\n"
        "    message none\n"
        "    payers none\n"
        "    severity warning\n"
        "    effective none\n"
        "    expires none\n"
        "  modifier 59\n"
        "    title \"Distinct\"\n"
        "    effective none\n"
        "    expires none\n"
        "  limit l\n"
        "    title none\n"
        "    codes 97110\n"
        "    at most 4 units per day\n"
        "    payers none\n"
        "    message none\n"
        "    effective none\n"
        "    expires none\n"
        "  test \"t\"\n"
        "    payer m\n"
        "    date none\n"
        "    discipline none\n"
        "    code T30\n"
        "      title none\n"
        "      descriptor none\n"
        "      timing timed\n"
        "      unit_minutes 30\n"
        "      first_block_only true\n"
        "      addon_to none\n"
        "      replaces none\n"
        "      disciplines none\n"
        "      effective none\n"
        "      expires none\n"
        "    case\n"
        "      given 97110 10 min with 59 and GP\n"
        "      given 97140\n"
        "      expect 97110 x1, 97140 x1\n"
        "      expect 97110 x0, 97140 x1\n"
        "      total 2\n"
        "      expect no finding edit.pair\n");
}

TEST_CASE("dump_ast: layout and comments do not matter, meaning does") {
  const std::string a = "policy p {\n  units = (minutes + 7) / 15\n}\n";
  const std::string b = "# c\npolicy   p{units=(minutes+7)/15 # c\n\n}";
  CHECK(dump_of(a) == dump_of(b));
  CHECK(dump_of(a) != dump_of("policy p {\n  units = minutes + 7 / 15\n}\n"));
  // A misspelled keyword declares nothing, but its name is kept as broken (not reported unknown).
  CHECK(dump_ast(parse(source("cod 1 {}\n")).module) ==
        "module \"test.rules\"\n  broken \"code 1\"\n");
  CHECK(dump_of("code 1 {\n  untimed\n}\ncode 2 {\n  timd\n}\n").find("broken \"code 2\"") !=
        std::string::npos);
}

TEST_CASE("fmt: every spelling of minutes after a number is written 'min'") {
  CHECK(formatted("code X1 {\n  timed every 15 minutes\n}\n") ==
        "code X1 {\n  timed every 15 min\n}\n");
  CHECK(formatted("code X1 {\n  timed every 15mins\n}\n") ==
        "code X1 {\n  timed every 15 min\n}\n");
  CHECK(formatted("policy p {\n  pool each code\n  units by table {\n    8..22 mins->1\n"
                  "    23 minute or more -> 2\n  }\n}\n") ==
        "policy p {\n  pool each code\n  units by table {\n    8..22 min -> 1\n"
        "    23 min or more -> 2\n  }\n}\n");
  // `minutes` elsewhere is the variable and stays.
  CHECK(formatted("policy p {\n  units = 15 + minutes\n}\n") ==
        "policy p {\n  units = 15 + minutes\n}\n");
}

TEST_CASE("fmt: a byte-order mark is dropped") {
  CHECK(formatted("\xEF\xBB\xBF"
                  "code X1 {\n  untimed\n}\n") == "code X1 {\n  untimed\n}\n");
}
