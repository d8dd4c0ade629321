// What several unit tests share: whole files, golden updates, case lists, scratch folders, runs.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace cptrules::test {

namespace fs = std::filesystem;

// The bytes of the file at `path`, unchanged ("" when it cannot be read).
inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Makes `text` the whole of the file at `path`, byte for byte.
inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The lines of the file at `path`, each without its '\n' and without a '\r' before it.
inline std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The lines of `text`, each without its '\n'.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// True when CPTRULES_UPDATE_GOLDEN=1: the golden tests then rewrite their expected files instead
// of comparing with them. Unset (or empty) is false; any other value, or the switch set where CI
// is set, throws, so that the test fails: a golden test must never pass by rewriting in CI.
inline bool updating_golden() {
  const char* value = std::getenv("CPTRULES_UPDATE_GOLDEN");
  if (value == nullptr || *value == '\0')
    return false;
  if (std::string(value) != "1")
    throw std::runtime_error("CPTRULES_UPDATE_GOLDEN must be 1 or unset, not '" +
                             std::string(value) + "'");
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0')
    throw std::runtime_error(
        "CPTRULES_UPDATE_GOLDEN=1 where CI is set: golden files are "
        "updated by a person, never by CI");
  return true;
}

// The stem of every regular file directly in `dir` whose extension is `extension` (".rules"),
// sorted.
inline std::vector<std::string> file_stems(const fs::path& dir, const std::string& extension) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == extension)
      names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The exit status in what std::system or pclose returned, or -1 when the program did not exit
// normally.
inline int exit_status(int raw) {
  return raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

// Everything `pipe` still gives, until its end.
inline std::string read_all(std::FILE* pipe) {
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    out.append(buffer, n);
  return out;
}

// What one run of a program gave.
struct Run {
  int status = -1;  // the exit status, or -1 when it did not exit normally
  std::string out;
  std::string err;
};

// Runs `command` with the shell; `out` is what it printed on standard output (`err` stays
// empty: the command redirects standard error itself).
inline Run run_shell(const std::string& command) {
  Run run;
  if (std::FILE* pipe = popen(command.c_str(), "r")) {
    run.out = read_all(pipe);
    run.status = exit_status(pclose(pipe));
  }
  return run;
}

// A fresh, empty folder PREFIX-PID-N under the system's temporary folder, removed with its
// contents at the end.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix) {
    static int count = 0;
    path_ = fs::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++count));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

  // Writes `text` to `name` in the folder and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    write_file(p, text);
    return p.string();
  }

 private:
  fs::path path_;
};

// Runs `cptrules ARGS` through the shell, standard output and error to files in `dir`.
// `redirect_out`, when given, replaces the redirection of standard output (e.g. a pipe).
inline Run run_cli(const TempDir& dir, const std::string& args,
                   const std::string& redirect_out = "") {
  const std::string out = dir.path("stdout.txt");
  const std::string err = dir.path("stderr.txt");
  const std::string command = "'" + std::string(CPTRULES_BINARY) + "' " + args + " " +
                              (redirect_out.empty() ? ">'" + out + "'" : redirect_out) + " 2>'" +
                              err + "'";
  Run run;
  run.status = exit_status(std::system(command.c_str()));
  run.out = read_file(out);
  run.err = read_file(err);
  return run;
}

}  // namespace cptrules::test
