// bench_eval: throughput, memory, start-up, instructions and allocations of `cptrules eval`.
//
// Makes a deterministic corpus of encounters of the sample shape in a temporary folder, then
// measures in one run: encounters/s of the real `cptrules eval` (output to /dev/null) with
// --jobs 1 and --jobs 2 and of the hand-written floor (floor.cpp) on the same file; the peak RSS
// of those children; the start-up time for one encounter; the instructions per encounter under
// callgrind; and the heap allocations per encounter of the evaluator in the steady state
// (counted by this program's operator new). It prints figures and never fails a build;
// scripts/bench.sh builds it in Release and runs it. Options: --count N (encounters of the big
// corpus, default 1000000), --repeat R (runs of each throughput measurement, best kept,
// default 3), --startup-runs N (default 20), --no-callgrind, --keep (leave the folder);
// --write-corpus PATH writes the corpus of --count encounters to PATH and does nothing else
// (scripts/compare-output.sh uses it). The same encounters are also written as a CSV export (one
// row per service) and measured beside JSON Lines.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iterator>

#include "corpus.hpp"
#include "date.hpp"
#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "item_result.hpp"
#include "loader.hpp"
#include "result_writer.hpp"

// Counting allocator: every operator new of this program (not of the children it runs).
namespace {
std::atomic<std::int64_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size))
    return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size))
    return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kSeed = 20250302;

// What one run of a child process cost.
struct Cost {
  double wall = 0;   // seconds
  double cpu = 0;    // user + system seconds
  long max_rss = 0;  // KiB
  int status = -1;   // exit status, -1 if it did not exit
};

// Runs `args` with standard input from /dev/null, standard output to `out` and standard error
// to `err`, and measures it.
Cost run(const std::vector<std::string>& args, const std::string& out = "/dev/null",
         const std::string& err = "/dev/null") {
  std::vector<char*> argv;
  for (const std::string& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in_fd = ::open("/dev/null", O_RDONLY);
    const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0)
      ::_exit(127);
    ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  Cost cost;
  if (pid < 0)
    return cost;
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  cost.wall = std::chrono::duration<double>(Clock::now() - start).count();
  cost.cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
             static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  cost.max_rss = usage.ru_maxrss;
  cost.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return cost;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The total instruction count ("summary:" or "totals:") of a callgrind output file.
std::optional<double> callgrind_total(const fs::path& path) {
  std::istringstream in(read_text(path));
  std::optional<double> total;
  for (std::string line; std::getline(in, line);) {
    for (const char* key : {"summary:", "totals:"}) {
      if (line.rfind(key, 0) == 0)
        total = std::strtod(line.c_str() + std::strlen(key), nullptr);
    }
  }
  return total;
}

std::optional<double> callgrind(const std::vector<std::string>& command, const fs::path& out) {
  std::vector<std::string> args = {"/usr/bin/valgrind", "--tool=callgrind",
                                   "--callgrind-out-file=" + out.string()};
  args.insert(args.end(), command.begin(), command.end());
  const Cost cost = run(args, "/dev/null", (out.string() + ".log"));
  if (cost.status != 0 && cost.status != 65)
    return std::nullopt;
  return callgrind_total(out);
}

fs::path write_corpus(const fs::path& dir, const std::string& name, std::int64_t count) {
  const fs::path path = dir / name;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr || cptrules::bench::write_corpus(file, count, kSeed) < 0) {
    fmt::print(stderr, "bench_eval: cannot write {}\n", path.string());
    std::exit(1);
  }
  std::fclose(file);
  return path;
}

// The encounters of the JSON Lines corpus `jsonl` as a CSV export beside it: a header, then one
// row per service, the encounter's id, date, payer and discipline on each row.
fs::path write_csv_corpus(const fs::path& jsonl) {
  namespace interp = cptrules::interp;
  fs::path path = jsonl;
  path.replace_extension(".csv");
  std::FILE* in = std::fopen(jsonl.c_str(), "rb");
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (in == nullptr || out == nullptr) {
    fmt::print(stderr, "bench_eval: cannot write {}\n", path.string());
    std::exit(1);
  }
  auto reader = interp::EncounterReader::from_file(in, jsonl.string());
  interp::ReadItem item;
  std::string text = "encounter_id,date,payer,discipline,code,minutes,modifiers\n";
  while (reader.next(item)) {
    const interp::Encounter& e = item.encounter;
    for (const interp::Service& service : e.services) {
      fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{}\n", e.id,
                     e.date ? cptrules::lang::format_date(*e.date) : std::string(),
                     e.payer.value_or(""), e.discipline.value_or(""), service.code,
                     service.minutes ? std::to_string(*service.minutes) : std::string(),
                     fmt::join(service.modifiers, " "));
    }
    if (text.size() > (std::size_t{1} << 20)) {
      std::fwrite(text.data(), 1, text.size(), out);
      text.clear();
    }
  }
  std::fwrite(text.data(), 1, text.size(), out);
  std::fclose(in);
  if (std::fclose(out) != 0) {
    fmt::print(stderr, "bench_eval: cannot write {}\n", path.string());
    std::exit(1);
  }
  return path;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string cpu_model() {
  std::istringstream in(read_text("/proc/cpuinfo"));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown CPU";
}

