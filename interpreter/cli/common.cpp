// What the subcommands share: rule options, and loading with diagnostics.
#include <fmt/format.h>

#include "commands.hpp"
#include "diagnostic.hpp"
#include "palette.hpp"

namespace cptrules::cli {

void RuleOptions::add_to(CLI::App& command) {
  command.add_option("--rules", paths, "Add a .rules file or a folder of them (repeatable)")
      ->type_name("PATH")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_flag("--no-stdlib", no_stdlib, "Leave out the built-in standard rules");
}

interp::LoadOptions RuleOptions::load_options() const {
  interp::LoadOptions o;
  o.stdlib = !no_stdlib;
  o.paths = paths;
  return o;
}

interp::LoadedRules load_and_report(const RuleOptions& options, bool show_warnings) {
  interp::LoadedRules loaded = interp::load_rules(options.load_options());
  const bool color = interp::use_color(stderr);
  for (const lang::Diagnostic& d : loaded.diagnostics.items()) {
    if (d.severity == lang::Severity::warning && !show_warnings)
      continue;
    fmt::print(stderr, "{}", lang::render(d, color));
  }
  if (loaded.diagnostics.has_errors()) {
    const std::size_t warnings = loaded.diagnostics.warning_count();
    fmt::print(stderr, "{}{}\n",
               interp::counts_text(loaded.diagnostics.error_count(), warnings, loaded.files.size()),
               warnings > 0 && !show_warnings ? " (cptrules check shows the warnings)" : "");
  }
  return loaded;
}

}  // namespace cptrules::cli
