// Scenario lines: a small tokenizer and parser for the services syntax, and completion slots.
#include "scenario.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "lexicon.hpp"
#include "suggest.hpp"
#include "text.hpp"

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

// Splits a line into words ([A-Za-z0-9]+), clock times (`10:00`) and commas; `33min` becomes
// `33` and `min`.
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
      if (all_digits(word) && j + 1 < text.size() && text[j] == ':' && is_digit(text[j + 1])) {
        ++j;  // a clock time: the parser checks its shape
        while (j < text.size() && is_alnum(text[j]))
          ++j;
        tokens.emplace_back(text.substr(i, j - i));
        i = j;
        continue;
      }
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

// The clauses of a service after its time, in the order the language gives them.
enum Stage : int { kTime, kIn, kBy, kAssistant, kBilled, kWith, kStages };

// The keyword that starts the clause of `stage` (the time starts with a number or `from`).
std::string_view stage_word(int stage) {
  switch (stage) {
    case kIn:
      return spelling(Word::in);
    case kBy:
      return spelling(Word::by);
    case kAssistant:
      return spelling(Word::assistant);
    case kBilled:
      return spelling(Word::billed);
    case kWith:
      return spelling(Word::with);
    default:
      return spelling(Word::from);
  }
}

// The stage of the clause `token` starts, or -1.
int stage_of(std::string_view token) {
  if (all_digits(token))
    return kTime;
  for (int stage = kTime; stage < kStages; ++stage) {
    if (token == stage_word(stage))
      return stage;
  }
  return -1;
}

// `HH:MM` as minutes after midnight; nullopt and `error` set unless it is a time of day.
std::optional<std::int32_t> clock_minutes(std::string_view text, std::string& error) {
  const bool shape = text.size() == 5 && is_digit(text[0]) && is_digit(text[1]) && text[2] == ':' &&
                     is_digit(text[3]) && is_digit(text[4]);
  if (!shape) {
    error =
        fmt::format("'{}' is no clock time: write it HH:MM, on the 24-hour clock (10:05)", text);
    return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) {
    error = fmt::format("'{}' is not a time of day (00:00 to 23:59)", text);
    return std::nullopt;
  }
  return hours * 60 + minutes;
}

// `text` as a whole number; false when it is too large.
bool read_number(const std::string& text, std::int64_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool looks_like_code(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), is_alnum) &&
         std::any_of(word.begin(), word.end(), is_digit);
}

