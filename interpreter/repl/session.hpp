// Session: the state of one REPL (rules, payer, date, last scenario) and what each line does.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "encounter.hpp"
#include "evaluator.hpp"
#include "explain.hpp"
#include "loader.hpp"
#include "render.hpp"
#include "result.hpp"

namespace cptrules::repl {

// How a session starts: the rules to load and the first payer, date and discipline.
struct SessionOptions {
  bool stdlib = true;                // the built-in rules (false with --no-stdlib)
  std::vector<std::string> paths;    // --rules PATH...
  std::optional<std::string> payer;  // --payer
  std::optional<lang::Date> date;    // --date; none: the newest rules
  std::string discipline = "PT";     // --discipline
  bool color = false;                // ANSI colours in what the session prints
};

// The words that may complete the word under the cursor.
struct Completion {
  std::size_t start = 0;                // byte offset in the line where that word begins
  std::vector<std::string> candidates;  // whole words, sorted, each starting with the typed part
  bool is_path = false;                 // file names: a folder ends in '/' and takes no space
};

// One REPL session. It never prints by itself: each call appends the text to show to `out`,
// so the same session runs on a terminal, from a script and in tests. Errors are printed and
// never end the session.
class Session {
 public:
  explicit Session(SessionOptions options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Loads the rules of the options, printing their errors. Returns false when they have errors:
  // the session then has no rules until a :reload or :load succeeds.
  bool start(std::string& out);

  // Handles one line typed at the prompt: a scenario, a command, or a line of a declaration.
  void handle(std::string_view line, std::string& out);

  // True while a typed declaration waits for its closing brace (the `...> ` prompt).
  bool continuing() const { return !pending_.empty(); }

  // Drops a declaration being typed (Ctrl-C).
  void cancel();

  // The end of the input: reports a declaration left unfinished.
  void finish(std::string& out);

  // True after :quit.
  bool done() const { return done_; }

  // The prompt for the next line: the payer and date when set, e.g. `medicare 2025-01-15> `.
  std::string prompt() const;

  // "44 codes, 2 policies, 2 payers", or "no rules" before any load succeeded.
  std::string rules_summary() const;

  // What may complete the last word of `before_cursor` (the line up to the cursor).
  Completion complete(std::string_view before_cursor) const;

 private:
  struct CommandInfo;
  using Args = std::vector<std::string>;
  static const std::vector<CommandInfo>& commands();

  void run_command(std::string_view line, std::string& out);
  void run_scenario(std::string_view line, std::string& out);
  void add_declaration_line(std::string_view line, std::string& out);
  void submit_declaration(std::string& out);

  void cmd_help(const Args& args, std::string& out);
  void cmd_quit(const Args& args, std::string& out);
  void cmd_payer(const Args& args, std::string& out);
  void cmd_payers(const Args& args, std::string& out);
  void cmd_date(const Args& args, std::string& out);
  void cmd_discipline(const Args& args, std::string& out);
  void cmd_codes(const Args& args, std::string& out);
  void cmd_policies(const Args& args, std::string& out);
  void cmd_show(const Args& args, std::string& out);
  void cmd_table(const Args& args, std::string& out);
  void cmd_scenario(const Args& args, std::string& out);
  void cmd_compare(const Args& args, std::string& out);
  void cmd_explain(const Args& args, std::string& out);
  void cmd_load(const Args& args, std::string& out);
  void cmd_reload(const Args& args, std::string& out);
  void cmd_unload(const Args& args, std::string& out);
  void cmd_files(const Args& args, std::string& out);
  void cmd_save_test(const Args& args, std::string& out);
  void cmd_test(const Args& args, std::string& out);

  // Loads stdlib + `paths` + `typed` as one rule set. Replaces the current rules only when
  // there are no errors; prints the diagnostics either way. Returns whether it replaced them.
  bool reload(const std::vector<std::string>& paths,
              const std::vector<std::shared_ptr<const lang::SourceFile>>& typed, std::string& out);

  // The evaluator's options: `payer` and the session's date and discipline.
  interp::EvalOptions eval_options(const std::string& payer) const;
  // Evaluates `services` under `payer` and the session's date and discipline, through the
  // record pipeline of `eval`; with `why`, explains the result into it too.
  interp::Result evaluate(const std::vector<interp::Service>& services, const std::string& payer,
                          interp::Explanation* why = nullptr) const;
  // Re-evaluates the last scenario after a setting or the rules changed, showing what changed
  // (or, with `say_unchanged`, that nothing did).
  void reevaluate(std::string& out, bool say_unchanged = true);
  // The line above a result: payer, policy, date, discipline.
  std::string result_header(const interp::Result& result) const;
  // The words that may follow `before` (a scenario up to the word being typed, `word`) and keep
  // it valid.
  std::vector<std::string> scenario_candidates(std::string_view before,
                                               std::string_view word) const;
  // Checks that every code is known, every timed code has minutes and no assistant furnished
  // more minutes than its service has; prints the problems.
  bool check_services(const std::vector<interp::Service>& services, std::string& out) const;
  // Prints "no scenario yet" and returns false when there is none.
  bool need_scenario(std::string& out) const;
  bool need_rules(std::string& out) const;
  std::string error(std::string_view message) const;
  std::string payer_list() const;
  std::vector<std::string> disciplines() const;

  SessionOptions options_;
  Style style_;
  interp::LoadedRules loaded_;  // the last rules that loaded without errors
  std::vector<std::string> paths_;
  // Rule files whose :load failed on their errors: :reload tries them again, :unload drops them.
  std::vector<std::string> waiting_;
  std::vector<std::shared_ptr<const lang::SourceFile>> typed_;  // declarations typed so far
  std::size_t typed_count_ = 0;
  std::string pending_;    // a declaration being typed
  int pending_depth_ = 0;  // its open braces
  std::optional<std::string> payer_;
  std::optional<lang::Date> date_;
  std::string discipline_;
  std::vector<interp::Service> services_;      // the last scenario
  std::optional<interp::Result> last_result_;  // its result, when it was evaluated
  bool done_ = false;
};

}  // namespace cptrules::repl
