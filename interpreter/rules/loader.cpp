// load_rules: reads rule files (built-in and from paths) and chains parse, check and plan.
#include "loader.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <thread>
#include <utility>

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

// True for a file name that a person may have meant as a rule file but that is not read:
// "payer.rules.txt", "payer.rule", "payer.RULES" (names starting with '.' are left alone).
bool looks_like_rule_file(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.empty() || name[0] == '.')
    return false;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto ends_with = [&](std::string_view tail) {
    return name.size() > tail.size() &&
           name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
  };
  return ends_with(".rules") || ends_with(".rule") || ends_with(".rules.txt") ||
         ends_with(".rule.txt");
}

// The name `looks_like_rule_file` meant: "payer.rules.txt" -> "payer.rules".
fs::path rule_file_name(const fs::path& path) {
  const std::string name = path.filename().string();
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return path.parent_path() / (name.substr(0, lower.rfind(".rule")) + ".rules");
}

// True when `text` holds nothing but spaces and line breaks (a file of comments says something).
bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Removes from `read` (the files of `path`) every file whose text is that of a standard rule
// file: loaded with the standard rules, each would define everything twice. One E0220 says so.
void drop_standard_copies(const std::string& path,
                          std::vector<std::shared_ptr<const lang::SourceFile>>& read,
                          lang::Diagnostics& diagnostics) {
  std::vector<std::pair<std::string, std::string_view>> copies;  // (file, standard file)
  const std::size_t total = read.size();
  std::erase_if(read, [&](const std::shared_ptr<const lang::SourceFile>& file) {
    for (const EmbeddedRuleFile& f : stdlib_files()) {
      if (f.text == file->text()) {
        copies.emplace_back(file->name(), f.path);
        return true;
      }
    }
    return false;
  });
  if (copies.empty())
    return;
  std::error_code ec;
  const bool folder = fs::is_directory(path, ec);
  lang::Diagnostic& d =
      folder ? diagnostics.error(
                   "E0220", nullptr, {},
                   fmt::format("{} repeats the standard rules ({} of its {} rule files are "
                               "copies of standard rule files); use --no-stdlib to load it "
                               "instead of them",
                               path, copies.size(), total))
             : diagnostics.error("E0220", nullptr, {},
                                 fmt::format("{} repeats the standard rule file {}; use "
                                             "--no-stdlib to load it instead of the standard rules",
                                             path, copies.front().second));
  if (folder) {
    d.notes.push_back(
        {fmt::format("{} is the same as {}", copies.front().first, copies.front().second), {}});
  }
  d.notes.push_back({"a copy of a standard rule file is not read with the standard rules", {}});
}

}  // namespace

void read_rule_files(const std::string& path,
                     std::vector<std::shared_ptr<const lang::SourceFile>>& out,
                     lang::Diagnostics& diagnostics) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> found;
    std::vector<fs::path> unread;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (!it->is_regular_file(ec))
        continue;
      if (it->path().extension() == ".rules")
        found.push_back(it->path());
      else if (looks_like_rule_file(it->path()))
        unread.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    std::sort(unread.begin(), unread.end());
    for (const auto& f : unread) {
      diagnostics
          .warning("W0423", nullptr, {},
                   fmt::format("{} looks like a rule file but is not read: only files whose "
                               "names end in '.rules' are",
                               f.string()))
          .notes.push_back({fmt::format("rename it to {}", rule_file_name(f).string()), {}});
    }
    if (found.empty()) {
      diagnostics.warning("W0422", nullptr, {},
                          fmt::format("{} holds no rule file (no file whose name ends in "
                                      "'.rules', in it or below it)",
                                      path));
    }
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

std::string counts_text(std::size_t errors, std::size_t warnings, std::size_t files) {
  return fmt::format("{} error{}, {} warning{} in {} file{}", errors, errors == 1 ? "" : "s",
                     warnings, warnings == 1 ? "" : "s", files, files == 1 ? "" : "s");
}

LoadedRules load_rules(const LoadOptions& options) {
  LoadedRules loaded;
  if (options.stdlib) {
    for (const EmbeddedRuleFile& f : stdlib_files()) {
      loaded.files.push_back(
          std::make_shared<lang::SourceFile>(std::string(f.path), std::string(f.text)));
    }
  }
  const std::size_t standard = loaded.files.size();
  for (const std::string& path : options.paths) {
    const std::size_t before = loaded.diagnostics.error_count();
    std::vector<std::shared_ptr<const lang::SourceFile>> read;
    read_rule_files(path, read, loaded.diagnostics);
    if (loaded.diagnostics.error_count() != before)
      loaded.io_error = true;
    if (options.stdlib)
      drop_standard_copies(path, read, loaded.diagnostics);
    loaded.files.insert(loaded.files.end(), read.begin(), read.end());
  }
  loaded.files.insert(loaded.files.end(), options.extra.begin(), options.extra.end());

  check_parsed(loaded, parse_all(loaded.files), standard);
  return loaded;
}

void check_parsed(LoadedRules& loaded, std::vector<lang::ParseResult> parsed,
                  std::size_t standard) {
  std::vector<lang::ast::Module> modules;
  modules.reserve(parsed.size());
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    lang::ParseResult& p = parsed[i];
    loaded.diagnostics.append(p.diagnostics);
    if (i >= standard && blank(loaded.files[i]->text())) {
      loaded.diagnostics.warning("W0421", loaded.files[i], {},
                                 "this rule file is empty: it declares nothing");
    }
    modules.push_back(std::move(p.module));
  }
  CheckResult checked = check(std::move(modules));
  loaded.diagnostics.append(checked.diagnostics);
  if (loaded.diagnostics.has_errors())
    return;
  loaded.rules = checked.rules;
  loaded.plan = plan(*checked.rules);
  warn_unpriced_codes(*loaded.plan, loaded.diagnostics);
}

}  // namespace cptrules::interp
