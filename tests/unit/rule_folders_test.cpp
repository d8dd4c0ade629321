// Unit tests of reading rule folders: files not read, folders and files that add nothing, copies
// of the standard rules, and the count line that ends a failed load on every command.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "loader.hpp"
#include "stdlib.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using cptrules::interp::LoadedRules;
using cptrules::interp::LoadOptions;
using cptrules::test::Run;
using cptrules::test::run_cli;
using cptrules::test::TempDir;

const char* const kPayerRules = "payer my-payer {\n  policy cms-8-minute\n}\n";

LoadedRules load_paths(const std::vector<std::string>& paths, bool stdlib = true) {
  LoadOptions options;
  options.stdlib = stdlib;
  options.paths = paths;
  return cptrules::interp::load_rules(options);
}

// The diagnostics of `loaded` with id `id`, as "message" (or "file:line: message").
std::vector<std::string> with_id(const LoadedRules& loaded, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& d : loaded.diagnostics.items()) {
    if (d.id != id)
      continue;
    out.push_back(d.file ? d.file->where(d.span.begin) + ": " + d.message : d.message);
  }
  return out;
}

}  // namespace

TEST_CASE("rule folders: a file that looks like a rule file but is not read is named",
          "[rule-folders]") {
  TempDir dir("cptrules-folders");
  fs::create_directories(dir.path() / "rules");
  dir.write("rules/my-payer.rules", kPayerRules);
  dir.write("rules/payer.rules.txt", kPayerRules);
  dir.write("rules/other.rule", kPayerRules);
  dir.write("rules/LOUD.RULES", kPayerRules);
  dir.write("rules/notes.txt", "not a rule file\n");
  dir.write("rules/.hidden.rules.txt", kPayerRules);
  const LoadedRules loaded = load_paths({dir.path("rules")});
  REQUIRE(loaded.plan);
  const std::vector<std::string> unread = with_id(loaded, "W0423");
  REQUIRE(unread.size() == 3);
  CHECK(unread[0] == dir.path("rules/LOUD.RULES") +
                         " looks like a rule file but is not read: only files whose names end in "
                         "'.rules' are");
  CHECK(unread[1].find("rules/other.rule looks like") != std::string::npos);
  CHECK(unread[2].find("rules/payer.rules.txt looks like") != std::string::npos);
  const auto& items = loaded.diagnostics.items();
  const auto txt = std::find_if(items.begin(), items.end(), [](const auto& d) {
    return d.id == "W0423" && d.message.find("payer.rules.txt") != std::string::npos;
  });
  REQUIRE(txt != items.end());
  REQUIRE(txt->notes.size() == 1);
  CHECK(txt->notes[0].message == "rename it to " + dir.path("rules/payer.rules"));
}

TEST_CASE("rule folders: a folder without rule files, and an empty rule file, are warned about",
          "[rule-folders]") {
  TempDir dir("cptrules-folders");
  fs::create_directories(dir.path() / "none" / "below");
  dir.write("none/below/readme.md", "no rules here\n");
  dir.write("empty.rules", "");
  dir.write("blank.rules", "\n  \r\n\t\n");
  dir.write("comments.rules", "# only a comment: a note, meant\n");
  dir.write("payer.rules", kPayerRules);
  const LoadedRules loaded =
      load_paths({dir.path("none"), dir.path("empty.rules"), dir.path("blank.rules"),
                  dir.path("comments.rules"), dir.path("payer.rules")});
  REQUIRE(loaded.plan);
  CHECK(with_id(loaded, "W0422") ==
        std::vector<std::string>{dir.path("none") +
                                 " holds no rule file (no file whose name ends in '.rules', in it "
                                 "or below it)"});
  const std::string nothing = "this rule file is empty: it declares nothing";
  CHECK(with_id(loaded, "W0421") ==
        std::vector<std::string>{dir.path("empty.rules") + ":1:1: " + nothing,
                                 dir.path("blank.rules") + ":1:1: " + nothing});
  // The standard rule files, read from their folder, give none of these warnings.
  const LoadedRules standard =
      load_paths({std::string(CPTRULES_SOURCE_DIR) + "/stdlib-rules"}, false);
  CHECK(standard.plan);
  for (const char* id : {"W0421", "W0422", "W0423"})
    CHECK(with_id(standard, id).empty());
}

TEST_CASE("rule folders: a folder of copies of the standard rules is one error, not one a name",
          "[rule-folders]") {
  TempDir dir("cptrules-folders");
  for (const auto& f : cptrules::interp::stdlib_files()) {
    const fs::path to = dir.path() / "copy" / fs::path(f.path).lexically_relative("stdlib-rules");
    fs::create_directories(to.parent_path());
    cptrules::test::write_file(to, std::string(f.text));
  }
  dir.write("copy/my-payer.rules", kPayerRules);
  const LoadedRules loaded = load_paths({dir.path("copy")});
  CHECK_FALSE(loaded.plan);
  CHECK(loaded.diagnostics.error_count() == 1);
  const std::size_t n = cptrules::interp::stdlib_files().size();
  CHECK(with_id(loaded, "E0220") ==
        std::vector<std::string>{fmt::format(
            "{} repeats the standard rules ({} of its {} rule files are copies of standard rule "
            "files); use --no-stdlib to load it instead of them",
            dir.path("copy"), n, n + 1)});
  // Without the standard rules the same folder loads, copies and all.
  const LoadedRules alone = load_paths({dir.path("copy")}, false);
  CHECK(alone.plan);
  CHECK(alone.diagnostics.error_count() == 0);
}

TEST_CASE("rule folders: one copied standard file given by its path is named", "[rule-folders]") {
  TempDir dir("cptrules-folders");
  const auto& first = cptrules::interp::stdlib_files().front();
  const std::string path = dir.write("copied.rules", std::string(first.text));
  const LoadedRules loaded = load_paths({path});
  CHECK(with_id(loaded, "E0220") ==
        std::vector<std::string>{fmt::format("{} repeats the standard rule file {}; use "
                                             "--no-stdlib to load it instead of the standard rules",
                                             path, first.path)});
  CHECK(loaded.diagnostics.error_count() == 1);
}

TEST_CASE("rule folders: eval, test and diff end a failed load with the count line",
          "[rule-folders]") {
  TempDir dir("cptrules-folders");
  const std::string rules = dir.write("broken.rules",
                                      "payer p {\n  policy cms-8-minut\n}\n"
                                      "payer q {\n  policy per-cod\n}\n");
  const std::string input = dir.write("in.jsonl", "");
  const std::string files = fmt::format("in {} files", cptrules::interp::stdlib_files().size() + 1);
  for (const std::string& args : {"eval --rules " + rules + " " + input, "test --rules " + rules,
                                  "diff --rules " + rules + " --against-date 2024-01-01 " + input,
                                  "check --rules " + rules}) {
    INFO(args);
    const Run run = run_cli(dir, args);
    CHECK(run.status == 65);
    const std::vector<std::string> lines = cptrules::test::lines_of(run.err);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back() == "2 errors, 0 warnings " + files);
  }
}
