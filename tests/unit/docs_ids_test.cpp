// Every diagnostic and finding id the code can emit is documented in docs/.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

using cptrules::test::read_file;

// Every distinct match of `pattern` (its first group) in the sources under lang/ and interpreter/.
std::set<std::string> ids_in_sources(const std::regex& pattern) {
  std::set<std::string> ids;
  for (const char* dir : {"lang", "interpreter"}) {
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(CPTRULES_SOURCE_DIR) / dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp")
        continue;
      const std::string text = read_file(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
        ids.insert((*it)[1].str());
      }
    }
  }
  return ids;
}

}  // namespace

TEST_CASE("every diagnostic id is documented in docs/diagnostics.md") {
  const std::string doc = read_file(fs::path(CPTRULES_SOURCE_DIR) / "docs" / "diagnostics.md");
  const auto ids = ids_in_sources(std::regex("\"([EW][0-9]{4})\""));
  REQUIRE(ids.size() > 20);
  for (const std::string& id : ids) {
    INFO(id);
    CHECK(doc.find("### " + id + ":") != std::string::npos);
  }
}

TEST_CASE("every finding and error id is documented in docs/findings.md or docs/input-errors.md") {
  const std::string doc = read_file(fs::path(CPTRULES_SOURCE_DIR) / "docs" / "findings.md") +
                          read_file(fs::path(CPTRULES_SOURCE_DIR) / "docs" / "input-errors.md");
  const auto ids = ids_in_sources(
      std::regex("\"((?:input|code|rules|policy|modifier|edit|limit)\\.[a-z][a-z-]*)\""));
  REQUIRE(ids.size() > 20);
  for (const std::string& id : ids) {
    INFO(id);
    CHECK(doc.find("`" + id + "`") != std::string::npos);
  }
}
