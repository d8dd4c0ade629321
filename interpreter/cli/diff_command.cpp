// cptrules diff: replays encounters under two rule sets (or two dates) and reports what changes.
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "encounter_reader.hpp"
#include "input_options.hpp"
#include "json_text.hpp"
#include "record_counts.hpp"
#include "record_pipeline.hpp"
#include "test_runner.hpp"

namespace cptrules::cli {

namespace {

struct DiffArgs {
  RuleOptions rules;
  InputOptions input;
  std::vector<std::string> against;
  std::string payer;
  std::string date;
  std::string against_date;
  std::string format = "text";
  std::vector<std::string> inputs;
};

// One change seen in one encounter, kept as the group's example.
struct Example {
  std::string id;
  std::string before;
  std::string after;
  std::string why_before;
  std::string why_after;
};

// Encounters whose units of one code, or whose findings of one id, changed under one payer.
struct Group {
  std::string payer;
  std::string what;  // a code, or a finding id
  bool units = true;
  std::int64_t encounters = 0;
  std::int64_t delta = 0;  // units after minus before (units groups)
  std::optional<Example> example;
};

std::string units_summary(const interp::Result& r) {
  if (!r.ok)
    return fmt::format("error {}: {}", r.error.id, r.error.message);
  std::vector<std::int64_t> units;
  for (const auto& l : r.lines)
    units.push_back(l.units);
  return fmt::format("{} (total {})", interp::allocation_text(r, units), r.total_units);
}

std::int64_t units_of(const interp::Result& r, const std::string& code) {
  for (const auto& l : r.lines) {
    if (l.code == code)
      return l.units;
  }
  return 0;
}

std::set<std::string> finding_ids(const interp::Result& r) {
  std::set<std::string> ids;
  for (const auto& f : r.findings)
    ids.insert(f.id);
  return ids;
}

// What changed between the two sides, grouped by payer and by code or finding id.
struct Comparison {
  std::map<std::pair<std::string, std::string>, Group> groups;
  std::int64_t compared = 0;
  std::int64_t changed = 0;
  std::int64_t errors = 0;  // unreadable encounters
  // Each side's records, as `eval` counts them (an unreadable encounter is not evaluated on
  // either side).
  interp::RecordCounts before;
  interp::RecordCounts after;
};

// The two rule sets (or dates) of a diff, each with its pipeline.
class Sides {
 public:
  Sides(const interp::LoadedRules& before, const interp::LoadedRules& after,
        const interp::EvalOptions& options, std::optional<lang::Date> forced)
      : before_(before.plan, options), after_(after.plan, options), forced_(forced) {}

  // Reads every encounter of `reader` and adds what changed to `comparison`.
  void compare(interp::EncounterReader& reader, Comparison& comparison) {
    while (before_.read(reader)) {
      ++comparison.compared;
      if (!before_.item().ok) {
        ++comparison.errors;
        const interp::Result& unreadable = before_.evaluate_item();
        comparison.before.add(unreadable);
        comparison.after.add(unreadable);
        continue;
      }
      comparison.changed += compare_item(comparison) ? 1 : 0;
    }
  }

 private:
  // Evaluates the item read on both sides and adds its changes to the groups; true when
  // anything changed.
  bool compare_item(Comparison& comparison) {
    const interp::Encounter& encounter = before_.item().encounter;
    const interp::Result& a = before_.evaluate_item();
    shifted_ = encounter;
    if (forced_)
      shifted_.date = forced_;
    const interp::Result& b = after_.evaluate(shifted_);
    comparison.before.add(a);
    comparison.after.add(b);
    bool any = false;
    auto example = [&]() {
      Example e{a.id, units_summary(a), units_summary(b), {}, {}};
      e.why_before = before_.explain(encounter, a).summary;
      e.why_after = after_.explain(shifted_, b).summary;
      return e;
    };
    std::set<std::string> codes;
    for (const auto& l : a.lines)
      codes.insert(l.code);
    for (const auto& l : b.lines)
      codes.insert(l.code);
    const std::string payer = b.ok ? b.payer : a.payer;
    for (const std::string& code : codes) {
      const std::int64_t ua = units_of(a, code), ub = units_of(b, code);
      if (ua == ub && a.ok == b.ok)
        continue;
      any = true;
      Group& g = comparison.groups[{payer, code}];
      g.payer = payer;
      g.what = code;
      ++g.encounters;
      g.delta += ub - ua;
      if (!g.example)
        g.example = example();
    }
    const std::set<std::string> fa = finding_ids(a), fb = finding_ids(b);
    std::set<std::string> ids;
    std::set_symmetric_difference(fa.begin(), fa.end(), fb.begin(), fb.end(),
                                  std::inserter(ids, ids.end()));
    for (const std::string& id : ids) {
      any = true;
      Group& g = comparison.groups[{payer, "finding " + id}];
      g.payer = payer;
      g.what = id;
      g.units = false;
      ++g.encounters;
      g.delta += fb.count(id) ? 1 : -1;
      if (!g.example)
        g.example = example();
    }
    return any;
  }

