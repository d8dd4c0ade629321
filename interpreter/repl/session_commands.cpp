// The REPL commands: settings, listings, :show, :table, :compare, :explain, loading, tests.
#include "session_commands.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "date_problem.hpp"
#include "evaluator.hpp"
#include "explain.hpp"
#include "saved_test.hpp"
#include "scenario.hpp"
#include "stdlib.hpp"
#include "suggest.hpp"
#include "test_runner.hpp"
#include "text.hpp"

namespace cptrules::repl {

namespace {

// Charts list the minutes that give 0 to this many units.
constexpr std::int64_t kChartUnits = 8;

// :compare fits its table in this many columns.
constexpr std::size_t kCompareWidth = 80;

using lang::did_you_mean;

std::string join_args(const std::vector<std::string>& args) {
  return fmt::format("{}", fmt::join(args, " "));
}

}  // namespace

const std::vector<Session::CommandInfo>& Session::commands() {
  static const std::vector<CommandInfo> table = {
      {":help", ":help [COMMAND]", "list the commands, or explain one", &Session::cmd_help,
       ArgKind::command, 0, 1},
      {":quit", ":quit", "end the session (Ctrl-D does too)", &Session::cmd_quit, ArgKind::none, 0,
       0},
      {":q", ":q", "end the session", &Session::cmd_quit, ArgKind::none, 0, 0, true},
      {":exit", ":exit", "end the session", &Session::cmd_quit, ArgKind::none, 0, 0, true},
      {":payer", ":payer [NAME]", "choose the payer (without NAME: show it)", &Session::cmd_payer,
       ArgKind::payer, 0, 1},
      {":payers", ":payers", "list the payers and their policies", &Session::cmd_payers,
       ArgKind::none, 0, 0},
      {":date", ":date [YYYY-MM-DD|none]", "set the date of service (none: the newest rules)",
       &Session::cmd_date, ArgKind::date, 0, 1},
      {":discipline", ":discipline [PT|OT|SLP]", "set the discipline of the services (PT)",
       &Session::cmd_discipline, ArgKind::discipline, 0, 1},
      {":codes", ":codes [FILTER]", "list the codes (whose number, title or discipline has FILTER)",
       &Session::cmd_codes, ArgKind::none, 0, kAnyArgs},
      {":policies", ":policies", "list the timing policies", &Session::cmd_policies, ArgKind::none,
       0, 0},
      {":show", ":show [KIND] NAME",
       "print a declaration as written (KIND: code, policy, payer, edit, modifier, limit, check, "
       "provider; KIND alone lists them)",
       &Session::cmd_show, ArgKind::name, 1, 2},
      {":table", ":table POLICY|PAYER [UNIT]",
       "the minutes-to-units chart of one code of UNIT (15) minutes", &Session::cmd_table,
       ArgKind::policy, 1, 2},
      {":scenario", ":scenario", "show the last scenario and its result again",
       &Session::cmd_scenario, ArgKind::none, 0, 0},
      {":compare", ":compare [PAYER...]", "the last scenario under several payers (default: all)",
       &Session::cmd_compare, ArgKind::payer, 0, kAnyArgs},
      {":explain", ":explain", "why the last result is what it is", &Session::cmd_explain,
       ArgKind::none, 0, 0},
      {":load", ":load PATH", "add a rule file or folder of them (all or nothing)",
       &Session::cmd_load, ArgKind::path, 1, 1},
      {":reload", ":reload", "read every rule file again (all or nothing)", &Session::cmd_reload,
       ArgKind::none, 0, 0},
      {":files", ":files", "list the rule files loaded (built-in, given and typed)",
       &Session::cmd_files, ArgKind::none, 0, 0},
      {":unload", ":unload PATH", "leave out a rule file given to --rules or :load",
       &Session::cmd_unload, ArgKind::loaded, 1, 1},
      {":save-test", ":save-test NAME [FILE]",
       "the last scenario and result as a test block, appended to FILE", &Session::cmd_save_test,
       ArgKind::test_file, 1, 2},
      {":test", ":test [FILTER]", "run the test blocks whose title has FILTER", &Session::cmd_test,
       ArgKind::none, 0, kAnyArgs},
  };
  return table;
}

void Session::cmd_help(const Args& args, std::string& out) {
  if (!args.empty()) {
    const std::string name = args[0].starts_with(':') ? args[0] : ":" + args[0];
    std::vector<std::string> names;
    for (const CommandInfo& c : commands()) {
      names.emplace_back(c.name);
      if (c.name == name) {
        out += fmt::format("{}\n  {}\n", style_.bold(c.usage), c.help);
        return;
      }
    }
    out += error(fmt::format("unknown command '{}'{}", name, did_you_mean(name, names)));
    return;
  }
  out +=
      style_.bold("Scenarios") + " are evaluated under the current payer, date and discipline:\n";
  TextTable examples({false, false});
  examples.add({"  97110 33 min, 97140 7 min", "timed codes with their minutes"});
  examples.add({"  97530 10 min with 59 and GP", "a service with modifiers"});
  examples.add({"  97161", "an untimed code, without minutes"});
  examples.add({"  97110 20 min in OT with GO", "the service's own discipline"});
  examples.add({"  97110 from 10:00 to 10:20", "clock times instead of minutes"});
  examples.add({"  97110 30 min by PTA billed 2", "who rendered it; the units the claim bills"});
  examples.add({"  + 97140 5 min", "add to the last scenario and show what changed"});
  examples.add({"  - 97110", "take a code away (- 97110 5 min: some of its minutes)"});
  examples.add({"  + 97110 5 min in OT", "add to the OT service of 97110"});
  out += examples.text(style_);
  out += style_.bold("Declarations") +
         ": type a code, policy or payer as in a rule file; it is used at once.\n";
  out += style_.bold("Commands") + ":\n";
  TextTable table({false, false});
  for (const CommandInfo& c : commands()) {
    if (!c.hidden)
      table.add({fmt::format("  {}", c.usage), std::string(c.help)});
  }
  out += table.text(style_);
}

void Session::cmd_quit(const Args&, std::string&) {
  done_ = true;
}

void Session::cmd_payer(const Args& args, std::string& out) {
  if (args.empty()) {
    out += payer_ ? fmt::format("Payer: {}.\n", *payer_) : "No payer is selected.\n";
    if (loaded_.plan)
      cmd_payers(args, out);
    return;
  }
  if (!need_rules(out))
    return;
  const interp::Plan& plan = *loaded_.plan;
  const auto id = plan.find_payer(args[0]);
  if (!id) {
    out += error(fmt::format("unknown payer '{}'{}; loaded payers: {}", args[0],
                             did_you_mean(args[0], plan.payer_names()), payer_list()));
    return;
  }
  payer_ = args[0];
  const interp::PayerVersion* v = plan.payers[*id].at(date_);
  if (v == nullptr) {
    out +=
        fmt::format("Payer {}: it has no rules in force {}.\n", args[0], interp::when_text(date_));
  } else {
    out += fmt::format("Payer {}: {} (policy {}).\n", v->name, v->title,
                       plan.policies[v->policy].name);
  }
  reevaluate(out);
}

void Session::cmd_payers(const Args&, std::string& out) {
  if (!need_rules(out))
    return;
  const interp::Plan& plan = *loaded_.plan;
  // A first column marks the payer selected, when there is one.
  const std::size_t first = payer_ ? 0 : 1;
  TextTable table({false, false, false, false});
  auto add = [&](std::vector<std::string> cells, std::string_view style = {}) {
    table.add({cells.begin() + static_cast<std::ptrdiff_t>(first), cells.end()}, style);
  };
  add({"", "PAYER", "POLICY", "TITLE"}, "bold");
  for (const auto& entry : plan.payers) {
    const interp::PayerVersion* v = entry.at(date_);
    const std::string mark = payer_ && *payer_ == entry.name ? "*" : "";
    if (v == nullptr) {
      add({mark, entry.name, "-", fmt::format("(not in force {})", interp::when_text(date_))});
    } else {
      add({mark, entry.name, plan.policies[v->policy].name, v->title});
    }
  }
  out += table.text(style_);
}

void Session::cmd_date(const Args& args, std::string& out) {
  if (args.empty()) {
    out += date_ ? fmt::format("Date: {}.\n", lang::format_date(*date_))
                 : "No date: the newest rules are used.\n";
    return;
  }
  if (args[0] == "none") {
    date_.reset();
    out += "No date: the newest rules are used.\n";
  } else {
    const std::optional<lang::Date> date = lang::parse_date(args[0]);
    if (!date) {
      out += error(date_problem(args[0]));
      return;
    }
    date_ = date;
    out += fmt::format("Date: {}.\n", lang::format_date(*date_));
  }
  reevaluate(out);
}

void Session::cmd_discipline(const Args& args, std::string& out) {
  if (args.empty()) {
    out += fmt::format("Discipline: {}.\n", discipline_);
    return;
  }
  const std::string& word = args[0];
  const bool valid =
      !word.empty() && std::isalpha(static_cast<unsigned char>(word[0])) != 0 &&
      std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
      });
  if (!valid) {
    out += error(fmt::format("'{}' is not a discipline name (such as PT, OT or SLP)", word));
    return;
  }
  std::string chosen = word;
  bool known = false;
  for (const std::string& d : disciplines()) {
    if (to_lower(d) == to_lower(word)) {
      chosen = d;
      known = true;
    }
  }
  if (!known) {
    out += error(fmt::format("no loaded rule names discipline {} (they name {})", word,
                             fmt::join(disciplines(), ", ")));
    return;
  }
  discipline_ = chosen;
  out += fmt::format("Discipline: {}.\n", discipline_);
  reevaluate(out);
}

