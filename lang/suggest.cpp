// edit_distance: optimal string alignment distance (Levenshtein with transpositions).
#include "suggest.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace cptrules::lang {

namespace {

char folded(char c, bool fold_case) {
  return fold_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, bool fold_case) {
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * width);
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * width + j]; };
  for (std::size_t i = 0; i <= a.size(); ++i)
    at(i, 0) = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    at(0, j) = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const auto same = [&](std::size_t x, std::size_t y) {
        return folded(a[x], fold_case) == folded(b[y], fold_case);
      };
      const std::size_t cost = same(i - 1, j - 1) ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && same(i - 1, j - 2) && same(i - 2, j - 1)) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

std::string known_names(std::string_view kind, std::vector<std::string> names,
                        std::size_t max_shown) {
  if (names.empty())
    return {};
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out = fmt::format("the known {} are: ", kind);
  const std::size_t shown = std::min(names.size(), max_shown);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0)
      out += ", ";
    out += names[i];
  }
  if (names.size() > shown)
    out += fmt::format(" and {} more", names.size() - shown);
  return out;
}

std::optional<std::string> add_name_note(Diagnostic& d, std::string_view word,
                                         const std::vector<std::string>& known,
                                         std::string_view kind) {
  std::optional<std::string> near = closest(word, known);
  if (near) {
    d.notes.push_back({fmt::format("did you mean '{}'?", *near), {}});
  } else if (std::string list = known_names(kind, known); !list.empty()) {
    d.notes.push_back({std::move(list), {}});
  }
  return near;
}

bool same_letters(std::string_view a, std::string_view b) {
  std::string x(a), y(b);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

std::string word_list(const std::vector<std::string>& items, std::string_view last) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0 && i + 1 == items.size()) {
      out += ' ';
      out += last;
      out += ' ';
    } else if (i > 0) {
      out += ", ";
    }
    out += items[i];
  }
  return out;
}

}  // namespace cptrules::lang
