// run_repl: chooses the line reader, prints the banner, and feeds lines to the Session.
#include "repl.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "line_reader.hpp"
#include "palette.hpp"

namespace cptrules::repl {

namespace {

// Writes `text` to standard output at once; false when it cannot be written (a closed pipe).
bool write_out(const std::string& text) {
  if (text.empty())
    return true;
  const bool written = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  return std::fflush(stdout) == 0 && written;
}

// Ctrl-C while a command runs (outside line editing) must not end the session.
void ignore_interrupt(int) {}

}  // namespace

bool run_repl(ReplOptions options) {
  const bool interactive = isatty(STDIN_FILENO) != 0;
  options.session.color = interactive && interp::use_color(stdout);
  Session session(options.session);
  std::string out;
  session.start(out);
  if (interactive) {
    out += fmt::format("cptrules repl: {}. Type :help for help, :quit or Ctrl-D to leave.\n",
                       session.rules_summary());
  }
  if (!write_out(out))
    return false;

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
      return write_out(out);
    }
    if (status == ReadStatus::interrupted) {
      session.cancel();
      continue;
    }
    const std::size_t end = line.find_last_not_of(" \t");
    if (end != std::string::npos)
      reader->remember(line.substr(0, end + 1));
    try {
      session.handle(line, out);
    } catch (const std::exception& e) {
      // A bug must not end the session, nor lose what the user typed before it.
      out += fmt::format("internal error: {}\n", e.what());
    }
    if (!write_out(out))
      return false;
  }
  return true;
}

}  // namespace cptrules::repl
