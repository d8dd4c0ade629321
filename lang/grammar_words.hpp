// grammar_spelled_words: which words of the lexicon the grammar spells (for tests; the build
// already fails when the grammar and the lexicon disagree, see grammar_words.cpp).
#pragma once

#include <array>

#include "lexicon.hpp"

namespace cptrules::lang {

// For each word of the lexicon (at lexicon::index), whether a rule of the grammar spells it:
// every word but the variables.
std::array<bool, lexicon::kWordCount> grammar_spelled_words();

}  // namespace cptrules::lang
