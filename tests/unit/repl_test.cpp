// REPL transcripts: tests/repl/NAME.in piped into `cptrules repl` must print NAME.expected.
//
// Each transcript runs in a fresh temporary folder holding a copy of tests/repl/fixtures, with
// HOME and XDG_STATE_HOME pointing into it. A first line `# args: ...` gives the command-line
// arguments. CPTRULES_UPDATE_GOLDEN=1 rewrites the .expected files from what the REPL printed.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using cptrules::test::read_file;
using cptrules::test::Run;
using cptrules::test::updating_golden;
using cptrules::test::write_file;

const fs::path kTranscripts = fs::path(CPTRULES_SOURCE_DIR) / "tests" / "repl";

// A folder under the system's temporary folder, removed with its contents at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "cptrules-repl-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The text in single quotes for the shell.
std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Runs `command` with the shell in `dir`, standard input from `input` (if any); returns what
// it printed on standard output and its exit status.
Run run_in(const fs::path& dir, const std::string& command, const fs::path& input = {}) {
  std::string line = "cd " + shell_quote(dir.string()) + " && HOME=" + shell_quote(dir.string()) +
                     " XDG_STATE_HOME=" + shell_quote((dir / "state").string()) + " " + command;
  if (!input.empty())
    line += " < " + shell_quote(input.string());
  line += " 2>" + shell_quote((dir / "stderr.txt").string());
  Run run;
  FILE* pipe = popen(line.c_str(), "r");
  REQUIRE(pipe != nullptr);
  run.out = cptrules::test::read_all(pipe);
  run.status = cptrules::test::exit_status(pclose(pipe));
  return run;
}

// The arguments of a transcript: its first line `# args: ...`, else none.
std::string transcript_args(const fs::path& input) {
  std::ifstream in(input);
  std::string first;
  std::getline(in, first);
  const std::string marker = "# args:";
  return first.rfind(marker, 0) == 0 ? first.substr(marker.size()) : std::string();
}

// Runs one transcript in `dir` (with the fixtures copied there).
Run run_transcript(const TempDir& dir, const std::string& name) {
  fs::copy(kTranscripts / "fixtures", dir.path() / "fixtures", fs::copy_options::recursive);
  const fs::path input = kTranscripts / (name + ".in");
  return run_in(dir.path(), shell_quote(CPTRULES_BINARY) + " repl" + transcript_args(input), input);
}

std::vector<std::string> transcript_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kTranscripts)) {
    if (entry.path().extension() == ".in")
      names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("repl transcripts print their .expected output", "[repl]") {
  const std::vector<std::string> names = transcript_names();
  REQUIRE(names.size() >= 10);
  for (const std::string& name : names) {
    INFO("transcript tests/repl/" << name << ".in");
    TempDir dir;
    const Run run = run_transcript(dir, name);
    INFO("standard error: " << read_file(dir.path() / "stderr.txt"));
    CHECK(run.status == 0);
    const fs::path expected = kTranscripts / (name + ".expected");
    if (updating_golden()) {
      write_file(expected, run.out);
      continue;
    }
    REQUIRE(fs::exists(expected));
    CHECK(run.out == read_file(expected));
  }
}

TEST_CASE("repl :save-test writes test blocks that cptrules test passes", "[repl]") {
  TempDir dir;
  const Run session = run_transcript(dir, "save_test");
  REQUIRE(session.status == 0);
  const fs::path saved = dir.path() / "saved.rules";
  REQUIRE(fs::exists(saved));
  const std::string text = read_file(saved);
  CHECK(std::count(text.begin(), text.end(), '\n') > 10);
  // Three blocks: one with `or` alternatives, one under OT, one with a quoted title.
  CHECK(text.find(" or ") != std::string::npos);
  CHECK(text.find("discipline OT") != std::string::npos);
  CHECK(text.find("\\\"quoted\\\"") != std::string::npos);
  const Run test = run_in(dir.path(), shell_quote(CPTRULES_BINARY) +
                                          " test --no-stdlib --rules fixtures/rules saved.rules");
  INFO(test.out);
  CHECK(test.status == 0);
  CHECK(test.out.find("3 passed, 0 failed") != std::string::npos);
}

TEST_CASE("repl :save-test without :date saves the result shown", "[repl]") {
  TempDir dir;
  const Run session = run_transcript(dir, "save_newest");
  REQUIRE(session.status == 0);
  // 97998 has 30-minute units from 2030 on: the newest rules, on screen, give 40 min 1 unit.
  CHECK(session.out.find("97998   40      1") != std::string::npos);
  const std::string text = read_file(dir.path() / "saved.rules");
  CHECK(text.find("date 2030-01-01\n  discipline PT\n  given 97998 40 min\n  expect 97998 x1\n") !=
        std::string::npos);
  CHECK(text.find("discipline OT") != std::string::npos);
  const Run test = run_in(dir.path(), shell_quote(CPTRULES_BINARY) +
                                          " test --no-stdlib --rules fixtures/rules --rules "
                                          "fixtures/claims.rules saved.rules");
  INFO(test.out);
  CHECK(test.status == 0);
  CHECK(test.out.find("3 passed, 0 failed") != std::string::npos);
}

TEST_CASE("repl --date must be a date", "[repl]") {
  TempDir dir;
  const Run run =
      run_in(dir.path(), shell_quote(CPTRULES_BINARY) + " repl --date 2025-02-30", "/dev/null");
  CHECK(run.status == 64);
  CHECK(read_file(dir.path() / "stderr.txt")
            .find("--date: 2025-02-30 is not a date: February 2025 has 28 days") !=
        std::string::npos);
  const Run shape =
      run_in(dir.path(), shell_quote(CPTRULES_BINARY) + " repl --date 2025-2-3", "/dev/null");
  CHECK(shape.status == 64);
  CHECK(read_file(dir.path() / "stderr.txt").find("give YYYY-MM-DD") != std::string::npos);
}

TEST_CASE("repl :save-test writes every clause of a given line back", "[repl]") {
  TempDir dir;
  const Run session = run_transcript(dir, "clauses");
  REQUIRE(session.status == 0);
  const std::string text = read_file(dir.path() / "saved.rules");
  CHECK(text.find("  given 97110 from 10:00 to 10:36 in PT by PT assistant 23 min billed 2 with GP "
                  "and CQ, 97530 from 10:30 to 10:40 by PT billed 1 with GP, 97140 from 10:30 to "
                  "10:45 in OT by OTA assistant 2 min billed 2 with GO and CO\n") !=
        std::string::npos);
  CHECK(text.find("expect 97110 x3, 97530 x0, 97140 x1\n") != std::string::npos);
  // The findings the clauses give, as comments of the test.
  CHECK(text.find("# warning time.overlap:") != std::string::npos);
  CHECK(text.find("# error units.over-billed: 97140 bills 2 units") != std::string::npos);
  CHECK(text.find("# warning units.under-billed: 97110 bills 2 units") != std::string::npos);
  const Run test = run_in(
      dir.path(), shell_quote(CPTRULES_BINARY) + " test --rules saved.rules --run 'every clause'");
  INFO(test.out);
  CHECK(test.status == 0);
  CHECK(test.out.find("1 passed, 0 failed") != std::string::npos);
}
