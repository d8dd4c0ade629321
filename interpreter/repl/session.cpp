// Session: dispatch of lines, typed declarations, atomic reloads, evaluation and completion.
#include "session.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "diagnostic.hpp"
#include "lexicon.hpp"
#include "parser.hpp"
#include "record_pipeline.hpp"
#include "saved_test.hpp"
#include "scenario.hpp"
#include "session_commands.hpp"
#include "stdlib.hpp"
#include "suggest.hpp"
#include "text.hpp"

namespace cptrules::repl {

namespace {

namespace ast = lang::ast;

// True when `word` starts a declaration typed at the prompt (a declaration keyword).
bool is_declaration_keyword(std::string_view word) {
  return lang::lexicon::find_declaration(word).has_value();
}

// "code 97140", "payer acme", ... for each declaration of a typed text that parsed.
std::vector<std::string> declaration_keys(const std::shared_ptr<const lang::SourceFile>& file) {
  std::vector<std::string> keys;
  const lang::ParseResult parsed = lang::parse(file);
  for (const ast::Decl& decl : parsed.module.decls) {
    keys.push_back(std::visit(
        [](const auto& d) -> std::string {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, ast::CodeDecl>) {
            return "code " + d.code.text;
          } else if constexpr (std::is_same_v<T, ast::PolicyDecl>) {
            return "policy " + d.name.text;
          } else if constexpr (std::is_same_v<T, ast::PayerDecl>) {
            return "payer " + d.name.text;
          } else if constexpr (std::is_same_v<T, ast::TestDecl>) {
            return "test " + quote(d.title.value);
          } else if constexpr (requires { d.name.text; }) {
            return "declaration " + d.name.text;
          } else {
            return "declaration";
          }
        },
        decl));
  }
  return keys;
}

using lang::did_you_mean;

// True when `code` is a timed code of `plan` (its version on `date`, else its newest); false for
// an untimed or unknown code.
bool timed_code(const interp::Plan& plan, const std::string& code, std::optional<lang::Date> date) {
  const auto id = plan.find_code(code);
  if (!id)
    return false;
  const auto& entry = plan.codes[*id];
  const interp::CodeVersion* v = entry.at(date);
  return (v != nullptr ? v : &entry.versions.back())->timed;
}

std::vector<std::string> path_candidates(std::string_view word) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  const std::size_t slash = word.rfind('/');
  const std::string dir_part =
      slash == std::string_view::npos ? "" : std::string(word.substr(0, slash + 1));
  const std::string_view base = slash == std::string_view::npos ? word : word.substr(slash + 1);
  std::error_code ec;
  const fs::path dir = dir_part.empty() ? fs::path(".") : fs::path(dir_part);
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(base, 0) != 0)
      continue;
    if (!name.empty() && name[0] == '.' && (base.empty() || base[0] != '.'))
      continue;
    std::error_code dir_ec;
    out.push_back(dir_part + name + (it->is_directory(dir_ec) ? "/" : ""));
  }
  return out;
}

}  // namespace

Session::Session(SessionOptions options)
    : options_(std::move(options)),
      style_(options_.color),
      paths_(options_.paths),
      payer_(options_.payer),
      date_(options_.date),
      discipline_(options_.discipline) {}

Session::~Session() = default;

std::string Session::error(std::string_view message) const {
  return fmt::format("{} {}\n", style_.red("error:"), message);
}

bool Session::start(std::string& out) {
  const std::optional<std::string> payer = std::exchange(payer_, std::nullopt);
  if (!reload(paths_, typed_, out)) {
    payer_ = payer;
    out += "No rules are loaded: fix the errors above, then type :reload.\n";
    return false;
  }
  if (payer && !loaded_.plan->find_payer(*payer)) {
    out +=
        error(fmt::format("unknown payer '{}'{}: pick one with :payer NAME (loaded payers: {})",
                          *payer, did_you_mean(*payer, loaded_.plan->payer_names()), payer_list()));
  } else {
    payer_ = payer;
  }
  return true;
}

