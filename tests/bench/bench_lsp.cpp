// bench_lsp: how long the language server takes to answer an editor (docs/performance.md).
//
// Drives a Server in this process, as `cptrules lsp` does, over two workspaces: one file holding
// every standard rule file (about the standard rules' size) served with --no-stdlib, and a small
// file served beside the standard rules. Measures the median time of: a change to the file until
// its diagnostics are ready (parse of the changed file, check and plan of every file, and the
// file's own tests), hover on a code (with each payer's units) and on a payer, and completion of
// codes. Each is given as the median wall time and the median CPU time of the thread that
// answers (the server uses no other): on a loaded machine the first waits for a core, the second
// is the work itself. It prints figures and never fails a build. Options: --runs N (default 30).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "server.hpp"
#include "stdlib.hpp"
#include "text_position.hpp"

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
using cptrules::lsp::uri_of_path;

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

class Driver {
 public:
  explicit Driver(cptrules::lsp::ServerOptions options) : server_(std::move(options)) {}

  json send(const std::string& method, json params, bool request = true) {
    json m = {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
    if (request)
      m["id"] = next_id_++;
    out_.clear();
    server_.handle(m.dump(), out_);
    for (const std::string& text : out_) {
      json j = json::parse(text);
      if (j.contains("id"))
        return j;
    }
    return nullptr;
  }

  // The milliseconds `method` takes, wall and CPU, medians of `runs`; `vary` gives the params
  // of run i.
  template <typename Params>
  std::pair<double, double> time(const std::string& method, int runs, Params vary,
                                 bool request = true) {
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int i = 0; i < runs; ++i) {
      json params = vary(i);
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = cpu_ms();
      send(method, std::move(params), request);
      cpu.push_back(cpu_ms() - cpu_start);
      wall.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    return {median(wall), median(cpu)};
  }
  std::size_t last_messages() const { return out_.size(); }

 private:
  cptrules::lsp::Server server_;
  std::vector<std::string> out_;
  int next_id_ = 1;
};

json at(const std::string& path, int line, int character) {
  return {{"textDocument", {{"uri", uri_of_path(path)}}},
          {"position", {{"line", line}, {"character", character}}}};
}

// The 0-based line and column of the first `needle` in `text`, plus `shift` columns.
std::pair<int, int> find_in(const std::string& text, const std::string& needle, int shift = 0) {
  const auto at = text.find(needle);
  if (at == std::string::npos) {
    fmt::print(stderr, "bench_lsp: '{}' not found\n", needle);
    std::exit(1);
  }
  const auto line = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
  const auto begin = text.rfind('\n', at);
  const auto column = at - (begin == std::string::npos ? 0 : begin + 1);
  return {static_cast<int>(line), static_cast<int>(column) + shift};
}

void measure(const char* title, cptrules::lsp::ServerOptions options, const fs::path& dir,
             const std::string& path, const std::string& text, int runs) {
  Driver d(std::move(options));
  d.send("initialize", {{"rootUri", uri_of_path(dir.string())}});
  d.send("initialized", json::object(), false);
  d.send(
      "textDocument/didOpen",
      {{"textDocument",
        {{"uri", uri_of_path(path)}, {"languageId", "cptrules"}, {"version", 1}, {"text", text}}}},
      false);
  fmt::print("{} ({} KB changed, {} KB in all)\n", title, text.size() / 1024,
             (text.size() + (options.stdlib ? 90 * 1024 : 0)) / 1024);
  const auto change = d.time(
      "textDocument/didChange", runs,
      [&](int i) {
        // Each run changes the text: a comment that grows, as typing does.
        const std::string edited =
            text + "\n# edit " + std::string(static_cast<std::size_t>(i), 'x') + "\n";
        return json{{"textDocument", {{"uri", uri_of_path(path)}, {"version", i + 2}}},
                    {"contentChanges", json::array({{{"text", edited}}})}};
      },
      false);
  fmt::print("  diagnostics after a change:  {:6.1f} ms wall, {:6.2f} ms CPU (medians of {})\n",
             change.first, change.second, runs);
  const auto [code_line, code_col] = find_in(text, "given 97110", 7);
  const auto hover_code =
      d.time("textDocument/hover", runs, [&](int) { return at(path, code_line, code_col); });
  fmt::print("  hover on a code:             {:6.2f} ms wall, {:6.2f} ms CPU\n", hover_code.first,
             hover_code.second);
  const auto [payer_line, payer_col] = find_in(text, "payer medicare", 7);
  const auto hover_payer =
      d.time("textDocument/hover", runs, [&](int) { return at(path, payer_line, payer_col); });
  fmt::print("  hover on a payer:            {:6.2f} ms wall, {:6.2f} ms CPU\n", hover_payer.first,
             hover_payer.second);
  const auto complete = d.time("textDocument/completion", runs,
                               [&](int) { return at(path, code_line, code_col - 3); });
  fmt::print("  completion of codes:         {:6.2f} ms wall, {:6.2f} ms CPU\n", complete.first,
             complete.second);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 30;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--runs")
      runs = std::max(1, std::atoi(argv[i + 1]));
  }
  const fs::path dir = fs::temp_directory_path() / fmt::format("cptrules-bench-lsp-{}", ::getpid());
  fs::create_directories(dir / "big");
  fs::create_directories(dir / "small");

  // One file holding every standard rule file.
  std::string all;
  for (const auto& f : cptrules::interp::stdlib_files())
    all += std::string(f.text) + "\n";
  const std::string big = (dir / "big" / "all.rules").string();
  std::ofstream(big) << all;
  cptrules::lsp::ServerOptions alone;
  alone.stdlib = false;
  measure("one file of the standard rules' size, --no-stdlib", alone, dir / "big", big, all, runs);

  // A small file beside the standard rules.
  const std::string small_text =
      "payer bench \"Bench payer\" {\n  policy cms-8-minute\n}\n\n"
      "test \"bench\" {\n  payer medicare\n  given 97110 23 min\n  expect 97110 x2\n}\n";
  const std::string small = (dir / "small" / "bench.rules").string();
  std::ofstream(small) << small_text;
  measure("a small file beside the standard rules", {}, dir / "small", small, small_text, runs);

  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
