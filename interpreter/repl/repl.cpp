// run_repl: chooses the line reader, prints the banner, and feeds lines to the Session.
#include "repl.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>

#include <fmt/format.h>

#include "commands.hpp"
#include "line_reader.hpp"

namespace cptrules::repl {

namespace {

void write_out(const std::string& text) {
  if (text.empty())
    return;
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

// Ctrl-C while a command runs (outside line editing) must not end the session.
void ignore_interrupt(int) {}

}  // namespace

int run_repl(ReplOptions options) {
  const bool interactive = isatty(STDIN_FILENO) != 0;
  options.session.color = interactive && cli::use_color(stdout);
  Session session(options.session);
  std::string out;
  session.start(out);
  if (interactive) {
    out += fmt::format("cptrules repl: {}. Type :help for help, :quit or Ctrl-D to leave.\n",
                       session.rules_summary());
  }
  write_out(out);

  std::unique_ptr<LineReader> reader;
  if (interactive) {
    struct sigaction action {};
    action.sa_handler = &ignore_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    reader = make_edit_reader(session, history_path());
  } else {
    reader = make_plain_reader(stdin, options.echo);
  }

  std::string line;
  while (!session.done()) {
    const std::string prompt = session.continuing() ? "...> " : session.prompt();
    const ReadStatus status = reader->read(prompt, line);
    out.clear();
    if (status == ReadStatus::end) {
      session.finish(out);
      write_out(out);
      break;
    }
    if (status == ReadStatus::interrupted) {
      session.cancel();
      continue;
    }
    if (line.find_first_not_of(" \t") != std::string::npos)
      reader->remember(line);
    session.handle(line, out);
    write_out(out);
  }
  return 0;
}

}  // namespace cptrules::repl
