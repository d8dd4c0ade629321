// Tests of the reader's fast path for plain lines: the scanner, and the same items as simdjson's.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "../fuzz/fuzz_targets.hpp"
#include "encounter_reader.hpp"
#include "plain_json.hpp"

namespace {

using cptrules::fuzz::ItemSignature;
using cptrules::fuzz::signature_of;
using cptrules::interp::LineParser;
using cptrules::interp::PlainJson;
using cptrules::interp::ReaderOptions;
using cptrules::interp::ReadItem;

// A scanner over a copy of `text` that ends with the sentinel and the padding the scanner needs.
struct Scan {
  explicit Scan(std::string_view text) : copy(padded(text)), json(copy.c_str(), text.size()) {}
  static std::string padded(std::string_view text) {
    std::string out(text);
    out.append(1 + PlainJson::kPadding, '\0');
    return out;
  }
  std::string copy;
  PlainJson json;
};

// What a line gives with the fast path and without it, and whether the fast path read it.
struct BothWays {
  ItemSignature fast;
  ItemSignature general;
  bool took_fast_path = false;
};

BothWays read_both_ways(std::string_view line) {
  ReaderOptions without;
  without.plain_fast_path = false;
  LineParser fast;
  LineParser general(without);
  ReadItem item;
  BothWays out;
  REQUIRE(fast.parse(line, 7, item));
  out.fast = signature_of(item);
  out.took_fast_path = fast.plain_lines() == 1;
  REQUIRE(general.parse(line, 7, item));
  out.general = signature_of(item);
  REQUIRE(general.plain_lines() == 0);
  return out;
}

}  // namespace

TEST_CASE("the plain scanner stops a string at its first byte that is not plain", "[plain]") {
  // Every byte at every place of strings up to 40 long: the scan, 16 bytes at a time, must stop
  // at the first byte outside printable ASCII, or at a quote or backslash, wherever it falls.
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte <= 0xFF; ++byte) {
        std::string body(length, 'a');
        body[at] = static_cast<char>(byte);
        Scan scan("\"" + body + "\"");
        std::string_view text;
        const bool plain = byte >= 0x20 && byte <= 0x7E && byte != '\\';
        INFO("length " << length << ", byte " << byte << " at " << at);
        REQUIRE(scan.json.string(text) == plain);
        if (plain)
          REQUIRE(text == (byte == '"' ? body.substr(0, at) : body));
      }
    }
  }
}

