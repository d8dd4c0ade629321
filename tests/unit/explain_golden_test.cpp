// Golden explanations: each tests/golden/explain/NAME.jsonl under medicare and commercial, as
// `cptrules eval --format table --explain` prints it, must match NAME.PAYER.expected.
//
// The cases are the published examples and test vectors of the domain reference (see the
// README.md next to them). A case may bring NAME.rules, loaded on top of the standard rules as
// `--rules` would. The test evaluates and explains through the library, the way the eval
// command does; a second test runs the command itself on every case and expects the same
// bytes. CPTRULES_UPDATE_GOLDEN=1 rewrites the .expected files instead of comparing.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "explain.hpp"
#include "item_result.hpp"
#include "loader.hpp"
#include "result_writer.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace interp = cptrules::interp;
using cptrules::test::read_file;
using cptrules::test::updating_golden;

const char* const kPayers[] = {"medicare", "commercial"};

fs::path golden_dir() {
  return fs::path(CPTRULES_SOURCE_DIR) / "tests" / "golden" / "explain";
}

// The folder as the command line names it, relative to the repository root.
const char* const kRelativeDir = "tests/golden/explain";

// The NAME of every NAME.jsonl in the folder, sorted.
std::vector<std::string> case_names() {
  return cptrules::test::file_stems(golden_dir(), ".jsonl");
}

fs::path expected_path(const std::string& name, const std::string& payer) {
  return golden_dir() / (name + "." + payer + ".expected");
}

std::shared_ptr<const interp::Plan> load_case_rules(const std::string& name) {
  interp::LoadOptions options;
  options.stdlib = true;
  const fs::path rules = golden_dir() / (name + ".rules");
  if (fs::exists(rules)) {
    options.extra.push_back(std::make_shared<cptrules::lang::SourceFile>(
        std::string(kRelativeDir) + "/" + name + ".rules", read_file(rules)));
  }
  const interp::LoadedRules loaded = interp::load_rules(options);
  INFO(cptrules::lang::render(loaded.diagnostics));
  REQUIRE(loaded.plan);
  REQUIRE_FALSE(loaded.diagnostics.has_errors());
  return loaded.plan;
}

// What `cptrules eval --payer PAYER --format table --explain NAME.jsonl` prints: each record's
// table rows, then its explanation indented under it, then the totals line.
std::string explained_table(const std::string& name, const std::string& payer) {
  interp::EvalOptions options;
  options.default_payer = payer;
  interp::Evaluator evaluator(load_case_rules(name), options);
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  REQUIRE(out != nullptr);
  {
    interp::WriterOptions writer_options;
    writer_options.table_block = 1;
    interp::ResultWriter writer(out, interp::OutputFormat::table, writer_options);
    interp::EncounterReader reader = interp::EncounterReader::from_string(
        read_file(golden_dir() / (name + ".jsonl")), name + ".jsonl");
    interp::ReadItem item;
    interp::Result result;
    while (reader.next(item)) {
      interp::evaluate_item(evaluator, item, result);
      const interp::Explanation x = interp::explain(evaluator, item.encounter, result);
      writer.write(result);
      writer.flush();
      const std::string text = interp::explanation_text(x, "    ") + "\n";
      std::fwrite(text.data(), 1, text.size(), out);
    }
    writer.finish();
    REQUIRE_FALSE(writer.write_failed());
  }
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  return text;
}

// Runs `command` with bash in the repository root; returns its standard output and sets
// `status` to its exit status.
std::string run(const std::string& command, int& status) {
  const std::string script = "cd '" + std::string(CPTRULES_SOURCE_DIR) + "' && " + command;
  setenv("CPTRULES_EXPLAIN_SCRIPT", script.c_str(), 1);
  const cptrules::test::Run run =
      cptrules::test::run_shell("bash -c \"$CPTRULES_EXPLAIN_SCRIPT\" </dev/null 2>/dev/null");
  status = run.status;
  return run.out;
}

}  // namespace

TEST_CASE("explain golden: published examples explained under both payers", "[golden][explain]") {
  const std::vector<std::string> names = case_names();
  REQUIRE(names.size() >= 26);
  const std::string name = GENERATE_COPY(from_range(names));
  for (const std::string payer : kPayers) {
    INFO(name << " under " << payer);
    const std::string actual = explained_table(name, payer);
    const fs::path path = expected_path(name, payer);
    if (updating_golden()) {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << actual;
      REQUIRE(out.good());
      WARN("rewrote " << path.string());
      continue;
    }
    INFO("rerun with CPTRULES_UPDATE_GOLDEN=1 to accept the new output, then read the diff");
    REQUIRE(fs::exists(path));
    CHECK(actual == read_file(path));
  }
}

TEST_CASE("explain golden: the eval command prints the same as the library", "[golden][explain]") {
  if (updating_golden())
    return;
  for (const std::string& name : case_names()) {
    for (const std::string payer : kPayers) {
      std::string command = std::string("'") + CPTRULES_BINARY + "' eval --payer " + payer +
                            " --format table --explain";
      if (fs::exists(golden_dir() / (name + ".rules")))
        command += std::string(" --rules ") + kRelativeDir + "/" + name + ".rules";
      command += std::string(" ") + kRelativeDir + "/" + name + ".jsonl";
      int status = -1;
      const std::string output = run(command, status);
      INFO("$ " << command);
      CHECK(status == 0);
      CHECK(output == read_file(expected_path(name, payer)));
    }
  }
}

TEST_CASE("explain golden: every .expected file has its .jsonl file and a known payer",
          "[golden][explain]") {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(golden_dir())) {
    if (entry.path().extension() != ".expected")
      continue;
    ++count;
    const std::string stem = entry.path().stem().string();  // NAME.PAYER
    const auto dot = stem.rfind('.');
    INFO(entry.path().string());
    REQUIRE(dot != std::string::npos);
    const std::string payer = stem.substr(dot + 1);
    CHECK((payer == "medicare" || payer == "commercial"));
    CHECK(fs::exists(golden_dir() / (stem.substr(0, dot) + ".jsonl")));
  }
  CHECK(count == 2 * case_names().size());
}
