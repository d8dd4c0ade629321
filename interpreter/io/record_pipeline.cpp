// RecordPipeline: the evaluate and explain steps of each record, for every reader and writer.
#include "record_pipeline.hpp"

#include <utility>

#include "item_result.hpp"

namespace cptrules::interp {

RecordPipeline::RecordPipeline(std::shared_ptr<const Plan> plan, EvalOptions options, bool explain)
    : evaluator_(std::move(plan), std::move(options)), explain_(explain) {}

const Result& RecordPipeline::evaluate_item() {
  interp::evaluate_item(evaluator_, item_, result_, explain_ ? &decisions_ : nullptr);
  if (explain_)
    explanation_ = interp::explain(evaluator_, item_.encounter, result_, decisions_);
  return result_;
}

void RecordPipeline::evaluate(const Encounter& encounter, Result& result) {
  evaluator_.evaluate(encounter, result, explain_ ? &decisions_ : nullptr);
  if (explain_)
    explanation_ = interp::explain(evaluator_, encounter, result, decisions_);
}

}  // namespace cptrules::interp
