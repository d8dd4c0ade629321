// input.read-failed: a read error of the input is the last record of that input, all before kept.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "encounter_reader.hpp"
#include "test_support.hpp"

namespace {

using cptrules::interp::EncounterReader;
using cptrules::interp::LineParser;
using cptrules::interp::RawLine;
using cptrules::interp::ReaderOptions;
using cptrules::interp::ReadItem;
using cptrules::test::Run;
using cptrules::test::run_cli;

// A stream that gives `text` a few bytes at a time, then fails every read with `error`.
struct FailingSource {
  std::string text;
  std::size_t piece = 7;
  int error = EIO;
  std::size_t pos = 0;

  static ssize_t read(void* cookie, char* buffer, std::size_t size) {
    auto* self = static_cast<FailingSource*>(cookie);
    if (self->pos >= self->text.size()) {
      errno = self->error;
      return -1;
    }
    const std::size_t n = std::min({size, self->piece, self->text.size() - self->pos});
    std::memcpy(buffer, self->text.data() + self->pos, n);
    self->pos += n;
    return static_cast<ssize_t>(n);
  }

  std::FILE* open() {
    cookie_io_functions_t io{};
    io.read = &FailingSource::read;
    return fopencookie(this, "r", io);
  }
};

// "id line ok error-id: message" for one item.
std::string describe(const ReadItem& item) {
  return fmt::format("{} {} {} {}: {}", item.encounter.id, item.input_line,
                     item.ok ? "ok" : "error", item.error.id, item.error.message);
}

// Every item that next() gives for `source`.
std::vector<std::string> read_all(FailingSource& source, ReaderOptions options = {}) {
  std::FILE* file = source.open();
  REQUIRE(file != nullptr);
  std::vector<std::string> out;
  {
    auto reader = EncounterReader::from_file(file, "cookie.jsonl", options);
    ReadItem item;
    while (reader.next(item))
      out.push_back(describe(item));
  }
  std::fclose(file);
  return out;
}

// The same, reading lines after the first with next_raw_line() and a LineParser, as
// `eval --jobs N` does; the read error comes last through next().
std::vector<std::string> read_raw(FailingSource& source, ReaderOptions options = {}) {
  std::FILE* file = source.open();
  REQUIRE(file != nullptr);
  std::vector<std::string> out;
  {
    auto reader = EncounterReader::from_file(file, "cookie.jsonl", options);
    LineParser parser(options);
    ReadItem item;
    while (reader.next(item)) {
      out.push_back(describe(item));
      RawLine raw;
      while (reader.next_raw_line(raw)) {
        ReadItem parsed;
        REQUIRE(parser.parse(raw, parsed));
        out.push_back(describe(parsed));
      }
    }
  }
  std::fclose(file);
  return out;
}

const std::string kThreeLines =
    "{\"id\": \"a\", \"services\": []}\n"
    "{\"id\": \"b\", \"services\": [{\"code\": \"97110\", \"minutes\": 8}]}\n"
    "\n"
    "{\"id\": \"c\", \"services\": []}\n";

// A file mapped into this process with its text ending at a page boundary and one more page
// mapped beyond the end of the file; /proc/self/mem, opened at the text, reads it and then fails
// with EIO at that page. The descriptor is inherited by commands run with the shell, as their
// standard input (`<&FD`). It works the same as root: no permission is involved.
class UnreadableTail {
 public:
  UnreadableTail(const cptrules::test::TempDir& dir, const std::string& text) {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    // Blanks before the text (not line ends: line numbers stay) so that it ends on a page.
    const std::string content = std::string((page - text.size() % page) % page, ' ') + text;
    const std::string path = dir.write("backing.jsonl", content);
    backing_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(backing_ >= 0);
    size_ = content.size() + page;
    map_ = mmap(nullptr, size_, PROT_READ, MAP_SHARED, backing_, 0);
    REQUIRE(map_ != MAP_FAILED);
    mem_ = ::open("/proc/self/mem", O_RDONLY);  // inherited: no O_CLOEXEC
    REQUIRE(mem_ >= 0);
    REQUIRE(lseek(mem_, static_cast<off_t>(reinterpret_cast<std::uintptr_t>(map_)), SEEK_SET) ==
            static_cast<off_t>(reinterpret_cast<std::uintptr_t>(map_)));
  }
  ~UnreadableTail() {
    if (mem_ >= 0)
      ::close(mem_);
    if (map_ != MAP_FAILED)
      munmap(map_, size_);
    if (backing_ >= 0)
      ::close(backing_);
  }
  UnreadableTail(const UnreadableTail&) = delete;
  UnreadableTail& operator=(const UnreadableTail&) = delete;

