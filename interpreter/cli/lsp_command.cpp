// cptrules lsp: the language server for rule files, over standard input and output.
#include <iostream>

#include "commands.hpp"
#include "server.hpp"

namespace cptrules::cli {

namespace {

struct LspArgs {
  bool no_stdlib = false;
  bool stdio = false;
  std::string stdlib_dir;
};

int run_lsp(const LspArgs& args) {
  std::ios::sync_with_stdio(false);
  lsp::ServerOptions options;
  options.stdlib = !args.no_stdlib;
  options.stdlib_dir = args.stdlib_dir;
  return lsp::serve(std::cin, std::cout, options);
}

}  // namespace

Command add_lsp(CLI::App& app) {
  auto args = std::make_shared<LspArgs>();
  CLI::App* cmd = app.add_subcommand(
      "lsp", "Serve rule files to an editor: the Language Server Protocol over stdin and stdout");
  cmd->add_flag("--no-stdlib", args->no_stdlib, "Serve the workspace without the built-in rules");
  cmd->add_option("--stdlib-dir", args->stdlib_dir,
                  "Show the built-in rules from this folder (a copy of stdlib-rules/) when going "
                  "to a definition in them; by default they are written to a temporary folder")
      ->type_name("DIR");
  cmd->add_flag("--stdio", args->stdio,
                "Speak over standard input and output (the default and only transport)");
  return {cmd, [args] { return run_lsp(*args); }};
}

}  // namespace cptrules::cli