void Session::cmd_codes(const Args& args, std::string& out) {
  if (!need_rules(out))
    return;
  const interp::Plan& plan = *loaded_.plan;
  const std::string filter = join_args(args);
  TextTable table({false, false, false, false});
  table.add({"CODE", "TIMING", "DISCIPLINES", "TITLE"}, "bold");
  std::size_t shown = 0;
  for (const auto& entry : plan.codes) {
    const interp::CodeVersion* v = entry.at(date_);
    const bool in_force = v != nullptr;
    if (v == nullptr)
      v = &entry.versions.back();
    const std::string disciplines = fmt::format("{}", fmt::join(v->disciplines, ", "));
    if (!filter.empty() && !contains_icase(entry.name, filter) &&
        !contains_icase(v->title, filter) && !contains_icase(disciplines, filter)) {
      continue;
    }
    std::string timing =
        !v->timed   ? std::string("untimed")
        : v->ranged ? fmt::format("{} family {}", interp::time_range_text(*v), v->family)
                    : fmt::format("{} {} min", v->first_block_only ? "first" : "every", v->unit);
    if (v->primary_code != interp::kNoCode) {
      timing += fmt::format(", add-on to {}", plan.codes[v->primary_code].name);
    }
    std::string title = v->title;
    if (!in_force)
      title += fmt::format(" (not in force {})", interp::when_text(date_));
    table.add({entry.name, timing, disciplines, title});
    ++shown;
  }
  if (shown == 0) {
    out += fmt::format("No code matches '{}'.\n", filter);
    return;
  }
  out += table.text(style_);
  out += filter.empty()
             ? fmt::format("{} codes\n", shown)
             : fmt::format("{} of {} codes match '{}'\n", shown, plan.codes.size(), filter);
}

