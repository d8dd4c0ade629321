// RecordPipeline: the evaluate and explain steps of each record and of groups of records.
#include "record_pipeline.hpp"

#include <string>
#include <utility>

#include "item_result.hpp"

namespace cptrules::interp {

RecordPipeline::RecordPipeline(std::shared_ptr<const Plan> plan, EvalOptions options, bool explain)
    : evaluator_(std::move(plan), std::move(options)),
      explain_(explain),
      group_(kGroupSize),
      csv_(explain) {}

const Result& RecordPipeline::evaluate_item() {
  evaluate_into(item_, result_, explanation_);
  return result_;
}

void RecordPipeline::evaluate_into(const ReadItem& item, Result& result, Explanation& explanation) {
  interp::evaluate_item(evaluator_, item, result, explain_ ? &decisions_ : nullptr);
  if (explain_)
    explanation = interp::explain(evaluator_, item.encounter, result, decisions_);
}

void RecordPipeline::evaluate(const Encounter& encounter, Result& result) {
  evaluator_.evaluate(encounter, result, explain_ ? &decisions_ : nullptr);
  if (explain_)
    explanation_ = interp::explain(evaluator_, encounter, result, decisions_);
}

std::size_t RecordPipeline::next_group(EncounterReader& reader) {
  std::size_t count = 0;
  while (count < kGroupSize && reader.next(group_[count].item))
    ++count;
  evaluate_group(count);
  return count;
}

void RecordPipeline::evaluate_group(std::size_t count) {
  group_size_ = count;
  for (std::size_t i = 0; i < count; ++i)
    evaluate_into(group_[i].item, group_[i].result, group_[i].explanation);
}

void RecordPipeline::append_group(std::string& out, OutputFormat format, RecordCounts& counts) {
  for (std::size_t i = 0; i < group_size_; ++i) {
    append_record(out, format, group_[i].result, group_explanation(i));
    counts.add(group_[i].result);
  }
}

}  // namespace cptrules::interp