TEST_CASE("the plain scanner takes strings of printable ASCII without escapes", "[plain]") {
  std::string_view text;
  Scan a(R"( "97110" )");
  REQUIRE(a.json.string(text));
  CHECK(text == "97110");
  CHECK(a.json.at_end());

  Scan empty(R"("")");
  REQUIRE(empty.json.string(text));
  CHECK(text.empty());

  CHECK_FALSE(Scan(R"("a\"b")").json.string(text));        // an escape
  CHECK_FALSE(Scan("\"caf\xc3\xa9\"").json.string(text));  // UTF-8
  CHECK_FALSE(Scan("\"a\tb\"").json.string(text));         // a control character
  CHECK_FALSE(Scan("\"a\x7f\"").json.string(text));        // DEL
  CHECK_FALSE(Scan(R"("unterminated)").json.string(text));
  CHECK_FALSE(Scan("'single'").json.string(text));
}

TEST_CASE("the plain scanner takes the rest of a string only when it is the text given",
          "[plain]") {
  std::string_view text;
  Scan code(R"("code": 1)");
  REQUIRE(code.json.take('"'));
  CHECK(code.json.peek() == 'c');
  CHECK_FALSE(code.json.take_rest_of_string("cod"));  // no quote after it
  CHECK_FALSE(code.json.take_rest_of_string("codes"));
  REQUIRE(code.json.take_rest_of_string("code"));
  CHECK(code.json.take(':'));

  Scan short_line(R"("cod)");  // the text would run past the end
  REQUIRE(short_line.json.take('"'));
  CHECK_FALSE(short_line.json.take_rest_of_string("code"));
  CHECK(short_line.json.string(text) == false);
}

TEST_CASE("keys are known by the fast path exactly as simdjson's reader knows them", "[plain]") {
  // Each field name of the services and of the encounter, and names one byte off from it: the
  // fast path takes only the names it reads, and every line gives the same items both ways.
  const auto variants = [](std::string_view name) {
    std::vector<std::string> out{std::string(name)};
    out.push_back(std::string(name) + "s");
    out.push_back(std::string(name.substr(0, name.size() - 1)));
    std::string upper(name);
    upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
    out.push_back(upper);
    out.push_back(std::string(name) + "\\u0041");
    return out;
  };
  int fast = 0;
  for (const std::string_view name : {"code", "minutes", "modifiers", "discipline", "billed_units",
                                      "provider", "assistant_minutes", "start", "end"}) {
    const std::string value = name == "modifiers"                ? "[]"
                              : name == "start" || name == "end" ? "\"09:00\""
                              : name == "code" || name == "discipline" || name == "provider"
                                  ? "\"x\""
                                  : "1";
    for (const std::string& key : variants(name)) {
      const std::string line =
          fmt::format(R"({{"id": "k", "services": [{{"code": "97110", "{}": {}}}]}})", key, value);
      INFO(line);
      const BothWays both = read_both_ways(line);
      CHECK(both.fast == both.general);
      fast += both.took_fast_path ? 1 : 0;
    }
  }
  for (const std::string_view name : {"id", "date", "payer", "discipline", "provider"}) {
    for (const std::string& key : variants(name)) {
      const std::string value = name == "date" ? "2025-03-03" : "x";
      const std::string line = fmt::format(R"({{"{}": "{}", "services": []}})", key, value);
      INFO(line);
      const BothWays both = read_both_ways(line);
      CHECK(both.fast == both.general);
      fast += both.took_fast_path ? 1 : 0;
    }
  }
  // Taken by the fast path: minutes, modifiers, discipline, billed_units, provider and
  // assistant_minutes of a service (a repeated code goes to simdjson), and the five names of
  // the encounter; no other variant.
  CHECK(fast == 6 + 5);
}

TEST_CASE("the plain scanner stops at an embedded NUL as at the end", "[plain]") {
  std::string_view text;
  const std::string with_nul("\"ab\0cd\"", 7);
  CHECK_FALSE(Scan(with_nul).json.string(text));
  Scan spaces(" \t\r ");
  CHECK(spaces.json.at_end());
  CHECK_FALSE(Scan(std::string(" \0 ", 3)).json.at_end());
  CHECK_FALSE(Scan(std::string(" \0,", 3)).json.take(','));
  CHECK_FALSE(Scan(std::string("\0", 1)).json.take('"'));
  CHECK(Scan("  \t,").json.take(','));  // more whitespace than the one space after a comma
}

TEST_CASE("the plain scanner takes small whole numbers as JSON writes them", "[plain]") {
  std::int64_t n = -1;
  REQUIRE(Scan("0").json.whole_number(1440, n));
  CHECK(n == 0);
  REQUIRE(Scan(" 1440,").json.whole_number(1440, n));
  CHECK(n == 1440);
  CHECK_FALSE(Scan("1441").json.whole_number(1440, n));  // over the maximum
  CHECK_FALSE(Scan("015").json.whole_number(1440, n));   // a leading zero is not JSON
  CHECK_FALSE(Scan("-1").json.whole_number(1440, n));
  CHECK_FALSE(Scan("15.0").json.whole_number(1440, n));
  CHECK_FALSE(Scan("15e0").json.whole_number(1440, n));
  CHECK_FALSE(Scan("1E2").json.whole_number(1440, n));
  CHECK_FALSE(Scan("9999999999").json.whole_number(1440, n));
  CHECK_FALSE(Scan("").json.whole_number(1440, n));
}

TEST_CASE("plain lines are read by the fast path, with the same items as simdjson gives",
          "[plain]") {
  const char* const plain[] = {
      R"({"id": "e1", "date": "2025-05-23", "payer": "commercial", "discipline": "PT", )"
      R"("services": [{"code": "97112", "minutes": 1}]})",
      R"({"id":"e2","date":"2025-12-12","payer":"medicare","services":[{"code":"97010",)"
      R"("modifiers":["GO"]},{"code":"97110","minutes":0,"modifiers":[],"discipline":"OT"}]})",
      "{ \"services\" : [ ] ,\t\"id\" : \"tabs and spaces\" }\r",
      "{\"id\":  \"two spaces\",  \"services\": [ \t{\"code\": \t\"97110\"} ]}",
      R"({"services": [{"minutes": 1440, "code": "97110"}]})",
      R"({"id": "", "services": [{"code": "x"}]})",
      R"({"services": [{"code": "97110", "minutes": 20, "billed_units": 3, "discipline": "X"}]})",
      R"({"services": [{"billed_units": 0, "code": "97110"}, {"code": "1", "billed_units": 1000}]})",
  };
  for (const char* line : plain) {
    INFO(line);
    const BothWays both = read_both_ways(line);
    CHECK(both.took_fast_path);
    CHECK(both.fast.ok);
    CHECK(both.fast == both.general);
  }
}

TEST_CASE("lines outside the plain shape go to simdjson and give the same items", "[plain]") {
  const char* const other[] = {
      R"({"id": "e\u0031", "services": [{"code": "97110", "minutes": 8}]})",  // an escape
      R"({"id": "é", "services": [{"code": "97110", "minutes": 8}]})",        // UTF-8
      R"({"id": "a", "id": "b", "services": []})",                            // a repeated field
      R"({"id": "a", "services": [{"code": "97110", "code": "97112"}]})",
      R"({"id": null, "services": []})",
      R"({"id": "a", "services": [{"code": "97110", "minutes": 08}]})",
      R"({"id": "a", "services": [{"code": "97110", "minutes": -1}]})",
      R"({"id": "a", "services": [{"code": "97110", "minutes": 8.5}]})",
      R"({"id": "a", "services": [{"code": "97110", "minutes": 1e1}]})",
      R"({"id": "a", "services": [{"code": "97110", "minutes": 1441}]})",
      R"({"id": "a", "services": [{"code": "", "minutes": 8}]})",
      R"({"id": "a", "services": [{"minutes": 8}]})",
      R"({"id": "a", "services": [{"code": "97110", "start": "09:00", "end": "09:08"}]})",
      R"({"id": "a", "services": [{"code": "97110", "start": "09:00"}]})",
      R"({"id": "a", "services": [{"code": "97110", "end": "09:08", "billed_units": 1}]})",
      R"({"id": "a", "services": [{"code": "97110", "billed_units": -1}]})",
      R"({"id": "a", "services": [{"code": "97110", "billed_units": 1.5}]})",
      R"({"id": "a", "services": [{"code": "97110", "billed_units": 1001}]})",
      R"({"id": "a", "services": [{"code": "97110", "billed_units": "2"}]})",
      R"({"id": "a", "services": [{"code": "97110", "billed_units": null}]})",
      R"({"id": "a", "services": [{"code": "97110", "billed_units": 2, "billed_units": 3}]})",
      R"({"id": "a", "note": "x", "services": []})",
      R"({"id": "a", "date": "2025-02-30", "services": []})",
      R"({"id": "a", "date": "2025-02-03"})",
      R"({"id": "a", "services": []} x)",
      R"({"id": "a", "services": [],})",
      R"({"id": "a", "services": [{"code": "97110", "modifiers": ["GP",]}]})",
      R"({"id": "a", "services": [{"code": "97110", "modifiers": [1]}]})",
      R"({"id": "a", "services": {"code": "97110"}})",
      R"({"id": "a", "services": [{"code": "97110"})",
      R"(["not", "an", "object"])",
      "{\"id\": \"a\", \"services\": []}\x0b",
      "\xef\xbb\xbf{\"id\": \"bom\", \"services\": []}",
  };
  for (const char* line : other) {
    INFO(line);
    const BothWays both = read_both_ways(line);
    CHECK_FALSE(both.took_fast_path);
    CHECK(both.fast == both.general);
  }
  // An id of 257 bytes is an error record; 256 bytes is not.
  for (const std::size_t size : {std::size_t{256}, std::size_t{257}}) {
    const std::string line =
        fmt::format(R"({{"id": "{}", "services": []}})", std::string(size, 'i'));
    const BothWays both = read_both_ways(line);
    CHECK(both.took_fast_path == (size == 256));
    CHECK(both.fast == both.general);
  }
}

TEST_CASE("random plain lines and their random mutations read the same both ways", "[plain]") {
  std::mt19937 random(20250302);
  const auto pick = [&](std::initializer_list<const char*> options) {
    const auto at = std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(random);
    return std::string(*(options.begin() + at));
  };
  const auto make_line = [&]() {
    std::string line = "{";
    line += fmt::format("\"id\": \"e{}\", ", random() % 1000);
    line += pick({"", "\"date\": \"2025-05-23\", ", "\"date\": \"2024-02-29\", "});
    line += pick({"", "\"payer\": \"medicare\", ", "\"payer\": \"commercial\", "});
    line += pick({"", "\"discipline\": \"OT\", "});
    line += "\"services\": [";
    const int services = static_cast<int>(random() % 4);
    for (int i = 0; i < services; ++i) {
      if (i > 0)
        line += ", ";
      line += fmt::format("{{\"code\": \"{}\"", pick({"97110", "97140", "97010", "x"}));
      line += pick({"", ", \"minutes\": 0", ", \"minutes\": 8", ", \"minutes\": 1440"});
      line += pick({"", ", \"modifiers\": []", ", \"modifiers\": [\"GP\", \"59\"]"});
      line +=
          pick({"", ", \"billed_units\": 0", ", \"billed_units\": 3", ", \"discipline\": \"OT\""});
      line += "}";
    }
    line += "]}";
    return line;
  };
  const std::string bytes = "{}[]\",:0123456789.-eE \t\r\\u\x01\x7f\xc3\xa9nulltrue";
  int fast_lines = 0;
  int mutated_fast = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string line = make_line();
    {
      const BothWays both = read_both_ways(line);
      INFO(line);
      CHECK(both.took_fast_path);
      CHECK(both.fast == both.general);
      fast_lines += both.took_fast_path ? 1 : 0;
    }
    // One to three bytes changed, inserted or removed.
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !line.empty(); ++e) {
      const std::size_t at = random() % line.size();
      const char byte = bytes[random() % bytes.size()];
      switch (random() % 3) {
        case 0:
          line[at] = byte;
          break;
        case 1:
          line.insert(line.begin() + static_cast<std::ptrdiff_t>(at), byte);
          break;
        default:
          line.erase(at, 1);
          break;
      }
    }
    const BothWays both = read_both_ways(line);
    INFO(line);
    CHECK(both.fast == both.general);
    mutated_fast += both.took_fast_path ? 1 : 0;
  }
  CHECK(fast_lines == 3000);
  // Some mutations keep a line plain (a changed digit, a removed space): both kinds are tested.
  CHECK(mutated_fast > 100);
  CHECK(mutated_fast < 2900);
}