void Session::cmd_policies(const Args&, std::string& out) {
  if (!need_rules(out))
    return;
  TextTable table({false, false, false});
  table.add({"POLICY", "POOLS", "TITLE"}, "bold");
  for (const auto& entry : loaded_.plan->policies) {
    const interp::PolicyVersion* v = entry.at(date_);
    if (v == nullptr)
      v = &entry.versions.back();
    const std::string pools = !v->pooled              ? "each code alone"
                              : v->pool_by_discipline ? "timed minutes per discipline"
                                                      : "timed minutes together";
    table.add({entry.name, pools, v->title});
  }
  out += table.text(style_);
}

void Session::cmd_table(const Args& args, std::string& out) {
  if (!need_rules(out))
    return;
  const interp::Plan& plan = *loaded_.plan;
  std::int64_t unit = 15;
  if (args.size() > 1) {
    const std::string& text = args[1];
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), unit);
    if (ec != std::errc() || end != text.data() + text.size() || unit < 1 ||
        unit > interp::kMaxDayMinutes) {
      out += error(fmt::format("the unit must be a number of minutes from 1 to {}, got '{}'",
                               interp::kMaxDayMinutes, text));
      return;
    }
  }
  std::optional<std::uint32_t> policy_id = plan.find_policy(args[0]);
  std::string via;
  if (!policy_id) {
    if (const auto payer_id = plan.find_payer(args[0])) {
      const interp::PayerVersion* payer = plan.payers[*payer_id].at(date_);
      if (payer == nullptr) {
        out += error(
            fmt::format("payer {} has no rules in force {}", args[0], interp::when_text(date_)));
        return;
      }
      policy_id = payer->policy;
      via = fmt::format(" (the policy of payer {})", args[0]);
    }
  }
  if (!policy_id) {
    std::vector<std::string> names = plan.policy_names();
    for (auto& n : plan.payer_names())
      names.push_back(std::move(n));
    out += error(
        fmt::format("no policy or payer is called '{}'{}", args[0], did_you_mean(args[0], names)));
    return;
  }
  const auto& entry = plan.policies[*policy_id];
  const interp::PolicyVersion* policy = entry.at(date_);
  if (policy == nullptr) {
    out += error(fmt::format("policy {} is not in force {}", entry.name, interp::when_text(date_)));
    return;
  }
  out += fmt::format("Policy {}{}: units for the minutes of one {}-minute code alone.\n",
                     entry.name, via, unit);
  if (policy->pooled) {
    out += fmt::format(
        "It adds up the timed minutes {}first: the chart gives the units of that "
        "total too.\n",
        policy->pool_by_discipline ? "of each discipline " : "");
  }
  out += unit_chart(*policy, unit, kChartUnits, style_);
}

