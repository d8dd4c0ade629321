// Scenario lines typed at the prompt: `97110 33 min, 97140 7 min`, `+ 97140 5 min`, `- 97110`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "encounter.hpp"

namespace cptrules::repl {

// What a scenario line does to the current scenario.
enum class EditKind {
  replace,  // `97110 33 min, 97140 7 min`: a new scenario
  add,      // `+ 97140 5 min`: more services, or more minutes of a service already there
  remove,   // `- 97110` drops a service; `- 97110 5 min` takes minutes away from it
};

// A parsed scenario line.
struct ScenarioEdit {
  EditKind kind = EditKind::replace;
  std::vector<interp::Service> services;
};

// What the rules know of the words of a scenario line, for its hints and checks; an empty
// member knows nothing. Each function is asked about a word in upper case. `disciplines` and
// `providers` are the names the rules know, as they spell them (nullopt: not known).
struct ScenarioNames {
  std::function<bool(std::string_view)> is_code;
  std::function<bool(std::string_view)> is_modifier;
  std::optional<std::vector<std::string>> disciplines;
  std::optional<std::vector<std::string>> providers;
};

// Parses a scenario line in the test syntax of the language (`given` is optional):
//   ['+' | '-'] ['given'] SERVICE (',' SERVICE)*
//   SERVICE <- CODE [N min | from HH:MM to HH:MM] [in DISC] [by PROVIDER] [assistant N min]
//              [billed N] [with MOD (and MOD)*]
// Codes, disciplines and providers are upper-cased (then spelled as the rules spell them, when
// `names` knows them); `min`, `mins` and `minutes` are accepted after a number. A clock time
// sets the service's minutes too. Returns nullopt and sets `error` to one sentence when the line
// does not read, with a hint of the line that would (`did you mean '97110 33 min with GP'?`) for
// a missing `with`, `and` or `,`, `;` between services, clauses out of order and a misspelt
// discipline or provider, knowing the names of `names`.
std::optional<ScenarioEdit> parse_scenario(std::string_view line, std::string& error,
                                           const ScenarioNames& names = {});

// What the word being typed at the end of a scenario line may be, for completion.
enum class SlotKind {
  none,        // nothing valid: the words before do not read
  code,        // a code (at the start, after ',')
  number,      // a number or a clock time: nothing to complete
  words,       // one of `words`
  discipline,  // after `in`
  provider,    // after `by`
  modifier,    // after `with` or `and`
};

// The slot of the word being typed. For words, `words` lists the keywords that keep the line
// valid; right after a code (`after_code`) they are all the clauses a service may start with,
// and the caller keeps those that fit the code (a timed code needs its time first).
struct ScenarioSlot {
  SlotKind kind = SlotKind::none;
  std::vector<std::string_view> words;
  bool after_code = false;
  std::string code;  // the code of the service being typed
};

// The slot of the word after `before` (the line up to where that word begins).
ScenarioSlot scenario_slot(std::string_view before);

// Applies `edit` to `services` (docs/repl.md, Scenarios). A service is its code and its `in`
// discipline. `+` adds minutes, assistant minutes and modifiers to the service of that code
// and discipline (and provider, when it names one) that has no clock times, replaces its billed
// units, and adds a service of its own when there is none, or when it has clock times. `-`
// takes away every service of a code and discipline (by a provider, when it names one), the one
// with the clock times it names, minutes of the one without clock times, or modifiers. Returns
// false and sets `error` when the edit names no service of the scenario, or cannot tell which.
bool apply_edit(std::vector<interp::Service>& services, const ScenarioEdit& edit,
                std::string& error);

// The services in the `given` syntax of the language, every clause in its order:
// `97110 33 min in OT by OTA assistant 10 min billed 2 with GO, 97140 from 10:00 to 10:08`.
std::string services_text(const std::vector<interp::Service>& services);

// True when `word` could be a code as the language writes codes ([A-Za-z0-9]+ with a digit).
bool looks_like_code(std::string_view word);

}  // namespace cptrules::repl
