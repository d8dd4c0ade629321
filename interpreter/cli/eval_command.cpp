// cptrules eval: encounters in (JSON, JSON Lines), results out (table, JSON Lines, JSON, CSV).
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "explain.hpp"
#include "result_writer.hpp"

namespace cptrules::cli {

namespace {

struct EvalArgs {
  RuleOptions rules;
  std::string payer;
  std::string date;
  std::string format;
  bool explain = false;
  std::vector<std::string> inputs;
};

// Shows progress on a terminal's standard error, at most a few times a second.
class Progress {
 public:
  Progress() : enabled_(isatty(STDERR_FILENO) != 0), start_(Clock::now()), last_(start_) {}
  void tick(std::int64_t done) {
    if (!enabled_ || (done & 1023) != 0) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    fmt::print(stderr, "\r{} encounters, {:.0f}/s   ", done, done / std::max(seconds, 1e-9));
    shown_ = true;
  }
  void done() {
    if (shown_) fmt::print(stderr, "\r\033[K");
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_;
  Clock::time_point last_;
};

int run_eval(const EvalArgs& args) {
  interp::EvalOptions options;
  if (!args.payer.empty()) options.default_payer = args.payer;
  if (!args.date.empty()) {
    options.default_date = lang::parse_date(args.date);
    if (!options.default_date) {
      fmt::print(stderr, "cptrules eval: --date must be a date as YYYY-MM-DD, got '{}'\n", args.date);
      return kUsage;
    }
  }
  interp::OutputFormat format =
      isatty(STDOUT_FILENO) != 0 ? interp::OutputFormat::table : interp::OutputFormat::jsonl;
  if (!args.format.empty()) format = *interp::parse_output_format(args.format);

  // Open every input before writing anything.
  std::vector<std::string> names = args.inputs.empty() ? std::vector<std::string>{"-"} : args.inputs;
  std::vector<std::FILE*> files;
  for (const std::string& name : names) {
    std::FILE* f = name == "-" ? stdin : std::fopen(name.c_str(), "rb");
    if (f == nullptr) {
      fmt::print(stderr, "cptrules eval: cannot open {}: {}\n", name, std::strerror(errno));
      for (std::FILE* open : files) {
        if (open != stdin) std::fclose(open);
      }
      return kNoInput;
    }
    files.push_back(f);
  }
  auto close_all = [&] {
    for (std::FILE* f : files) {
      if (f != stdin) std::fclose(f);
    }
  };

  interp::LoadedRules loaded = load_and_report(args.rules, false);
  if (!loaded.plan) {
    close_all();
    return loaded.io_error ? kNoInput : kDataError;
  }

  interp::Evaluator evaluator(loaded.plan, options);
  interp::WriterOptions writer_options;
  writer_options.color = format == interp::OutputFormat::table && use_color(stdout);
  const bool explain_table = args.explain && format == interp::OutputFormat::table;
  if (explain_table) writer_options.table_block = 1;
  std::string extra;
  interp::ResultWriter writer(stdout, format, writer_options);
  interp::ReadItem item;
  interp::Result result;
  Progress progress;
  std::int64_t done = 0;
  bool any_error = false;
  for (std::size_t i = 0; i < files.size() && !writer.broken_pipe(); ++i) {
    interp::EncounterReader reader = interp::EncounterReader::from_file(files[i], names[i]);
    while (!writer.broken_pipe() && !writer.write_failed() && reader.next(item)) {
      if (item.ok) {
        evaluator.evaluate(item.encounter, result);
      } else {
        result.clear();
        result.id = item.encounter.id;
        result.input_line = item.input_line;
        result.fail(item.error.id, item.error.message);
      }
      any_error = any_error || !result.ok;
      extra.clear();
      if (args.explain) {
        const interp::Explanation x = interp::explain(evaluator, item.encounter, result);
        if (explain_table) {
          writer.write(result);
          writer.flush();
          fmt::print("{}\n", interp::explanation_text(x, "    "));
        } else {
          interp::append_explanation_json(extra, x);
          writer.write(result, extra);
        }
      } else {
        writer.write(result);
      }
      progress.tick(++done);
    }
  }
  writer.finish();
  progress.done();
  close_all();
  if (writer.broken_pipe()) return kOk;
  if (writer.write_failed()) {
    fmt::print(stderr, "cptrules eval: cannot write the results: {}\n", writer.error_text());
    return kIoError;
  }
  return any_error ? kDataError : kOk;
}

}  // namespace

Command add_eval(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate encounters into billable units");
  args->rules.add_to(*cmd);
  cmd->add_option("--payer", args->payer, "Payer for encounters that name none")->type_name("NAME");
  cmd->add_option("--date", args->date, "Date of service for encounters that give none")
      ->type_name("YYYY-MM-DD");
  cmd->add_option("--format", args->format, "Output format (default: table on a terminal, else jsonl)")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
  cmd->add_flag("--explain", args->explain, "Add the reasons behind each result");
  cmd->add_option("inputs", args->inputs, "JSON or JSON Lines files of encounters ('-': standard input)")
      ->type_name("FILE");
  return {cmd, [args] { return run_eval(*args); }};
}

}  // namespace cptrules::cli