std::string Session::rules_summary() const {
  if (!loaded_.plan)
    return "no rules";
  const interp::Plan& plan = *loaded_.plan;
  const auto count = [](std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  return fmt::format("{}, {}, {}", count(plan.codes.size(), "code", "codes"),
                     count(plan.policies.size(), "policy", "policies"),
                     count(plan.payers.size(), "payer", "payers"));
}

std::string Session::prompt() const {
  std::string p = payer_ ? *payer_ : "cptrules";
  if (date_)
    p += " " + lang::format_date(*date_);
  return p + "> ";
}

void Session::cancel() {
  pending_.clear();
  pending_depth_ = 0;
}

void Session::finish(std::string& out) {
  if (pending_.empty())
    return;
  out += error("the input ended inside a declaration: its closing '}' is missing");
  cancel();
}

void Session::handle(std::string_view raw, std::string& out) {
  if (!pending_.empty()) {
    add_declaration_line(raw, out);
    return;
  }
  const std::string_view line = trim(raw);
  if (line.empty() || line.front() == '#')
    return;
  if (line.front() == ':') {
    run_command(line, out);
    return;
  }
  const std::string_view word = first_word(line);
  if (is_declaration_keyword(word)) {
    add_declaration_line(raw, out);
    return;
  }
  if (line.front() == '+' || line.front() == '-' || word == "given" || looks_like_code(word)) {
    run_scenario(line, out);
    return;
  }
  for (const CommandInfo& c : commands()) {
    if (c.name.substr(1) == word) {
      out += error(fmt::format("commands start with ':': did you mean {}?", c.name));
      return;
    }
  }
  out += error(fmt::format(
      "cannot read '{}': type a scenario (97110 33 min, 97140 7 min), a command (:help lists "
      "them) or a code, policy or payer declaration",
      line));
}

void Session::run_command(std::string_view line, std::string& out) {
  const std::string_view name = first_word(line);
  Args args = split_args(trim(line).substr(name.size()));
  const CommandInfo* command = nullptr;
  for (const CommandInfo& c : commands()) {
    if (c.name == name)
      command = &c;
  }
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const CommandInfo& c : commands())
      names.emplace_back(c.name);
    out += error(fmt::format("unknown command '{}'{}; :help lists the commands", name,
                             did_you_mean(name, names)));
    return;
  }
  if (args.size() < command->min_args || args.size() > command->max_args) {
    out += error(fmt::format("usage: {}", command->usage));
    return;
  }
  (this->*(command->run))(args, out);
}

bool Session::need_rules(std::string& out) const {
  if (loaded_.plan)
    return true;
  out += error("no rules are loaded: fix the errors and type :reload, or :load a rule file");
  return false;
}

bool Session::need_scenario(std::string& out) const {
  if (!services_.empty())
    return true;
  out += error("there is no scenario yet: type one, e.g. 97110 33 min, 97140 7 min");
  return false;
}