void Session::cmd_scenario(const Args&, std::string& out) {
  if (!need_scenario(out))
    return;
  out += fmt::format("given {}\n", services_text(services_));
  if (!loaded_.plan)
    return;
  if (!payer_) {
    out += error(fmt::format("no payer is selected: pick one with :payer NAME (loaded payers: {})",
                             payer_list()));
    return;
  }
  interp::Result result = evaluate(services_, *payer_);
  out += result_header(result);
  out += result_text(result, style_, discipline_);
  last_result_ = std::move(result);
}

void Session::cmd_compare(const Args& args, std::string& out) {
  if (!need_rules(out) || !need_scenario(out))
    return;
  const interp::Plan& plan = *loaded_.plan;
  const std::vector<std::string> payers = args.empty() ? plan.payer_names() : args;
  for (const std::string& p : payers) {
    if (!plan.find_payer(p)) {
      out += error(fmt::format("unknown payer '{}'{}; loaded payers: {}", p,
                               did_you_mean(p, plan.payer_names()), payer_list()));
      return;
    }
  }
  if (!check_services(services_, out))
    return;
  std::vector<interp::Result> results;
  for (const std::string& p : payers)
    results.push_back(evaluate(services_, p));

  // A row per line (a code and its discipline); DISC when a line's discipline is not the
  // session's, as in the result table.
  std::vector<std::pair<std::string, std::string>> lines;
  bool show_discipline = false;
  for (const interp::Result& r : results) {
    for (const interp::Line& l : r.lines) {
      const std::pair<std::string, std::string> key{l.code, l.discipline};
      if (std::find(lines.begin(), lines.end(), key) == lines.end())
        lines.push_back(key);
      show_discipline = show_discipline || (!l.discipline.empty() && l.discipline != discipline_);
    }
  }
  const std::size_t fixed = show_discipline ? 3 : 2;
  auto first_cells = [&](std::string code, std::string disc) {
    std::vector<std::string> row{std::move(code)};
    if (show_discipline)
      row.push_back(std::move(disc));
    row.emplace_back("-");
    return row;
  };
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row_styles;
  std::vector<std::string> header = first_cells("CODE", "DISC");
  header.back() = "MIN";
  header.insert(header.end(), payers.begin(), payers.end());
  rows.push_back(std::move(header));
  row_styles.emplace_back("bold");
  for (const auto& [code, disc] : lines) {
    std::vector<std::string> row = first_cells(code, disc);
    bool minutes_known = false;
    for (const interp::Result& r : results) {
      const auto line = std::find_if(r.lines.begin(), r.lines.end(), [&](const interp::Line& l) {
        return l.code == code && l.discipline == disc;
      });
      if (line == r.lines.end()) {
        row.emplace_back(r.ok ? "-" : "error");
        continue;
      }
      if (!minutes_known && line->minutes) {
        row[fixed - 1] = fmt::format("{}", *line->minutes);
        minutes_known = true;
      }
      row.push_back(fmt::format("{}", line->units));
    }
    rows.push_back(std::move(row));
    row_styles.emplace_back();
  }
  std::vector<std::string> total = first_cells("total", "");
  std::vector<std::string> policies = first_cells("policy", "");
  policies.back().clear();
  for (const interp::Result& r : results) {
    if (r.ok && total[fixed - 1] == "-")
      total[fixed - 1] = fmt::format("{}", r.timed_minutes);
    total.push_back(r.ok ? fmt::format("{}", r.total_units) : "error");
    policies.push_back(r.ok ? r.policy : "-");
  }
  rows.push_back(std::move(total));
  row_styles.emplace_back("bold");
  rows.push_back(std::move(policies));
  row_styles.emplace_back("dim");
  // Payers side by side as far as 80 columns take them; more payers go in blocks below.
  out += blocks_text(rows, row_styles, fixed, fixed - 1, kCompareWidth, style_);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const interp::Result& r = results[i];
    if (!r.ok) {
      out += fmt::format("{}: {} {}: {}\n", payers[i], style_.red("error"), r.error.id,
                         r.error.message);
    } else {
      out += remarks_text(r, style_, payers[i] + ": ");
    }
  }
}

