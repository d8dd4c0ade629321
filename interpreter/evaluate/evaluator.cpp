// Evaluator: merging services, pooling minutes, computing units and allocating them.
#include "evaluator.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "suggest.hpp"

namespace cptrules::interp {

namespace {

// One distinct code of the encounter while it is being evaluated.
struct WorkLine {
  std::uint32_t code_id = 0;
  const CodeVersion* version = nullptr;  // null: not in force on the date of service
  std::int64_t minutes = 0;
  bool has_minutes = false;
  std::string_view discipline;
  std::int64_t units = 0;
  std::int64_t full = 0;  // pooled: the units its own minutes earned before the rest
  std::int32_t pool = -1;
  std::uint64_t modifier_bits = 0;  // bit i: a service of this code carries modifier id i
};

// Modifier ids that fit in WorkLine::modifier_bits.
constexpr std::uint32_t kModifierBits = 64;

// The timed lines counted together (per discipline and unit length, or one code alone).
struct Pool {
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

const char* status_text(EvalStatus s) {
  return s == EvalStatus::division_by_zero ? "division by zero" : "a number too large";
}

}  // namespace

namespace {

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
bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i])
      return false;
  }
  return true;
}

// True when a service of `code` in the encounter carries `modifier`.
bool has_modifier(const Encounter& enc, std::string_view code, std::string_view modifier) {
  for (const Service& svc : enc.services) {
    if (!same(svc.code, code))
      continue;
    for (const std::string& m : svc.modifiers) {
      if (same(m, modifier))
        return true;
    }
  }
  return false;
}

}  // namespace

struct Evaluator::Scratch {
  std::vector<WorkLine> lines;
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
  // Codes that some version of an edit (column 1, column 2) or of a limit names, by code id: a
  // claim whose lines are in none of them cannot meet those rules, and skips them.
  std::vector<bool> in_column1;
  std::vector<bool> in_column2;
  std::vector<bool> in_limit;

