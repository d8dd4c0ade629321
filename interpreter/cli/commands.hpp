// The subcommands of the cptrules program and what they share: rule options and exit codes.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "loader.hpp"

namespace cptrules::cli {

// Exit statuses, after sysexits.h.
enum Exit : int {
  kOk = 0,
  kTestFailed = 1,      // cptrules test: a test case failed
  kFindingsFailed = 1,  // cptrules eval --fail-on: a finding of that severity or worse
  kUsage = 64,
  kDataError = 65,
  kNoInput = 66,
  kInternal = 70,
  kIoError = 74,
};

// --rules PATH (repeatable) and --no-stdlib, common to every subcommand that loads rules.
struct RuleOptions {
  std::vector<std::string> paths;
  bool no_stdlib = false;

  void add_to(CLI::App& command);
  interp::LoadOptions load_options() const;
};

// Loads the rules and prints their diagnostics to standard error (warnings only when
// `show_warnings`), and on errors the count line ("2 errors, 0 warnings in 3 files"). Returns
// the loaded rules; their `plan` is null on errors.
interp::LoadedRules load_and_report(const RuleOptions& options, bool show_warnings);

// Each subcommand registers itself and sets `run` to what it does when chosen.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_eval(CLI::App& app);
Command add_check(CLI::App& app);
Command add_test(CLI::App& app);
Command add_fmt(CLI::App& app);  // cptrules fmt: canonical layout of rule files (docs/fmt.md)
Command add_diff(CLI::App& app);
Command add_repl(CLI::App& app);  // cptrules repl: the interactive prompt (docs/repl.md)
Command add_lsp(CLI::App& app);   // cptrules lsp: the language server (docs/lsp.md)

}  // namespace cptrules::cli
