// The library facade of cptrules/engine.hpp over the loader, record pipeline, reader and writer.
#include <cptrules/engine.hpp>

#include <utility>

#include <fmt/format.h>

#include "diagnostic.hpp"
#include "encounter_reader.hpp"
#include "item_result.hpp"
#include "json_record.hpp"
#include "loader.hpp"
#include "record_pipeline.hpp"
#include "source.hpp"

namespace cptrules {

LoadResult Engine::load(const RuleSources& sources) {
  interp::LoadOptions options;
  options.stdlib = sources.stdlib;
  options.paths = sources.paths;
  for (const RuleText& text : sources.texts)
    options.extra.push_back(std::make_shared<lang::SourceFile>(text.name, text.text));
  interp::LoadedRules loaded = interp::load_rules(options);
  LoadResult result;
  result.diagnostics = lang::render(loaded.diagnostics, false);
  if (loaded.plan)
    result.engine = Engine(std::move(loaded.plan));
  return result;
}

Evaluator Engine::evaluator(EvalOptions options) const {
  return Evaluator(std::make_unique<interp::RecordPipeline>(plan_, std::move(options)));
}

std::vector<std::string> Engine::payers() const {
  return plan_->payer_names();
}

std::vector<std::string> Engine::codes() const {
  return plan_->code_names();
}

Evaluator::Evaluator(std::unique_ptr<interp::RecordPipeline> pipeline)
    : pipeline_(std::move(pipeline)) {}
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;
Evaluator::~Evaluator() = default;

void Evaluator::evaluate(const Encounter& encounter, Result& result) {
  pipeline_->evaluate(encounter, result);
}

Result Evaluator::evaluate(const Encounter& encounter) {
  Result result;
  pipeline_->evaluate(encounter, result);
  return result;
}

Explanation Evaluator::explain(const Encounter& encounter, const Result& result, bool near_misses) {
  return pipeline_->explain(encounter, result, near_misses);
}

struct EncounterParser::Impl {
  interp::LineParser parser;
  interp::ReadItem item;
};

EncounterParser::EncounterParser() : impl_(std::make_unique<Impl>()) {}
EncounterParser::~EncounterParser() = default;
EncounterParser::EncounterParser(EncounterParser&&) noexcept = default;
EncounterParser& EncounterParser::operator=(EncounterParser&&) noexcept = default;

bool EncounterParser::parse(std::string_view json, Encounter& encounter, Result& error_record,
                            std::int64_t line_number) {
  interp::ReadItem& item = impl_->item;
  if (!impl_->parser.parse(json, line_number, item)) {
    // A blank text is not an encounter: `eval` skips it; here it is an error.
    error_record.clear();
    error_record.id = fmt::format("#{}", line_number);
    error_record.input_line = line_number;
    error_record.fail("input.json-malformed",
                      "line is not valid JSON: there is no JSON value (simdjson EMPTY)");
    return false;
  }
  if (!item.ok) {
    interp::error_result(item, error_record);
    return false;
  }
  std::swap(encounter, item.encounter);
  return true;
}

void append_json_record(std::string& out, const Result& result, const Explanation* explanation) {
  interp::append_json_record(out, result, explanation);
}

std::string json_line(const Result& result, const Explanation* explanation) {
  std::string out;
  cptrules::append_json_record(out, result, explanation);
  out.push_back('\n');
  return out;
}

}  // namespace cptrules
