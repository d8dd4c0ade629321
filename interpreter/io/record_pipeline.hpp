// RecordPipeline: each record's one way through: read, evaluate, explain (when asked), write.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "decisions.hpp"
#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "explain.hpp"
#include "record_counts.hpp"
#include "result_writer.hpp"

namespace cptrules::interp {

// Takes records from the input to the output: reads an encounter, evaluates it
// (an unreadable one becomes its error record), explains the result when explanations were
// asked for, and writes it. Every path that turns encounters into results goes through it:
// `eval` on one thread and on each thread of `--jobs`, `diff`, the REPL and the library API
// (cptrules/engine.hpp). The steps are also offered one by one, for callers that read or write
// in their own way.
//
// A batch goes through in groups: up to kGroupSize records are read, then evaluated, then written,
// each step for the whole group, so that the code of each step is still in the processor's
// instruction cache from one record to the next (docs/performance.md). The records, their
// order and their errors are the same as one at a time.
//
// The evaluator, the items read, the results, the record of decisions and the explanations are
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

  // Writes the last record through `writer`, with its explanation when explaining.
  void write(ResultWriter& writer) const { writer.write(result_, explanation()); }

  // Appends the last record framed as ResultWriter::write_formatted takes it (`jsonl`, `json`,
  // `csv`).
  void append_framed(std::string& out, OutputFormat format) {
    append_record(out, format, result_, explanation());
  }

  // Records a group holds at most: enough for the reading, evaluating and writing code to be
  // fetched once for many records, few enough for their data to stay in the second-level cache.
  static constexpr std::size_t kGroupSize = 32;

  // Reads up to kGroupSize items of `reader` and evaluates them: how many (0 at the end of the
  // input). write_group() then writes them.
  std::size_t next_group(EncounterReader& reader);

  // Reads lines [0, count) (count at most kGroupSize) with `parser`, `line(i)` giving line i as
  // EncounterReader::next_raw_line gives it, and evaluates them; append_group() then writes them.
  template <typename LineAt>
  void next_group(LineParser& parser, std::size_t count, LineAt line) {
    for (std::size_t i = 0; i < count; ++i)
      parser.parse(line(i), group_[i].item);
    evaluate_group(count);
  }

  // Writes the group's records through `writer`, in order.
  void write_group(ResultWriter& writer) const {
    for (std::size_t i = 0; i < group_size_; ++i)
      writer.write(group_[i].result, group_explanation(i));
  }

  // Appends the group's records, in order, as append_framed() does, and adds them to `counts`.
  void append_group(std::string& out, OutputFormat format, RecordCounts& counts);

  // Adds the group's records to `summary` and `counts` (for `summary`, as append_group() for
  // the other formats).
  void tally_group(BatchSummary& summary, RecordCounts& counts) const {
    for (std::size_t i = 0; i < group_size_; ++i) {
      summary.add(group_[i].result);
      counts.add(group_[i].result);
    }
  }

  // How many records the group holds.
  std::size_t group_size() const { return group_size_; }

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
  // A record of a group: read into `item`, evaluated into `result`.
  struct GroupRecord {
    ReadItem item;
    Result result;
    Explanation explanation;  // when explaining
  };

  // Appends `result` as append_framed() does.
  void append_record(std::string& out, OutputFormat format, const Result& result,
                     const Explanation* explanation) {
    if (format == OutputFormat::csv)
      csv_.append(out, result, explanation);
    else
      append_framed_record(out, format, result, explanation);
  }

  // Evaluates (and explains) group records [0, count).
  void evaluate_group(std::size_t count);

  // Evaluates `item` into `result` and, when explaining, explains it into `explanation`.
  void evaluate_into(const ReadItem& item, Result& result, Explanation& explanation);

  const Explanation* group_explanation(std::size_t i) const {
    return explain_ ? &group_[i].explanation : nullptr;
  }

  Evaluator evaluator_;
  bool explain_ = false;
  ReadItem item_;
  Result result_;
  Decisions decisions_;  // recorded only when explaining
  Explanation explanation_;
  std::vector<GroupRecord> group_;
  std::size_t group_size_ = 0;
  CsvRecordWriter csv_;  // the rows of `csv`, with the explanation's column when explaining
};

}  // namespace cptrules::interp
