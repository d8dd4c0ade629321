// cptrules/engine.hpp: the library API: load billing rules, evaluate encounters, write records.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "encounter.hpp"
#include "eval_options.hpp"
#include "explanation.hpp"
#include "result.hpp"

namespace cptrules::interp {
class Plan;
class RecordPipeline;
}  // namespace cptrules::interp

namespace cptrules {

// The types the engine reads and writes (documented where they are declared).
using Encounter = interp::Encounter;      // one patient, one date of service
using Service = interp::Service;          // a code with its minutes and modifiers
using Result = interp::Result;            // units, alternatives, findings, or an error
using Explanation = interp::Explanation;  // ledger, deciding rules, near misses
using EvalOptions = interp::EvalOptions;  // defaults: payer, date of service, discipline

// A rule file given as text, e.g. typed by a user or kept in a database.
struct RuleText {
  std::string name;  // shown in diagnostics and explanations, e.g. "clinic.rules"
  std::string text;
};

// Where the rules come from; they are loaded together, as `cptrules eval` loads them.
struct RuleSources {
  bool stdlib = true;              // the standard rules built into the library
  std::vector<std::string> paths;  // .rules files, or folders searched for them
  std::vector<RuleText> texts;     // rule files in memory
};

class Evaluator;
struct LoadResult;

// Compiled rules: immutable, cheap to copy, and safe to share between threads.
class Engine {
 public:
  // Reads, parses, checks and compiles the rules. Never throws for bad rules: on errors the
  // result holds no engine and its diagnostics say what is wrong and where.
  static LoadResult load(const RuleSources& sources);

  // An evaluator for one thread; make one per thread and reuse it.
  Evaluator evaluator(EvalOptions options = {}) const;

  // The names of the payers and codes the rules define.
  std::vector<std::string> payers() const;
  std::vector<std::string> codes() const;

 private:
  explicit Engine(std::shared_ptr<const interp::Plan> plan) : plan_(std::move(plan)) {}
  std::shared_ptr<const interp::Plan> plan_;
};

// What Engine::load gave: an engine when the rules have no errors, and the diagnostics as text
// (errors and warnings, with file, line, column and a caret, as `cptrules check` prints them).
struct LoadResult {
  std::optional<Engine> engine;
  std::string diagnostics;
  explicit operator bool() const { return engine.has_value(); }
};

// Evaluates encounters under an engine's rules, through the record pipeline of `cptrules eval`.
// Keeps scratch space between calls, so that a steady stream of encounters allocates next to
// nothing; not safe to share between threads.
class Evaluator {
 public:
  // Evaluates `encounter` into `result` (reused; cleared first). Never throws for bad input: an
  // encounter that cannot be evaluated gives a result with `ok` false and `error` set.
  void evaluate(const Encounter& encounter, Result& result);

  // The same, returning a new result.
  Result evaluate(const Encounter& encounter);

  // Why `result` (which evaluate() gave for `encounter`) is what it is. Costs several
  // evaluations when `near_misses` is true.
  Explanation explain(const Encounter& encounter, const Result& result, bool near_misses = true);

  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;
  ~Evaluator();

 private:
  friend class Engine;
  explicit Evaluator(std::unique_ptr<interp::RecordPipeline> pipeline);
  std::unique_ptr<interp::RecordPipeline> pipeline_;
};

// Reads encounters from JSON text, with the checks and error records of `cptrules eval`.
class EncounterParser {
 public:
  EncounterParser();
  ~EncounterParser();
  EncounterParser(EncounterParser&&) noexcept;
  EncounterParser& operator=(EncounterParser&&) noexcept;

  // Reads one JSON object (one encounter, on one line) as input line `line_number`. Returns true
  // when it can be evaluated; otherwise `error_record` is the record to write in its place (an
  // `input.*` error with its message) and `encounter` is unspecified.
  bool parse(std::string_view json, Encounter& encounter, Result& error_record,
             std::int64_t line_number = 1);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Appends the JSON record of `result` (the `jsonl` record of `cptrules eval`, one line, no line
// end), with its `explanation` member when `explanation` is given.
void append_json_record(std::string& out, const Result& result,
                        const Explanation* explanation = nullptr);

// The JSON record of `result` as a string, followed by "\n".
std::string json_line(const Result& result, const Explanation* explanation = nullptr);

}  // namespace cptrules
