// load_rules: the front-end pipeline, rule files to Plan (load, parse, check, plan).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diagnostic.hpp"
#include "parser.hpp"
#include "plan.hpp"
#include "rule_set.hpp"
#include "source.hpp"

namespace cptrules::interp {

struct LoadOptions {
  bool stdlib = true;              // the built-in rules (false with --no-stdlib)
  std::vector<std::string> paths;  // .rules files or folders of them (searched recursively)
  std::vector<std::shared_ptr<const lang::SourceFile>> extra;  // text typed at a prompt, etc.
};

// What loading produced. `plan` is set only when there were no errors; the diagnostics
// (errors and warnings) are always kept.
struct LoadedRules {
  std::vector<std::shared_ptr<const lang::SourceFile>> files;
  lang::Diagnostics diagnostics;
  std::shared_ptr<const RuleSet> rules;
  std::shared_ptr<const Plan> plan;
  bool io_error = false;  // a path could not be read
};

// Reads the rule files a path names: the file itself, or every *.rules below a folder, sorted.
// A path that cannot be read adds an E0001 diagnostic; a folder without rule files W0422, and
// each file of a folder that looks like a rule file but is not read (payer.rules.txt) W0423.
void read_rule_files(const std::string& path,
                     std::vector<std::shared_ptr<const lang::SourceFile>>& out,
                     lang::Diagnostics& diagnostics);

// Runs load -> parse -> check -> plan. Every file is parsed even when others fail, so all
// errors are reported in one run. With the standard rules, a file of `paths` that is a copy of
// a standard rule file is left out, and one E0220 says so; a file of `paths` or `extra` that
// is empty (or blank) gets W0421.
LoadedRules load_rules(const LoadOptions& options);

// The phases after reading, on files already parsed: `parsed[i]` is the parse of
// `loaded.files[i]`, and the first `standard` files are standard rule files (an empty one gets
// no W0421). Checks, and plans when there is no error, into `loaded`. `load_rules` ends with it;
// the language server calls it with the parses of its open buffers and workspace files.
void check_parsed(LoadedRules& loaded, std::vector<lang::ParseResult> parsed, std::size_t standard);

// "2 errors, 1 warning in 3 files": the count line that ends a report of diagnostics.
std::string counts_text(std::size_t errors, std::size_t warnings, std::size_t files);

}  // namespace cptrules::interp
