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
    } else if (std::ispunct(static_cast<unsigned char>(c)) != 0) {
      tokens.emplace_back(1, c);  // the parser says why it is unexpected, and hints
      ++i;
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

namespace {

// A change of the tokens that may make a line read: `token` inserted before tokens[at], or put
// in place of tokens[at].
struct Repair {
  std::size_t at = 0;
  bool replace = false;
  std::string token;
};

bool is_punctuation(std::string_view token) {
  return token.size() == 1 && token != "," && !is_alnum(token[0]);
}

// True when `word` is a code: of the rules when they are known, else when it looks like one
// and minutes follow it.
bool known_code(const ScenarioNames& names, std::string_view word, std::string_view next) {
  if (names.is_code)
    return names.is_code(upper(word));
  return looks_like_code(word) && all_digits(next);
}

bool known_modifier(const ScenarioNames& names, std::string_view word) {
  return names.is_modifier && names.is_modifier(upper(word)) &&
         !(names.is_code && names.is_code(upper(word)));
}

// The word that joins a modifier to `service`: `with` for its first, `and` for the next.
std::string modifier_joint(const interp::Service& service) {
  return std::string(spelling(service.modifiers.empty() ? Word::with : Word::and_));
}

// The tokens as a line: words a space apart, commas after their word.
std::string tokens_text(EditKind kind, const std::vector<std::string>& tokens) {
  std::string out = kind == EditKind::add ? "+ " : kind == EditKind::remove ? "- " : "";
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (k > 0 && tokens[k] != ",")
      out += ' ';
    out += tokens[k];
  }
  return out;
}

// Parses the tokens of a scenario line; on an error that a change of the tokens may fix, sets
// `repair` to that change.
std::optional<ScenarioEdit> parse_tokens(const std::vector<std::string>& tokens, EditKind kind,
                                         const ScenarioNames& names, std::string& error,
                                         std::optional<Repair>& repair) {
  ScenarioEdit edit;
  edit.kind = kind;
  std::size_t i = 0;
  if (i < tokens.size() && tokens[i] == spelling(Word::given))
    ++i;
  auto at = [&](std::size_t k) -> std::string_view {
    return k < tokens.size() ? std::string_view(tokens[k]) : std::string_view();
  };
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (!is_punctuation(tokens[k]))
      continue;
    if (tokens[k] == ";" && k > 0 && k + 1 < tokens.size()) {
      error = "unexpected ';' in a scenario: services are separated by ','";
      repair = Repair{k, true, ","};
    } else {
      error = fmt::format("unexpected '{}' in a scenario", tokens[k]);
    }
    return std::nullopt;
  }
  while (true) {
    if (i >= tokens.size()) {
      error = edit.services.empty() ? "give a code, e.g. 97110 33 min"
                                    : "a code is missing after the last ','";
      return std::nullopt;
    }
    if (!edit.services.empty() && known_modifier(names, tokens[i]) &&
        (at(i + 1).empty() || at(i + 1) == ",")) {
      error = fmt::format(
          "'{}' is a modifier, not a code: the modifiers of one service follow '{}', joined by "
          "'{}'",
          tokens[i], spelling(Word::with), spelling(Word::and_));
      repair = Repair{i - 1, true, modifier_joint(edit.services.back())};
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
      const interp::Service& last = edit.services.back();
      if (known_modifier(names, tokens[i])) {
        error = fmt::format("'{}' is a modifier: modifiers follow '{}', joined by '{}'", tokens[i],
                            spelling(Word::with), spelling(Word::and_));
        repair = Repair{i, false, modifier_joint(last)};
      } else if (known_code(names, tokens[i], at(i + 1))) {
        repair = Repair{i, false, ","};
      }
      return std::nullopt;
    }
    ++i;
  }
  return edit;
}

}  // namespace

std::optional<ScenarioEdit> parse_scenario(std::string_view line, std::string& error,
                                           const ScenarioNames& names) {
  EditKind kind = EditKind::replace;
  std::size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    error = "the scenario is empty";
    return std::nullopt;
  }
  line.remove_prefix(start);
  if (line.front() == '+' || line.front() == '-') {
    kind = line.front() == '+' ? EditKind::add : EditKind::remove;
    line.remove_prefix(1);
  }
  std::vector<std::string> tokens;
  if (!tokenize(line, tokens, error))
    return std::nullopt;
  std::optional<Repair> repair;
  std::optional<ScenarioEdit> edit = parse_tokens(tokens, kind, names, error, repair);
  // A hint: the line with each repair made, when that reads. Each repair adds or replaces one
  // token before the place of the error, so a few suffice for a line.
  for (int tries = 0; !edit && repair && tries < 8; ++tries) {
    if (repair->replace) {
      tokens[repair->at] = repair->token;
    } else {
      tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(repair->at), repair->token);
    }
    repair.reset();
    std::string ignored;
    if (parse_tokens(tokens, kind, names, ignored, repair)) {
      error += fmt::format(": did you mean '{}'?", tokens_text(kind, tokens));
      break;
    }
  }
  return edit;
}

ScenarioSlot scenario_slot(std::string_view before, std::string& code) {
  const std::size_t start = before.find_first_not_of(" \t");
  if (start == std::string_view::npos)
    return ScenarioSlot::code;
  before.remove_prefix(start);
  if (before.front() == '+' || before.front() == '-')
    before.remove_prefix(1);
  std::vector<std::string> tokens;
  std::string error;
  if (!tokenize(before, tokens, error))
    return ScenarioSlot::none;
  ScenarioSlot slot = ScenarioSlot::code;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string_view t = tokens[k];
    const bool comma = t == ",";
    const bool with = t == spelling(Word::with);
    if (k == 0 && t == spelling(Word::given))
      continue;
    switch (slot) {
      case ScenarioSlot::code:
        slot = looks_like_code(t) ? ScenarioSlot::after_code : ScenarioSlot::none;
        code = upper(t);
        break;
      case ScenarioSlot::after_code:
        slot = all_digits(t) ? ScenarioSlot::min
               : with        ? ScenarioSlot::modifier
               : comma       ? ScenarioSlot::code
                             : ScenarioSlot::none;
        break;
      case ScenarioSlot::min:
        slot = is_minutes_word(t) ? ScenarioSlot::after_minutes : ScenarioSlot::none;
        break;
      case ScenarioSlot::after_minutes:
        slot = with ? ScenarioSlot::modifier : comma ? ScenarioSlot::code : ScenarioSlot::none;
        break;
      case ScenarioSlot::modifier:
        slot = comma || t == spelling(Word::and_) || is_punctuation(t)
                   ? ScenarioSlot::none
                   : ScenarioSlot::after_modifier;
        break;
      case ScenarioSlot::after_modifier:
        slot = t == spelling(Word::and_) ? ScenarioSlot::modifier
               : comma                   ? ScenarioSlot::code
                                         : ScenarioSlot::none;
        break;
      case ScenarioSlot::none:
        return slot;
    }
  }
  return slot;
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
      if (*s.minutes > *it->minutes) {
        error = fmt::format(
            "{} has {} min: {} min cannot be taken away (- {} takes the code away); the scenario "
            "is unchanged",
            s.code, *it->minutes, *s.minutes, s.code);
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
