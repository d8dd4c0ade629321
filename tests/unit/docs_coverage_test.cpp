// Every standard rule file, documentation page, command and example folder is documented.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

using cptrules::test::read_file;

const fs::path kRoot(CPTRULES_SOURCE_DIR);

// The files under `dir` (recursively) whose name ends in `extension` ("" for every file),
// sorted, as paths relative to the repository root with '/' separators.
std::vector<std::string> files_under(const fs::path& dir, const std::string& extension) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file())
      continue;
    if (!extension.empty() && entry.path().extension() != extension)
      continue;
    files.push_back(fs::relative(entry.path(), kRoot).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// True when `text` holds `phrase` followed by anything but a letter, a digit or '-', so that
// "cptrules test" is not found in "cptrules tests".
bool mentions(const std::string& text, const std::string& phrase) {
  for (std::size_t at = text.find(phrase); at != std::string::npos;
       at = text.find(phrase, at + 1)) {
    const std::size_t end = at + phrase.size();
    if (end == text.size())
      return true;
    const auto next = static_cast<unsigned char>(text[end]);
    if (!std::isalnum(next) && next != '-')
      return true;
  }
  return false;
}

// What `cptrules ARGS` prints on standard output and standard error together.
std::string cptrules_output(const std::string& args) {
  const std::string command = std::string("'") + CPTRULES_BINARY + "' " + args + " 2>&1";
  return cptrules::test::run_shell(command).out;
}

// The subcommands listed under "Subcommands:" in `cptrules --help`: the first word of each line
// indented by two spaces that follows.
std::vector<std::string> subcommands() {
  std::istringstream help(cptrules_output("--help"));
  std::vector<std::string> names;
  bool listed = false;
  for (std::string line; std::getline(help, line);) {
    if (!listed) {
      listed = line.rfind("Subcommands:", 0) == 0;
      continue;
    }
    if (line.rfind("  ", 0) != 0)
      break;
    if (line.size() < 3 || line[2] == ' ')
      continue;  // a description wrapped onto a line of its own
    names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return names;
}

}  // namespace

TEST_CASE("docs coverage: every standard rule file is named in docs/standard-rules.md", "[docs]") {
  const std::string doc = read_file(kRoot / "docs" / "standard-rules.md");
  REQUIRE(!doc.empty());
  const auto files = files_under(kRoot / "stdlib-rules", "");
  REQUIRE(files.size() >= 10);
  for (const std::string& file : files) {
    INFO(file);
    CHECK(mentions(doc, file));
  }
}

TEST_CASE("docs coverage: every documentation page is linked from README.md", "[docs]") {
  const std::string readme = read_file(kRoot / "README.md");
  REQUIRE(!readme.empty());
  const auto pages = files_under(kRoot / "docs", ".md");
  REQUIRE(pages.size() >= 10);
  CHECK(std::find(pages.begin(), pages.end(), "docs/editors/README.md") != pages.end());
  for (const std::string& page : pages) {
    INFO(page);
    CHECK(readme.find("](" + page + ")") != std::string::npos);
  }
}

TEST_CASE("docs coverage: every subcommand of cptrules --help appears as 'cptrules NAME' in docs/",
          "[docs]") {
  const auto names = subcommands();
  INFO(cptrules_output("--help"));
  REQUIRE(std::find(names.begin(), names.end(), "eval") != names.end());
  REQUIRE(std::find(names.begin(), names.end(), "check") != names.end());
  std::string docs;
  for (const std::string& page : files_under(kRoot / "docs", ".md"))
    docs += read_file(kRoot / page);
  for (const std::string& name : names) {
    INFO("cptrules " << name);
    CHECK(mentions(docs, "cptrules " + name));
  }
}

TEST_CASE("docs coverage: every folder of examples/ is mentioned in README.md", "[docs]") {
  const std::string readme = read_file(kRoot / "README.md");
  REQUIRE(!readme.empty());
  std::set<std::string> folders;
  for (const auto& entry : fs::directory_iterator(kRoot / "examples")) {
    if (entry.is_directory())
      folders.insert(entry.path().filename().string());
  }
  REQUIRE(folders.size() >= 5);
  for (const std::string& folder : folders) {
    INFO("examples/" << folder << "/");
    CHECK(readme.find("examples/" + folder + "/") != std::string::npos);
  }
}
