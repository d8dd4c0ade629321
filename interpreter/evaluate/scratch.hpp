// The evaluator's working state, kept between encounters: lines, pools and caches (internal to
// interpreter/evaluate/, shared by evaluator.cpp and claim_checks.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "day.hpp"
#include "decisions.hpp"
#include "evaluator.hpp"

namespace cptrules::interp {

// One distinct code of the encounter while it is being evaluated.
struct WorkLine {
  std::uint32_t code_id = 0;
  const CodeVersion* version = nullptr;  // null: not in force on the date of service
  std::int64_t minutes = 0;
  bool has_minutes = false;
  bool overlapped = false;  // clock time it shared with a service listed before it was not counted
  std::string_view discipline;
  std::int64_t units = 0;
  std::int64_t full = 0;  // pooled: the units its own minutes earned before the rest
  std::int32_t pool = -1;
  std::uint64_t modifier_bits = 0;  // bit i: a service of this line carries modifier id i
  // A line made for an add-on's share of its initial code's time (split_addon_time): the index
  // of the initial code's line, whose services' modifiers it carries; -1 for a line of its own
  // services.
  std::int32_t modifiers_of = -1;
  std::int64_t billed = 0;  // the billed units its services state, when `has_billed`
  bool has_billed = false;
  std::uint64_t provider_bits = 0;     // bit i: a service of this line was rendered by provider i
  std::int64_t assistant_minutes = 0;  // the assistant's minutes its services state, when
  bool has_assistant = false;          // `has_assistant`
  // A payer's `counts` clause that claims the line, and its policy's version; null: the payer's
  // own policy counts it.
  const PolicyClaim* claim = nullptr;
  const PolicyVersion* policy = nullptr;
};

// A line of a code the rules do not define: output with no units, its minutes not counted.
struct UnpricedLine {
  std::string_view code;
  std::string_view discipline;
  std::int64_t minutes = 0;
  bool has_minutes = false;
  std::int64_t billed = 0;
  bool has_billed = false;
};

// Marks a service's line in Scratch::service_line as one of Scratch::unpriced.
constexpr std::uint32_t kUnpricedLine = 0x80000000U;
// A service that is on no line (the encounter failed before it was placed).
constexpr std::uint32_t kNoLine = 0xFFFFFFFFU;

// Modifier ids that fit in WorkLine::modifier_bits.
constexpr std::uint32_t kModifierBits = 64;

// The timed lines counted together (per discipline and unit length, or one code alone).
struct Pool {
  const PolicyVersion* policy = nullptr;  // the policy that counts it
  std::string_view discipline;
  std::int64_t unit = 0;
  std::int64_t minutes = 0;
  std::int64_t units = 0;
  std::vector<std::uint32_t> members;
  // The tie left when the last units ran out: `tied` lines (in preference order) share
  // `slots` units; `chosen` gave them to the first `slots`.
  std::vector<std::uint32_t> tied;
  std::size_t slots = 0;
};

inline const char* status_text(EvalStatus s) {
  return s == EvalStatus::division_by_zero ? "division by zero" : "a number too large";
}

// Remembers the plan's answers for names (codes, payers, modifiers) an evaluator has looked up,
// keyed by the name's bytes: a probe costs a few instructions where the plan's map hashes a
// std::string. Only names found are kept, and only names of up to 16 bytes.
class NameCache {
 public:
  enum Kind : std::uint8_t { kCode, kPayer, kModifier };

