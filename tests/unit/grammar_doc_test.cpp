// The "## Grammar" section of docs/language.md lists every production comment of
// lang/grammar.hpp, in the same order, so the reference cannot drift from the grammar.
#include <catch2/catch.hpp>

#include <cstddef>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

using cptrules::test::read_lines;

// The `// name <- ...` comments of the grammar, without the `// `. A production continues on
// the following comment lines that start with more spaces (`//              / ...`).
std::vector<std::string> grammar_productions() {
  const std::vector<std::string> lines =
      read_lines(fs::path(CPTRULES_SOURCE_DIR) / "lang" / "grammar.hpp");
  const std::regex production(R"(^// \S+ <- .*$)");
  const std::regex continuation(R"(^//  +\S.*$)");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!std::regex_match(lines[i], production))
      continue;
    out.push_back(lines[i].substr(3));
    while (i + 1 < lines.size() && std::regex_match(lines[i + 1], continuation)) {
      out.push_back(lines[++i].substr(3));
    }
  }
  return out;
}

// The lines of the first ```text block after the "## Grammar" heading of docs/language.md.
std::vector<std::string> documented_productions() {
  const std::vector<std::string> lines =
      read_lines(fs::path(CPTRULES_SOURCE_DIR) / "docs" / "language.md");
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < lines.size() && lines[i] != "## Grammar")
    ++i;
  while (i < lines.size() && lines[i] != "```text")
    ++i;
  for (++i; i < lines.size() && lines[i].rfind("```", 0) != 0; ++i) {
    if (!lines[i].empty())
      out.push_back(lines[i]);
  }
  return out;
}

}  // namespace

TEST_CASE("docs/language.md lists every production of lang/grammar.hpp in order") {
  const std::vector<std::string> grammar = grammar_productions();
  const std::vector<std::string> doc = documented_productions();
  REQUIRE(grammar.size() > 50);
  REQUIRE_FALSE(doc.empty());
  const std::size_t n = std::min(grammar.size(), doc.size());
  for (std::size_t i = 0; i < n; ++i) {
    INFO("production " << i + 1 << " of lang/grammar.hpp");
    REQUIRE(doc[i] == grammar[i]);
  }
  INFO("the grammar has " << grammar.size() << " production lines, the Grammar section of "
                          << "docs/language.md " << doc.size());
  CHECK(doc.size() == grammar.size());
}
