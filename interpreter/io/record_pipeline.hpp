// RecordPipeline: each record's one way through: read, evaluate, explain (when asked), write.
#pragma once

#include <memory>
#include <string>

#include "decisions.hpp"
#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "explain.hpp"
#include "result_writer.hpp"

namespace cptrules::interp {

// Takes records one at a time from the input to the output: reads an encounter, evaluates it
// (an unreadable one becomes its error record), explains the result when explanations were
// asked for, and writes it. Every path that turns encounters into results goes through it:
// `eval` on one thread and on each thread of `--jobs`, `diff`, the REPL and the library API
// (cptrules/engine.hpp). The steps are also offered one by one, for callers that read or write
// in their own way.
//
// The evaluator, the item read, the result, the record of decisions and the explanation are
// kept between records, so that a steady stream allocates next to nothing. Not safe to share
// between threads: one per thread (they may share the plan).
class RecordPipeline {
 public:
  // Evaluates under `plan` and `options`. With `explain`, every record evaluated is explained:
  // its decisions are recorded as it is evaluated, and the explanation reads them.
  RecordPipeline(std::shared_ptr<const Plan> plan, EvalOptions options, bool explain = false);

  // Reads the next item of `reader`, evaluates and explains it; false at the end of the input.
  bool next(EncounterReader& reader) {
    if (!read(reader))
      return false;
    evaluate_item();
    return true;
  }

  // Reads one line that EncounterReader::next_raw_line gave (the lines `eval --jobs` shares
  // out to its threads) with `parser`, evaluates and explains it.
  void next(LineParser& parser, const RawLine& line) {
    parser.parse(line, item_);
    evaluate_item();
  }

  // Writes the last record through `writer`, with its explanation when explaining.
  void write(ResultWriter& writer) const { writer.write(result_, explanation()); }

  // Appends the last record framed as ResultWriter::write_formatted takes it (`jsonl`, `json`).
  void append_framed(std::string& out, OutputFormat format) const {
    append_framed_record(out, format, result_, explanation());
  }

  // The steps one by one. read() reads the next item of `reader` into item(); false at the end.
  bool read(EncounterReader& reader) { return reader.next(item_); }

  // Evaluates item(): its encounter, or its read error as an error record; then explains it.
  const Result& evaluate_item();

  // Evaluates an encounter read or built elsewhere into result(), then explains it.
  const Result& evaluate(const Encounter& encounter) {
    evaluate(encounter, result_);
    return result_;
  }

  // The same into `result` (the caller's, reused); explanation() is then `result`'s.
  void evaluate(const Encounter& encounter, Result& result);

  // Explains now a `result` that this pipeline's evaluator gave for `encounter` (it evaluates
  // `encounter` again, recording its decisions): for a pipeline that does not explain every
  // record, when one explanation is wanted (an example, a question). `near_misses` false skips
  // the near misses, which cost several evaluations.
  Explanation explain(const Encounter& encounter, const Result& result, bool near_misses = true) {
    return interp::explain(evaluator_, encounter, result, near_misses);
  }

  Evaluator& evaluator() { return evaluator_; }
  const ReadItem& item() const { return item_; }
  const Result& result() const { return result_; }
  // The explanation of the last record; null unless the pipeline explains every record.
  const Explanation* explanation() const { return explain_ ? &explanation_ : nullptr; }

 private:
  Evaluator evaluator_;
  bool explain_ = false;
  ReadItem item_;
  Result result_;
  Decisions decisions_;  // recorded only when explaining
  Explanation explanation_;
};

}  // namespace cptrules::interp
