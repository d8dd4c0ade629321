// Scenario lines: a small tokenizer and parser for the services syntax, and edits of a scenario.
#include "scenario.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "lexicon.hpp"

namespace cptrules::repl {

namespace {

using lang::lexicon::spelling;
using lang::lexicon::Word;

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

bool is_minutes_word(std::string_view w) {
  const auto& words = lang::lexicon::kMinuteWords;
  return std::find(words.begin(), words.end(), w) != words.end();
}

// Splits a line into words ([A-Za-z0-9]+) and commas; `33min` becomes `33` and `min`.
bool tokenize(std::string_view text, std::vector<std::string>& tokens, std::string& error) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == ',') {
      tokens.emplace_back(",");
      ++i;
    } else if (is_alnum(c)) {
      std::size_t j = i;
      while (j < text.size() && is_alnum(text[j]))
        ++j;
      std::string_view word = text.substr(i, j - i);
      std::size_t digits = 0;
      while (digits < word.size() && is_digit(word[digits]))
        ++digits;
      if (digits > 0 && digits < word.size() && is_minutes_word(word.substr(digits))) {
        tokens.emplace_back(word.substr(0, digits));
        tokens.emplace_back(word.substr(digits));
      } else {
        tokens.emplace_back(word);
      }
      i = j;
    } else {
      error = fmt::format("unexpected '{}' in a scenario", c);
      return false;
    }
  }
  return true;
}

}  // namespace

bool looks_like_code(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), is_alnum) &&
         std::any_of(word.begin(), word.end(), is_digit);
}

std::optional<ScenarioEdit> parse_scenario(std::string_view line, std::string& error) {
  ScenarioEdit edit;
  std::size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    error = "the scenario is empty";
    return std::nullopt;
  }
  line.remove_prefix(start);
  if (line.front() == '+' || line.front() == '-') {
    edit.kind = line.front() == '+' ? EditKind::add : EditKind::remove;
    line.remove_prefix(1);
  }
  std::vector<std::string> tokens;
  if (!tokenize(line, tokens, error))
    return std::nullopt;
  std::size_t i = 0;
  if (i < tokens.size() && tokens[i] == spelling(Word::given))
    ++i;
  auto at = [&](std::size_t k) -> std::string_view {
    return k < tokens.size() ? std::string_view(tokens[k]) : std::string_view();
  };
  while (true) {
    if (i >= tokens.size()) {
      error = edit.services.empty() ? "give a code, e.g. 97110 33 min"
                                    : "a code is missing after the last ','";
      return std::nullopt;
    }
    if (!looks_like_code(tokens[i])) {
      error = fmt::format("expected a code (such as 97110), got '{}'", tokens[i]);
      return std::nullopt;
    }
    interp::Service service;
    service.code = upper(tokens[i++]);
    if (all_digits(at(i))) {
      std::int64_t minutes = 0;
      const std::string& text = tokens[i];
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), minutes);
      if (ec != std::errc() || end != text.data() + text.size()) {
        error = fmt::format("{} minutes is too many", text);
        return std::nullopt;
      }
      ++i;
      if (!is_minutes_word(at(i))) {
        error = at(i).empty() || at(i) == ","
                    ? fmt::format("expected 'min' after {}", text)
                    : fmt::format("expected 'min' after {}, got '{}'", text, at(i));
        return std::nullopt;
      }
      ++i;
      service.minutes = minutes;
    } else if (is_minutes_word(at(i))) {
      error = fmt::format("give the minutes of {} as a number before 'min'", service.code);
      return std::nullopt;
    }
    if (at(i) == spelling(Word::with)) {
      ++i;
      while (true) {
        if (at(i).empty() || at(i) == "," || at(i) == spelling(Word::and_)) {
          error = fmt::format("a modifier is missing after '{}'", tokens[i - 1]);
          return std::nullopt;
        }
        service.modifiers.push_back(upper(tokens[i++]));
        if (at(i) != spelling(Word::and_))
          break;
        ++i;
      }
    }
    edit.services.push_back(std::move(service));
    if (i >= tokens.size())
      break;
    if (tokens[i] != ",") {
      error = fmt::format("expected ',' between services, got '{}'", tokens[i]);
      return std::nullopt;
    }
    ++i;
  }
  return edit;
}

bool apply_edit(std::vector<interp::Service>& services, const ScenarioEdit& edit,
                std::string& error) {
  std::vector<interp::Service> next =
      edit.kind == EditKind::replace ? std::vector<interp::Service>{} : services;
  for (const interp::Service& s : edit.services) {
    auto it = std::find_if(next.begin(), next.end(),
                           [&](const interp::Service& n) { return n.code == s.code; });
    if (edit.kind == EditKind::remove) {
      if (it == next.end()) {
        error = fmt::format("{} is not in the scenario", s.code);
        return false;
      }
      if (!s.minutes) {
        next.erase(it);
        continue;
      }
      if (!it->minutes) {
        error = fmt::format("{} was given without minutes: remove it with - {}", s.code, s.code);
        return false;
      }
      *it->minutes -= *s.minutes;
      if (*it->minutes <= 0)
        next.erase(it);
      continue;
    }
    if (it == next.end()) {
      next.push_back(s);
      continue;
    }
    if (s.minutes)
      it->minutes = it->minutes.value_or(0) + *s.minutes;
    for (const std::string& m : s.modifiers) {
      if (std::find(it->modifiers.begin(), it->modifiers.end(), m) == it->modifiers.end()) {
        it->modifiers.push_back(m);
      }
    }
  }
  services = std::move(next);
  return true;
}

std::string services_text(const std::vector<interp::Service>& services) {
  std::string out;
  for (const interp::Service& s : services) {
    if (!out.empty())
      out += ", ";
    out += s.code;
    if (s.minutes)
      out += fmt::format(" {} min", *s.minutes);
    for (std::size_t i = 0; i < s.modifiers.size(); ++i) {
      out += i == 0 ? " with " : " and ";
      out += s.modifiers[i];
    }
  }
  return out;
}

}  // namespace cptrules::repl
