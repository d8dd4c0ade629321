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
#include "evaluator.hpp"
#include "explain.hpp"
#include "result_writer.hpp"
#include "test_runner.hpp"

namespace cptrules::cli {

namespace {

struct DiffArgs {
  RuleOptions rules;
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

  interp::Evaluator eval_before(before.plan, options);
  interp::Evaluator eval_after(after.plan, options);
  std::map<std::pair<std::string, std::string>, Group> groups;
  std::int64_t compared = 0, changed = 0, errors = 0;
  interp::ReadItem item;
  interp::Result a, b;
  const std::vector<std::string> names =
      args.inputs.empty() ? std::vector<std::string>{"-"} : args.inputs;
  for (const std::string& name : names) {
    std::FILE* f = name == "-" ? stdin : std::fopen(name.c_str(), "rb");
    if (f == nullptr) {
      fmt::print(stderr, "cptrules diff: cannot open {}: {}\n", name, std::strerror(errno));
      return kNoInput;
    }
    interp::EncounterReader reader = interp::EncounterReader::from_file(f, name);
    while (reader.next(item)) {
      ++compared;
      if (!item.ok) {
        ++errors;
        continue;
      }
      eval_before.evaluate(item.encounter, a);
      interp::Encounter shifted = item.encounter;
      if (forced)
        shifted.date = forced;
      eval_after.evaluate(shifted, b);
      bool any = false;
      auto example = [&]() {
        Example e{a.id, units_summary(a), units_summary(b), {}, {}};
        e.why_before = interp::explain(eval_before, item.encounter, a).summary;
        e.why_after = interp::explain(eval_after, shifted, b).summary;
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
        Group& g = groups[{payer, code}];
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
        Group& g = groups[{payer, "finding " + id}];
        g.payer = payer;
        g.what = id;
        g.units = false;
        ++g.encounters;
        g.delta += fb.count(id) ? 1 : -1;
        if (!g.example)
          g.example = example();
      }
      changed += any ? 1 : 0;
    }
    if (f != stdin)
      std::fclose(f);
  }

  if (args.format == "json") {
    std::string out =
        fmt::format("{{\"compared\": {}, \"changed\": {}, \"unreadable\": {}, \"groups\": [",
                    compared, changed, errors);
    bool first = true;
    for (const auto& [key, g] : groups) {
      out += first ? "" : ", ";
      first = false;
      out += "{\"payer\": ";
      interp::append_json_string(out, g.payer);
      out += g.units ? ", \"code\": " : ", \"finding\": ";
      interp::append_json_string(out, g.what);
      fmt::format_to(std::back_inserter(out),
                     ", \"encounters\": {}, \"{}\": {}, \"example\": {{\"id\": ", g.encounters,
                     g.units ? "delta_units" : "delta_encounters", g.delta);
      interp::append_json_string(out, g.example->id);
      out += ", \"before\": ";
      interp::append_json_string(out, g.example->before);
      out += ", \"after\": ";
      interp::append_json_string(out, g.example->after);
      out += ", \"why_before\": ";
      interp::append_json_string(out, g.example->why_before);
      out += ", \"why_after\": ";
      interp::append_json_string(out, g.example->why_after);
      out += "}}";
    }
    out += "]}\n";
    fmt::print("{}", out);
    return kOk;
  }
  fmt::print("{} encounter{} compared: {} changed, {} unchanged{}\n", compared,
             compared == 1 ? "" : "s", changed, compared - changed - errors,
             errors ? fmt::format(", {} unreadable", errors) : "");
  for (const auto& [key, g] : groups) {
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
  cmd->add_option("--format", args->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("inputs", args->inputs, "Encounter files ('-': standard input)")
      ->type_name("FILE");
  return {cmd, [args] { return run_diff(*args); }};
}

}  // namespace cptrules::cli
