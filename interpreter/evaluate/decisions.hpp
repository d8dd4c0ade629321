// Decisions: what one evaluation decided, recorded only when asked; explanations read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "date.hpp"
#include "plan.hpp"

namespace cptrules::interp {

// What the evaluator decided about one line of the result (same index as Result::lines).
struct LineDecision {
  const CodeVersion* version = nullptr;  // null: not in force on the date of service
  std::string discipline;                // the discipline whose pool the line is counted in
  bool counted = false;                  // timed and in force: its minutes made units
  std::int32_t pool = -1;                // index into Decisions::pools when counted
  std::int64_t minutes = 0;              // the minutes counted (after an initial code's block)
  std::int64_t full_units = 0;           // units its own minutes earned before the rest
  std::int64_t leftover = 0;             // its minutes beyond its full units
  bool extra_unit = false;               // took a unit beyond its full units
  bool competes = false;  // had minutes left over that could take a unit after the full units
  bool tied = false;      // in its pool's tie: the alternatives move its units
  // A code chosen by time range: the minutes of its family's lines, the version of the code
  // whose range holds them (null: none does), and the first minute of the family's lowest range.
  bool ranged = false;
  std::int64_t family_minutes = 0;
  const CodeVersion* range_code = nullptr;
  std::int64_t lowest_minute = 0;
  // An add-on written `after its first N min`: its initial code's version; it is counted alone.
  const CodeVersion* initial = nullptr;
  // The payer's `counts` clause that gave the line another policy than the payer's own, and
  // that policy's version; both null for a line the payer's own policy counts.
  const PolicyClaim* claim = nullptr;
  const PolicyVersion* policy = nullptr;
};

// One pool: the timed minutes counted together and the units they allowed.
struct PoolDecision {
  const PolicyVersion* policy = nullptr;  // the policy that counted it
  std::string discipline;
  std::int64_t unit = 0;
  std::int64_t minutes = 0;
  std::int64_t units = 0;
  std::vector<std::uint32_t> members;  // line indexes, in the order listed
};

// A claim check (edit, limit) that fired, and the finding it gave.
struct CheckDecision {
  enum class Kind : std::uint8_t { edit, edit_bypassed, limit, check };
  Kind kind = Kind::edit;
  std::string rule;         // the edit's or limit's name
  std::size_t finding = 0;  // index into Result::findings
  const Origin* origin = nullptr;
};

struct Decisions {
  const PayerVersion* payer = nullptr;
  const PolicyVersion* policy = nullptr;
  std::optional<lang::Date> date;
  std::vector<LineDecision> lines;
  std::vector<PoolDecision> pools;
  std::vector<CheckDecision> checks;

  void clear() {
    payer = nullptr;
    policy = nullptr;
    date.reset();
    lines.clear();
    pools.clear();
    checks.clear();
  }
};

}  // namespace cptrules::interp
