// load_rules: the front-end pipeline, rule files to Plan (load, parse, check, plan).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diagnostic.hpp"
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
// A path that cannot be read adds an E0001 diagnostic.
void read_rule_files(const std::string& path,
                     std::vector<std::shared_ptr<const lang::SourceFile>>& out,
                     lang::Diagnostics& diagnostics);

// Runs load -> parse -> check -> plan. Every file is parsed even when others fail, so all
// errors are reported in one run.
LoadedRules load_rules(const LoadOptions& options);

}  // namespace cptrules::interp
