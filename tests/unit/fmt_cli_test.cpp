// Tests of `cptrules fmt` and `cptrules check --dump ast`, running the built program.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using cptrules::test::read_file;
using cptrules::test::Run;
using cptrules::test::write_file;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  write_file(path, text);
}

// A fresh, empty folder for one test case, removed when the case ends.
struct TempDir : cptrules::test::TempDir {
  TempDir() : cptrules::test::TempDir("cptrules-fmt-test") {}
};

// Runs the cptrules program with `args` (already quoted for the shell) in the repository root.
Run run_cptrules(const std::string& args, const fs::path& scratch) {
  const fs::path err_file = scratch / "stderr.txt";
  const std::string command = "cd '" + std::string(CPTRULES_SOURCE_DIR) + "' && NO_COLOR=1 '" +
                              std::string(CPTRULES_BINARY) + "' " + args + " 2>'" +
                              err_file.string() + "' </dev/null";
  Run run = cptrules::test::run_shell(command);
  run.err = read_file(err_file);
  return run;
}

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

const char* const kMessy =
    "# a payer   \n"
    "payer  acme \"Acme Health\"{policy cms-8-minute   # the CMS rule\n"
    "\n"
    "\n"
    "note \"kept  as   written\"}\n";

const char* const kTidy =
    "# a payer\n"
    "payer acme \"Acme Health\" {\n"
    "  policy cms-8-minute  # the CMS rule\n"
    "\n"
    "  note \"kept  as   written\"\n"
    "}\n";

}  // namespace

TEST_CASE("cptrules fmt --check, fmt, fmt --check again") {
  TempDir dir;
  const fs::path file = dir.path() / "acme.rules";
  write(file, kMessy);

  const Run check = run_cptrules("fmt --check " + quoted(file), dir.path());
  CHECK(check.status == 1);
  CHECK(check.out == file.string() + "\n");
  CHECK(read_file(file) == kMessy);  // --check writes nothing

  const Run format = run_cptrules("fmt " + quoted(file), dir.path());
  CHECK(format.status == 0);
  CHECK(format.out.empty());
  CHECK(format.err.empty());
  CHECK(read_file(file) == kTidy);

  const Run again = run_cptrules("fmt --check " + quoted(file), dir.path());
  CHECK(again.status == 0);
  CHECK(again.out.empty());
}

TEST_CASE("cptrules fmt --stdout prints the formatted text and leaves the file alone") {
  TempDir dir;
  const fs::path file = dir.path() / "acme.rules";
  write(file, kMessy);
  const Run run = run_cptrules("fmt --stdout " + quoted(file), dir.path());
  CHECK(run.status == 0);
  CHECK(run.out == kTidy);
  CHECK(read_file(file) == kMessy);

  write(dir.path() / "other.rules", kTidy);
  CHECK(run_cptrules("fmt --stdout " + quoted(dir.path()), dir.path()).status == 64);
  CHECK(run_cptrules("fmt --stdout --check " + quoted(file), dir.path()).status == 64);
}

TEST_CASE("cptrules fmt formats the *.rules files of a folder, recursively") {
  TempDir dir;
  const fs::path tree = dir.path() / "tree";
  write(tree / "a.rules", kMessy);
  write(tree / "sub" / "deeper" / "b.rules", kMessy);
  write(tree / "sub" / "tidy.rules", kTidy);
  write(tree / "notes.txt", kMessy);

  const Run check = run_cptrules("fmt --check " + quoted(tree), dir.path());
  CHECK(check.status == 1);
  CHECK(check.out ==
        (tree / "a.rules").string() + "\n" + (tree / "sub" / "deeper" / "b.rules").string() + "\n");

  CHECK(run_cptrules("fmt " + quoted(tree), dir.path()).status == 0);
  CHECK(read_file(tree / "a.rules") == kTidy);
  CHECK(read_file(tree / "sub" / "deeper" / "b.rules") == kTidy);
  CHECK(read_file(tree / "notes.txt") == kMessy);
  CHECK(run_cptrules("fmt --check " + quoted(tree), dir.path()).status == 0);
}

TEST_CASE("cptrules fmt keeps a file's permissions, and a symbolic link stays a link") {
  TempDir dir;
  const fs::path real = dir.path() / "real.rules";
  const fs::path link = dir.path() / "link.rules";
  write(real, kMessy);
  fs::permissions(real, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  fs::create_symlink(real, link);
  CHECK(run_cptrules("fmt " + quoted(link), dir.path()).status == 0);
  CHECK(fs::is_symlink(link));
  CHECK(read_file(real) == kTidy);
  CHECK(fs::status(real).permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("cptrules fmt refuses a file that does not parse") {
  TempDir dir;
  const fs::path broken = dir.path() / "broken.rules";
  const fs::path good = dir.path() / "good.rules";
  const std::string text = "code 97140 {\n  timed evry 15 min\n}\n";
  write(broken, text);
  write(good, kMessy);

  const Run run = run_cptrules("fmt " + quoted(broken) + " " + quoted(good), dir.path());
  CHECK(run.status == 65);
  CHECK(run.err.find("error[E0101]") != std::string::npos);
  CHECK(run.err.find(broken.string() + ":2:9") != std::string::npos);
  CHECK(read_file(broken) == text);
  CHECK(read_file(good) == kTidy);  // the other files are still formatted

  CHECK(run_cptrules("fmt --check " + quoted(broken), dir.path()).status == 65);
}

TEST_CASE("cptrules fmt without a path is a usage error, a missing path is no input") {
  TempDir dir;
  CHECK(run_cptrules("fmt", dir.path()).status == 64);
  CHECK(run_cptrules("fmt --check", dir.path()).status == 64);
  const Run missing = run_cptrules("fmt " + quoted(dir.path() / "nothing.rules"), dir.path());
  CHECK(missing.status == 66);
  CHECK(missing.err.find("E0001") != std::string::npos);
}

TEST_CASE("cptrules check --dump ast prints the syntax tree of every file") {
  TempDir dir;
  const fs::path file = dir.path() / "acme.rules";
  write(file, kMessy);
  const Run run = run_cptrules("check --dump ast --no-stdlib " + quoted(file), dir.path());
  CHECK(run.out == "module \"" + file.string() +
                       "\"\n"
                       "  payer acme\n"
                       "    title \"Acme Health\"\n"
                       "    policy cms-8-minute\n"
                       "    effective none\n"
                       "    expires none\n"
                       "    note \"kept  as   written\"\n");
  CHECK(run_cptrules("check --dump ast " + quoted(file), dir.path()).out.find("code 97140") !=
        std::string::npos);  // the standard rules are dumped too
}

TEST_CASE("the standard rules are in the canonical layout") {
  TempDir dir;
  const Run run = run_cptrules("fmt --check stdlib-rules", dir.path());
  CHECK(run.out.empty());
  CHECK(run.status == 0);
}
