// lang/lexicon.hpp against its readers: the grammar spells its words (and no others), the
// grammar's messages name its declarations, and every declaration keyword starts a declaration.
#include <catch2/catch.hpp>

#include <cctype>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "grammar_errors.hpp"
#include "grammar_words.hpp"
#include "lexicon.hpp"
#include "parser.hpp"

namespace {

namespace g = cptrules::lang::grammar;
namespace lexicon = cptrules::lang::lexicon;

}  // namespace

TEST_CASE("lexicon: every word but the variables is a keyword of the grammar", "[lexicon]") {
  // lang/grammar_words.cpp fails to compile otherwise; this names the word.
  const auto spelled = cptrules::lang::grammar_spelled_words();
  for (const lexicon::Entry& e : lexicon::kWords) {
    INFO(e.spelling);
    CHECK(spelled[lexicon::index(e.word)] == (e.kind != lexicon::Kind::variable));
  }
}

TEST_CASE("lexicon: spellings are distinct lower-case words", "[lexicon]") {
  std::set<std::string_view> seen;
  for (const lexicon::Entry& e : lexicon::kWords) {
    INFO(e.spelling);
    CHECK(seen.insert(e.spelling).second);
    REQUIRE_FALSE(e.spelling.empty());
    CHECK(std::islower(static_cast<unsigned char>(e.spelling.front())));
    for (char c : e.spelling)
      CHECK((std::islower(static_cast<unsigned char>(c)) || c == '-'));
    CHECK(lexicon::find(e.spelling) == e.word);
  }
  CHECK_FALSE(lexicon::find("Code").has_value());
  CHECK_FALSE(lexicon::find("mins").has_value());
}

TEST_CASE("lexicon: the grammar's message lists the declarations in the lexicon's order",
          "[lexicon]") {
  std::string expected = "expected a declaration: ";
  for (std::size_t i = 0; i < lexicon::kDeclarations.size(); ++i) {
    if (i > 0)
      expected += i + 1 == lexicon::kDeclarations.size() ? " or " : ", ";
    expected += "'" + std::string(lexicon::spelling(lexicon::kDeclarations[i])) + "'";
  }
  CHECK(std::string(g::error_message<g::req<g::declaration>>) == expected);
}

TEST_CASE("lexicon: every declaration keyword starts a declaration", "[lexicon]") {
  for (lexicon::Declaration d : lexicon::kDeclarations) {
    const std::string keyword(lexicon::spelling(d));
    INFO(keyword);
    CHECK(lexicon::find_declaration(keyword) == d);
    CHECK(lexicon::kind(lexicon::word(d)) == lexicon::Kind::declaration);
    const std::string text =
        keyword + (d == lexicon::Declaration::test ? " \"t\"" : " N1") + " {\n}\n";
    const auto parsed =
        cptrules::lang::parse(std::make_shared<cptrules::lang::SourceFile>("t.rules", text));
    CHECK(parsed.diagnostics.empty());
    CHECK(parsed.module.decls.size() == 1);
  }
}

TEST_CASE("lexicon: the clause words are the clause kind and the declarations inside blocks",
          "[lexicon]") {
  std::set<lexicon::Word> clause_words(lexicon::kClauseWords.begin(), lexicon::kClauseWords.end());
  CHECK(clause_words.size() == lexicon::kClauseWords.size());
  for (const lexicon::Entry& e : lexicon::kWords) {
    INFO(e.spelling);
    if (e.kind == lexicon::Kind::clause)
      CHECK(clause_words.count(e.word) == 1);
    if (clause_words.count(e.word) == 1)
      CHECK((e.kind == lexicon::Kind::clause || e.kind == lexicon::Kind::declaration));
  }
}
