// Workspace: the rule files a language server serves (open buffers over the files of its
// folders, and the standard rules), parsed once per text and checked together after each edit.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loader.hpp"
#include "name_index.hpp"
#include "parser.hpp"
#include "test_runner.hpp"

namespace cptrules::lsp {

struct ServerOptions {
  bool stdlib = true;      // serve the standard rules (false with --no-stdlib)
  std::string stdlib_dir;  // where the standard rule files are shown from (empty: a temporary
                           // folder the server writes them to when first needed)
};

// What one check of the workspace found.
struct Analysis {
  interp::LoadedRules loaded;  // files, diagnostics, and the plan when there is no error
  std::vector<std::shared_ptr<const lang::ParseResult>> parses;  // kept for `index`
  NameIndex index;
  // The failed test cases of each open file, by path.
  std::map<std::string, std::vector<interp::CaseOutcome>> failures;
};

class Workspace {
 public:
  explicit Workspace(ServerOptions options);

  // Reads every *.rules file below these folders (replacing what was read before).
  void set_folders(std::vector<std::string> folders);
  const std::vector<std::string>& folders() const { return folders_; }

  void open(const std::string& path, std::string text);  // didOpen and didChange
  void close(const std::string& path);                   // back to the file on disk

  // Parses what changed, checks every file together, plans, and runs the open files' tests.
  void analyse();
  const Analysis& analysis() const { return analysis_; }
  // The plan of the last check without errors (for hover's units while an edit is unfinished).
  const std::shared_ptr<const interp::Plan>& last_plan() const { return last_plan_; }

  // The file of this path (an open buffer, a workspace file, or a standard rule file by its
  // name "stdlib-rules/..."), or null.
  std::shared_ptr<const lang::SourceFile> file(const std::string& path) const;
  // The parse of that file, or null.
  std::shared_ptr<const lang::ParseResult> parse_of(const std::string& path) const;
  bool is_open(const std::string& path) const { return open_.count(path) != 0; }
  const std::map<std::string, std::string>& open_files() const { return open_; }

  // The path where a file is shown to the editor: a standard rule file's copy under the
  // standard rules' folder (written there, read-only, when missing), or the path itself.
  std::string shown_path(const std::string& name);
  // The file name for a path the editor shows (the inverse of shown_path).
  std::string name_of_shown(const std::string& path) const;

 private:
  struct Parsed {
    std::shared_ptr<const lang::SourceFile> file;
    std::shared_ptr<const lang::ParseResult> result;
  };
  const Parsed& parsed(const std::string& path, const std::string& text);
  std::string stdlib_dir() const;

  ServerOptions options_;
  std::vector<std::string> folders_;
  std::vector<Parsed> standard_;
  std::map<std::string, std::string> disk_;  // workspace files as read
  std::map<std::string, std::string> open_;  // open buffers
  std::map<std::string, Parsed> cache_;      // by path, the parse of its current text
  Analysis analysis_;
  std::shared_ptr<const interp::Plan> last_plan_;
  bool stdlib_written_ = false;
};

}  // namespace cptrules::lsp