  explicit Scratch(const Plan& plan)
      : in_column1(plan.codes.size()), in_column2(plan.codes.size()), in_limit(plan.codes.size()) {
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
    for (const Entry<LimitVersion>& entry : plan.limits) {
      for (const LimitVersion& limit : entry.versions)
        mark(in_limit, limit.codes);
    }
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

  // True when a service of `line`'s code carries `modifier`, whose id is `id` (kNoModifier for
  // a name no `modifier` declares).
  bool carries(const Plan& plan, const Encounter& enc, const WorkLine& line,
               std::string_view modifier, std::uint32_t id) const {
    if (!modifier_bits_exact)
      return has_modifier(enc, plan.codes[line.code_id].name, modifier);
    return id < kModifierBits && ((line.modifier_bits >> id) & 1U) != 0;
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

Evaluator::Evaluator(std::shared_ptr<const Plan> plan, EvalOptions options)
    : plan_(std::move(plan)),
      options_(std::move(options)),
      scratch_(std::make_unique<Scratch>(*plan_)) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

namespace {

void add_finding(Result& r, FindingSeverity s, std::string_view id, std::string message) {
  r.findings.push_back({s, std::string(id), std::move(message)});
}

using lang::did_you_mean;

std::string in_force_text(const Entry<CodeVersion>& e) {
  constexpr auto lo = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi = std::numeric_limits<std::int32_t>::max();
  std::string out;
  for (const CodeVersion& v : e.versions) {
    if (!out.empty())
      out += ", ";
    if (v.in_force.effective != lo && v.in_force.expires != hi) {
      out += fmt::format("from {} through {}", lang::format_date({v.in_force.effective}),
                         lang::format_date({v.in_force.expires}));
    } else if (v.in_force.effective != lo) {
      out += fmt::format("from {}", lang::format_date({v.in_force.effective}));
    } else {
      out += fmt::format("through {}", lang::format_date({v.in_force.expires}));
    }
  }
  return out;
}

// " from 2020-01-01" for a version with an effective date, "" for one in force from the start.
std::string since_text(const InForce& in_force) {
  return in_force.effective == InForce{}.effective
             ? std::string()
             : fmt::format(" from {}", lang::format_date({in_force.effective}));
}

// The message of `input.no-date`: which versions the newest rules gave the payer, its policy
// and each line's code.
std::string no_date_message(const Plan& plan, const PayerVersion& payer,
                            const PolicyVersion& policy, const std::vector<WorkLine>& lines) {
  std::string codes;
  for (const WorkLine& line : lines) {
    if (!line.version)
      continue;
    codes += fmt::format("{}{}{}", codes.empty() ? "" : ", ", plan.codes[line.code_id].name,
                         since_text(line.version->in_force));
  }
  return fmt::format(
      "the encounter has no date of service and no --date was given: the newest rules were used "
      "(those in force after every date the rules name: payer {}{}, policy {}{}{}{}); a code or "
      "rule that has expired is not in force without a date",
      payer.name, since_text(payer.in_force), policy.name, since_text(policy.in_force),
      codes.empty() ? "" : ", codes ", codes);
}

// "(it replaced 97762)" and "; 97763 replaced it", from the codes' `replaces` clauses.
std::string replacement_text(const Plan& plan, const Entry<CodeVersion>& entry) {
  std::string out;
  for (const CodeVersion& v : entry.versions) {
    if (!v.replaces.empty())
      out += fmt::format(" (it replaced {})", v.replaces);
  }
  for (const Entry<CodeVersion>& other : plan.codes) {
    for (const CodeVersion& v : other.versions) {
      if (v.replaces == entry.name)
        out += fmt::format("; {} replaced it", other.name);
    }
  }
  return out;
}

// Calls `visit` with each k-combination of {0..n-1} in lexicographic order until it returns
// false.
template <typename Visit>
void for_each_combination(std::size_t n, std::size_t k, Visit visit) {
  std::vector<std::size_t> idx(k);
  for (std::size_t i = 0; i < k; ++i)
    idx[i] = i;
  while (true) {
    if (!visit(idx))
      return;
    std::size_t i = k;
    while (i > 0 && idx[i - 1] == n - k + i - 1)
      --i;
    if (i == 0)
      return;
    ++idx[i - 1];
    for (std::size_t j = i; j < k; ++j)
      idx[j] = idx[j - 1] + 1;
  }
}

}  // namespace

namespace {

template <typename Version>
bool applies_to(const Version& v, std::uint32_t payer) {
  return v.payers.empty() || std::find(v.payers.begin(), v.payers.end(), payer) != v.payers.end();
}

std::string or_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

// Modifiers, code-pair edits and per-day limits: they add findings and never change units.
void Evaluator::check_claim(const Encounter& enc, const PayerVersion& payer,
                            std::optional<lang::Date> date, Result& r) {
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  // The payer evaluate() looked up, when the version carries the name it was found by.
  const std::uint32_t payer_id =
      payer.name == s.payer_name ? s.payer_id : s.find_payer(plan, payer.name);

  // Every modifier known and in force; discipline modifiers where the payer asks for them.
  bool modifiers_fine = s.modifier_bits_exact;
  if (modifiers_fine) {
    std::uint64_t used = 0;
    for (const WorkLine& line : s.lines)
      used |= line.modifier_bits;
    for (std::uint32_t id = 0; used != 0; ++id, used >>= 1) {
      if ((used & 1U) != 0 && !plan.modifiers[id].at(date))
        modifiers_fine = false;
    }
  }
  if (!modifiers_fine && !plan.modifiers.empty()) {
    for (std::size_t i = 0; i < enc.services.size(); ++i) {
      for (const std::string& m : enc.services[i].modifiers) {
        const std::uint32_t id = s.find_modifier(plan, m);
        if (id == NameCache::kNone) {
          add_finding(r, FindingSeverity::warning, "modifier.unknown",
                      fmt::format("services[{}]: modifier {} on {} is not known{}", i, m,
                                  enc.services[i].code, did_you_mean(m, plan.modifier_names())));
        } else if (!plan.modifiers[id].at(date)) {
          add_finding(
              r, FindingSeverity::warning, "modifier.not-in-force",
              fmt::format("services[{}]: modifier {} is not in force {}", i, m, when_text(date)));
        }
      }
    }
  }
  if (!payer.discipline_modifiers.empty()) {
    for (const WorkLine& line : s.lines) {
      if (!line.version || line.version->disciplines.empty())
        continue;
      const std::string& code = line.version->code;
      const DisciplineModifierPlan* wanted = nullptr;
      const DisciplineModifierPlan* carried = nullptr;
      bool wanted_carried = false;  // whether the last `wanted` is carried
      for (const DisciplineModifierPlan& dm : payer.discipline_modifiers) {
        const bool is_carried = s.carries(plan, enc, line, dm.modifier, dm.modifier_id);
        if (same(dm.discipline, line.discipline)) {
          wanted = &dm;
          wanted_carried = is_carried;
        }
        if (is_carried)
          carried = carried ? carried : &dm;
      }
      if (wanted && !wanted_carried) {
        if (carried) {
          add_finding(r, FindingSeverity::warning, "modifier.discipline-mismatch",
                      fmt::format("{} carries {} ({}), but it is billed under {}: {} wants {}",
                                  code, carried->modifier, carried->discipline, line.discipline,
                                  payer.name, wanted->modifier));
        } else {
          add_finding(r, FindingSeverity::warning, "modifier.discipline-missing",
                      fmt::format("{} is billed under {}: {} wants modifier {} on it", code,
                                  line.discipline, payer.name, wanted->modifier));
        }
      }
    }
  }

  // Code-pair edits: a column 2 code billed with a column 1 code.
  static const std::vector<Entry<EditVersion>> kNoEdits;
  const bool edits_may_apply = s.any_billed(s.in_column1) && s.any_billed(s.in_column2);
  for (const Entry<EditVersion>& entry : edits_may_apply ? plan.edits : kNoEdits) {
    const EditVersion* edit = entry.at(date);
    if (!edit || !applies_to(*edit, payer_id))
      continue;
    for (const WorkLine& first : s.lines) {
      if (first.units <= 0 || !edit->column1.contains(first.code_id))
        continue;
      for (const WorkLine& second : s.lines) {
        if (second.units <= 0 || &second == &first || !edit->column2.contains(second.code_id))
          continue;
        const std::string& c1 = plan.codes[first.code_id].name;
        const std::string& c2 = plan.codes[second.code_id].name;
        std::string bypassed_by;
        if (!edit->no_bypass) {
          for (const std::string& m : edit->bypass) {
            if (s.carries(plan, enc, second, m, s.find_modifier(plan, m))) {
              bypassed_by = m;
              break;
            }
          }
        }
        const std::string when =
            edit->when.empty() ? std::string() : fmt::format(" {}", edit->when);
        if (!bypassed_by.empty()) {
          add_finding(r, FindingSeverity::info, "edit.bypassed",
                      fmt::format("{} with {}: modifier {} on {} bypasses edit '{}'; it is right "
                                  "only if {}",
                                  c2, c1, bypassed_by, c2, edit->name,
                                  when.empty() ? std::string("the clinical facts support it")
                                               : fmt::format("the services were not{}", when)));
          record_check(CheckDecision::Kind::edit_bypassed, edit->name, edit->origin, r);
          continue;
        }
        std::string text = fmt::format("{} is not separately payable with {}{}", c2, c1, when);
        if (!edit->message.empty())
          text += fmt::format(": {}", edit->message);
        if (edit->no_bypass) {
          text += "; no modifier bypasses this edit";
        } else if (!edit->bypass.empty()) {
          text += fmt::format(
              "; modifier {} on {} makes the pair billable when the clinical facts "
              "support it",
              or_list(edit->bypass), c2);
        }
        add_finding(r, static_cast<FindingSeverity>(edit->severity),
                    fmt::format("edit.{}", edit->name), std::move(text));
        record_check(CheckDecision::Kind::edit, edit->name, edit->origin, r);
      }
    }
  }

  // Per-day unit limits.
  if (!s.any_line(s.in_limit))
    return;
  for (const Entry<LimitVersion>& entry : plan.limits) {
    const LimitVersion* limit = entry.at(date);
    if (!limit || !applies_to(*limit, payer_id))
      continue;
    for (const WorkLine& line : s.lines) {
      if (line.units <= limit->max_units || !limit->codes.contains(line.code_id))
        continue;
      std::string text =
          fmt::format("{} has {} units; '{}' allows at most {} per day",
                      plan.codes[line.code_id].name, line.units, limit->name, limit->max_units);
      if (!limit->message.empty())
        text += fmt::format(": {}", limit->message);
      add_finding(r, FindingSeverity::warning, fmt::format("limit.{}", limit->name),
                  std::move(text));
      record_check(CheckDecision::Kind::limit, limit->name, limit->origin, r);
    }
  }
}

void Evaluator::record_check(CheckDecision::Kind kind, const std::string& rule,
                             const Origin& origin, const Result& r) {
  if (Decisions* record = scratch_->record)
    record->checks.push_back({kind, rule, r.findings.size() - 1, &origin});
}

void Evaluator::record_decisions(const PayerVersion& payer, const PolicyVersion& policy,
                                 std::optional<lang::Date> date) {
  Scratch& s = *scratch_;
  Decisions& d = *s.record;
  d.payer = &payer;
  d.policy = &policy;
  d.date = date;
  d.pools.resize(s.pool_count);
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    const Pool& pool = s.pools[p];
    d.pools[p] = {std::string(pool.discipline), pool.unit, pool.minutes, pool.units, pool.members};
  }
  d.lines.resize(s.lines.size());
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const WorkLine& line = s.lines[i];
    LineDecision& out = d.lines[i];
    out = LineDecision{};
    out.version = line.version;
    out.discipline = std::string(line.discipline);
    out.minutes = line.minutes;
    if (!line.version || !line.version->timed)
      continue;
    const CodeVersion& v = *line.version;
    out.counted = true;
    out.pool = line.pool;
    // Under a per-code policy the full units only describe the minutes: no unit is handed out
    // after them.
    std::int64_t full = policy.pooled ? line.full : line.minutes / v.unit;
    if (v.first_block_only)
      full = std::min<std::int64_t>(full, 1);
    full = std::min(full, line.units);
    out.full_units = full;
    out.leftover = std::max<std::int64_t>(0, line.minutes - v.unit * full);
    out.extra_unit = line.units > full;
    out.competes = out.leftover > 0 && !(v.first_block_only && full >= 1);
  }
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    for (std::uint32_t m : s.pools[p].tied)
      d.lines[m].tied = true;
  }
}

void Evaluator::evaluate(const Encounter& enc, Result& r, Decisions* record) {
  r.clear();
  r.id = enc.id;
  r.input_line = enc.input_line;
  const Plan& plan = *plan_;
  Scratch& s = *scratch_;
  s.record = record;
  if (record)
    record->clear();

  // Date, payer and policy.
  const std::optional<lang::Date> date = enc.date ? enc.date : options_.default_date;
  if (!date)
    add_finding(r, FindingSeverity::warning, "input.no-date", {});  // its message comes below
  const std::optional<std::string>& payer_name = enc.payer ? enc.payer : options_.default_payer;
  if (!payer_name) {
    r.fail("input.payer-missing", "the encounter names no payer and no --payer was given");
    return;
  }
  const std::uint32_t payer_id = s.find_payer(plan, *payer_name);
  if (payer_id == NameCache::kNone) {
    r.fail("input.unknown-payer", fmt::format("unknown payer '{}'{}", *payer_name,
                                              did_you_mean(*payer_name, plan.payer_names())));
    return;
  }
  s.payer_name = *payer_name;
  s.payer_id = payer_id;
  const PayerVersion* payer = plan.payers[payer_id].at(date);
  if (!payer) {
    r.fail("input.payer-not-in-force",
           fmt::format("payer '{}' has no rules in force {}", *payer_name, when_text(date)));
    return;
  }
  const PolicyVersion* policy = plan.policies[payer->policy].at(date);
  if (!policy) {
    r.fail("rules.policy-not-in-force",
           fmt::format("policy '{}' of payer '{}' is not in force {}",
                       plan.policies[payer->policy].name, *payer_name, when_text(date)));
    return;
  }
  r.payer = payer->name;
  r.policy = policy->name;
  r.date = date;

  // Services merged into one line per distinct code.
  if (enc.services.size() > kMaxServices) {
    r.fail("input.too-many-services",
           fmt::format("the encounter lists {} services; at most {} are allowed",
                       enc.services.size(), kMaxServices));
    return;
  }
  const std::string_view encounter_discipline = enc.discipline
                                                    ? std::string_view(*enc.discipline)
                                                    : std::string_view(options_.default_discipline);
  s.lines.clear();
  s.modifier_bits_exact = true;
  std::int64_t day_minutes = 0;
  for (std::size_t i = 0; i < enc.services.size(); ++i) {
    const Service& svc = enc.services[i];
    const std::uint32_t code_id = s.find_code(plan, svc.code);
    if (code_id == NameCache::kNone) {
      r.fail("input.unknown-code",
             fmt::format("services[{}].code: unknown code '{}'{}", i, svc.code,
                         did_you_mean(svc.code, plan.code_names())));
      return;
    }
    const std::string_view discipline =
        svc.discipline ? std::string_view(*svc.discipline) : encounter_discipline;
    auto it = std::find_if(s.lines.begin(), s.lines.end(),
                           [&](const WorkLine& l) { return l.code_id == code_id; });
    if (it == s.lines.end()) {
      WorkLine& line = s.lines.emplace_back();  // built in place, not copied in
      line.code_id = code_id;
      line.version = plan.codes[code_id].at(date);
      line.discipline = discipline;
      it = s.lines.end() - 1;
    } else if (!same(it->discipline, discipline)) {
      add_finding(r, FindingSeverity::warning, "input.discipline-conflict",
                  fmt::format("{} is listed under {} and {}: its minutes are counted under {}",
                              svc.code, it->discipline, discipline, it->discipline));
    }
    s.note_modifiers(plan, svc, *it);
    const CodeVersion& shape = it->version ? *it->version : plan.codes[code_id].versions.back();
    if (shape.timed && !svc.minutes) {
      r.fail("input.minutes-missing",
             fmt::format("services[{}].minutes is required: {} is a timed code", i, svc.code));
      return;
    }
    if (svc.minutes) {
      it->minutes += *svc.minutes;
      it->has_minutes = true;
      day_minutes += *svc.minutes;
      if (day_minutes > kMaxDayMinutes) {
        r.fail("input.day-too-long",
               fmt::format("the services add up to more than {} minutes (24 hours) in one day",
                           kMaxDayMinutes));
        return;
      }
    }
  }

  // Codes out of force, disciplines, and the time after an initial code's first block.
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    WorkLine& line = s.lines[i];
    const Entry<CodeVersion>& entry = plan.codes[line.code_id];
    if (!line.version) {
      add_finding(
          r, FindingSeverity::error, "code.not-in-force",
          fmt::format("{} is not in force {}: it is in force {}{}", entry.name, when_text(date),
                      in_force_text(entry), replacement_text(plan, entry)));
      continue;
    }
    const CodeVersion& v = *line.version;
    if (!v.disciplines.empty() &&
        std::none_of(v.disciplines.begin(), v.disciplines.end(),
                     [&](const std::string& d) { return same(d, line.discipline); })) {
      add_finding(r, FindingSeverity::warning, "code.discipline-mismatch",
                  fmt::format("{} is billed under {}, but its rules list {}", entry.name,
                              line.discipline, fmt::join(v.disciplines, ", ")));
    }
    if (v.timed && v.first_block_only && v.addon_code != kNoCode && line.minutes > v.unit) {
      const std::int64_t extra = line.minutes - v.unit;
      line.minutes = v.unit;
      const auto addon_id = static_cast<std::uint32_t>(v.addon_code);
      auto addon = std::find_if(s.lines.begin(), s.lines.end(),
                                [&](const WorkLine& l) { return l.code_id == addon_id; });
      if (addon == s.lines.end()) {
        WorkLine added;
        added.code_id = addon_id;
        added.version = plan.codes[addon_id].at(date);
        added.discipline = line.discipline;
        s.lines.push_back(added);
        addon = s.lines.end() - 1;
      }
      addon->minutes += extra;
      addon->has_minutes = true;
      add_finding(r, FindingSeverity::info, "code.addon-time",
                  fmt::format("the {} minutes of {} after its first {} are billed as its add-on {}",
                              extra, entry.name, v.unit, plan.codes[addon_id].name));
    }
    if (v.primary_code != kNoCode) {
      const auto primary = static_cast<std::uint32_t>(v.primary_code);
      if (std::none_of(s.lines.begin(), s.lines.end(),
                       [&](const WorkLine& l) { return l.code_id == primary; })) {
        add_finding(r, FindingSeverity::warning, "code.addon-without-primary",
                    fmt::format("{} is an add-on code, billed without its initial code {}",
                                entry.name, plan.codes[primary].name));
      }
    }
  }

