// cptrules eval: encounters in (JSON, JSON Lines, CSV), results out (table, JSON Lines, JSON,
// CSV, a batch summary).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "commands.hpp"
#include "encounter_reader.hpp"
#include "input_options.hpp"
#include "palette.hpp"
#include "parallel_eval.hpp"
#include "record_pipeline.hpp"
#include "result_writer.hpp"

namespace cptrules::cli {

namespace {

struct EvalArgs {
  RuleOptions rules;
  InputOptions input;
  std::string payer;
  std::string date;
  std::string format;
  bool explain = false;
  bool strict = false;
  std::string fail_on;  // "", "error" or "warning"
  int jobs = 0;         // 0: one per core
  std::vector<std::string> inputs;
};

// The default of --jobs: one thread per core.
int default_jobs() {
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

// Shows progress on a terminal's standard error, at most a few times a second.
class Progress {
 public:
  Progress() : enabled_(isatty(STDERR_FILENO) != 0), start_(Clock::now()), last_(start_) {}
  // `done` encounters are written; it grows by one, or by a window of records at a time.
  void tick(std::int64_t done) {
    if (!enabled_ || done - checked_ < 1024)
      return;
    checked_ = done;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(250))
      return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    fmt::print(stderr, "\r{} encounters, {:.0f}/s   ", done, done / std::max(seconds, 1e-9));
    shown_ = true;
  }
  void done() {
    if (shown_)
      fmt::print(stderr, "{}", interp::palette::kEraseLine);
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  std::int64_t checked_ = 0;  // `done` when the clock was last looked at
  Clock::time_point start_;
  Clock::time_point last_;
};

int run_eval(const EvalArgs& args) {
  interp::EvalOptions options;
  options.strict = args.strict;
  if (!args.payer.empty())
    options.default_payer = args.payer;
  if (!args.date.empty()) {
    options.default_date = lang::parse_date(args.date);
    if (!options.default_date) {
      fmt::print(stderr, "cptrules eval: --date must be a date as YYYY-MM-DD, got '{}'\n",
                 args.date);
      return kUsage;
    }
  }
  interp::OutputFormat format =
      isatty(STDOUT_FILENO) != 0 ? interp::OutputFormat::table : interp::OutputFormat::jsonl;
  if (!args.format.empty())
    format = *interp::parse_output_format(args.format);

  // Open every input, and read the header of CSV, before writing anything.
  std::vector<std::string> names =
      args.inputs.empty() ? std::vector<std::string>{"-"} : args.inputs;
  const std::optional<std::vector<interp::ReaderOptions>> reader_options =
      args.input.reader_options(names, "cptrules eval");
  if (!reader_options)
    return kUsage;
  std::vector<std::FILE*> files;
  for (const std::string& name : names) {
    std::FILE* f = name == "-" ? stdin : std::fopen(name.c_str(), "rb");
    if (f == nullptr) {
      fmt::print(stderr, "cptrules eval: cannot open {}: {}\n", name, std::strerror(errno));
      for (std::FILE* open : files) {
        if (open != stdin)
          std::fclose(open);
      }
      return kNoInput;
    }
    files.push_back(f);
  }
  auto close_all = [&] {
    for (std::FILE* f : files) {
      if (f != stdin)
        std::fclose(f);
    }
  };
  std::vector<interp::EncounterReader> readers;
  for (std::size_t i = 0; i < files.size(); ++i)
    readers.push_back(interp::EncounterReader::from_file(files[i], names[i], (*reader_options)[i]));
  if (!start_inputs(readers, "cptrules eval")) {
    close_all();
    return kUsage;
  }

  interp::LoadedRules loaded = load_and_report(args.rules, false);
  if (!loaded.plan) {
    close_all();
    return loaded.io_error ? kNoInput : kDataError;
  }

  // JSON Lines and CSV are evaluated on several threads when the output is JSON, CSV or the
  // batch summary, whose records each thread can write (or count) on its own; the other shapes
  // and the table on this thread. The output is the same, in the same order, either way.
  const int jobs = args.jobs > 0 ? args.jobs : default_jobs();
  const bool threaded_output = format != interp::OutputFormat::table;
  // The batch report says no record's reasons: explaining would be work thrown away.
  const bool explain = args.explain && format != interp::OutputFormat::summary;
  std::optional<ParallelEval> parallel;
  std::optional<interp::RecordPipeline> own_pipeline;
  if (jobs > 1 && threaded_output) {
    parallel.emplace(loaded.plan, options, jobs, format, explain);
  } else {
    own_pipeline.emplace(loaded.plan, options, explain);
  }
  interp::RecordPipeline& pipeline = parallel ? parallel->pipeline() : *own_pipeline;
  interp::WriterOptions writer_options;
  writer_options.color = format == interp::OutputFormat::table && interp::use_color(stdout);
  writer_options.explain = args.explain;
  if (args.explain)
    writer_options.table_block = 1;  // each record's explanation stands under it
  interp::ResultWriter writer(stdout, format, writer_options);
  Progress progress;
  std::int64_t done = 0;
  for (std::size_t i = 0; i < readers.size() && !writer.broken_pipe(); ++i) {
    interp::EncounterReader& reader = readers[i];
    if (!parallel) {  // on this thread, in groups of records
      while (!writer.broken_pipe() && !writer.write_failed()) {
        const std::size_t count = pipeline.next_group(reader);
        if (count == 0)
          break;
        pipeline.write_group(writer);
        done += static_cast<std::int64_t>(count);
        progress.tick(done);
      }
      continue;
    }
    while (!writer.broken_pipe() && !writer.write_failed() && pipeline.next(reader)) {
      pipeline.write(writer);
      progress.tick(++done);
      // After the first item the reader knows the shape; the lines of JSON Lines (the encounters
      // of CSV) that follow go to the threads (a read error still comes last through next(), and
      // so does an error record that the reading of CSV finds itself).
      if (reader.gives_raw_lines() && !writer.broken_pipe() && !writer.write_failed()) {
        parallel->run(reader, writer, [&](std::int64_t records) {
          done += records;
          progress.tick(done);
        });
      }
    }
  }
  writer.finish();
  progress.done();
  close_all();
  if (writer.broken_pipe())
    return kOk;
  if (writer.write_failed()) {
    fmt::print(stderr, "cptrules eval: cannot write the results: {}\n", writer.error_text());
    return kIoError;
  }
  const interp::RecordCounts& counts = writer.counts();
  // A table ends with the summary line and `summary` with its report; other formats give the
  // line on a terminal's standard error.
  if (format != interp::OutputFormat::table && format != interp::OutputFormat::summary &&
      isatty(STDERR_FILENO) != 0)
    fmt::print(stderr, "{}\n", interp::summary_text(counts));
  if (counts.not_evaluated > 0)
    return kDataError;
  const interp::FailOn fail_on =
      args.fail_on.empty() ? interp::FailOn::never : *interp::parse_fail_on(args.fail_on);
  return counts.fails(fail_on) ? kFindingsFailed : kOk;
}

// Checks a --fail-on value; the message CLI11 prints after "--fail-on: " when it is not one.
std::string check_fail_on(const std::string& text) {
  if (interp::parse_fail_on(text))
    return {};
  return fmt::format(
      "must be error or warning (exit 1 when a finding of that severity or worse is produced), "
      "got '{}'",
      text);
}

}  // namespace

Command add_eval(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate encounters into billable units");
  args->rules.add_to(*cmd);
  cmd->add_option("--payer", args->payer, "Payer for encounters that name none")->type_name("NAME");
  cmd->add_option("--date", args->date, "Date of service for encounters that give none")
      ->type_name("YYYY-MM-DD");
  args->input.add_to(*cmd);
  cmd->add_option("--format", args->format,
                  "Output format (default: table on a terminal, else jsonl); summary: a report "
                  "of the batch at its end, for people")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv", "summary"}));
  cmd->add_flag("--explain", args->explain, "Add the reasons behind each result");
  cmd->add_flag("--strict", args->strict,
                "A code the rules do not define makes its encounter an error record (default: "
                "its line is kept, not priced, with a code.not-in-rules warning)");
  cmd->add_option("--fail-on", args->fail_on,
                  "Exit 1 when every encounter was evaluated but a finding of this severity or "
                  "worse was produced (65 still wins when an encounter could not be evaluated)")
      ->type_name("error|warning")
      ->check(CLI::Validator(check_fail_on, "", "fail-on"));
  cmd->add_option(
         "--jobs,-j", args->jobs,
         "Threads that evaluate JSON Lines and CSV (default: one per core); the output is the "
         "same for any number")
      ->type_name("N")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("inputs", args->inputs,
                  "JSON, JSON Lines or CSV files of encounters ('-': standard input)")
      ->type_name("FILE");
  return {cmd, [args] { return run_eval(*args); }};
}

}  // namespace cptrules::cli