std::string load_average() {
  double load[3] = {0, 0, 0};
  if (::getloadavg(load, 3) != 3)
    return "unknown";
  return fmt::format("{:.2f} {:.2f} {:.2f}", load[0], load[1], load[2]);
}

// Heap allocations per encounter in the steady state of reading, evaluating and formatting,
// counted in this process: 1000 encounters of the corpus warm everything up, the next 2000 are
// counted, all of them and the common ones (ok, no findings, no alternatives) apart.
struct AllocationCounts {
  struct Per {
    std::int64_t encounters = 0;
    std::int64_t read = 0;
    std::int64_t evaluate = 0;
    std::int64_t format = 0;
  };
  Per all;
  Per common;
};

AllocationCounts count_allocations(const fs::path& corpus) {
  namespace interp = cptrules::interp;
  constexpr std::int64_t kWarm = 1000;
  constexpr std::int64_t kCounted = 2000;
  std::string text;
  {
    std::istringstream in(read_text(corpus));
    std::string line;
    for (std::int64_t n = 0; n < kWarm + kCounted && std::getline(in, line); ++n)
      text += line + "\n";
  }
  AllocationCounts counts;
  const interp::LoadedRules rules = interp::load_rules(interp::LoadOptions{});
  if (!rules.plan)
    return counts;
  auto reader = interp::EncounterReader::from_string(text, "corpus");
  interp::Evaluator evaluator(rules.plan, interp::EvalOptions{});
  interp::ReadItem item;
  interp::Result result;
  std::string out;
  out.reserve(1 << 20);
  for (std::int64_t n = 0;; ++n) {
    const std::int64_t at_start = g_allocations.load();
    if (!reader.next(item))
      break;
    const std::int64_t after_read = g_allocations.load();
    interp::evaluate_item(evaluator, item, result);
    const std::int64_t after_evaluate = g_allocations.load();
    out.clear();
    interp::append_json_record(out, result);
    const std::int64_t after_format = g_allocations.load();
    if (n < kWarm)
      continue;
    const bool common = result.ok && result.findings.empty() && result.alternatives.empty();
    for (AllocationCounts::Per* per : {&counts.all, common ? &counts.common : nullptr}) {
      if (per == nullptr)
        continue;
      ++per->encounters;
      per->read += after_read - at_start;
      per->evaluate += after_evaluate - after_read;
      per->format += after_format - after_evaluate;
    }
  }
  return counts;
}

double per_encounter(std::int64_t count, std::int64_t encounters) {
  return static_cast<double>(count) / static_cast<double>(std::max<std::int64_t>(encounters, 1));
}