  // A shell redirection of standard input to the text, at its start.
  std::string stdin_redirect() const {
    REQUIRE(lseek(mem_, static_cast<off_t>(reinterpret_cast<std::uintptr_t>(map_)), SEEK_SET) ==
            static_cast<off_t>(reinterpret_cast<std::uintptr_t>(map_)));
    return fmt::format("0<&{}", mem_);
  }

 private:
  int backing_ = -1;
  int mem_ = -1;
  void* map_ = MAP_FAILED;
  std::size_t size_ = 0;
};

}  // namespace

TEST_CASE("read-failed: JSON Lines keep every line read and end with the error", "[read-failed]") {
  FailingSource source{kThreeLines};
  source.piece = GENERATE(std::size_t{1}, std::size_t{7}, std::size_t{4096});
  ReaderOptions options;
  options.chunk_bytes = GENERATE(std::size_t{16}, std::size_t{1} << 20);
  INFO("piece " << source.piece << " chunk " << options.chunk_bytes);
  // Four lines were read (the third is blank): the error is the record of line 5.
  const std::vector<std::string> expected{
      "a 1 ok : ", "b 2 ok : ", "c 4 ok : ",
      "#5 5 error input.read-failed: reading cookie.jsonl failed: Input/output error"};
  CHECK(read_all(source, options) == expected);
  FailingSource again{kThreeLines, source.piece};
  CHECK(read_raw(again, options) == expected);
}

TEST_CASE("read-failed: the message names the system's reason", "[read-failed]") {
  FailingSource source{"{\"id\": \"a\", \"services\": []}\n", 64, ETIMEDOUT};
  const std::vector<std::string> expected{
      "a 1 ok : ", "#2 2 error input.read-failed: reading cookie.jsonl failed: " +
                       std::string(std::strerror(ETIMEDOUT))};
  CHECK(read_all(source) == expected);
}

TEST_CASE("read-failed: an input that fails at once is one error record", "[read-failed]") {
  FailingSource source{""};
  CHECK(read_all(source) ==
        std::vector<std::string>{
            "#1 1 error input.read-failed: reading cookie.jsonl failed: Input/output error"});
}

TEST_CASE("read-failed: an array or an object over lines is read whole and gives only the error",
          "[read-failed]") {
  FailingSource array{"[{\"id\": \"a\", \"services\": []},\n {\"id\": \"b\", \"services\": []}]\n"};
  CHECK(read_all(array) ==
        std::vector<std::string>{
            "#1 1 error input.read-failed: reading cookie.jsonl failed: Input/output error"});
  FailingSource object{"{\n  \"id\": \"a\",\n  \"services\": []\n}\n"};
  const auto items = read_all(object);
  REQUIRE(items.size() == 1);
  CHECK(items[0].find(" error input.read-failed: reading cookie.jsonl failed: Input/output "
                      "error") != std::string::npos);
}