void Session::cmd_explain(const Args&, std::string& out) {
  if (!need_rules(out) || !need_scenario(out))
    return;
  if (!payer_) {
    out += error(fmt::format("no payer is selected: pick one with :payer NAME (loaded payers: {})",
                             payer_list()));
    return;
  }
  interp::Explanation explanation;
  const interp::Result result = evaluate(services_, *payer_, &explanation);
  out += result_header(result);
  out += interp::explanation_text(explanation);
  out += remarks_text(result, style_);
}

void Session::cmd_load(const Args& args, std::string& out) {
  const std::string& path = args[0];
  if (std::find(paths_.begin(), paths_.end(), path) != paths_.end()) {
    out += fmt::format("{} is loaded already: reading every rule file again.\n", path);
    cmd_reload({}, out);
    return;
  }
  std::vector<std::string> next = paths_;
  next.push_back(path);
  if (!reload(next, typed_, out)) {
    // A file that exists waits for its fix (or the others'); a path that does not is dropped.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      return;
    if (std::find(waiting_.begin(), waiting_.end(), path) == waiting_.end())
      waiting_.push_back(path);
    out += fmt::format(
        "{} is not loaded: once the errors are fixed, :reload loads it (:unload {} gives up on "
        "it).\n",
        path, path);
    return;
  }
  paths_ = std::move(next);
  std::erase(waiting_, path);
  out += fmt::format("Loaded {}: {}.\n", path, rules_summary());
  reevaluate(out, false);
}

void Session::cmd_reload(const Args&, std::string& out) {
  std::vector<std::string> next = paths_;
  next.insert(next.end(), waiting_.begin(), waiting_.end());
  if (!reload(next, typed_, out)) {
    if (!waiting_.empty()) {
      out += fmt::format("Still not loaded: {} (:unload PATH leaves one out).\n",
                         fmt::join(waiting_, ", "));
    }
    return;
  }
  paths_ = std::move(next);
  const std::vector<std::string> added = std::exchange(waiting_, {});
  out += fmt::format("Reloaded: {}.\n", rules_summary());
  if (!added.empty())
    out += fmt::format("Loaded {} now.\n", fmt::join(added, ", "));
  reevaluate(out, false);
}

void Session::cmd_unload(const Args& args, std::string& out) {
  if (std::erase(waiting_, args[0]) > 0) {
    out += fmt::format("{} will not be loaded: :reload leaves it out.\n", args[0]);
    return;
  }
  const auto it = std::find(paths_.begin(), paths_.end(), args[0]);
  if (it == paths_.end()) {
    out += error(paths_.empty() ? fmt::format("{} is not loaded: no rule file is, besides the "
                                              "built-in rules",
                                              args[0])
                                : fmt::format("{} is not loaded; loaded: {}", args[0],
                                              fmt::join(paths_, ", ")));
    return;
  }
  std::vector<std::string> next = paths_;
  next.erase(next.begin() + (it - paths_.begin()));
  if (!reload(next, typed_, out))
    return;
  paths_ = std::move(next);
  out += fmt::format("Unloaded {}: {}.\n", args[0], rules_summary());
  reevaluate(out, false);
}

