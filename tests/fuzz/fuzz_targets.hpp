// The bodies of the fuzz targets, shared by the libFuzzer programs and the regression test.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simdjson.h>

#include "checker.hpp"
#include "date.hpp"
#include "diagnostic.hpp"
#include "encounter_reader.hpp"
#include "evaluator.hpp"
#include "explain.hpp"
#include "formatter.hpp"
#include "item_result.hpp"
#include "loader.hpp"
#include "parser.hpp"
#include "plan.hpp"
#include "result_writer.hpp"
#include "source.hpp"
#include "test_runner.hpp"

namespace cptrules::fuzz {

// The plan of the standard rules, loaded once per process (null if they do not load).
inline std::shared_ptr<const interp::Plan> stdlib_plan() {
  static const std::shared_ptr<const interp::Plan> plan = [] {
    interp::LoadOptions options;
    return interp::load_rules(options).plan;
  }();
  return plan;
}

// Evaluates a few encounters for every payer and code of `plan` (at most 8 of each, so one
// input stays fast), with minutes at the edges that timing rules care about; explains one.
inline void exercise_plan(const std::shared_ptr<const interp::Plan>& plan) {
  static constexpr std::int64_t kMinutes[] = {0, 7, 8, 23, 1440};
  const std::vector<std::string> payers = plan->payer_names();
  const std::vector<std::string> codes = plan->code_names();
  for (std::size_t p = 0; p < payers.size() && p < 8; ++p) {
    interp::EvalOptions options;
    options.default_payer = payers[p];
    interp::Evaluator evaluator(plan, options);
    interp::Result result;
    for (std::size_t c = 0; c < codes.size() && c < 8; ++c) {
      for (const std::int64_t minutes : kMinutes) {
        interp::Encounter encounter;
        encounter.id = "fuzz";
        encounter.input_line = 1;
        encounter.services.push_back({codes[c],
                                      minutes,
                                      {},
                                      std::nullopt,
                                      std::nullopt,
                                      std::nullopt,
                                      std::nullopt,
                                      std::nullopt});
        if (c + 1 < codes.size())
          encounter.services.push_back({codes[c + 1],
                                        8,
                                        {"59"},
                                        "OT",
                                        std::nullopt,
                                        std::nullopt,
                                        std::nullopt,
                                        std::nullopt});
        evaluator.evaluate(encounter, result);
        std::string record;
        interp::append_json_record(record, result);
        if (c == 0 && minutes == 23) {
          const interp::Explanation x = interp::explain(evaluator, encounter, result);
          record.clear();
          interp::append_explanation_json(record, x);
          (void)interp::explanation_text(x, "  ");
        }
      }
    }
  }
}

// Rule-file front end: `bytes` as one rule file, parsed, checked and planned alone (then its
// own tests and boundary cases run, and it is formatted), and, when it parses, again beside the
// standard rules through load_rules. Returns a description of a broken invariant, or "".
inline std::string fuzz_rules_one(std::string_view bytes) {
  auto file = std::make_shared<const lang::SourceFile>("fuzz.rules", std::string(bytes));

  // Alone: parse + check + plan.
  lang::ParseResult parsed = lang::parse(file);
  (void)lang::render(parsed.diagnostics);
  const bool parsed_clean = !parsed.diagnostics.has_errors();
  std::vector<lang::ast::Module> modules;
  modules.push_back(std::move(parsed.module));
  interp::CheckResult checked = interp::check(std::move(modules));
  (void)lang::render(checked.diagnostics);
  // The checker leaves out what a syntax error already reported, so (as load_rules does) only
  // rules without any error are planned.
  if (checked.rules && parsed_clean) {
    std::shared_ptr<const interp::Plan> plan = interp::plan(*checked.rules);
    (void)plan->dump();
    exercise_plan(plan);
    interp::LoadedRules loaded;
    loaded.files.push_back(file);
    loaded.rules = checked.rules;
    loaded.plan = plan;
    (void)interp::run_tests(loaded, {});
    (void)interp::boundary_cases(loaded);
  }

  // The formatter promises a result that formats to itself (docs/fmt.md).
  if (parsed_clean) {
    lang::Diagnostics diagnostics;
    const std::optional<std::string> formatted = lang::format_rules(file, diagnostics);
    if (!formatted) {
      for (const lang::Diagnostic& d : diagnostics.items()) {
        if (d.id == "E0901")
          return "format_rules: E0901 " + d.message;
      }
      return "format_rules: a file that parsed without errors was not formatted";
    }
    auto again_file = std::make_shared<const lang::SourceFile>("fuzz.rules", *formatted);
    lang::Diagnostics again_diagnostics;
    const std::optional<std::string> again = lang::format_rules(again_file, again_diagnostics);
    if (!again || *again != *formatted)
      return "format_rules: formatting is not idempotent";
  }

  // Beside the standard rules, as `--rules` or the REPL would add it. Loading them costs most of
  // an input's time, so only a file that parses is loaded with them: a syntax error stops the
  // load (no plan) whatever the other files say.
  if (!parsed_clean)
    return {};
  interp::LoadOptions options;
  options.extra.push_back(file);
  interp::LoadedRules loaded = interp::load_rules(options);
  (void)lang::render(loaded.diagnostics);
  if (loaded.plan) {
    exercise_plan(loaded.plan);
  } else if (!loaded.diagnostics.has_errors()) {
    return "load_rules: no plan and no error";
  }
  return {};
}

// What one ReadItem said, for comparing two reads of the same input: every field of an item that
// was read (the fields of an error item are unspecified, apart from its id and line).
struct ItemSignature {
  std::string id;
  bool ok = true;
  std::string error_id;
  std::string error_message;
  std::int64_t input_line = 0;
  std::string fields;  // the encounter's other fields and its services, as text
  bool operator==(const ItemSignature&) const = default;
};

inline ItemSignature signature_of(const interp::ReadItem& item) {
  ItemSignature s;
  s.id = item.encounter.id;
  s.ok = item.ok;
  s.error_id = item.error.id;
  s.error_message = item.error.message;
  s.input_line = item.input_line;
  if (!item.ok)
    return s;
  const interp::Encounter& e = item.encounter;
  const auto optional_text = [](const std::optional<std::string>& text) {
    return text ? fmt::format("'{}'", *text) : std::string("none");
  };
  s.fields = fmt::format("line {} date {} payer {} discipline {}:", e.input_line,
                         e.date ? lang::format_date(*e.date) : std::string("none"),
                         optional_text(e.payer), optional_text(e.discipline));
  for (const interp::Service& service : e.services) {
    s.fields += fmt::format(
        " ['{}' {} [{}] {} clock {} billed {}]", service.code,
        service.minutes ? std::to_string(*service.minutes) : "none",
        fmt::join(service.modifiers, ","), optional_text(service.discipline),
        service.clock ? fmt::format("{}-{}", service.clock->start, service.clock->end) : "none",
        service.billed_units ? std::to_string(*service.billed_units) : "none");
  }
  return s;
}

// Reads every item of `bytes` with `options`; stops (and says so in `problem`) past `limit`.
// With `raw_lines`, the items that the reader hands out unparsed (the lines of JSON Lines, the
// encounters of CSV) are parsed by a LineParser, as the threads of `eval --jobs` do.
inline std::vector<ItemSignature> read_signatures(std::string_view bytes,
                                                  interp::ReaderOptions options, std::size_t limit,
                                                  std::string& problem, bool raw_lines = false) {
  std::vector<ItemSignature> out;
  auto reader = interp::EncounterReader::from_string(std::string(bytes), "fuzz", options);
  interp::LineParser parser(options);
  interp::ReadItem item;
  interp::RawLine raw;
  while (out.size() <= limit && reader.next(item)) {
    out.push_back(signature_of(item));
    while (raw_lines && out.size() <= limit && reader.gives_raw_lines() &&
           reader.next_raw_line(raw)) {
      parser.parse(raw, item);
      out.push_back(signature_of(item));
    }
  }
  if (out.size() > limit)
    problem = fmt::format("the reader gave more than {} items", limit);
  return out;
}

// Encounter reader: `bytes` as an input file, every item evaluated with the standard rules (for
// medicare and for commercial), every record written as JSON Lines, CSV and a table. Checks
// that: item numbers (input_line) rise strictly; an error item has an `input.*` id and a
// message; every JSON record is valid JSON with the item's id; the reader gives the same items
// whatever its read chunk size, and the same when its lines (or CSV's encounters) are parsed as
// the threads of --jobs parse them. `format` is how the bytes are read: as JSON, or as CSV.
// Returns a description of a broken invariant, or "".
inline std::string fuzz_encounters_one(std::string_view bytes,
                                       interp::InputFormat format = interp::InputFormat::json) {
  const std::shared_ptr<const interp::Plan> plan = stdlib_plan();
  if (!plan)
    return "the standard rules did not load";
  interp::EvalOptions medicare;
  medicare.default_payer = "medicare";
  interp::EvalOptions commercial;
  commercial.default_payer = "commercial";
  interp::Evaluator evaluators[] = {interp::Evaluator(plan, medicare),
                                    interp::Evaluator(plan, commercial)};

  // Every item is numbered; more items than bytes (plus one) would mean a loop.
  const std::size_t limit = bytes.size() + 2;
  interp::ReaderOptions options;
  options.format = format;
  auto reader = interp::EncounterReader::from_string(std::string(bytes), "fuzz", options);
  interp::ReadItem item;
  interp::Result result;
  interp::Decisions decisions;
  std::vector<ItemSignature> first;
  std::string jsonl;
  std::string record;
  simdjson::dom::parser json;
  char* table_text = nullptr;
  std::size_t table_size = 0;
  std::FILE* table_out = open_memstream(&table_text, &table_size);
  std::optional<interp::ResultWriter> table;
  std::optional<interp::ResultWriter> csv;
  std::optional<interp::ResultWriter> summary;
  if (table_out != nullptr) {
    interp::WriterOptions writer_options;
    writer_options.table_block = 3;
    table.emplace(table_out, interp::OutputFormat::table, writer_options);
    csv.emplace(table_out, interp::OutputFormat::csv);
    summary.emplace(table_out, interp::OutputFormat::summary);
  }
  std::string problem;
  std::int64_t last_line = 0;
  while (problem.empty() && reader.next(item)) {
    if (first.size() >= limit) {
      problem = fmt::format("the reader gave more than {} items", limit);
      break;
    }
    if (item.input_line <= last_line) {
      problem = fmt::format("input_line {} after {}", item.input_line, last_line);
    }
    last_line = item.input_line;
    if (!item.ok && (!item.error.id.starts_with("input.") || item.error.message.empty())) {
      problem = fmt::format("error item without an input.* id or message: '{}'", item.error.id);
    }
    ItemSignature s = signature_of(item);
    for (interp::Evaluator& evaluator : evaluators) {
      interp::evaluate_item(evaluator, item, result, &decisions);
      record.clear();
      std::optional<interp::Explanation> explanation;
      if (item.ok && first.size() < 2)
        explanation = interp::explain(evaluator, item.encounter, result, decisions);
      interp::append_json_record(record, result, explanation ? &*explanation : nullptr);
      simdjson::padded_string padded(record);
      simdjson::dom::element element;
      if (json.parse(padded).get(element) != simdjson::SUCCESS) {
        problem = "a JSON record is not valid JSON: " + record.substr(0, 200);
        break;
      }
      jsonl += record;
      jsonl += '\n';
      if (table)
        table->write(result);
      if (csv)
        csv->write(result);
      if (summary)
        summary->write(result);
    }
    first.push_back(std::move(s));
  }
  if (table)
    table->finish();
  if (csv)
    csv->finish();
  if (summary)
    summary->finish();
  table.reset();
  csv.reset();
  summary.reset();
  if (table_out != nullptr)
    std::fclose(table_out);
  std::free(table_text);
  if (!problem.empty())
    return problem;

  // Neither the chunk size of reading, nor the fast path for plain lines, nor the threads' way
  // of parsing may change what is read.
  interp::ReaderOptions small = options;
  small.chunk_bytes = 7;
  interp::ReaderOptions general = options;
  general.plain_fast_path = false;
  struct Variant {
    interp::ReaderOptions options;
    bool raw_lines;
    const char* how;
  };
  const Variant variants[] = {{small, false, "with 7-byte chunks"},
                              {general, false, "without the fast path"},
                              {small, true, "parsed as the threads of --jobs parse"}};
  for (const auto& [variant_options, raw_lines, how] : variants) {
    const std::vector<ItemSignature> second =
        read_signatures(bytes, variant_options, limit, problem, raw_lines);
    if (!problem.empty())
      return problem;
    if (second.size() != first.size())
      return fmt::format("{} items by default, {} {}", first.size(), second.size(), how);
    for (std::size_t i = 0; i < first.size(); ++i) {
      if (!(first[i] == second[i])) {
        return fmt::format("item {} differs {}: '{}' {} {} vs '{}' {} {}", i + 1, how,
                           first[i].error_id, first[i].input_line, first[i].fields,
                           second[i].error_id, second[i].input_line, second[i].fields);
      }
    }
  }
  return {};
}

}  // namespace cptrules::fuzz
