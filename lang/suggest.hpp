// closest: "did you mean ...?" by edit distance, for misspelled keywords and names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cptrules::lang {

// The edit distance between two strings (case-sensitive): insertions, deletions,
// substitutions and transpositions of neighbours each count 1 (optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b);

// True when `a` and `b` hold the same characters in another order (97410 and 97140).
bool same_letters(std::string_view a, std::string_view b);

// The candidate nearest to `word` when it is close enough to be a likely misspelling
// (distance at most `max_distance`, and less than half the word's length; never the word itself;
// none for a word over 64 bytes). Names allow 2; codes, where two digits apart is another code
// and no typo, allow 1 (one digit wrong, missing, extra, or two neighbours swapped).
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
    const std::size_t d = edit_distance(word, c);
    // On equal distance, a candidate with the same letters (a transposition) wins.
    const bool better = d < best_distance || (best && d == best_distance && same_letters(word, c) &&
                                              !same_letters(word, *best));
    if (better && d * 2 <= std::max(word.size(), c.size())) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

// " (did you mean NEAR?)" when `closest` finds a candidate near `word`, else "": the one
// spelling of the hint that messages append to an unknown name.
template <typename Range>
std::string did_you_mean(std::string_view word, const Range& candidates,
                         std::size_t max_distance = 2) {
  const std::optional<std::string> near = closest(word, candidates, max_distance);
  return near ? " (did you mean " + *near + "?)" : std::string();
}

}  // namespace cptrules::lang
