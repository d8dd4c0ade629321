// LineReader: lines from a terminal with libedit (editing, history, completion) or from a pipe.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "session.hpp"

namespace cptrules::repl {

enum class ReadStatus {
  line,         // a line was read
  interrupted,  // Ctrl-C: the line was cancelled
  end,          // end of input (Ctrl-D on an empty line, or the end of a pipe)
};

// Reads the lines of a session.
class LineReader {
 public:
  virtual ~LineReader() = default;
  // Reads one line (without its line end) after showing `prompt`.
  virtual ReadStatus read(const std::string& prompt, std::string& line) = 0;
  // Adds a line to the history (saved at once, so other sessions see it).
  virtual void remember(const std::string& line) = 0;
};

// Reads `in` line by line without prompts. With `echo`, prints each prompt and line to
// standard output as a terminal would show them.
std::unique_ptr<LineReader> make_plain_reader(std::FILE* in, bool echo);

// Reads from the terminal with libedit: emacs keys, Ctrl-R history search, Tab completion
// from `session`, Ctrl-C to cancel a line. History is loaded from and saved to
// `history_path` (none when empty).
std::unique_ptr<LineReader> make_edit_reader(const Session& session, std::string history_path);

// $XDG_STATE_HOME/cptrules/history, else ~/.local/state/cptrules/history, with its folder
// created; empty when neither variable is set or the folder cannot be made.
std::string history_path();

}  // namespace cptrules::repl