  interp::RecordPipeline before_;
  interp::RecordPipeline after_;
  std::optional<lang::Date> forced_;
  interp::Encounter shifted_;  // the encounter as the other side sees it
};

// `counts` as the member `side` of the JSON summary.
void counts_json(interp::JsonWriter& json, const char* side, const interp::RecordCounts& counts) {
  json.key(side).begin_object();
  json.key("encounters").number(counts.records);
  json.key("units").number(counts.units);
  json.key("not_evaluated").number(counts.not_evaluated);
  json.key("with_errors").number(counts.with_errors);
  json.key("with_warnings").number(counts.with_warnings);
  json.end_object();
}

void print_json(const Comparison& comparison) {
  std::string out;
  interp::JsonWriter json(out);
  json.begin_object();
  json.key("compared").number(comparison.compared);
  json.key("changed").number(comparison.changed);
  json.key("unreadable").number(comparison.errors);
  counts_json(json, "before", comparison.before);
  counts_json(json, "after", comparison.after);
  json.key("groups").begin_array();
  for (const auto& [key, g] : comparison.groups) {
    json.begin_object();
    json.key("payer").string(g.payer);
    json.key(g.units ? "code" : "finding").string(g.what);
    json.key("encounters").number(g.encounters);
    json.key(g.units ? "delta_units" : "delta_encounters").number(g.delta);
    json.key("example").begin_object();
    json.key("id").string(g.example->id);
    json.key("before").string(g.example->before);
    json.key("after").string(g.example->after);
    json.key("why_before").string(g.example->why_before);
    json.key("why_after").string(g.example->why_after);
    json.end_object();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  out += '\n';
  fmt::print("{}", out);
}

void print_text(const Comparison& comparison) {
  const std::int64_t compared = comparison.compared;
  const std::int64_t errors = comparison.errors;
  fmt::print("{} encounter{} compared: {} changed, {} unchanged{}\n", compared,
             compared == 1 ? "" : "s", comparison.changed, compared - comparison.changed - errors,
             errors ? fmt::format(", {} unreadable", errors) : "");
  fmt::print("before: {}\nafter:  {}\n", interp::summary_text(comparison.before),
             interp::summary_text(comparison.after));
  for (const auto& [key, g] : comparison.groups) {
    if (g.units) {
      fmt::print("\n{} {}: units change in {} encounter{} ({:+} units in all)\n", g.payer, g.what,
                 g.encounters, g.encounters == 1 ? "" : "s", g.delta);
    } else {
      fmt::print("\n{} finding {}: {} in {} encounter{}\n", g.payer, g.what,
                 g.delta >= 0 ? "appears or changes" : "disappears", g.encounters,
                 g.encounters == 1 ? "" : "s");
    }
    const Example& e = *g.example;
    fmt::print("  for example {}:\n    before: {}\n    after:  {}\n", e.id, e.before, e.after);
    fmt::print("    why before: {}\n    why after:  {}\n", e.why_before, e.why_after);
  }
}

int run_diff(const DiffArgs& args) {
  interp::EvalOptions options;
  if (!args.payer.empty())
    options.default_payer = args.payer;
  if (!args.date.empty())
    options.default_date = lang::parse_date(args.date);
  std::optional<lang::Date> forced;
  if (!args.against_date.empty())
    forced = lang::parse_date(args.against_date);
  if ((!args.date.empty() && !options.default_date) || (!args.against_date.empty() && !forced)) {
    fmt::print(stderr, "cptrules diff: dates must be written YYYY-MM-DD\n");
    return kUsage;
  }
  if (args.against.empty() && !forced) {
    fmt::print(stderr, "cptrules diff: give --against PATH (other rules) or --against-date DATE\n");
    return kUsage;
  }
  interp::LoadedRules before = load_and_report(args.rules, false);
  // Without --against both sides use the same rules: they are loaded, and their errors
  // reported, once.
  std::optional<interp::LoadedRules> other_rules;
  if (!args.against.empty()) {
    RuleOptions other = args.rules;
    other.paths = args.against;
    other_rules = load_and_report(other, false);
  }
  const interp::LoadedRules& after = other_rules ? *other_rules : before;
  if (!before.plan || !after.plan)
    return before.io_error || after.io_error ? kNoInput : kDataError;

  Sides sides(before, after, options, forced);
  Comparison comparison;
  const std::vector<std::string> names =
      args.inputs.empty() ? std::vector<std::string>{"-"} : args.inputs;
  const std::optional<std::vector<interp::ReaderOptions>> reader_options =
      args.input.reader_options(names, "cptrules diff");
  if (!reader_options)
    return kUsage;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    std::FILE* f = name == "-" ? stdin : std::fopen(name.c_str(), "rb");
    if (f == nullptr) {
      fmt::print(stderr, "cptrules diff: cannot open {}: {}\n", name, std::strerror(errno));
      return kNoInput;
    }
    std::vector<interp::EncounterReader> reader;
    reader.push_back(interp::EncounterReader::from_file(f, name, (*reader_options)[i]));
    if (!start_inputs(reader, "cptrules diff")) {
      if (f != stdin)
        std::fclose(f);
      return kUsage;
    }
    sides.compare(reader.front(), comparison);
    if (f != stdin)
      std::fclose(f);
  }
  if (args.format == "json") {
    print_json(comparison);
  } else {
    print_text(comparison);
  }
  return kOk;
}

}  // namespace

Command add_diff(CLI::App& app) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Replay encounters under two rule sets (or two dates) and report what changes");
  args->rules.add_to(*cmd);
  cmd->add_option("--against", args->against,
                  "The other rule files (instead of --rules) to compare with")
      ->type_name("PATH")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--against-date", args->against_date,
                  "Evaluate the other side as if every date of service were DATE")
      ->type_name("YYYY-MM-DD");
  cmd->add_option("--payer", args->payer, "Payer for encounters that name none")->type_name("NAME");
  cmd->add_option("--date", args->date, "Date of service for encounters that give none")
      ->type_name("YYYY-MM-DD");
  args->input.add_to(*cmd);
  cmd->add_option("--format", args->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("inputs", args->inputs, "Encounter files ('-': standard input)")
      ->type_name("FILE");
  return {cmd, [args] { return run_diff(*args); }};
}

}  // namespace cptrules::cli
