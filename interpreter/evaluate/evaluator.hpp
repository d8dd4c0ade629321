// Evaluator: turns one encounter into billable units, alternatives and findings under a Plan.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "decisions.hpp"
#include "encounter.hpp"
#include "eval_options.hpp"
#include "plan.hpp"
#include "result.hpp"

namespace cptrules::interp {

struct Pool;      // the minutes counted together (scratch.hpp)
struct WorkLine;  // one line of the encounter being evaluated (scratch.hpp)

// The most services one encounter may list.
inline constexpr std::size_t kMaxServices = 256;
// The most alternatives a result lists.
inline constexpr std::size_t kMaxAlternatives = 32;

// Evaluates encounters against one shared, immutable plan. An Evaluator keeps scratch space
// between calls, so reuse one per thread; it is not safe to share between threads.
class Evaluator {
 public:
  Evaluator(std::shared_ptr<const Plan> plan, EvalOptions options);
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;

  // Evaluates `encounter` into `result` (cleared first). Never throws for bad input: an
  // encounter that cannot be evaluated becomes an error record (`result.ok == false`). With
  // `record`, also records what was decided (cleared first; filled when the result is ok);
  // without it, nothing is recorded and nothing is paid for.
  void evaluate(const Encounter& encounter, Result& result, Decisions* record = nullptr);

  const Plan& plan() const { return *plan_; }
  const EvalOptions& options() const { return options_; }

 private:
  struct Scratch;  // lines, pools and caches kept between encounters (scratch.hpp)
  struct Context;  // the date of service and the rules in force on it
  // The steps of evaluate(), in order; a step that returns false has made `result` an error
  // record.
  bool resolve_context(const Encounter& encounter, Result& result, Context& context);
  bool merge_services(const Encounter& encounter, const Context& context,
                      Result& result);  // service_lines.cpp, with the next four
  bool place_services(const Encounter& encounter, const Context& context, Result& result);
  bool known_provider(std::string_view given, std::int64_t service, std::uint64_t& bit,
                      Result& r) const;
  bool note_provider(const Encounter& enc, std::size_t i, std::uint64_t encounter_provider,
                     WorkLine& line, Result& r);
  void check_lines(const Encounter& enc, std::uint32_t payer_id, std::optional<lang::Date> date,
                   Result& result);
  std::string fill_message(const CheckVersion& check, const WorkLine& line, const std::string& code,
                           const Result& r) const;
  bool known_discipline(std::string_view given, std::int64_t service, std::string_view& out,
                        Result& result) const;
  std::string_view service_discipline(const Service& service, std::string_view own,
                                      std::uint32_t code_id, const CodeVersion& shape,
                                      std::string_view encounter, const PayerVersion& payer,
                                      bool pooled_by_discipline, Result& result);
  void credit_clock_time(const Encounter& encounter, const Context& context, Result& result);
  void apply_code_rules(const Context& context, Result& result);
  void apply_time_shapes(const Context& context, Result& result);  // time_shapes.cpp, with
  void split_addon_time(std::size_t line, const Context& context, Result& result);  // the next
  void choose_by_time_range(const Context& context, Result& result);                // three
  void record_time_shapes(std::size_t line, std::optional<lang::Date> date, LineDecision& out);
  bool resolve_line_policies(const Context& context, Result& result);
  void form_pools(const Context& context, Result& result);
  bool count_units(const Context& context, Result& result);
  void allocate_rest(const PolicyVersion& policy, Pool& pool, std::int64_t rest,
                     std::string_view by_policy, Result& result);
  void check_claim(const Encounter& encounter, const PayerVersion& payer,
                   std::optional<lang::Date> date, Result& result);  // claim_checks.cpp
  void check_modifiers(const Encounter& encounter, const PayerVersion& payer,
                       std::optional<lang::Date> date, Result& result);
  void check_edits(const Encounter& encounter, std::uint32_t payer_id,
                   std::optional<lang::Date> date, Result& result);
  void check_limits(std::uint32_t payer_id, std::optional<lang::Date> date, Result& result);
  void write_lines(const Encounter& encounter, Result& result);
  void audit_billed_units(Result& result);  // audit.cpp
  void record_decisions(const PayerVersion& payer, const PolicyVersion& policy,
                        std::optional<lang::Date> date);
  void list_alternatives(Result& result);
  void record_check(CheckDecision::Kind kind, const std::string& rule, const Origin& origin,
                    const Result& result);
  std::shared_ptr<const Plan> plan_;
  EvalOptions options_;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace cptrules::interp