  // What find() gives for a name the plan does not know.
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // The id of `name`, or kNone. (A plain number, not an optional: merging an optional's two
  // parts costs a store-forwarding stall on the hot path.)
  template <typename Find>
  std::uint32_t find(Kind kind, std::string_view name, Find find_in_plan) {
    const std::size_t n = name.size();
    if (n > 16)
      return find_in_plan(name).value_or(kNone);
    // Two loads that together cover the name (overlapping when it is short): with its length
    // they tell it apart from any other name.
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    const char* d = name.data();
    if (n >= 8) {
      std::memcpy(&lo, d, 8);
      std::memcpy(&hi, d + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t a = 0;
      std::uint32_t b = 0;
      std::memcpy(&a, d, 4);
      std::memcpy(&b, d + n - 4, 4);
      lo = a;
      hi = b;
    } else {
      for (std::size_t i = 0; i < n; ++i)
        lo |= std::uint64_t{static_cast<unsigned char>(d[i])} << (8 * i);
    }
    const std::uint64_t words[2] = {lo, hi};
    const std::uint64_t h = (lo ^ ((hi << 29) | (hi >> 35)) ^ (n * 0x9E3779B97F4A7C15ULL) ^
                             (std::uint64_t{kind} << 56)) *
                            0xBF58476D1CE4E5B9ULL;
    std::size_t at = static_cast<std::size_t>(h >> 57);  // kSlots == 128
    for (std::size_t probe = 0; probe < 8; ++probe, at = (at + 1) & (kSlots - 1)) {
      Slot& slot = slots_[at];
      if (!slot.used) {
        const std::uint32_t id = find_in_plan(name).value_or(kNone);
        if (id != kNone)
          slot = {words[0], words[1], static_cast<std::uint8_t>(name.size()), kind, true, id};
        return id;
      }
      if (slot.lo == words[0] && slot.hi == words[1] && slot.size == name.size() &&
          slot.kind == kind)
        return slot.id;
    }
    return find_in_plan(name).value_or(kNone);
  }

 private:
  static constexpr std::size_t kSlots = 128;  // small enough to stay in the L1 cache
  struct Slot {
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    std::uint8_t size = 0;
    std::uint8_t kind = 0;
    bool used = false;
    std::uint32_t id = 0;
  };
  std::array<Slot, kSlots> slots_{};
};

// Remembers what a policy's formulas gave. They are pure functions of (minutes, unit), so a
// repeated question is answered from a table indexed by minutes, one table per policy version,
// formula and unit length, instead of running the program again. Minutes outside a day, values
// that do not fit the table and failures are not remembered.
class UnitsMemo {
 public:
  template <typename Run>
  EvalStatus get(const PolicyVersion* policy, int formula, std::int64_t minutes, std::int64_t unit,
                 std::int64_t& out, Run run) {
    Table* table =
        minutes >= 0 && minutes <= kMaxDayMinutes ? find(policy, formula, unit) : nullptr;
    if (table != nullptr) {
      const std::int32_t known = table->values[static_cast<std::size_t>(minutes)];
      if (known != kUnknown) {
        out = known;
        return EvalStatus::ok;
      }
    }
    std::int64_t value = out;
    const EvalStatus status = run(value);
    if (status != EvalStatus::ok)
      return status;
    out = value;
    if (table != nullptr && value > kUnknown && value <= std::numeric_limits<std::int32_t>::max())
      table->values[static_cast<std::size_t>(minutes)] = static_cast<std::int32_t>(value);
    return status;
  }

 private:
  static constexpr std::int32_t kUnknown = std::numeric_limits<std::int32_t>::min();
  static constexpr std::size_t kMaxTables = 16;
  struct Table {
    const PolicyVersion* policy = nullptr;
    int formula = 0;
    std::int64_t unit = 0;
    std::vector<std::int32_t> values;  // by minutes, 0 to kMaxDayMinutes
  };

  Table* find(const PolicyVersion* policy, int formula, std::int64_t unit) {
    for (Table& t : tables_) {
      if (t.policy == policy && t.formula == formula && t.unit == unit)
        return &t;
    }
    if (tables_.size() == kMaxTables)
      return nullptr;
    tables_.push_back(
        {policy, formula, unit,
         std::vector<std::int32_t>(static_cast<std::size_t>(kMaxDayMinutes) + 1, kUnknown)});
    return &tables_.back();
  }

  std::vector<Table> tables_;
};

// Equality of short strings without a call to memcmp.
inline bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i])
      return false;
  }
  return true;
}

// What the steps of one evaluation share: the date of service and the rules in force on it.
struct Evaluator::Context {
  std::optional<lang::Date> date;
  const PayerVersion* payer = nullptr;
  const PolicyVersion* policy = nullptr;
};

