// The result of one read item: its encounter evaluated, or its read error as an error record.
#include "item_result.hpp"

namespace cptrules::interp {

void error_result(const ReadItem& item, Result& result) {
  result.clear();
  result.id = item.encounter.id;
  result.input_line = item.input_line;
  result.fail(item.error.id, item.error.message);
}

void evaluate_item(Evaluator& evaluator, const ReadItem& item, Result& result, Decisions* record) {
  if (item.ok)
    evaluator.evaluate(item.encounter, result, record);
  else
    error_result(item, result);
}

}  // namespace cptrules::interp