TEST_CASE("read-failed: eval writes every record read then the error and exits 65",
          "[read-failed]") {
  cptrules::test::TempDir dir("cptrules-read-failed");
  // 600 encounters of 97110 under Medicare, 1 to 60 minutes: (minutes + 7) / 15 units each.
  std::string text;
  std::string expected;
  for (int n = 1; n <= 600; ++n) {
    const int minutes = 1 + (n * 7) % 60;
    text += fmt::format(
        R"({{"id": "m{}", "services": [{{"code": "97110", "discipline": "PT", "modifiers": ["GP"], "minutes": {}}}]}})"
        "\n",
        n, minutes);
    expected += fmt::format(
        R"({{"id": "m{}", "ok": true, "payer": "medicare", "policy": "cms-8-minute", "date": "2025-01-01", "timed_minutes": {}, "total_units": {}, "lines": [{{"code": "97110", "discipline": "PT", "modifiers": ["GP"], "minutes": {}, "units": {}}}], "alternatives": [], "findings": []}})"
        "\n",
        n, minutes, (minutes + 7) / 15, minutes, (minutes + 7) / 15);
  }
  expected +=
      R"({"id": "#601", "ok": false, "input_line": 601, "error": {"id": "input.read-failed", "message": "reading - failed: Input/output error"}})"
      "\n";
  const UnreadableTail input(dir, text);
  for (const int jobs : {1, 2, 4}) {
    INFO("jobs " << jobs);
    const Run run = run_cli(
        dir, fmt::format("eval --payer medicare --date 2025-01-01 --format jsonl --jobs {} - {}",
                         jobs, input.stdin_redirect()));
    CHECK(run.status == 65);
    CHECK(run.out == expected);
  }
  const Run table = run_cli(
      dir, "eval --payer medicare --date 2025-01-01 --format table - " + input.stdin_redirect());
  CHECK(table.status == 65);
  CHECK(table.out.find("\n#601 ") != std::string::npos);
  CHECK(table.out.find(" error input.read-failed: reading - failed: Input/output error\n") !=
        std::string::npos);
}

TEST_CASE("read-failed: a folder as input is an error record and the other inputs are read",
          "[read-failed]") {
  cptrules::test::TempDir dir("cptrules-read-failed");
  const std::string one = dir.write(
      "one.jsonl",
      R"({"id": "one", "services": [{"code": "97110", "discipline": "PT", "modifiers": ["GP"], "minutes": 23}]})"
      "\n");
  cptrules::test::fs::create_directories(dir.path() / "folder");
  const std::string folder = dir.path("folder");
  const std::string args =
      fmt::format("--payer medicare --date 2025-01-01 '{}' '{}' '{}'", one, folder, one);
  // 23 minutes of 97110 alone are (23 + 7) / 15 = 2 units.
  const std::string good =
      R"({"id": "one", "ok": true, "payer": "medicare", "policy": "cms-8-minute", "date": "2025-01-01", "timed_minutes": 23, "total_units": 2, "lines": [{"code": "97110", "discipline": "PT", "modifiers": ["GP"], "minutes": 23, "units": 2}], "alternatives": [], "findings": []})";
  const std::string failed = fmt::format(
      R"({{"id": "#1", "ok": false, "input_line": 1, "error": {{"id": "input.read-failed", "message": "reading {} failed: Is a directory"}}}})",
      folder);
  for (const int jobs : {1, 2}) {
    INFO("jobs " << jobs);
    const Run jsonl = run_cli(dir, fmt::format("eval --format jsonl --jobs {} {}", jobs, args));
    CHECK(jsonl.status == 65);
    CHECK(jsonl.out == good + "\n" + failed + "\n" + good + "\n");
    const Run json = run_cli(dir, fmt::format("eval --format json --jobs {} {}", jobs, args));
    CHECK(json.status == 65);
    CHECK(json.out == "[" + good + ",\n" + failed + ",\n" + good + "]\n");
  }
  const Run csv = run_cli(dir, "eval --format csv " + args);
  CHECK(csv.status == 65);
  CHECK(csv.out.find(fmt::format("\n#1,,,,not evaluated,,,,,,,,error,input.read-failed,reading {} "
                                 "failed: Is a directory,1\n",
                                 folder)) != std::string::npos);
  const Run table = run_cli(dir, "eval --format table " + args);
  CHECK(table.status == 65);
  CHECK(table.out.find(fmt::format("error input.read-failed: reading {} failed: Is a directory\n",
                                   folder)) != std::string::npos);
  CHECK(table.out.find(
            "\n3 encounters, 4 units, 1 not evaluated, 0 with errors, 0 with warnings\n") !=
        std::string::npos);
}

TEST_CASE("read-failed: an input that fails on its first read", "[read-failed]") {
  cptrules::test::TempDir dir("cptrules-read-failed");
  // cptrules reads its own /proc/self/mem from offset 0, which is never mapped: EIO at once.
  const Run run = run_cli(dir, "eval --payer medicare /proc/self/mem");
  CHECK(run.status == 65);
  CHECK(
      run.out ==
      R"({"id": "#1", "ok": false, "input_line": 1, "error": {"id": "input.read-failed", "message": "reading /proc/self/mem failed: Input/output error"}})"
      "\n");
}
