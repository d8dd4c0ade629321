// load_rules: reads rule files (built-in and from paths) and chains parse, check and plan.
#include "loader.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "checker.hpp"
#include "parser.hpp"
#include "plan_lints.hpp"
#include "stdlib.hpp"

namespace cptrules::interp {

namespace fs = std::filesystem;

namespace {

// The largest rule file read, in bytes.
constexpr std::uintmax_t kMaxRuleFileBytes = 4 * 1024 * 1024;

void read_one(const fs::path& path, std::vector<std::shared_ptr<const lang::SourceFile>>& out,
              lang::Diagnostics& diagnostics) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxRuleFileBytes) {
    diagnostics.error("E0002", nullptr, {},
                      fmt::format("{}: rule file too large ({} bytes; at most {})", path.string(),
                                  size, kMaxRuleFileBytes));
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.error("E0001", nullptr, {}, fmt::format("cannot read {}", path.string()));
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();
  out.push_back(std::make_shared<lang::SourceFile>(path.string(), text.str()));
}

// Below this much rule text, parsing on a second thread costs more than it saves.
constexpr std::size_t kParallelParseBytes = 32 * 1024;

// Parses every file, in order. With enough text (the built-in rules are about 90 KB) and more
// than one core, a second thread parses the second half: the files are independent, and the
// results are collected in the same order, so nothing but the start-up time changes.
std::vector<lang::ParseResult> parse_all(
    const std::vector<std::shared_ptr<const lang::SourceFile>>& files) {
  std::vector<lang::ParseResult> parsed(files.size());
  std::size_t total = 0;
  for (const auto& file : files)
    total += file->text().size();
  std::size_t split = files.size();
  if (files.size() > 1 && total >= kParallelParseBytes && std::thread::hardware_concurrency() > 1) {
    std::size_t bytes = 0;
    for (split = 0; split < files.size() && bytes < total / 2; ++split)
      bytes += files[split]->text().size();
  }
  std::exception_ptr failure;
  std::thread helper;
  if (split < files.size()) {
    helper = std::thread([&] {
      try {
        for (std::size_t i = split; i < files.size(); ++i)
          parsed[i] = lang::parse(files[i]);
      } catch (...) {
        failure = std::current_exception();
      }
    });
  }
  try {
    for (std::size_t i = 0; i < split; ++i)
      parsed[i] = lang::parse(files[i]);
  } catch (...) {
    if (helper.joinable())
      helper.join();
    throw;
  }
  if (helper.joinable())
    helper.join();
  if (failure)
    std::rethrow_exception(failure);
  return parsed;
}

}  // namespace

void read_rule_files(const std::string& path,
                     std::vector<std::shared_ptr<const lang::SourceFile>>& out,
                     lang::Diagnostics& diagnostics) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".rules")
        found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found)
      read_one(f, out, diagnostics);
    return;
  }
  if (!fs::exists(path, ec)) {
    diagnostics.error("E0001", nullptr, {},
                      fmt::format("cannot read {}: no such file or folder", path));
    return;
  }
  read_one(path, out, diagnostics);
}

LoadedRules load_rules(const LoadOptions& options) {
  LoadedRules loaded;
  if (options.stdlib) {
    for (const EmbeddedRuleFile& f : stdlib_files()) {
      loaded.files.push_back(
          std::make_shared<lang::SourceFile>(std::string(f.path), std::string(f.text)));
    }
  }
  for (const std::string& path : options.paths) {
    const std::size_t before = loaded.diagnostics.error_count();
    read_rule_files(path, loaded.files, loaded.diagnostics);
    if (loaded.diagnostics.error_count() != before)
      loaded.io_error = true;
  }
  loaded.files.insert(loaded.files.end(), options.extra.begin(), options.extra.end());

  std::vector<lang::ParseResult> parsed = parse_all(loaded.files);
  std::vector<lang::ast::Module> modules;
  modules.reserve(parsed.size());
  for (lang::ParseResult& p : parsed) {
    loaded.diagnostics.append(p.diagnostics);
    modules.push_back(std::move(p.module));
  }
  CheckResult checked = check(std::move(modules));
  loaded.diagnostics.append(checked.diagnostics);
  if (loaded.diagnostics.has_errors())
    return loaded;
  loaded.rules = checked.rules;
  loaded.plan = plan(*checked.rules);
  warn_unpriced_codes(*loaded.plan, loaded.diagnostics);
  return loaded;
}

}  // namespace cptrules::interp
