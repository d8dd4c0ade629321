// cptrules diff: replays encounters under two rule sets (or two dates) and reports what changes.
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "diff_report.hpp"
#include "encounter_reader.hpp"
#include "input_options.hpp"
#include "record_counts.hpp"
#include "record_pipeline.hpp"
#include "stdlib.hpp"

namespace cptrules::cli {

namespace {

struct DiffArgs {
  RuleOptions rules;
  InputOptions input;
  std::vector<std::string> against;
  std::string payer;
  std::string date;
  std::string against_date;
  std::string format = "text";
  std::string fail_on;  // "", "error" or "warning"
  std::vector<std::string> inputs;
};

// The two rule sets (or dates) of a diff, each with its pipeline.
class Sides {
 public:
  Sides(const interp::LoadedRules& before, const interp::LoadedRules& after,
        const interp::EvalOptions& options, std::optional<lang::Date> forced)
      : before_(before.plan, options), after_(after.plan, options), forced_(forced) {}

  // Reads every encounter of `reader` and adds it to `report`.
  void compare(interp::EncounterReader& reader, DiffReport& report) {
    while (before_.read(reader)) {
      ++report.compared;
      if (!before_.item().ok) {
        ++report.unreadable;
        const interp::Result& unreadable = before_.evaluate_item();
        report.before.add(unreadable);
        report.after.add(unreadable);
        continue;
      }
      compare_item(report);
    }
  }

 private:
  // Evaluates the item read on both sides and adds it to `report`, with the reasons on both
  // sides when its units change.
  void compare_item(DiffReport& report) {
    const interp::Encounter& encounter = before_.item().encounter;
    const interp::Result& a = before_.evaluate_item();
    shifted_ = encounter;
    if (forced_)
      shifted_.date = forced_;
    const interp::Result& b = after_.evaluate(shifted_);
    report.before.add(a);
    report.after.add(b);
    std::optional<ChangedEncounter> change = compare_results(a, b);
    if (!change)
      return;
    if (change->kind == ChangeKind::loses_units || change->kind == ChangeKind::gains_units ||
        change->kind == ChangeKind::units_moved) {
      change->why_before = before_.explain(encounter, change->before).summary;
      change->why_after = after_.explain(shifted_, change->after).summary;
    }
    report.changed.push_back(std::move(*change));
  }

