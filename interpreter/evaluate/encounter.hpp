// Encounter and Service: one patient's services on one date of service, as read from input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clock_overlap.hpp"
#include "date.hpp"
#include "day.hpp"

namespace cptrules::interp {

// One billed service: a code with its minutes (absent for most untimed codes).
// `minutes` is already resolved from `start`/`end` when those were given.
struct Service {
  std::string code;
  std::optional<std::int64_t> minutes;
  std::vector<std::string> modifiers;
  std::optional<std::string> discipline;          // overrides the encounter's discipline
  std::optional<ClockSpan> clock;                 // `start`/`end`, when given
  std::optional<std::int64_t> billed_units;       // what the claim bills, to audit it
  std::optional<std::string> provider;            // who rendered it; overrides the encounter's
  std::optional<std::int64_t> assistant_minutes;  // the minutes a therapy assistant furnished
};

// One patient, one date of service. Optional fields fall back to the evaluator's defaults
// (`--payer`, `--date`, discipline "PT").
struct Encounter {
  std::string id;               // as given, or "#N" when the input had none
  std::int64_t input_line = 0;  // 1-based line (JSON Lines) or position (array)
  std::optional<lang::Date> date;
  std::optional<std::string> payer;
  std::optional<std::string> discipline;
  std::optional<std::string> provider;  // who rendered the services that name none
  std::vector<Service> services;

  void clear() {
    id.clear();
    input_line = 0;
    date.reset();
    payer.reset();
    discipline.reset();
    provider.reset();
    services.clear();
  }
};

}  // namespace cptrules::interp
