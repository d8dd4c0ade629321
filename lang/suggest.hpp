// closest: "did you mean ...?" by edit distance (letter case aside), for misspelled keywords
// and names; known_names: the short list of names when none is close.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostic.hpp"

namespace cptrules::lang {

// The edit distance between two strings: insertions, deletions, substitutions and
// transpositions of neighbours each count 1 (optimal string alignment). Letters that differ
// only in case are the same letter when `fold_case` is set.
std::size_t edit_distance(std::string_view a, std::string_view b, bool fold_case = false);

// True when `a` and `b` hold the same characters in another order (97410 and 97140).
bool same_letters(std::string_view a, std::string_view b);

// The candidate nearest to `word` when it is close enough to be a likely misspelling
// (distance at most `max_distance`, and less than half the word's length; never the word itself;
// none for a word over 64 bytes). Letter case does not count (`CPT-Midpoint` is near
// `cpt-midpoint`, `g0283` is `G0283`), except to prefer, among equals, the nearer in case. Names
// allow 2; codes, where two digits apart is another code and no typo, allow 1 (one digit wrong,
// missing, extra, or two neighbours swapped).
template <typename Range>
std::optional<std::string> closest(std::string_view word, const Range& candidates,
                                   std::size_t max_distance = 2) {
  std::optional<std::string> best;
  std::size_t best_distance = max_distance + 1;
  // The distance costs |word| x |candidate|: a word longer than any name gets no suggestion, and
  // a candidate whose length differs by more than `max_distance` cannot be within it.
  if (word.size() > 64)
    return best;
  for (const auto& candidate : candidates) {
    const std::string_view c(candidate);
    if (c == word || c.size() > word.size() + max_distance || word.size() > c.size() + max_distance)
      continue;
    const std::size_t d = edit_distance(word, c, true);
    // On equal distance, a candidate with the same letters (a transposition) wins, then the
    // one nearer in letter case.
    bool better = d < best_distance;
    if (best && d == best_distance) {
      const bool c_same = same_letters(word, c);
      const bool best_same = same_letters(word, *best);
      better = c_same != best_same ? c_same : edit_distance(word, c) < edit_distance(word, *best);
    }
    if (better && d * 2 <= std::max(word.size(), c.size())) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

// "the known KIND are: a, b, c" (the first `max_shown` in order, then "and N more"), or "" when
// there is none: the note for an unknown name when no known one is close.
std::string known_names(std::string_view kind, std::vector<std::string> names,
                        std::size_t max_shown = 8);

// The items as a sentence lists them: "a", "a and b", "a, b and c" (`last` joins the last two:
// "and" or "or").
std::string word_list(const std::vector<std::string>& items, std::string_view last = "and");

// Adds the note for an unknown name of a kind ("policies", "payers"): `did you mean 'NEAR'?`
// when a known name is close (and returns it), else the list of known names (known_names).
std::optional<std::string> add_name_note(Diagnostic& d, std::string_view word,
                                         const std::vector<std::string>& known,
                                         std::string_view kind);

// " (did you mean NEAR?)" when `closest` finds a candidate near `word`, else "": the one
// spelling of the hint that messages append to an unknown name.
template <typename Range>
std::string did_you_mean(std::string_view word, const Range& candidates,
                         std::size_t max_distance = 2) {
  const std::optional<std::string> near = closest(word, candidates, max_distance);
  return near ? " (did you mean " + *near + "?)" : std::string();
}

}  // namespace cptrules::lang