  if (!date)
    r.findings.front().message = no_date_message(plan, *payer, *policy, s.lines);

  // Pools: each timed line alone, or together per discipline (when asked) and unit length.
  s.pool_count = 0;
  auto new_pool = [&](std::string_view discipline, std::int64_t unit) -> std::int32_t {
    if (s.pool_count == s.pools.size())
      s.pools.emplace_back();
    Pool& p = s.pools[s.pool_count];
    p.discipline = discipline;
    p.unit = unit;
    p.minutes = 0;
    p.units = 0;
    p.members.clear();
    p.tied.clear();
    p.slots = 0;
    return static_cast<std::int32_t>(s.pool_count++);
  };
  for (std::uint32_t i = 0; i < s.lines.size(); ++i) {
    WorkLine& line = s.lines[i];
    if (!line.version)
      continue;
    if (!line.version->timed) {
      line.units = 1;
      continue;
    }
    r.timed_minutes += line.minutes;
    std::int32_t pool = -1;
    if (policy->pooled) {
      for (std::size_t p = 0; p < s.pool_count; ++p) {
        if (s.pools[p].unit == line.version->unit &&
            (!policy->pool_by_discipline || s.pools[p].discipline == line.discipline)) {
          pool = static_cast<std::int32_t>(p);
          break;
        }
      }
    }
    if (pool < 0)
      pool = new_pool(line.discipline, line.version->unit);
    line.pool = pool;
    s.pools[static_cast<std::size_t>(pool)].members.push_back(i);
  }

