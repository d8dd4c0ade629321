// ParallelEval: evaluates the JSON Lines (or CSV) of an input on several threads, in input order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "record_pipeline.hpp"
#include "result_writer.hpp"

namespace cptrules::cli {

// Evaluates JSON Lines on `jobs` threads (the calling thread is one of them). The main thread
// reads windows of whole lines and writes the finished windows in order; every thread takes
// chunks of lines of the current window and puts each line through its own RecordPipeline (all
// sharing the plan): read with its own LineParser, evaluated, explained when asked, and framed
// into its chunk's buffer. The output is byte for byte what one thread writes.
class ParallelEval {
 public:
  // `jobs` is at least 2; `format` is jsonl, json, csv or summary (whose records each thread
  // counts, and the writer merges in order); `explain` adds explanations.
  ParallelEval(std::shared_ptr<const interp::Plan> plan, const interp::EvalOptions& options,
               int jobs, interp::OutputFormat format, bool explain);
  ~ParallelEval();
  ParallelEval(const ParallelEval&) = delete;
  ParallelEval& operator=(const ParallelEval&) = delete;

  // The calling thread's pipeline, for the items that are not read as raw lines (the first
  // item of an input, the last item of a read error, other shapes).
  interp::RecordPipeline& pipeline();

  // Evaluates every line that `reader.next_raw_line` still gives and writes the records through
  // `writer`, in input order (the writer counts them: ResultWriter::counts); `written(n)` is
  // called with the number of records written after each window. Stops early when the writer
  // fails (broken pipe or write error). Rethrows an exception of a worker thread.
  void run(interp::EncounterReader& reader, interp::ResultWriter& writer,
           const std::function<void(std::int64_t)>& written);

 private:
  struct Shared;
  std::unique_ptr<Shared> shared_;
};

}  // namespace cptrules::cli
