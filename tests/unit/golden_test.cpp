// Golden tests: the rendered diagnostics of each tests/golden/check/NAME.rules in NAME.expected.
//
// Each case loads only its own file (without the standard rules, unless the file's first line
// is `# with-stdlib`) and compares lang::render of every diagnostic, without colour, with the
// .expected file. With the standard rules, diagnostics located in the standard rule files are
// left out: they belong to those files (some are there on purpose, such as the W0407 that
// stdlib-rules/modifiers tests), not to the case. CPTRULES_UPDATE_GOLDEN=1 rewrites the
// .expected files instead of comparing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "loader.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using cptrules::test::read_file;
using cptrules::test::updating_golden;

fs::path golden_dir() {
  return fs::path(CPTRULES_SOURCE_DIR) / "tests" / "golden" / "check";
}

// The NAME of every NAME.rules in the folder, sorted.
std::vector<std::string> case_names() {
  return cptrules::test::file_stems(golden_dir(), ".rules");
}

// The rendered diagnostics of loading this one rule file.
std::string check_output(const std::string& name, const std::string& text) {
  cptrules::interp::LoadOptions options;
  options.stdlib = text.rfind("# with-stdlib", 0) == 0;
  options.extra.push_back(std::make_shared<cptrules::lang::SourceFile>(name + ".rules", text));
  const cptrules::interp::LoadedRules loaded = cptrules::interp::load_rules(options);
  std::string out;
  for (const cptrules::lang::Diagnostic& d : loaded.diagnostics.items()) {
    if (options.stdlib && d.file && d.file->name() != name + ".rules")
      continue;
    out += cptrules::lang::render(d, false);
  }
  return out;
}

}  // namespace

TEST_CASE("golden: rendered diagnostics of check", "[golden]") {
  const std::vector<std::string> names = case_names();
  REQUIRE(names.size() >= 12);
  const std::string name = GENERATE_COPY(from_range(names));
  DYNAMIC_SECTION(name) {
    const fs::path rules = golden_dir() / (name + ".rules");
    const fs::path expected_path = golden_dir() / (name + ".expected");
    const std::string actual = check_output(name, read_file(rules));
    if (updating_golden()) {
      std::ofstream out(expected_path, std::ios::binary | std::ios::trunc);
      out << actual;
      REQUIRE(out.good());
      WARN("rewrote " << expected_path.string());
      return;
    }
    INFO("rerun with CPTRULES_UPDATE_GOLDEN=1 to accept the new output");
    REQUIRE(fs::exists(expected_path));
    const std::string expected = read_file(expected_path);
    CHECK(actual == expected);
  }
}

TEST_CASE("golden: every .expected file has its .rules file", "[golden]") {
  for (const auto& entry : fs::directory_iterator(golden_dir())) {
    if (entry.path().extension() != ".expected")
      continue;
    fs::path rules = entry.path();
    rules.replace_extension(".rules");
    INFO(entry.path().string());
    CHECK(fs::exists(rules));
  }
}

TEST_CASE("golden: the same file gives the same diagnostics every time", "[golden]") {
  const std::vector<std::string> names = case_names();
  REQUIRE_FALSE(names.empty());
  for (const std::string& name : names) {
    const std::string text = read_file(golden_dir() / (name + ".rules"));
    INFO(name);
    CHECK(check_output(name, text) == check_output(name, text));
  }
}
