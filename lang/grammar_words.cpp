// The grammar and the lexicon agree, checked as this file compiles: every word of lexicon.hpp
// but the variables is spelled by a rule reachable from the grammar's `file`, and no variable
// is (the grammar can spell no word the lexicon does not have). The check walks every rule of
// the grammar at compile time, so it lives in this one file rather than in grammar.hpp.
#include "grammar_words.hpp"

#include <tao/pegtl.hpp>

#include "grammar.hpp"

namespace cptrules::lang {

namespace {

namespace g = grammar;

template <typename Rule>
struct word_of {
  static constexpr bool spelled = false;
  static constexpr lexicon::Word word{};
};
template <lexicon::Word W, typename Chars>
struct word_of<g::spelled<W, Chars>> {
  static constexpr bool spelled = true;
  static constexpr lexicon::Word word = W;
};

template <typename... Rules>
constexpr std::array<bool, lexicon::kWordCount> spelled_words(
    tao::pegtl::type_list<Rules...> /*rules*/) {
  std::array<bool, lexicon::kWordCount> out{};
  ((word_of<Rules>::spelled ? void(out[lexicon::index(word_of<Rules>::word)] = true) : void()),
   ...);
  return out;
}

// True when the grammar spells exactly the lexicon's words that are not variables.
constexpr bool agrees(const std::array<bool, lexicon::kWordCount>& spelled) {
  for (const lexicon::Entry& e : lexicon::kWords) {
    if (spelled[lexicon::index(e.word)] != (e.kind != lexicon::Kind::variable))
      return false;
  }
  return true;
}

constexpr std::array<bool, lexicon::kWordCount> kSpelledWords =
    spelled_words(tao::pegtl::rule_list_t<g::file>{});

static_assert(agrees(kSpelledWords),
              "lang/grammar.hpp and lang/lexicon.hpp disagree: a word of the lexicon (not a "
              "variable) is spelled by no grammar rule, or a variable is (tests/unit/"
              "lexicon_test.cpp names it)");

}  // namespace

std::array<bool, lexicon::kWordCount> grammar_spelled_words() {
  return kSpelledWords;
}

}  // namespace cptrules::lang
