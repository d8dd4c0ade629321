// cptrules fmt: rewrites rule files in the canonical layout, or checks that they are in it.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "diagnostic.hpp"
#include "formatter.hpp"
#include "palette.hpp"

namespace cptrules::cli {

namespace {

namespace fs = std::filesystem;

// `fmt --check`: some file is not in the canonical layout.
constexpr int kNotFormatted = 1;

struct FmtArgs {
  std::vector<std::string> paths;
  bool check = false;
  bool to_stdout = false;
};

// Replaces the file at `path` with `text` through a temporary file beside it, so that a failed
// write never leaves half a file; the file keeps its permissions, and a symbolic link stays a
// link (the file it points to is replaced). False (with a message on standard error) when it
// cannot be written.
bool write_file(const std::string& path, const std::string& text) {
  std::error_code link_error;
  fs::path target =
      fs::is_symlink(path, link_error) ? fs::canonical(path, link_error) : fs::path(path);
  if (link_error)
    target = path;
  fs::path temp = target;
  temp += ".cptrules-fmt.tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      fmt::print(stderr, "cptrules fmt: cannot write {}\n", temp.string());
      std::error_code ignored;
      fs::remove(temp, ignored);
      return false;
    }
  }
  std::error_code ec;
  fs::permissions(temp, fs::status(target, ec).permissions(), ec);
  fs::rename(temp, target, ec);
  if (ec) {
    fmt::print(stderr, "cptrules fmt: cannot replace {}: {}\n", path, ec.message());
    fs::remove(temp, ec);
    return false;
  }
  return true;
}

int run_fmt(const FmtArgs& args) {
  std::vector<std::shared_ptr<const lang::SourceFile>> files;
  lang::Diagnostics read_errors;
  for (const std::string& path : args.paths)
    interp::read_rule_files(path, files, read_errors);
  const bool color = interp::use_color(stderr);
  fmt::print(stderr, "{}", lang::render(read_errors, color));
  if (args.to_stdout && files.size() != 1) {
    fmt::print(stderr, "cptrules fmt: --stdout needs exactly one rule file, got {}\n",
               files.size());
    return kUsage;
  }
  int status = read_errors.has_errors() ? kNoInput : kOk;
  for (const auto& file : files) {
    lang::Diagnostics diagnostics;
    const std::optional<std::string> formatted = lang::format_rules(file, diagnostics);
    if (!formatted) {
      fmt::print(stderr, "{}", lang::render(diagnostics, color));
      status = std::max(status, static_cast<int>(kDataError));
      continue;
    }
    if (args.to_stdout) {
      fmt::print("{}", *formatted);
    } else if (*formatted == file->text()) {
      continue;
    } else if (args.check) {
      fmt::print("{}\n", file->name());
      status = std::max(status, kNotFormatted);
    } else if (!write_file(file->name(), *formatted)) {
      status = std::max(status, static_cast<int>(kIoError));
    }
  }
  return status;
}

}  // namespace

Command add_fmt(CLI::App& app) {
  auto args = std::make_shared<FmtArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fmt", "Rewrite rule files in the canonical layout (docs/fmt.md), or check they are in it");
  CLI::Option* check =
      cmd->add_flag("--check", args->check,
                    "Write nothing; list the files that would change and exit 1 if there are any");
  cmd->add_flag("--stdout", args->to_stdout,
                "Print the formatted text of one file instead of rewriting it")
      ->excludes(check);
  cmd->add_option("paths", args->paths, "Rule files, or folders searched for *.rules")
      ->type_name("PATH")
      ->required();
  return {cmd, [args] { return run_fmt(*args); }};
}

}  // namespace cptrules::cli
