// The cptrules program: parses the command line and runs one subcommand.
#include <csignal>
#include <exception>

#include <fmt/format.h>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace cptrules::cli;
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"cptrules: billing rules for timed procedure codes, and an interpreter for them"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cptrules 0.1.0");
  std::vector<Command> commands{add_eval(app), add_check(app), add_test(app), add_diff(app),
                                add_fmt(app),  add_repl(app),  add_lsp(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  try {
    for (const Command& c : commands) {
      if (c.app->parsed())
        return c.run();
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "cptrules: internal error: {}\n", e.what());
    return kInternal;
  }
  return kUsage;
}
