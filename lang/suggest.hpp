// closest: "did you mean ...?" by edit distance, for misspelled keywords and names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cptrules::lang {

// The Levenshtein distance between two strings (case-sensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` when it is close enough to be a likely misspelling
// (distance at most 2, and less than half the word's length; never the word itself).
template <typename Range>
std::optional<std::string> closest(std::string_view word, const Range& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 3;
  for (const auto& candidate : candidates) {
    const std::string_view c(candidate);
    if (c == word) continue;
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance && d * 2 <= std::max(word.size(), c.size())) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace cptrules::lang
