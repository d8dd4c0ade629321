// EvalOptions: what an evaluator uses for an encounter that does not say it.
#pragma once

#include <optional>
#include <string>

#include "date.hpp"

namespace cptrules::interp {

// Defaults for what an encounter leaves out.
struct EvalOptions {
  std::optional<std::string> default_payer;  // --payer
  std::optional<lang::Date> default_date;    // --date
  std::string default_discipline = "PT";     // the contract's default discipline
};

}  // namespace cptrules::interp