const char* verdict(bool met) {
  return met ? "met" : "NOT met";
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t count = 1'000'000;
  int repeat = 3;
  int startup_runs = 20;
  bool with_callgrind = true;
  bool keep = false;
  std::string corpus_only;
  std::string cptrules = CPTRULES_BINARY;
  std::string floor = CPTRULES_FLOOR;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--count" && has_value) {
      count = std::atoll(argv[++i]);
    } else if (arg == "--repeat" && has_value) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--startup-runs" && has_value) {
      startup_runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--cptrules" && has_value) {
      cptrules = argv[++i];
    } else if (arg == "--floor" && has_value) {
      floor = argv[++i];
    } else if (arg == "--no-callgrind") {
      with_callgrind = false;
    } else if (arg == "--keep") {
      keep = true;
    } else if (arg == "--write-corpus" && has_value) {
      corpus_only = argv[++i];
    } else {
      fmt::print(stderr,
                 "usage: bench_eval [--count N] [--repeat R] [--startup-runs N] [--no-callgrind] "
                 "[--keep] [--cptrules PATH] [--floor PATH] [--write-corpus PATH]\n");
      return 64;
    }
  }
  if (!corpus_only.empty()) {
    std::FILE* file = std::fopen(corpus_only.c_str(), "wb");
    const bool written = file != nullptr && cptrules::bench::write_corpus(file, count, kSeed) >= 0;
    if (file == nullptr || std::fclose(file) != 0 || !written) {
      std::perror(corpus_only.c_str());
      return 1;
    }
    return 0;
  }

  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/cptrules-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const fs::path dir = pattern;

  fmt::print("cptrules eval benchmark\n");
  fmt::print("machine: {}, {} cores; load average at start {}\n", cpu_model(),
             std::thread::hardware_concurrency(), load_average());
  fmt::print("program: {}\n", cptrules);
  const fs::path corpus = write_corpus(dir, "corpus.jsonl", count);
  const auto corpus_bytes = fs::file_size(corpus);
  const fs::path csv_corpus = write_csv_corpus(corpus);
  fmt::print("corpus:  {} encounters, {} bytes ({:.1f} bytes a line), seed {}, in {}\n", count,
             corpus_bytes, static_cast<double>(corpus_bytes) / static_cast<double>(count), kSeed,
             dir.string());
  fmt::print("         the same as CSV, one row per service: {} bytes\n\n",
             fs::file_size(csv_corpus));

  // Throughput: each configuration `repeat` times, interleaved; the fastest run counts.
  struct Config {
    std::string name;
    std::vector<std::string> args;
    Cost best;
    long max_rss = 0;
    double best_cpu = 0;
  };
  std::vector<Config> configs = {
      {"cptrules eval --jobs 1", {cptrules, "eval", "--jobs", "1", corpus.string()}, {}, 0, 0},
      {"cptrules eval --jobs 2", {cptrules, "eval", "--jobs", "2", corpus.string()}, {}, 0, 0},
      {"hand-written floor", {floor, corpus.string()}, {}, 0, 0},
      {"cptrules eval --jobs 1, CSV",
       {cptrules, "eval", "--jobs", "1", csv_corpus.string()},
       {},
       0,
       0},
      {"cptrules eval --jobs 2, CSV",
       {cptrules, "eval", "--jobs", "2", csv_corpus.string()},
       {},
       0,
       0},
  };
  for (int r = 0; r < repeat; ++r) {
    for (Config& c : configs) {
      const Cost cost = run(c.args);
      if (cost.status != 0) {
        fmt::print(stderr, "bench_eval: {} exited with status {}\n", c.name, cost.status);
        return 1;
      }
      if (c.best.wall == 0 || cost.wall < c.best.wall)
        c.best = cost;
      if (c.best_cpu == 0 || cost.cpu < c.best_cpu)
        c.best_cpu = cost.cpu;
      c.max_rss = std::max(c.max_rss, cost.max_rss);
    }
  }
  const double n = static_cast<double>(count);
  // "cores" is CPU time over wall time of the fastest run: how much of the machine it got.
  fmt::print(
      "| run (best of {}) | wall s | encounters/s | CPU s | encounters/CPU-s | cores | peak RSS "
      "MiB |\n",
      repeat);
  fmt::print("|---|---:|---:|---:|---:|---:|---:|\n");
  for (const Config& c : configs) {
    fmt::print("| {} | {:.3f} | {:.0f} | {:.3f} | {:.0f} | {:.2f} | {:.1f} |\n", c.name,
               c.best.wall, n / c.best.wall, c.best_cpu, n / c.best_cpu, c.best.cpu / c.best.wall,
               static_cast<double>(c.max_rss) / 1024);
  }
  const double one = n / configs[0].best.wall;
  const double two = n / configs[1].best.wall;
  const double floor_rate = n / configs[2].best.wall;
  const double ratio = one / floor_rate;
  const double csv_one = n / configs[3].best.wall / one;
  const double csv_two = n / configs[4].best.wall / two;
  const double speedup = two / one;
  const double peak_mib =
      static_cast<double>(std::max(configs[0].max_rss, configs[1].max_rss)) / 1024;

  // Start-up: one encounter, built-in rules compiled, one record out.
  const fs::path one_file = write_corpus(dir, "one.jsonl", 1);
  std::vector<double> startup;
  for (int r = 0; r < startup_runs; ++r)
    startup.push_back(run({cptrules, "eval", one_file.string()}).wall);
  const double startup_ms = median(startup) * 1000;

  // Instructions per encounter: callgrind on 2,000 and 20,000 encounters; the difference over
  // 18,000 leaves start-up out.
  std::optional<double> instructions_per_encounter;
  std::optional<double> floor_per_encounter;
  std::optional<double> startup_instructions;
  if (with_callgrind) {
    const fs::path small = write_corpus(dir, "small-2000.jsonl", 2000);
    const fs::path large = write_corpus(dir, "small-20000.jsonl", 20000);
    const auto a =
        callgrind({cptrules, "eval", "--jobs", "1", small.string()}, dir / "cg-2000.out");
    const auto b =
        callgrind({cptrules, "eval", "--jobs", "1", large.string()}, dir / "cg-20000.out");
    const auto s =
        callgrind({cptrules, "eval", "--jobs", "1", one_file.string()}, dir / "cg-1.out");
    const auto fa = callgrind({floor, small.string()}, dir / "cg-floor-2000.out");
    const auto fb = callgrind({floor, large.string()}, dir / "cg-floor-20000.out");
    if (a && b)
      instructions_per_encounter = (*b - *a) / 18000;
    if (fa && fb)
      floor_per_encounter = (*fb - *fa) / 18000;
    startup_instructions = s;
  }

  const AllocationCounts allocations = count_allocations(corpus);

  // Memory stays flat: the peak RSS of 20,000 encounters against that of the whole corpus.
  const fs::path flat_file = write_corpus(dir, "flat-20000.jsonl", 20000);
  const Cost flat_one = run({cptrules, "eval", "--jobs", "1", flat_file.string()});
  const Cost flat_two = run({cptrules, "eval", "--jobs", "2", flat_file.string()});

  fmt::print("\n");
  fmt::print("interpreter / floor, 1 thread:   {:.2f}\n", ratio);
  fmt::print("2 threads / 1 thread:            {:.2f}\n", speedup);
  fmt::print("start-up, one encounter:         {:.1f} ms (median of {} runs)\n", startup_ms,
             startup_runs);
  fmt::print(
      "peak RSS, 20,000 encounters:     {:.1f} MiB --jobs 1, {:.1f} MiB --jobs 2 ({} above: "
      "{:.1f}, "
      "{:.1f})\n",
      static_cast<double>(flat_one.max_rss) / 1024, static_cast<double>(flat_two.max_rss) / 1024,
      count, static_cast<double>(configs[0].max_rss) / 1024,
      static_cast<double>(configs[1].max_rss) / 1024);
  if (instructions_per_encounter) {
    fmt::print("instructions per encounter:      {:.0f} (callgrind, (20,000 - 2,000) / 18,000)\n",
               *instructions_per_encounter);
  }
  if (floor_per_encounter)
    fmt::print("floor instructions per encounter: {:.0f}\n", *floor_per_encounter);
  if (startup_instructions)
    fmt::print("instructions, one encounter run: {:.0f}\n", *startup_instructions);
  for (const auto& [name, per] :
       {std::pair{"all", allocations.all},
        std::pair{"common (ok, no findings, no ties)", allocations.common}}) {
    fmt::print(
        "allocations per encounter, steady state, {} {} encounters: read {:.3f}, evaluate {:.3f}, "
        "format {:.3f}\n",
        per.encounters, name, per_encounter(per.read, per.encounters),
        per_encounter(per.evaluate, per.encounters), per_encounter(per.format, per.encounters));
  }
  fmt::print("load average at end: {}\n\n", load_average());

  fmt::print("targets:\n");
  fmt::print("- 1 thread at least 0.6 of the floor: {:.2f}, {}\n", ratio, verdict(ratio >= 0.6));
  fmt::print("- 2 threads at least 1.6 times 1 thread: {:.2f}, {}\n", speedup,
             verdict(speedup >= 1.6));
  fmt::print("- peak memory under 64 MiB for {} encounters: {:.1f} MiB, {}\n", count, peak_mib,
             verdict(peak_mib < 64));
  fmt::print("- start-up under 15 ms: {:.1f} ms, {}\n", startup_ms, verdict(startup_ms < 15));
  fmt::print(
      "- CSV at least half the rate of JSON Lines: {:.2f} with 1 thread, {:.2f} with 2, {}\n",
      csv_one, csv_two, verdict(csv_one >= 0.5 && csv_two >= 0.5));

  if (!keep) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return 0;
}
