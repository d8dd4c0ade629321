// Workspace: reading the folders, the parse cache, and each check of the rules together.
#include "workspace.hpp"

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "stdlib.hpp"

namespace cptrules::lsp {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Workspace::Workspace(ServerOptions options) : options_(std::move(options)) {
  if (options_.stdlib) {
    for (const interp::EmbeddedRuleFile& f : interp::stdlib_files()) {
      auto file = std::make_shared<lang::SourceFile>(std::string(f.path), std::string(f.text));
      auto result = std::make_shared<const lang::ParseResult>(lang::parse(file));
      standard_.push_back({file, result});
    }
  }
}

void Workspace::set_folders(std::vector<std::string> folders) {
  folders_ = std::move(folders);
  disk_.clear();
  for (const std::string& folder : folders_) {
    std::vector<std::shared_ptr<const lang::SourceFile>> files;
    lang::Diagnostics ignored;  // a folder without rule files is no error in an editor
    interp::read_rule_files(folder, files, ignored);
    for (const auto& f : files) {
      // A copy of a standard rule file (a checkout of these rules) would declare everything
      // twice beside them: the standard rules stand for it, as they do for `cptrules check`.
      if (options_.stdlib && std::any_of(standard_.begin(), standard_.end(), [&](const Parsed& p) {
            return p.file->text() == f->text();
          }))
        continue;
      disk_[f->name()] = f->text();
    }
  }
}

namespace {

// A standard rule file's name ("stdlib-rules/..."): opened in an editor, it is shown read-only
// and its buffer is not checked in its place.
bool standard_name(const std::string& name) {
  return name.rfind(interp::kStdlibPrefix, 0) == 0;
}

}  // namespace

void Workspace::open(const std::string& path, std::string text) {
  if (options_.stdlib && standard_name(path))
    return;
  open_[path] = std::move(text);
}

void Workspace::close(const std::string& path) {
  if (options_.stdlib && standard_name(path))
    return;
  open_.erase(path);
  if (disk_.count(path)) {
    if (std::optional<std::string> text = read_text(path))
      disk_[path] = std::move(*text);
    else
      disk_.erase(path);
  } else {
    cache_.erase(path);
  }
}

const Workspace::Parsed& Workspace::parsed(const std::string& path, const std::string& text) {
  auto it = cache_.find(path);
  if (it == cache_.end() || it->second.file->text() != text) {
    auto file = std::make_shared<lang::SourceFile>(path, text);
    auto result = std::make_shared<const lang::ParseResult>(lang::parse(file));
    it = cache_.insert_or_assign(path, Parsed{file, result}).first;
  }
  return it->second;
}

void Workspace::analyse() {
  Analysis a;
  std::vector<lang::ParseResult> parses;
  auto add = [&](const Parsed& p) {
    a.loaded.files.push_back(p.file);
    a.parses.push_back(p.result);
    parses.push_back(*p.result);
    a.index.add(p.result->module);
  };
  for (const Parsed& p : standard_)
    add(p);
  // The workspace's files in path order, each as its open buffer when it is open; then the
  // open files outside the folders.
  std::map<std::string, const std::string*> texts;
  for (const auto& [path, text] : disk_)
    texts[path] = &text;
  for (const auto& [path, text] : open_)
    texts[path] = &text;
  for (auto it = cache_.begin(); it != cache_.end();) {
    it = texts.count(it->first) ? std::next(it) : cache_.erase(it);
  }
  for (const auto& [path, text] : texts)
    add(parsed(path, *text));
  interp::check_parsed(a.loaded, std::move(parses), standard_.size());
  if (a.loaded.plan) {
    last_plan_ = a.loaded.plan;
    for (const auto& [path, text] : open_) {
      interp::TestOptions options;
      options.file = path;
      interp::TestReport report = interp::run_tests(a.loaded, options);
      auto& failed = a.failures[path];
      for (auto& c : report.cases) {
        if (!c.passed)
          failed.push_back(std::move(c));
      }
    }
  }
  analysis_ = std::move(a);
}

std::shared_ptr<const lang::SourceFile> Workspace::file(const std::string& path) const {
  const auto p = parse_of(path);
  return p ? p->module.file : nullptr;
}

std::shared_ptr<const lang::ParseResult> Workspace::parse_of(const std::string& path) const {
  for (const auto& p : analysis_.parses) {
    if (p->module.file->name() == path)
      return p;
  }
  return nullptr;
}

std::string Workspace::stdlib_dir() const {
  if (!options_.stdlib_dir.empty())
    return options_.stdlib_dir;
  std::error_code ec;
  const fs::path dir =
      fs::temp_directory_path(ec) / ("cptrules-lsp-" + std::to_string(::getuid())) / "stdlib-rules";
  return dir.string();
}

std::string Workspace::shown_path(const std::string& name) {
  if (name.rfind(interp::kStdlibPrefix, 0) != 0)
    return name;
  const fs::path dir = stdlib_dir();
  const fs::path shown = dir / name.substr(interp::kStdlibPrefix.size());
  if (!stdlib_written_ && options_.stdlib_dir.empty()) {
    // The embedded text, written where an editor can open it; read-only, since an edit there
    // would change nothing the server reads.
    stdlib_written_ = true;
    for (const interp::EmbeddedRuleFile& f : interp::stdlib_files()) {
      const fs::path out = dir / std::string(f.path).substr(interp::kStdlibPrefix.size());
      if (read_text(out.string()) == std::string(f.text))
        continue;
      std::error_code ec;
      fs::create_directories(out.parent_path(), ec);
      fs::permissions(out, fs::perms::owner_write, fs::perm_options::add, ec);
      std::ofstream(out, std::ios::binary | std::ios::trunc) << f.text;
      fs::permissions(out, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read,
                      fs::perm_options::replace, ec);
    }
  }
  return shown.string();
}

std::string Workspace::name_of_shown(const std::string& path) const {
  if (!options_.stdlib)
    return path;
  std::string dir = stdlib_dir();
  if (!dir.empty() && dir.back() != '/')
    dir.push_back('/');
  if (path.rfind(dir, 0) == 0)
    return std::string(interp::kStdlibPrefix) + path.substr(dir.size());
  return path;
}

}  // namespace cptrules::lsp