std::string Session::payer_list() const {
  if (!loaded_.plan)
    return "none";
  const std::vector<std::string> names = loaded_.plan->payer_names();
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

std::vector<std::string> Session::disciplines() const {
  std::set<std::string> all{discipline_};
  if (loaded_.plan)
    all.insert(loaded_.plan->disciplines.begin(), loaded_.plan->disciplines.end());
  return {all.begin(), all.end()};
}

bool Session::check_services(const std::vector<interp::Service>& services, std::string& out) const {
  bool ok = true;
  const interp::Plan& plan = *loaded_.plan;
  for (const interp::Service& s : services) {
    const auto id = plan.find_code(s.code);
    if (!id) {
      out += error(
          fmt::format("unknown code '{}'{}", s.code, did_you_mean(s.code, plan.code_names())));
      ok = false;
      continue;
    }
    const auto& entry = plan.codes[*id];
    const interp::CodeVersion* v = entry.at(date_);
    if (v == nullptr)
      v = &entry.versions.back();
    if (v->timed && !s.minutes) {
      out += error(
          fmt::format("{} is a timed code: give its minutes, e.g. {} 15 min", s.code, s.code));
      ok = false;
    } else if (s.assistant_minutes && *s.assistant_minutes > s.minutes.value_or(0)) {
      out += error(fmt::format("{} has {} min: an assistant cannot have furnished {} min of it",
                               s.code, s.minutes.value_or(0), *s.assistant_minutes));
      ok = false;
    }
  }
  return ok;
}

interp::EvalOptions Session::eval_options(const std::string& payer) const {
  interp::EvalOptions options;
  options.default_payer = payer;
  options.default_date = date_;
  // The session's discipline, when the rules name it (rules without disciplines have none).
  if (loaded_.plan && loaded_.plan->find_discipline(discipline_))
    options.default_discipline = discipline_;
  return options;
}

interp::Result Session::evaluate(const std::vector<interp::Service>& services,
                                 const std::string& payer, interp::Explanation* why) const {
  interp::RecordPipeline pipeline(loaded_.plan, eval_options(payer), why != nullptr);
  interp::Encounter encounter;
  encounter.id = "repl";
  encounter.services = services;
  interp::Result result;
  pipeline.evaluate(encounter, result);
  if (why != nullptr)
    *why = *pipeline.explanation();
  if (!date_) {
    // The header says "newest rules" already; the warning would repeat it on every result.
    std::erase_if(result.findings,
                  [](const interp::Finding& f) { return f.id == "input.no-date"; });
  }
  return result;
}

std::string Session::result_header(const interp::Result& result) const {
  if (!result.ok)
    return {};
  return style_.dim(fmt::format("{}, policy {}, {}, discipline {}", result.payer, result.policy,
                                date_ ? lang::format_date(*date_) : std::string("newest rules"),
                                discipline_)) +
         "\n";
}

void Session::run_scenario(std::string_view line, std::string& out) {
  std::string problem;
  ScenarioNames names;
  if (const interp::Plan* plan = loaded_.plan.get()) {
    names.is_code = [plan](std::string_view word) { return plan->find_code(word).has_value(); };
    names.is_modifier = [plan](std::string_view word) {
      return plan->find_modifier(word).has_value();
    };
    names.disciplines = plan->disciplines;
    names.providers = plan->provider_names();
  }
  const std::optional<ScenarioEdit> edit = parse_scenario(line, problem, names);
  if (!edit) {
    out += error(problem);
    return;
  }
  if (!need_rules(out))
    return;
  if (edit->kind != EditKind::replace && services_.empty()) {
    out += error(fmt::format("there is no scenario to change yet: type one first, e.g. {}",
                             services_text(edit->services)));
    return;
  }
  std::vector<interp::Service> next = services_;
  if (!apply_edit(next, *edit, problem)) {
    out += error(problem);
    return;
  }
  if (!check_services(next, out))
    return;
  services_ = std::move(next);
  if (!payer_) {
    last_result_.reset();
    out += error(fmt::format("no payer is selected: pick one with :payer NAME (loaded payers: {})",
                             payer_list()));
    return;
  }
  interp::Result result = evaluate(services_, *payer_);
  out += result_header(result);
  if (services_.empty())
    out += "The scenario is empty now.\n";
  if (edit->kind == EditKind::replace || !last_result_) {
    out += result_text(result, style_, discipline_);
  } else {
    out += change_text(*last_result_, result, style_, discipline_);
  }
  last_result_ = std::move(result);
}

void Session::reevaluate(std::string& out, bool say_unchanged) {
  if (services_.empty() || !payer_ || !loaded_.plan)
    return;
  interp::Result result = evaluate(services_, *payer_);
  if (last_result_ && same_result(*last_result_, result)) {
    if (say_unchanged)
      out += "The last scenario's result does not change.\n";
    return;
  }
  out += result_header(result);
  out += last_result_ ? change_text(*last_result_, result, style_, discipline_)
                      : result_text(result, style_, discipline_);
  last_result_ = std::move(result);
}

void Session::add_declaration_line(std::string_view line, std::string& out) {
  bool saw_brace = false;
  const int delta = brace_delta(line, saw_brace);
  if (pending_.empty() && !saw_brace) {
    const std::vector<std::string> words = split_args(line);
    if (words.size() == 2 && (words[0] == "payer" || words[0] == "discipline")) {
      out +=
          error(fmt::format("did you mean :{} {}? (a declaration needs a '{{' on its first "
                            "line)",
                            words[0], words[1]));
    } else {
      out += error(fmt::format(
          "a declaration starts with its '{{' on the first line, e.g. {} NAME \"title\" {{",
          words.empty() ? std::string("code") : words[0]));
    }
    return;
  }
  pending_ += line;
  pending_ += '\n';
  pending_depth_ += delta;
  if (pending_depth_ <= 0)
    submit_declaration(out);
}

void Session::submit_declaration(std::string& out) {
  auto file =
      std::make_shared<lang::SourceFile>(fmt::format("<typed {}>", ++typed_count_), pending_);
  cancel();
  const std::vector<std::string> keys = declaration_keys(file);
  std::vector<std::shared_ptr<const lang::SourceFile>> next;
  std::set<std::string> replaced;
  for (const auto& t : typed_) {
    const std::vector<std::string> old = declaration_keys(t);
    const bool superseded = !old.empty() && std::all_of(old.begin(), old.end(), [&](const auto& k) {
      return std::find(keys.begin(), keys.end(), k) != keys.end();
    });
    if (superseded) {
      replaced.insert(old.begin(), old.end());
    } else {
      next.push_back(t);
    }
  }
  next.push_back(file);
  if (!reload(paths_, next, out))
    return;
  typed_ = std::move(next);
  for (const std::string& key : keys) {
    out += fmt::format("{} {} ({})\n", replaced.count(key) != 0 ? "Replaced" : "Added", key,
                       file->name());
  }
  reevaluate(out, false);
}

bool Session::reload(const std::vector<std::string>& paths,
                     const std::vector<std::shared_ptr<const lang::SourceFile>>& typed,
                     std::string& out) {
  interp::LoadOptions options;
  options.stdlib = options_.stdlib;
  options.paths = paths;
  options.extra = typed;
  interp::LoadedRules next = interp::load_rules(options);
  const std::size_t stdlib_count = options_.stdlib ? interp::stdlib_files().size() : 0;
  auto from_stdlib = [&](const std::shared_ptr<const lang::SourceFile>& file) {
    for (std::size_t i = 0; i < stdlib_count && i < next.files.size(); ++i) {
      if (next.files[i] == file)
        return true;
    }
    return false;
  };
  std::size_t warnings = 0;
  for (const lang::Diagnostic& d : next.diagnostics.items()) {
    if (d.severity == lang::Severity::warning && d.file && from_stdlib(d.file))
      continue;
    warnings += d.severity == lang::Severity::warning ? 1 : 0;
    out += lang::render(d, style_.color());
  }
  if (!next.plan) {
    out += error(fmt::format(
        "{}: nothing was changed{}",
        interp::counts_text(next.diagnostics.error_count(), warnings, next.files.size()),
        loaded_.plan ? fmt::format(" (still loaded: {})", rules_summary()) : std::string()));
    return false;
  }
  loaded_ = std::move(next);
  if (payer_ && !loaded_.plan->find_payer(*payer_)) {
    out += fmt::format("Payer {} is not in the rules now: pick one with :payer NAME ({}).\n",
                       *payer_, payer_list());
    payer_.reset();
    last_result_.reset();
  }
  return true;
}

std::vector<std::string> Session::scenario_candidates(std::string_view before,
                                                      std::string_view word) const {
  using lang::lexicon::spelling;
  using lang::lexicon::Word;
  std::vector<std::string> pool;
  const interp::Plan* plan = loaded_.plan.get();
  auto add_names = [&](std::vector<std::string> names) {
    pool.insert(pool.end(), std::make_move_iterator(names.begin()),
                std::make_move_iterator(names.end()));
  };
  // Only words that keep the scenario valid: a code where one starts, its clauses in the
  // language's order after it (a timed code's time first), `min` after a number of minutes,
  // `to` after the clock time a service starts, the names the rules know after `in`, `by`,
  // `with` and `and`.
  const ScenarioSlot slot = scenario_slot(before);
  switch (slot.kind) {
    case SlotKind::none:
    case SlotKind::number:
      break;
    case SlotKind::code:
      if (plan != nullptr)
        add_names(plan->code_names());
      break;
    case SlotKind::words: {
      const bool timed = slot.after_code && plan != nullptr && timed_code(*plan, slot.code, date_);
      for (std::string_view w : slot.words) {
        // Right after a code: a timed code's time, `from` once a letter of it is typed (a
        // number is never completed, and Tab alone adds nothing: never `97140 from` for
        // `97140 7 min`); an untimed code's other clauses.
        const bool from = w == spelling(Word::from);
        if (slot.after_code && (plan == nullptr || timed != from || (from && word.empty())))
          continue;
        pool.emplace_back(w);
      }
      break;
    }
    case SlotKind::discipline:
      if (plan != nullptr)
        add_names(plan->disciplines);
      break;
    case SlotKind::provider:
      if (plan != nullptr)
        add_names(plan->provider_names());
      break;
    case SlotKind::modifier:
      if (plan != nullptr)
        add_names(plan->modifier_names());
      break;
  }
  return pool;
}

Completion Session::complete(std::string_view before) const {
  Completion c;
  if (!pending_.empty())
    return c;
  std::size_t start = before.find_last_of(" \t,");
  start = start == std::string_view::npos ? 0 : start + 1;
  if (start < before.size() && (before[start] == '+' || before[start] == '-'))
    ++start;
  c.start = start;
  const std::string_view word = before.substr(start);
  const std::vector<std::string> words = split_args(before.substr(0, start));
  std::vector<std::string> pool;
  const interp::Plan* plan = loaded_.plan.get();
  auto add_names = [&](std::vector<std::string> names) {
    pool.insert(pool.end(), std::make_move_iterator(names.begin()),
                std::make_move_iterator(names.end()));
  };
  const std::string_view line = trim(before);
  if (!line.empty() && line.front() == ':') {
    if (words.empty()) {
      for (const CommandInfo& command : commands()) {
        if (!command.hidden)
          pool.emplace_back(command.name);
      }
    } else {
      const CommandInfo* command = nullptr;
      for (const CommandInfo& k : commands()) {
        if (k.name == words[0])
          command = &k;
      }
      const std::size_t arg = words.size() - 1;
      if (command != nullptr && arg < command->max_args) {
        switch (command->complete) {
          case ArgKind::none:
            break;
          case ArgKind::command:
            for (const CommandInfo& k : commands()) {
              if (!k.hidden)
                pool.emplace_back(k.name.substr(1));
            }
            break;
          case ArgKind::payer:
            if (plan != nullptr)
              add_names(plan->payer_names());
            break;
          case ArgKind::date:
            pool.emplace_back("none");
            break;
          case ArgKind::discipline:
            add_names(disciplines());
            break;
          case ArgKind::name:
            // :show [KIND] NAME: a kind or a name of any kind, then a name of that kind.
            if (plan != nullptr && arg == 0) {
              for (std::string_view kind : show_kinds()) {
                pool.emplace_back(kind);
                add_names(declared_names(*plan, kind));
              }
            } else if (plan != nullptr) {
              add_names(declared_names(*plan, to_lower(words[1])));
            }
            break;
          case ArgKind::policy:
            if (plan != nullptr && arg == 0) {
              add_names(plan->policy_names());
              add_names(plan->payer_names());
            }
            break;
          case ArgKind::path:
            if (arg == 0) {
              c.is_path = true;
              add_names(path_candidates(word));
            }
            break;
          case ArgKind::loaded:
            if (arg == 0) {
              pool.insert(pool.end(), paths_.begin(), paths_.end());
              pool.insert(pool.end(), waiting_.begin(), waiting_.end());
            }
            break;
          case ArgKind::test_file:
            if (arg == 1) {
              c.is_path = true;
              add_names(path_candidates(word));
            }
            break;
        }
      }
    }
  } else if (words.empty() || !is_declaration_keyword(words[0])) {
    add_names(scenario_candidates(before.substr(0, start), word));
  }
  for (std::string& candidate : pool) {
    if (c.is_path ? candidate.rfind(word, 0) == 0 : starts_with_icase(candidate, word)) {
      c.candidates.push_back(std::move(candidate));
    }
  }
  std::sort(c.candidates.begin(), c.candidates.end());
  c.candidates.erase(std::unique(c.candidates.begin(), c.candidates.end()), c.candidates.end());
  return c;
}

}  // namespace cptrules::repl
