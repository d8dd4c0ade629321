// cptrules check: loads rule files, reports every error and warning, optionally dumps a phase.
#include <fmt/format.h>

#include "ast_dump.hpp"
#include "commands.hpp"
#include "parser.hpp"
#include "plan.hpp"

namespace cptrules::cli {

namespace {

struct CheckArgs {
  RuleOptions rules;
  std::vector<std::string> paths;
  std::string dump;
};

int run_check(CheckArgs& args) {
  args.rules.paths.insert(args.rules.paths.end(), args.paths.begin(), args.paths.end());
  interp::LoadedRules loaded = load_and_report(args.rules, true);
  const std::size_t errors = loaded.diagnostics.error_count();
  const std::size_t warnings = loaded.diagnostics.warning_count();
  if (loaded.plan && args.dump == "plan")
    fmt::print("{}", loaded.plan->dump());
  if (args.dump == "ast") {
    for (const auto& file : loaded.files) {
      fmt::print("{}", lang::dump_ast(lang::parse(file).module));
    }
  }
  if (errors > 0)  // load_and_report printed the count line
    return loaded.io_error ? kNoInput : kDataError;
  fmt::print(stderr, "{} file{} checked: no errors, {} warning{}\n", loaded.files.size(),
             loaded.files.size() == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  return kOk;
}

}  // namespace

Command add_check(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Check rule files: every error, with its place");
  args->rules.add_to(*cmd);
  cmd->add_option("--dump", args->dump, "Print a phase's output: plan, or the syntax tree (ast)")
      ->check(CLI::IsMember({"plan", "ast"}));
  cmd->add_option("paths", args->paths, "Rule files or folders to check besides the built-in rules")
      ->type_name("PATH");
  return {cmd, [args] { return run_check(*args); }};
}

}  // namespace cptrules::cli