void Session::cmd_files(const Args&, std::string& out) {
  TextTable table({false, false});
  table.add({"FROM", "FILE"}, "bold");
  const std::size_t stdlib_count = options_.stdlib ? interp::stdlib_files().size() : 0;
  for (std::size_t i = 0; i < loaded_.files.size(); ++i) {
    const std::string& name = loaded_.files[i]->name();
    const std::string_view from = i < stdlib_count             ? "built-in"
                                  : name.starts_with("<typed") ? "typed"
                                                               : "given";
    table.add({std::string(from), name});
  }
  for (const std::string& path : waiting_)
    table.add({"not loaded", path + " (its :load failed: :reload tries it again)"}, "red");
  if (!loaded_.plan) {
    out += "No rules are loaded: fix the errors and type :reload, or :load a rule file.\n";
    for (const std::string& path : paths_)
      table.add({"not loaded", path}, "red");
  }
  out += table.text(style_);
}

void Session::cmd_save_test(const Args& args, std::string& out) {
  if (!need_rules(out) || !need_scenario(out))
    return;
  if (!payer_) {
    out += error(fmt::format("no payer is selected: pick one with :payer NAME (loaded payers: {})",
                             payer_list()));
    return;
  }
  // The result on screen, and the same scenario on the date the test states: a test needs a
  // date, and without :date the screen shows the newest rules, which are in force on the day
  // after every date the rules name.
  const interp::Result shown = evaluate(services_, *payer_);
  const std::optional<lang::Date> shown_date = date_;
  const lang::Date test_date = date_ ? *date_ : newest_rules_date(*loaded_.plan);
  date_ = test_date;
  const interp::Result r = evaluate(services_, *payer_);
  date_ = shown_date;
  if (!r.ok) {
    out += error(fmt::format("the scenario does not evaluate on {} ({}: {}): nothing was saved",
                             lang::format_date(test_date), r.error.id, r.error.message));
    return;
  }
  if (!same_result(shown, r)) {
    out += error(fmt::format(
        "on {}, the date the test would state, the result differs from the newest rules' one "
        "shown: nothing was saved; choose the date with :date and save again",
        lang::format_date(test_date)));
    return;
  }
  // The discipline the result used, stated so the test does not fall back on another one.
  const std::string_view discipline =
      eval_options(*payer_).default_discipline ? std::string_view(discipline_) : "";
  const std::string block =
      test_block_text({args[0], *payer_, test_date, discipline, services_}, r);
  if (!shown_date) {
    out += fmt::format(
        "Note: the test is dated {}, a date on which the newest rules shown are in force.\n",
        lang::format_date(test_date));
  }
  if (r.alternatives.size() >= interp::kMaxAlternatives) {
    out += fmt::format(
        "Note: results list at most {} alternatives, so the test may not list "
        "them all.\n",
        interp::kMaxAlternatives);
  }
  for (const auto& t : typed_) {
    if (uses_file(*loaded_.plan, *payer_, services_, t)) {
      out += fmt::format(
          "Note: the test uses a declaration typed at the prompt ({}); save it "
          "in a rule file too.\n",
          t->name());
    }
  }

  if (args.size() < 2) {
    out += block;
    return;
  }
  const std::string& file = args[1];
  if (!append_to_file(file, block)) {
    out += error(fmt::format("cannot write {}: {}", file, std::strerror(errno)));
    return;
  }
  out += fmt::format("Appended test {} to {}.\n", quote(args[0]), file);
}

void Session::cmd_test(const Args& args, std::string& out) {
  if (!need_rules(out))
    return;
  interp::TestOptions options;
  options.filter = join_args(args);
  const interp::TestReport report = interp::run_tests(loaded_, options);
  for (const interp::CaseOutcome& c : report.cases) {
    if (c.passed)
      continue;
    out += fmt::format("{} {}: {}\n", style_.red("FAIL"), c.where, c.test);
    out += fmt::format("  given {} (payer {}, date {})\n", c.given, c.payer, c.date);
    for (const std::string& p : c.problems)
      out += fmt::format("  {}\n", p);
  }
  const std::string summary = fmt::format("{} passed, {} failed", report.passed, report.failed);
  out += (report.failed > 0 ? style_.red(summary) : style_.green(summary)) + "\n";
}

}  // namespace cptrules::repl