  // Units per pool, then the allocation of pooled units to codes.
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    Pool& pool = s.pools[p];
    std::int64_t total = 0;
    for (std::uint32_t m : pool.members)
      total += s.lines[m].minutes;
    std::int64_t units = 0;
    const EvalStatus units_status =
        s.units.get(policy, 0, total, pool.unit, units,
                    [&](std::int64_t& out) { return policy->units(total, pool.unit, out); });
    if (EvalStatus st = units_status; st != EvalStatus::ok) {
      r.fail("rules.evaluation-failed", fmt::format("policy '{}' gave {} for {} minutes",
                                                    policy->name, status_text(st), total));
      return;
    }
    units = std::max<std::int64_t>(units, 0);
    pool.minutes = total;
    pool.units = units;
    if (!policy->pooled) {
      WorkLine& line = s.lines[pool.members.front()];
      line.units = line.version->first_block_only ? std::min<std::int64_t>(units, 1) : units;
      continue;
    }
    std::int64_t given = 0;
    for (std::uint32_t m : pool.members) {
      WorkLine& line = s.lines[m];
      std::int64_t full = 0;
      if (policy->has_full_units) {
        const EvalStatus full_status =
            s.units.get(policy, 1, line.minutes, pool.unit, full, [&](std::int64_t& out) {
              return policy->full_units.run({line.minutes, pool.unit}, out);
            });
        if (EvalStatus st = full_status; st != EvalStatus::ok) {
          r.fail("rules.evaluation-failed",
                 fmt::format("policy '{}' gave {} for the full units of {} minutes", policy->name,
                             status_text(st), line.minutes));
          return;
        }
      }
      full = std::max<std::int64_t>(full, 0);
      if (line.version->first_block_only)
        full = std::min<std::int64_t>(full, 1);
      line.units = full;
      line.full = full;
      given += full;
    }
    if (given > units) {
      add_finding(r, FindingSeverity::warning, "policy.full-units-exceed-pool",
                  fmt::format("the codes' full units ({}) exceed the {} units that {} pooled "
                              "minutes allow",
                              given, units, total));
    }
    std::int64_t rest = units - given;
    while (rest > 0) {
      s.candidates.clear();
      for (std::uint32_t m : pool.members) {
        const WorkLine& line = s.lines[m];
        const bool capped = line.version->first_block_only && line.units >= 1;
        if (!capped && line.minutes - pool.unit * line.units > 0)
          s.candidates.push_back(m);
      }
      if (s.candidates.empty()) {
        add_finding(r, FindingSeverity::warning, "policy.units-unallocated",
                    fmt::format("{} of the {} units that {} pooled minutes allow could not be "
                                "given to any code",
                                rest, units, total));
        break;
      }
      auto key = [&](std::uint32_t m) {
        const WorkLine& line = s.lines[m];
        return policy->rest_by_leftover ? line.minutes - pool.unit * line.units : line.minutes;
      };
      // A stable insertion sort: the same order as std::stable_sort, without its buffer.
      const auto before = [&](std::uint32_t a, std::uint32_t b) {
        const std::int64_t ka = key(a), kb = key(b);
        if (ka != kb)
          return ka > kb;
        return s.lines[a].minutes > s.lines[b].minutes;
      };
      for (std::size_t i = 1; i < s.candidates.size(); ++i) {
        const std::uint32_t moving = s.candidates[i];
        std::size_t j = i;
        for (; j > 0 && before(moving, s.candidates[j - 1]); --j)
          s.candidates[j] = s.candidates[j - 1];
        s.candidates[j] = moving;
      }
      const auto n = static_cast<std::int64_t>(s.candidates.size());
      if (rest >= n) {
        for (std::uint32_t m : s.candidates)
          ++s.lines[m].units;
        rest -= n;
        continue;
      }
      const std::int64_t boundary = key(s.candidates[static_cast<std::size_t>(rest - 1)]);
      std::size_t above = 0;
      for (std::uint32_t m : s.candidates) {
        const std::int64_t k = key(m);
        if (k > boundary) {
          ++s.lines[m].units;
          ++above;
        } else if (k == boundary) {
          pool.tied.push_back(m);
        }
      }
      pool.slots = static_cast<std::size_t>(rest) - above;
      for (std::size_t t = 0; t < pool.slots; ++t)
        ++s.lines[pool.tied[t]].units;
      if (!policy->ties_alternatives || pool.tied.size() == pool.slots) {
        pool.tied.clear();
        pool.slots = 0;
      }
      rest = 0;
    }
  }

  check_claim(enc, *payer, date, r);

  // Lines out.
  r.lines.reserve(s.lines.size());
  for (const WorkLine& line : s.lines) {
    Line& out = r.lines.emplace_back();  // built in place, not moved in
    out.code = plan.codes[line.code_id].name;
    out.timed = line.version ? line.version->timed : plan.codes[line.code_id].versions.back().timed;
    if (line.has_minutes)
      out.minutes = line.minutes;
    out.units = line.units;
    r.total_units += line.units;
  }
  if (record)
    record_decisions(*payer, *policy, date);

  // Alternatives: every combination of the tied lines of each pool, across pools.
  std::size_t tie_pools = 0;
  for (std::size_t p = 0; p < s.pool_count; ++p)
    tie_pools += s.pools[p].slots > 0 ? 1 : 0;
  if (tie_pools == 0)
    return;
  std::vector<std::vector<std::vector<std::size_t>>> per_pool(s.pool_count);
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    const Pool& pool = s.pools[p];
    if (pool.slots == 0) {
      per_pool[p].push_back({});
      continue;
    }
    for_each_combination(pool.tied.size(), pool.slots, [&](const std::vector<std::size_t>& c) {
      per_pool[p].push_back(c);
      return per_pool[p].size() <= kMaxAlternatives;
    });
  }
  // Walk the cross product in order; the first (all pools' first combination) is the chosen one.
  std::vector<std::size_t> pick(s.pool_count, 0);
  Allocation base;
  for (const WorkLine& line : s.lines)
    base.push_back(line.units);
  for (std::size_t p = 0; p < s.pool_count; ++p) {
    for (std::size_t t = 0; t < s.pools[p].slots; ++t)
      --base[s.pools[p].tied[t]];
  }
  while (r.alternatives.size() < kMaxAlternatives) {
    // Advance to the next combination (skipping the chosen one, which is pick == all zeros).
    std::size_t p = 0;
    while (p < s.pool_count) {
      if (++pick[p] < per_pool[p].size())
        break;
      pick[p] = 0;
      ++p;
    }
    if (p == s.pool_count)
      break;
    Allocation alt = base;
    for (std::size_t q = 0; q < s.pool_count; ++q) {
      for (std::size_t t : per_pool[q][pick[q]])
        ++alt[s.pools[q].tied[t]];
    }
    r.alternatives.push_back(std::move(alt));
  }
}

}  // namespace cptrules::interp
