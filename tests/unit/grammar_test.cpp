// Unit tests of the PEGTL grammar: no left recursion or empty loops, and its lexical rules.
#include <catch2/catch.hpp>

#include <string>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar.hpp"

namespace {

namespace pegtl = tao::pegtl;
namespace g = cptrules::lang::grammar;

// True when `Rule` matches all of `text`.
template <typename Rule>
bool matches(const std::string& text) {
  pegtl::memory_input in(text, "test");
  try {
    return pegtl::parse<pegtl::seq<Rule, pegtl::eof>>(in);
  } catch (const pegtl::parse_error&) {
    return false;  // a `need` inside the rule failed
  }
}

}  // namespace

TEST_CASE("the grammar has no left recursion and no loop without progress", "[grammar]") {
  CHECK(pegtl::analyze<g::file>() == 0);
  CHECK(pegtl::analyze<g::one_declaration>() == 0);
  CHECK(pegtl::analyze<g::expr>() == 0);
}

TEST_CASE("grammar: code names are digits and capital letters", "[grammar]") {
  CHECK(matches<g::code_name>("97140"));
  CHECK(matches<g::code_name>("G0283"));
  CHECK(matches<g::code_name>("T30"));
  CHECK_FALSE(matches<g::code_name>("g0283"));
  CHECK_FALSE(matches<g::code_name>("97140a"));
  CHECK_FALSE(matches<g::code_name>("97140-59"));
  CHECK_FALSE(matches<g::code_name>(""));
}

TEST_CASE("grammar: names start with a letter and may hold digits, '-' and '_'", "[grammar]") {
  CHECK(matches<g::name>("cms-8-minute"));
  CHECK(matches<g::name>("medicare"));
  CHECK(matches<g::name>("a_b"));
  CHECK_FALSE(matches<g::name>("8-minute"));
  CHECK_FALSE(matches<g::name>("-x"));
}

TEST_CASE("grammar: keywords end at a word boundary", "[grammar]") {
  CHECK(matches<g::kw_code>("code"));
  CHECK_FALSE(matches<pegtl::seq<g::kw_code, pegtl::star<pegtl::any>>>("codes"));
  CHECK_FALSE(matches<pegtl::seq<g::kw_min, pegtl::star<pegtl::any>>>("minutes"));
  CHECK_FALSE(matches<pegtl::seq<g::kw_and, pegtl::star<pegtl::any>>>("and-more"));
}

TEST_CASE("grammar: quoted strings and their escapes", "[grammar]") {
  CHECK(matches<g::quoted>("\"\""));
  CHECK(matches<g::quoted>("\"plain text, with (punctuation).\""));
  CHECK(matches<g::quoted>("\"say \\\"hi\\\"\""));
  CHECK(matches<g::quoted>("\"a backslash \\\\\""));
  CHECK_FALSE(matches<g::quoted>("\"no end"));
  CHECK_FALSE(matches<g::quoted>("\"two\nlines\""));
  CHECK_FALSE(matches<g::quoted>("\"bad \\n escape\""));
}

TEST_CASE("grammar: dates have the shape YYYY-MM-DD", "[grammar]") {
  CHECK(matches<g::date>("2025-03-02"));
  CHECK(matches<g::date>("2023-02-29"));  // the shape only: the parser checks the calendar
  CHECK_FALSE(matches<g::date>("2025-3-02"));
  CHECK_FALSE(matches<g::date>("25-03-02"));
}

TEST_CASE("grammar: comments and blanks", "[grammar]") {
  CHECK(matches<g::gap>("  # a comment\n\t\r\n# another"));
  CHECK(matches<g::_>("  \t# comment to the end of the line"));
  CHECK_FALSE(matches<g::_>(" \n "));
}

TEST_CASE("grammar: expressions", "[grammar]") {
  CHECK(matches<g::expr>("1 + 2 * 3"));
  CHECK(matches<g::expr>("(minutes + 7) / 15"));
  CHECK(matches<g::expr>("if minutes > 7 then 1 else 0"));
  CHECK(matches<g::expr>("not a and b or c"));
  CHECK(matches<g::expr>("min(minutes, 15) + max(1, -2)"));
  CHECK(matches<g::expr>("minutes % 15 != 0"));
  CHECK_FALSE(matches<g::expr>("1 +"));
  CHECK_FALSE(matches<g::expr>("(1"));
  CHECK_FALSE(matches<g::expr>("1 < 2 < 3"));
  CHECK_FALSE(matches<g::expr>("and"));
}

TEST_CASE("grammar: whole files", "[grammar]") {
  CHECK(matches<g::file>(""));
  CHECK(matches<g::file>("# only a comment\n"));
  CHECK(
      matches<g::file>("code 97140 \"x\" {\n  timed every 15 min\n}\n"
                       "policy p {\n  pool each code\n  units = (minutes + 7) / 15\n}\n"
                       "payer y {\n  policy p\n}\n"));
  CHECK(matches<g::file>("code 97140 { untimed }"));
  CHECK_FALSE(matches<g::file>("code 97140 {\n  untimed\n"));
  CHECK_FALSE(matches<g::file>("code 97140 {\n  untimed  timed every 15 min\n}\n"));
}