struct Evaluator::Scratch {
  std::vector<WorkLine> lines;
  std::vector<UnpricedLine> unpriced;
  // Per service of the encounter: its code's id (NameCache::kNone outside the rules), its
  // discipline, and its line (an index into `lines`, or kUnpricedLine | an index into
  // `unpriced`).
  std::vector<std::uint32_t> service_code;
  std::vector<std::string_view> service_discipline;
  std::vector<std::uint32_t> service_line;
  // Codes whose discipline was the payer's default, for one discipline.assumed finding.
  std::vector<std::uint32_t> assumed;
  // Clock time counted once (credit_clock_time): per service, the minutes it keeps of its clock
  // span, or -1 for its own minutes; empty when no two timed services of a discipline have
  // clock times.
  std::vector<std::int64_t> clock_minutes;
  std::vector<ClockSpan> spans;
  std::vector<std::uint32_t> span_services;
  std::vector<std::int32_t> credited;
  std::vector<ClockOverlap> overlaps;
  std::vector<Pool> pools;
  std::size_t pool_count = 0;
  std::vector<std::uint32_t> candidates;
  NameCache names;
  UnitsMemo units;
  std::string_view payer_name;  // the payer of the encounter being evaluated, and its id
  std::uint32_t payer_id = 0;
  Decisions* record = nullptr;  // where to record the decisions, when asked
  // True when every modifier of the encounter is a known one whose id fits modifier_bits: the
  // lines' bits then answer "does a service of this code carry modifier M" exactly.
  bool modifier_bits_exact = true;
  // True when a line was made for an add-on's time (add_addon_line).
  bool addon_lines = false;
  // Whether some line of the encounter names its provider or its assistant's minutes: the
  // checks that need them are skipped at once for the many encounters that state neither.
  bool any_provider = false;
  bool any_assistant = false;
  // Codes that some version of an edit (column 1, column 2) or of a limit names, by code id: a
  // claim whose lines are in none of them cannot meet those rules, and skips them.
  std::vector<bool> in_column1;
  // By code id, the edits (bit e: plan.edits[e]) some version of which names the code in column 1,
  // and in column 2: an edit can apply only when a billed line is in each of its columns. Empty
  // when the rules have more edits than bits; then every edit is tried.
  std::vector<std::uint64_t> edit_column1;
  std::vector<std::uint64_t> edit_column2;
  std::vector<bool> in_column2;
  std::vector<bool> in_limit;
  // The gates of the rules' checks (rule_checks.cpp): a check that needs a provider or an
  // assistant's minutes, names codes (`in_check`) or asks for a modifier (`check_with_bits`)
  // cannot match an encounter that has none of them; `ungated_checks` when some check has no
  // such gate and may match any line.
  std::vector<bool> in_check;
  std::uint64_t check_with_bits = 0;
  bool ungated_checks = false;

  explicit Scratch(const Plan& plan)
      : in_column1(plan.codes.size()),
        in_column2(plan.codes.size()),
        in_limit(plan.codes.size()),
        in_check(plan.codes.size()) {
    const auto mark = [](std::vector<bool>& marks, const CodeSet& set) {
      for (std::uint32_t id : set.ids) {
        if (id < marks.size())
          marks[id] = true;
      }
    };
    for (const Entry<EditVersion>& entry : plan.edits) {
      for (const EditVersion& edit : entry.versions) {
        mark(in_column1, edit.column1);
        mark(in_column2, edit.column2);
      }
    }
    if (plan.edits.size() <= 64) {
      edit_column1.assign(plan.codes.size(), 0);
      edit_column2.assign(plan.codes.size(), 0);
      const auto mark_edit = [](std::vector<std::uint64_t>& marks, const CodeSet& set,
                                std::size_t e) {
        for (std::uint32_t id : set.ids) {
          if (id < marks.size())
            marks[id] |= std::uint64_t{1} << e;
        }
      };
      for (std::size_t e = 0; e < plan.edits.size(); ++e) {
        for (const EditVersion& edit : plan.edits[e].versions) {
          mark_edit(edit_column1, edit.column1, e);
          mark_edit(edit_column2, edit.column2, e);
        }
      }
    }
    for (const Entry<LimitVersion>& entry : plan.limits) {
      for (const LimitVersion& limit : entry.versions)
        mark(in_limit, limit.codes);
    }
    for (const Entry<CheckVersion>& entry : plan.checks) {
      for (const CheckVersion& check : entry.versions)
        gate_check(check, mark);
    }
  }