namespace {

// A change of the tokens that may make a line read: `token` inserted before tokens[at], or put
// in place of tokens[at]; or, with `tokens`, the whole line's tokens instead.
struct Repair {
  std::size_t at = 0;
  bool replace = false;
  std::string token;
  std::optional<std::vector<std::string>> tokens;
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

// A clause of a service: its stage and its tokens [begin, end).
struct Clause {
  int stage = kTime;
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::string clause_text(const std::vector<std::string>& tokens, const Clause& c) {
  std::string out;
  for (std::size_t k = c.begin; k < c.end; ++k)
    out += (k > c.begin ? " " : "") + tokens[k];
  return out;
}

// Reads the name after `in` or `by` at tokens[i] into `out`, spelled as `known` spells it;
// sets `error` (and `repair` to the nearest known name) when it is not one of them.
bool read_name(const std::vector<std::string>& tokens, std::size_t i, std::string_view what,
               std::string_view declared, const std::optional<std::vector<std::string>>& known,
               std::string& out, std::string& error, std::optional<Repair>& repair) {
  const std::string word = upper(tokens[i]);
  if (!known) {
    out = word;
    return true;
  }
  for (const std::string& name : *known) {
    if (same_icase(name, word)) {
      out = name;
      return true;
    }
  }
  if (known->empty()) {
    error = fmt::format("unknown {} '{}': the rules {} no {}", what, tokens[i], declared, what);
    return false;
  }
  error =
      fmt::format("unknown {} '{}' (the rules know {})", what, tokens[i], lang::word_list(*known));
  if (const std::optional<std::string> near = lang::closest(word, *known))
    repair = Repair{i, true, *near, std::nullopt};
  return false;
}

// Reads the clauses of `service` from tokens[i] on, up to a ',' or a word that starts none;
// false with `error` (and maybe `repair`) set when one does not read.
bool parse_clauses(const std::vector<std::string>& tokens, std::size_t& i, interp::Service& service,
                   const ScenarioNames& names, std::string& error, std::optional<Repair>& repair) {
  auto at = [&](std::size_t k) -> std::string_view {
    return k < tokens.size() ? std::string_view(tokens[k]) : std::string_view();
  };
  auto is_word = [&](std::size_t k) {
    return k < tokens.size() && tokens[k] != "," && !is_punctuation(tokens[k]) &&
           stage_of(tokens[k]) < 0;
  };
  const std::size_t first = i;
  std::vector<Clause> clauses;
  while (i < tokens.size()) {
    int stage = stage_of(tokens[i]);
    // A number without 'min' after it is a time only where one may start the clauses (where
    // it lacks its 'min'); after them it is the next code, or a modifier missing its 'with'.
    if (stage == kTime && all_digits(tokens[i]) && !is_minutes_word(at(i + 1)) && !clauses.empty())
      stage = -1;
    if (stage < 0) {
      if (is_minutes_word(tokens[i])) {
        error = fmt::format("give the minutes of {} as a number before 'min'", service.code);
        return false;
      }
      break;
    }
    for (const Clause& c : clauses) {
      if (c.stage == stage) {
        error = stage == kTime
                    ? fmt::format("the time of {} is given twice", service.code)
                    : fmt::format("'{}' is given twice for {}", stage_word(stage), service.code);
        return false;
      }
    }
    const std::size_t begin = i;
    const std::string& keyword = tokens[i];
    if (stage == kTime && all_digits(keyword)) {
      std::int64_t minutes = 0;
      if (!read_number(keyword, minutes)) {
        error = fmt::format("{} minutes is too many", keyword);
        return false;
      }
      ++i;
      if (!is_minutes_word(at(i))) {
        error = at(i).empty() || at(i) == ","
                    ? fmt::format("expected 'min' after {}", keyword)
                    : fmt::format("expected 'min' after {}, got '{}'", keyword, at(i));
        return false;
      }
      ++i;
      service.minutes = minutes;
    } else if (stage == kTime) {
      std::optional<std::int32_t> start;
      std::optional<std::int32_t> end;
      ++i;
      if (at(i).empty() || at(i) == "," || stage_of(at(i)) > kTime) {
        error = fmt::format("a clock time is missing after '{}' ({} {} 10:00 {} 10:20)", keyword,
                            service.code, keyword, spelling(Word::to));
        return false;
      }
      if (!(start = clock_minutes(at(i), error))) {
        if (at(i).size() == 4 && at(i)[1] == ':')
          repair = Repair{i, true, "0" + tokens[i], std::nullopt};
        return false;
      }
      ++i;
      if (at(i) != spelling(Word::to)) {
        error = fmt::format(
            "expected '{}' after '{} {}': a service given by its clock times gives the time it "
            "ended too ({} {} {} {} HH:MM)",
            spelling(Word::to), keyword, tokens[i - 1], service.code, keyword, tokens[i - 1],
            spelling(Word::to));
        return false;
      }
      ++i;
      if (at(i).empty() || at(i) == "," || stage_of(at(i)) > kTime) {
        error = fmt::format("a clock time is missing after '{}'", spelling(Word::to));
        return false;
      }
      if (!(end = clock_minutes(at(i), error))) {
        if (at(i).size() == 4 && at(i)[1] == ':')
          repair = Repair{i, true, "0" + tokens[i], std::nullopt};
        return false;
      }
      if (*end < *start) {
        error = fmt::format("{} ends at {} before it starts at {}: a service ends after it starts",
                            service.code, tokens[i], tokens[i - 2]);
        return false;
      }
      ++i;
      service.clock = interp::ClockSpan{*start, *end};
      service.minutes = *end - *start;
    } else if (stage == kIn || stage == kBy) {
      ++i;
      const bool in = stage == kIn;
      const std::string_view what = in ? "discipline" : "provider";
      if (!is_word(i)) {
        error = fmt::format("a {} is missing after '{}'", what, keyword);
        return false;
      }
      std::string name;
      if (!read_name(tokens, i, what, in ? "name" : "declare",
                     in ? names.disciplines : names.providers, name, error, repair))
        return false;
      (in ? service.discipline : service.provider) = name;
      ++i;
    } else if (stage == kAssistant) {
      ++i;
      std::int64_t minutes = 0;
      if (!all_digits(at(i))) {
        error =
            fmt::format("give the minutes an assistant furnished as a number: {} 10 min", keyword);
        return false;
      }
      if (!read_number(tokens[i], minutes)) {
        error = fmt::format("{} minutes is too many", tokens[i]);
        return false;
      }
      ++i;
      if (!is_minutes_word(at(i))) {
        error = fmt::format("expected 'min' after {} {}", keyword, tokens[i - 1]);
        repair = Repair{i, false, std::string(spelling(Word::min)), std::nullopt};
        return false;
      }
      ++i;
      service.assistant_minutes = minutes;
    } else if (stage == kBilled) {
      ++i;
      std::int64_t units = 0;
      if (!all_digits(at(i))) {
        error = fmt::format("give the units the claim bills as a number: {} 2", keyword);
        return false;
      }
      if (!read_number(tokens[i], units)) {
        error = fmt::format("{} units is too many", tokens[i]);
        return false;
      }
      ++i;
      service.billed_units = units;
    } else {
      ++i;
      while (true) {
        if (at(i).empty() || at(i) == "," || at(i) == spelling(Word::and_) ||
            stage_of(at(i)) > kTime) {
          error = fmt::format("a modifier is missing after '{}'", tokens[i - 1]);
          return false;
        }
        service.modifiers.push_back(upper(tokens[i++]));
        if (at(i) != spelling(Word::and_))
          break;
        ++i;
      }
    }
    clauses.push_back({stage, begin, i});
  }
  // The clauses in the language's order, or the line with them in it.
  for (std::size_t k = 1; k < clauses.size(); ++k) {
    if (clauses[k].stage > clauses[k - 1].stage)
      continue;
    error = fmt::format(
        "expected '{}' before '{}': a service gives its time, then in, by, assistant, billed "
        "and with, in this order",
        clause_text(tokens, clauses[k]), clause_text(tokens, clauses[k - 1]));
    std::vector<Clause> sorted = clauses;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Clause& a, const Clause& b) { return a.stage < b.stage; });
    std::vector<std::string> fixed(tokens.begin(),
                                   tokens.begin() + static_cast<std::ptrdiff_t>(first));
    for (const Clause& c : sorted) {
      fixed.insert(fixed.end(), tokens.begin() + static_cast<std::ptrdiff_t>(c.begin),
                   tokens.begin() + static_cast<std::ptrdiff_t>(c.end));
    }
    fixed.insert(fixed.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i), tokens.end());
    repair = Repair{0, false, {}, std::move(fixed)};
    return false;
  }
  return true;
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
      repair = Repair{k, true, ",", std::nullopt};
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
      repair = Repair{i - 1, true, modifier_joint(edit.services.back()), std::nullopt};
      return std::nullopt;
    }
    if (!looks_like_code(tokens[i])) {
      error = fmt::format("expected a code (such as 97110), got '{}'", tokens[i]);
      return std::nullopt;
    }
    interp::Service service;
    service.code = upper(tokens[i++]);
    if (!parse_clauses(tokens, i, service, names, error, repair))
      return std::nullopt;
    edit.services.push_back(std::move(service));
    if (i >= tokens.size())
      break;
    if (tokens[i] != ",") {
      error = fmt::format("expected ',' between services, got '{}'", tokens[i]);
      const interp::Service& last = edit.services.back();
      if (known_modifier(names, tokens[i])) {
        error = fmt::format("'{}' is a modifier: modifiers follow '{}', joined by '{}'", tokens[i],
                            spelling(Word::with), spelling(Word::and_));
        repair = Repair{i, false, modifier_joint(last), std::nullopt};
      } else if (known_code(names, tokens[i], at(i + 1))) {
        repair = Repair{i, false, ",", std::nullopt};
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
  // token before the place of the error, or puts a service's clauses in order, so a few
  // suffice for a line.
  for (int tries = 0; !edit && repair && tries < 8; ++tries) {
    if (repair->tokens) {
      tokens = std::move(*repair->tokens);
    } else if (repair->replace) {
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

ScenarioSlot scenario_slot(std::string_view before) {
  ScenarioSlot slot;
  const std::size_t start = before.find_first_not_of(" \t");
  slot.kind = SlotKind::code;
  if (start == std::string_view::npos)
    return slot;
  before.remove_prefix(start);
  if (before.front() == '+' || before.front() == '-')
    before.remove_prefix(1);
  std::vector<std::string> tokens;
  std::string error;
  if (!tokenize(before, tokens, error))
    return {};
  // Where the walk is: what the next token must be.
  enum class State {
    code,         // a code
    clause,       // a clause after `stage`, or ','
    min,          // `min` after the time's number
    clock_start,  // the clock time after `from`
    to,           // `to`
    clock_end,    // the clock time after `to`
    name,         // the name after `in` or `by`
    assistant,    // the number after `assistant`
    assistant_min,
    billed,  // the number after `billed`
    modifier,
    after_modifier,
  };
  State state = State::code;
  int stage = -1;  // the last clause given; -1 right after the code
  bool has_time = false;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string_view t = tokens[k];
    const bool comma = t == ",";
    if (k == 0 && t == spelling(Word::given))
      continue;
    switch (state) {
      case State::code:
        if (!looks_like_code(t))
          return {};
        slot.code = upper(t);
        state = State::clause;
        stage = -1;
        has_time = false;
        break;
      case State::clause:
      case State::after_modifier: {
        if (comma) {
          state = State::code;
          break;
        }
        if (state == State::after_modifier && t == spelling(Word::and_)) {
          state = State::modifier;
          break;
        }
        const int next = stage_of(t);
        if (next <= stage)
          return {};
        stage = next;
        state = next == kTime && all_digits(t) ? State::min
                : next == kTime                ? State::clock_start
                : next == kIn || next == kBy   ? State::name
                : next == kAssistant           ? State::assistant
                : next == kBilled              ? State::billed
                                               : State::modifier;
        slot.kind = next == kIn ? SlotKind::discipline : SlotKind::provider;
        has_time = has_time || next == kTime;
        break;
      }
      case State::min:
      case State::assistant_min:
        if (!is_minutes_word(t))
          return {};
        state = State::clause;
        break;
      case State::clock_start:
        if (t.find(':') == std::string_view::npos)
          return {};
        state = State::to;
        break;
      case State::to:
        if (t != spelling(Word::to))
          return {};
        state = State::clock_end;
        break;
      case State::clock_end:
        if (t.find(':') == std::string_view::npos)
          return {};
        state = State::clause;
        break;
      case State::name:
        if (comma || stage_of(t) >= 0 || is_punctuation(t))
          return {};
        state = State::clause;
        break;
      case State::assistant:
        if (!all_digits(t))
          return {};
        state = State::assistant_min;
        break;
      case State::billed:
        if (!all_digits(t))
          return {};
        state = State::clause;
        break;
      case State::modifier:
        if (comma || t == spelling(Word::and_) || is_punctuation(t) || stage_of(t) > kTime)
          return {};
        state = State::after_modifier;
        break;
    }
  }
  slot.words.clear();
  switch (state) {
    case State::code:
      slot.kind = SlotKind::code;
      break;
    case State::clause:
      slot.kind = SlotKind::words;
      slot.after_code = stage < 0;
      for (int next = std::max(stage + 1, 0); next < kStages; ++next) {
        if (next != kAssistant || has_time)
          slot.words.push_back(stage_word(next));
      }
      break;
    case State::min:
    case State::assistant_min:
      slot.kind = SlotKind::words;
      slot.words.push_back(spelling(Word::min));
      break;
    case State::to:
      slot.kind = SlotKind::words;
      slot.words.push_back(spelling(Word::to));
      break;
    case State::clock_start:
    case State::clock_end:
    case State::assistant:
    case State::billed:
      slot.kind = SlotKind::number;
      break;
    case State::name:
      break;  // set when `in` or `by` was read
    case State::modifier:
      slot.kind = SlotKind::modifier;
      break;
    case State::after_modifier:
      slot.kind = SlotKind::words;
      slot.words.push_back(spelling(Word::and_));
      break;
  }
  return slot;
}

}  // namespace cptrules::repl
