// Every `$ command` in a ```console block of README.md, docs/ and examples/ runs and prints
// exactly the output shown under it, so the documentation cannot drift from the program.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Shown {
  fs::path file;
  std::size_t line = 0;  // 1-based line of the `$ ` command
  std::string command;
  std::string output;            // the lines shown after it, each ending in '\n'
  std::size_t output_begin = 0;  // line index (0-based) of the first output line
  std::size_t output_end = 0;    // one past the last output line
};

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::vector<Shown> commands_in(const fs::path& path) {
  const std::vector<std::string> lines = lines_of(path);
  std::vector<Shown> out;
  bool in_console = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!in_console) {
      in_console = line == "```console";
      continue;
    }
    if (line.rfind("```", 0) == 0) {
      if (!out.empty() && out.back().file == path && out.back().output_end == 0)
        out.back().output_end = i;
      in_console = false;
      continue;
    }
    if (line.rfind("$ ", 0) == 0) {
      if (!out.empty() && out.back().file == path && out.back().output_end == 0)
        out.back().output_end = i;
      out.push_back({path, i + 1, line.substr(2), {}, i + 1, 0});
    } else if (!out.empty() && out.back().output_end == 0) {
      out.back().output += line + "\n";
    }
  }
  return out;
}

std::vector<fs::path> documents() {
  const fs::path root(CPTRULES_SOURCE_DIR);
  std::vector<fs::path> files{root / "README.md"};
  for (const char* dir : {"docs", "examples"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (entry.path().extension() == ".md")
        files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every occurrence of `from` in `text` replaced by `to`.
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The scratch files that the documentation names /tmp/cptrules-*: each run of this test keeps
// them in a folder of its own, so that two runs on one machine never share them.
constexpr const char* kShownScratch = "/tmp/cptrules-";

// Runs `command` with bash in the repository root, the built cptrules first on PATH, standard
// input empty, /tmp/cptrules-* moved into `scratch`; returns standard output and standard
// error together, with the scratch folder named /tmp again as the documentation shows it.
std::string run(const std::string& command, const cptrules::test::TempDir& scratch) {
  const std::string own = scratch.path("cptrules-");
  const fs::path bin = fs::path(CPTRULES_BINARY).parent_path();
  const std::string script = "cd '" + std::string(CPTRULES_SOURCE_DIR) + "' && export PATH='" +
                             bin.string() + "':\"$PATH\" NO_COLOR=1 && " +
                             replace_all(command, kShownScratch, own);
  const std::string full = "bash -c \"$CPTRULES_DOC_SCRIPT\" </dev/null 2>&1";
  setenv("CPTRULES_DOC_SCRIPT", script.c_str(), 1);
  return replace_all(cptrules::test::run_shell(full).out, own, kShownScratch);
}

// Replaces the shown output of each command with what it printed (CPTRULES_UPDATE_GOLDEN=1).
void rewrite(const fs::path& path, const std::vector<std::pair<Shown, std::string>>& updates) {
  std::vector<std::string> lines = lines_of(path);
  for (auto it = updates.rbegin(); it != updates.rend(); ++it) {
    std::vector<std::string> replacement;
    std::istringstream text(it->second);
    for (std::string line; std::getline(text, line);)
      replacement.push_back(line);
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(it->first.output_begin),
                lines.begin() + static_cast<std::ptrdiff_t>(it->first.output_end));
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(it->first.output_begin),
                 replacement.begin(), replacement.end());
  }
  std::ofstream out(path, std::ios::binary);
  for (const std::string& line : lines)
    out << line << '\n';
}

}  // namespace

TEST_CASE("commands shown in the documentation print what the documentation shows") {
  const bool update = cptrules::test::updating_golden();
  const cptrules::test::TempDir scratch("cptrules-doc-commands");
  std::size_t count = 0;
  for (const fs::path& doc : documents()) {
    std::vector<std::pair<Shown, std::string>> updates;
    for (const Shown& shown : commands_in(doc)) {
      ++count;
      const std::string actual = run(shown.command, scratch);
      if (update) {
        if (actual != shown.output)
          updates.emplace_back(shown, actual);
        continue;
      }
      INFO(doc.string() << ":" << shown.line << ": $ " << shown.command);
      CHECK(actual == shown.output);
    }
    if (!updates.empty())
      rewrite(doc, updates);
  }
  CHECK(count > 0);
}
