// Replays every input in tests/fuzz/regressions/ through the fuzz targets' own code.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "../fuzz/fuzz_targets.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using cptrules::test::read_file;

// Runs `body` on every file under tests/fuzz/regressions/`kind`; returns how many. The folder
// must exist: a missing or misnamed folder would otherwise replay nothing and pass.
template <typename Body>
int replay(const std::string& kind, Body body) {
  const fs::path dir = fs::path(CPTRULES_SOURCE_DIR) / "tests" / "fuzz" / "regressions" / kind;
  int count = 0;
  REQUIRE(fs::is_directory(dir));
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file())
      continue;
    const std::string text = read_file(entry.path());
    INFO(entry.path().string());
    CHECK(body(text) == "");
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("fuzz regressions: rule files replay through parse, check, plan and load_rules",
          "[fuzz]") {
  const int count = replay(
      "rules", [](const std::string& bytes) { return cptrules::fuzz::fuzz_rules_one(bytes); });
  // hang-did-you-mean, stack-overflow-parentheses and stack-overflow-unary-minus at least.
  CHECK(count >= 3);
}

constexpr auto kCsv = cptrules::interp::InputFormat::csv;

TEST_CASE("fuzz regressions: encounter inputs replay through the reader and the evaluator",
          "[fuzz]") {
  // Each input is read as JSON and as CSV, as the fuzz target reads it.
  const int count = replay("encounters", [](const std::string& bytes) {
    const std::string json = cptrules::fuzz::fuzz_encounters_one(bytes);
    return json.empty() ? cptrules::fuzz::fuzz_encounters_one(bytes, kCsv) : json;
  });
  // undated-retired-code and fast-path-edges at least.
  CHECK(count >= 2);
}

TEST_CASE("fuzz regressions: the curated seeds replay cleanly too", "[fuzz]") {
  for (const char* kind : {"rules", "encounters"}) {
    const fs::path dir = fs::path(CPTRULES_SOURCE_DIR) / "tests" / "fuzz" / "seeds" / kind;
    REQUIRE(fs::is_directory(dir));
    int count = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      ++count;
      const std::string text = read_file(entry.path());
      INFO(entry.path().string());
      if (std::string(kind) == "rules") {
        CHECK(cptrules::fuzz::fuzz_rules_one(text) == "");
      } else {
        CHECK(cptrules::fuzz::fuzz_encounters_one(text) == "");
        CHECK(cptrules::fuzz::fuzz_encounters_one(text, kCsv) == "");
      }
    }
    INFO(kind);
    CHECK(count >= 5);
  }
}
