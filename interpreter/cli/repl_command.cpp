// cptrules repl: the interactive prompt, with its rule, payer, date and discipline options.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "date_problem.hpp"
#include "repl.hpp"

namespace cptrules::cli {

namespace {

struct ReplArgs {
  RuleOptions rules;
  std::string payer;
  std::string date;
  std::string discipline;
  bool echo = false;
};

int run_repl_command(const ReplArgs& args) {
  repl::ReplOptions options;
  options.session.stdlib = !args.rules.no_stdlib;
  options.session.paths = args.rules.paths;
  if (!args.payer.empty())
    options.session.payer = args.payer;
  if (!args.date.empty()) {
    options.session.date = lang::parse_date(args.date);
    if (!options.session.date) {
      fmt::print(stderr, "cptrules repl: --date: {}\n", repl::date_problem(args.date));
      return kUsage;
    }
  }
  if (!args.discipline.empty())
    options.session.discipline = args.discipline;
  options.echo = args.echo;
  return repl::run_repl(std::move(options)) ? kOk : kIoError;
}

}  // namespace

Command add_repl(CLI::App& app) {
  auto args = std::make_shared<ReplArgs>();
  CLI::App* cmd = app.add_subcommand(
      "repl", "Explore at a prompt: evaluate scenarios, compare payers, show the rules");
  args->rules.add_to(*cmd);
  cmd->add_option("--payer", args->payer, "The payer to start with (else pick one with :payer)")
      ->type_name("NAME");
  cmd->add_option("--date", args->date, "The date of service (else the newest rules)")
      ->type_name("YYYY-MM-DD");
  cmd->add_option("--discipline", args->discipline, "The discipline of the services (PT)")
      ->type_name("NAME");
  cmd->add_flag("--echo", args->echo,
                "Without a terminal, print each prompt and line read (for transcripts)");
  return {cmd, [args] { return run_repl_command(*args); }};
}

}  // namespace cptrules::cli