  template <typename Mark>
  void gate_check(const CheckVersion& check, const Mark& mark) {
    if (check.provider_bits != 0 || check.reads_assistant)
      return;
    if (!check.all_codes) {
      mark(in_check, check.codes);
      return;
    }
    if (!check.with.empty() &&
        std::all_of(check.with.front().begin(), check.with.front().end(),
                    [](const CheckModifier& m) { return m.id < kModifierBits; })) {
      for (const CheckModifier& m : check.with.front())
        check_with_bits |= std::uint64_t{1} << m.id;
      return;
    }
    ungated_checks = true;
  }

  // True when some line that has units is marked in `marks`.
  bool any_billed(const std::vector<bool>& marks) const {
    for (const WorkLine& line : lines) {
      if (line.units > 0 && line.code_id < marks.size() && marks[line.code_id])
        return true;
    }
    return false;
  }
  bool any_line(const std::vector<bool>& marks) const {
    for (const WorkLine& line : lines) {
      if (line.code_id < marks.size() && marks[line.code_id])
        return true;
    }
    return false;
  }

  // The plan's id of a code, payer or modifier, or NameCache::kNone.
  std::uint32_t find_code(const Plan& plan, std::string_view code) {
    return names.find(NameCache::kCode, code,
                      [&](std::string_view n) { return plan.find_code(n); });
  }
  std::uint32_t find_payer(const Plan& plan, std::string_view name) {
    return names.find(NameCache::kPayer, name,
                      [&](std::string_view n) { return plan.find_payer(n); });
  }
  std::uint32_t find_modifier(const Plan& plan, std::string_view name) {
    return names.find(NameCache::kModifier, name,
                      [&](std::string_view n) { return plan.find_modifier(n); });
  }

  // True when a service of `line` carries `modifier`, whose id is `id` (kNoModifier for a name
  // no `modifier` declares).
  bool carries(const Encounter& enc, const WorkLine& line, std::string_view modifier,
               std::uint32_t id) const {
    if (modifier_bits_exact)
      return id < kModifierBits && ((line.modifier_bits >> id) & 1U) != 0;
    const auto index = line.modifiers_of >= 0 ? static_cast<std::uint32_t>(line.modifiers_of)
                                              : static_cast<std::uint32_t>(&line - lines.data());
    for (std::size_t i = 0; i < enc.services.size() && i < service_line.size(); ++i) {
      if (service_line[i] != index)
        continue;
      for (const std::string& m : enc.services[i].modifiers) {
        if (same(m, modifier))
          return true;
      }
    }
    return false;
  }

  // A new line at the end of `lines` for the add-on `addon_id`'s share of the time of line
  // `initial`: in its discipline, carrying its services' modifiers (a discipline's, an edit's
  // bypass) and providers, as the minutes are theirs. Returns the new line's index.
  std::size_t add_addon_line(const Plan& plan, std::uint32_t addon_id,
                             std::optional<lang::Date> date, std::size_t initial) {
    WorkLine added;
    added.code_id = addon_id;
    added.version = plan.codes[addon_id].at(date);
    added.discipline = lines[initial].discipline;
    added.modifier_bits = lines[initial].modifier_bits;
    added.provider_bits = lines[initial].provider_bits;
    added.modifiers_of = static_cast<std::int32_t>(initial);
    lines.push_back(added);
    addon_lines = true;
    return lines.size() - 1;
  }

  // Records the modifiers of a service on its line.
  void note_modifiers(const Plan& plan, const Service& svc, WorkLine& line) {
    for (const std::string& m : svc.modifiers) {
      const std::uint32_t id = find_modifier(plan, m);
      if (id < kModifierBits)
        line.modifier_bits |= std::uint64_t{1} << id;
      else
        modifier_bits_exact = false;
    }
  }
};

}  // namespace cptrules::interp
