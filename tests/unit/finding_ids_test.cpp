// The list of finding ids (kFindingIds) is that of docs/findings.md and of the evaluator's sources.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "finding_ids.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using cptrules::test::read_file;

// The ids in the first column of the table that follows `heading` in docs/findings.md.
std::set<std::string> table_ids(const std::string& heading) {
  const std::string doc = read_file(fs::path(CPTRULES_SOURCE_DIR) / "docs" / "findings.md");
  const std::size_t start = doc.find(heading);
  REQUIRE(start != std::string::npos);
  const std::size_t end = doc.find("\n## ", start + heading.size());
  const std::string section = doc.substr(start, end - start);
  std::set<std::string> ids;
  const std::regex row("\n\\| `([a-z][a-zA-Z.-]*)` \\|");
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it)
    ids.insert((*it)[1].str());
  return ids;
}

std::set<std::string> listed() {
  return {cptrules::interp::kFindingIds.begin(), cptrules::interp::kFindingIds.end()};
}

}  // namespace

TEST_CASE("finding ids: the list is the table of findings in docs/findings.md", "[finding-ids]") {
  std::set<std::string> documented = table_ids("## Findings (the encounter is evaluated)");
  CHECK(documented.erase("edit.NAME") == 1);
  CHECK(documented.erase("limit.NAME") == 1);
  CHECK(documented.erase("check.NAME") == 1);
  CHECK(documented == listed());
  CHECK(listed().size() == cptrules::interp::kFindingIds.size());  // no id twice
}

TEST_CASE("finding ids: every id the evaluator's sources spell is a finding or an error record",
          "[finding-ids]") {
  const std::set<std::string> findings = listed();
  const std::set<std::string> errors = table_ids("## Error records");
  const std::string inputs = read_file(fs::path(CPTRULES_SOURCE_DIR) / "docs" / "input-errors.md");
  const std::regex literal(
      "\"((?:input|code|rules|policy|modifier|edit|limit|units|time|"
      "discipline)\\.[a-z][a-z-]*)\"");
  std::set<std::string> spelled;
  for (const auto& entry :
       fs::directory_iterator(fs::path(CPTRULES_SOURCE_DIR) / "interpreter" / "evaluate")) {
    const std::string text = read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), last; it != last; ++it)
      spelled.insert((*it)[1].str());
  }
  REQUIRE(spelled.size() > 20);
  for (const std::string& id : spelled) {
    INFO(id);
    CHECK((findings.count(id) > 0 || errors.count(id) > 0 ||
           inputs.find("`" + id + "`") != std::string::npos));
  }
  // And every listed finding is given somewhere: a list with a stale id fails here.
  for (const std::string& id : findings) {
    INFO(id);
    CHECK(spelled.count(id) > 0);
  }
}
