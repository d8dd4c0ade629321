// The table of REPL commands (`:payer`, `:show`...): names, usage, help and argument kinds.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "session.hpp"

namespace cptrules::repl {

// What the arguments of a command complete to.
enum class ArgKind {
  none,
  command,     // :help COMMAND
  payer,       // payer names
  date,        // `none`
  discipline,  // the disciplines of the loaded codes
  name,        // codes, policies and payers
  policy,      // policies and payers (first argument only)
  path,        // a file name (first argument)
  test_file,   // a file name (second argument)
  loaded,      // a path given to --rules or :load
};

// The kinds of declaration :show takes: code, policy, payer, edit, modifier, limit, check,
// provider.
const std::vector<std::string_view>& show_kinds();

// The names declared of one kind of show_kinds().
std::vector<std::string> declared_names(const interp::Plan& plan, std::string_view kind);

inline constexpr std::size_t kAnyArgs = std::numeric_limits<std::size_t>::max();

// One command: how it is typed, what it does, and the member function that runs it.
struct Session::CommandInfo {
  std::string_view name;   // ":payer"
  std::string_view usage;  // ":payer [NAME]"
  std::string_view help;   // one line
  void (Session::*run)(const Args&, std::string&) = nullptr;
  ArgKind complete = ArgKind::none;
  std::size_t min_args = 0;
  std::size_t max_args = 0;
  bool hidden = false;  // an alias: not listed by :help nor completed
};

}  // namespace cptrules::repl