  interp::RecordPipeline before_;
  interp::RecordPipeline after_;
  std::optional<lang::Date> forced_;
  interp::Encounter shifted_;  // the encounter as the other side sees it
};

// The side's rules as named in the report: "stdlib-rules" and the paths given.
std::vector<std::string> rule_names(const RuleOptions& rules) {
  std::vector<std::string> names;
  if (!rules.no_stdlib)
    names.emplace_back("stdlib-rules");
  names.insert(names.end(), rules.paths.begin(), rules.paths.end());
  return names;
}

// A warning when the side `which` loads no rule file at all, or none from the paths it names.
std::optional<std::string> no_rules_warning(const char* which, const RuleOptions& rules,
                                            const interp::LoadedRules& loaded) {
  const std::size_t standard = rules.no_stdlib ? 0 : interp::stdlib_files().size();
  if (loaded.files.size() > standard)
    return std::nullopt;
  if (rules.no_stdlib)
    return fmt::format("the {} side loads no rules: every encounter is an error record on it",
                       which);
  if (rules.paths.empty())
    return std::nullopt;
  std::string paths;
  for (const std::string& p : rules.paths)
    paths += (paths.empty() ? "" : ", ") + p;
  return fmt::format("the {} side loads no rules from {}: it has only the standard rules", which,
                     paths);
}

int run_diff(const DiffArgs& args) {
  interp::EvalOptions options;
  if (!args.payer.empty())
    options.default_payer = args.payer;
  if (!args.date.empty())
    options.default_date = lang::parse_date(args.date);
  std::optional<lang::Date> forced;
  if (!args.against_date.empty())
    forced = lang::parse_date(args.against_date);
  if ((!args.date.empty() && !options.default_date) || (!args.against_date.empty() && !forced)) {
    fmt::print(stderr, "cptrules diff: dates must be written YYYY-MM-DD\n");
    return kUsage;
  }
  if (args.against.empty() && !forced) {
    fmt::print(stderr, "cptrules diff: give --against PATH (other rules) or --against-date DATE\n");
    return kUsage;
  }
  interp::LoadedRules before = load_and_report(args.rules, false);
  // Without --against both sides use the same rules: they are loaded, and their errors
  // reported, once.
  std::optional<interp::LoadedRules> other_rules;
  if (!args.against.empty()) {
    RuleOptions other = args.rules;
    other.paths = args.against;
    other_rules = load_and_report(other, false);
  }
  const interp::LoadedRules& after = other_rules ? *other_rules : before;
  if (!before.plan || !after.plan)
    return before.io_error || after.io_error ? kNoInput : kDataError;
  RuleOptions after_rules = args.rules;
  if (!args.against.empty())
    after_rules.paths = args.against;
  for (const auto& warning : {no_rules_warning("before", args.rules, before),
                              no_rules_warning("after", after_rules, after)}) {
    if (warning)
      fmt::print(stderr, "cptrules diff: warning: {}\n", *warning);
  }

  Sides sides(before, after, options, forced);
  DiffReport report;
  report.before.rules = rule_names(args.rules);
  report.after.rules = rule_names(after_rules);
  report.before.default_date = options.default_date;
  report.after.default_date = forced ? std::nullopt : options.default_date;
  report.after.date = forced;
  const std::vector<std::string> names =
      args.inputs.empty() ? std::vector<std::string>{"-"} : args.inputs;
  const std::optional<std::vector<interp::ReaderOptions>> reader_options =
      args.input.reader_options(names, "cptrules diff");
  if (!reader_options)
    return kUsage;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    std::FILE* f = name == "-" ? stdin : std::fopen(name.c_str(), "rb");
    if (f == nullptr) {
      fmt::print(stderr, "cptrules diff: cannot open {}: {}\n", name, std::strerror(errno));
      return kNoInput;
    }
    std::vector<interp::EncounterReader> reader;
    reader.push_back(interp::EncounterReader::from_file(f, name, (*reader_options)[i]));
    if (!start_inputs(reader, "cptrules diff")) {
      if (f != stdin)
        std::fclose(f);
      return kUsage;
    }
    sides.compare(reader.front(), report);
    if (f != stdin)
      std::fclose(f);
  }
  fmt::print("{}", args.format == "json" ? report.json() : report.text());
  std::fflush(stdout);
  const interp::FailOn fail_on =
      args.fail_on.empty() ? interp::FailOn::never : *interp::parse_fail_on(args.fail_on);
  return report.status(fail_on);
}

// Checks a --fail-on value; the message CLI11 prints after "--fail-on: " when it is not one.
std::string check_fail_on(const std::string& text) {
  if (interp::parse_fail_on(text))
    return {};
  return fmt::format(
      "must be error or warning (exit 1 when the change brings a finding of that severity or "
      "worse), got '{}'",
      text);
}

}  // namespace

Command add_diff(CLI::App& app) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Replay encounters under two rule sets (or two dates) and report what changes");
  args->rules.add_to(*cmd);
  cmd->add_option("--against", args->against,
                  "The other rule files (instead of --rules) to compare with")
      ->type_name("PATH")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--against-date", args->against_date,
                  "Evaluate the other side as if every date of service were DATE")
      ->type_name("YYYY-MM-DD");
  cmd->add_option("--payer", args->payer, "Payer for encounters that name none")->type_name("NAME");
  cmd->add_option("--date", args->date, "Date of service for encounters that give none")
      ->type_name("YYYY-MM-DD");
  args->input.add_to(*cmd);
  cmd->add_option("--format", args->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--fail-on", args->fail_on,
                  "Exit 1 when the change brings a finding (after, not before) of this severity "
                  "or worse (65 still wins when the change leaves an encounter that can no longer "
                  "be evaluated)")
      ->type_name("error|warning")
      ->check(CLI::Validator(check_fail_on, "", "fail-on"));
  cmd->add_option("inputs", args->inputs, "Encounter files ('-': standard input)")
      ->type_name("FILE");
  return {cmd, [args] { return run_diff(*args); }};
}

}  // namespace cptrules::cli
