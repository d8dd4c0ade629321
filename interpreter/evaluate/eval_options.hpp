// EvalOptions: what an evaluator uses for an encounter that does not say it.
#pragma once

#include <optional>
#include <string>

#include "date.hpp"

namespace cptrules::interp {

// Defaults for what an encounter leaves out.
struct EvalOptions {
  std::optional<std::string> default_payer;       // --payer
  std::optional<lang::Date> default_date;         // --date
  std::optional<std::string> default_discipline;  // for encounters that name no discipline
  // A code the rules do not define makes the encounter an error record (`--strict`), instead
  // of a line that is not priced.
  bool strict = false;
};

}  // namespace cptrules::interp
