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
  add,      // `+ 97140 5 min`: more services, or more minutes of a code already there
  remove,   // `- 97110` drops a code; `- 97110 5 min` takes minutes away from it
};

// A parsed scenario line.
struct ScenarioEdit {
  EditKind kind = EditKind::replace;
  std::vector<interp::Service> services;
};

// What the rules know of the words of a scenario line, for its hints; an empty member knows
// nothing. Each is asked about a word in upper case.
struct ScenarioNames {
  std::function<bool(std::string_view)> is_code;
  std::function<bool(std::string_view)> is_modifier;
};

// Parses a scenario line in the test syntax of the language (`given` is optional):
//   ['+' | '-'] ['given'] CODE [N min] [with MOD (and MOD)*] (',' ...)*
// Codes are upper-cased; `min`, `mins` and `minutes` are accepted after a number. Returns
// nullopt and sets `error` to one sentence when the line does not read, with a hint of the line
// that would (`did you mean '97110 33 min with GP'?`) for a missing `with`, `and` or `,`, and
// for `;` between services, knowing the codes and modifiers of `names`.
std::optional<ScenarioEdit> parse_scenario(std::string_view line, std::string& error,
                                           const ScenarioNames& names = {});

// What the word being typed at the end of a scenario line may be, for completion.
enum class ScenarioSlot {
  none,            // nothing valid: the words before do not read
  code,            // a code (at the start, after ',')
  after_code,      // its minutes (a number), `with` or ','
  min,             // `min`, after a number
  after_minutes,   // `with` or ','
  modifier,        // after `with` or `and`
  after_modifier,  // `and` or ','
};

// The slot of the word after `before` (the line up to where that word begins); for
// after_code, sets `code` to the code before it.
ScenarioSlot scenario_slot(std::string_view before, std::string& code);

// Applies `edit` to `services`. Added services with the code of a listed one add their minutes
// and modifiers to it. Returns false and sets `error` when a removed code is not listed, or
// when minutes are taken from a code given without minutes.
bool apply_edit(std::vector<interp::Service>& services, const ScenarioEdit& edit,
                std::string& error);

// The services in the `given` syntax of the language: `97110 33 min, 97530 10 min with 59`.
std::string services_text(const std::vector<interp::Service>& services);

// True when `word` could be a code as the language writes codes ([A-Za-z0-9]+ with a digit).
bool looks_like_code(std::string_view word);

}  // namespace cptrules::repl
