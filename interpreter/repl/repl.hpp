// run_repl: the read-evaluate-print loop of `cptrules repl` on a terminal or a pipe.
#pragma once

#include "session.hpp"

namespace cptrules::repl {

struct ReplOptions {
  SessionOptions session;  // its `color` is decided here: on a terminal, without NO_COLOR
  bool echo = false;       // without a terminal: print each prompt and line read
};

// Runs a session until :quit or the end of the input. On a terminal: libedit, history, a
// banner and colours; otherwise plain lines, no prompts and no colours. Returns false when
// standard output cannot be written.
bool run_repl(ReplOptions options);

}  // namespace cptrules::repl
