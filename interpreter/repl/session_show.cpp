// :show: a declaration of any kind as written in its rule file, or the names of one kind.
#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "session_commands.hpp"
#include "suggest.hpp"
#include "text.hpp"

namespace cptrules::repl {

namespace {

std::string in_force_text(const interp::InForce& f) {
  constexpr auto lo = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi = std::numeric_limits<std::int32_t>::max();
  if (f.effective == lo && f.expires == hi)
    return "always in force";
  if (f.expires == hi)
    return fmt::format("in force from {}", lang::format_date({f.effective}));
  if (f.effective == lo)
    return fmt::format("in force through {}", lang::format_date({f.expires}));
  return fmt::format("in force from {} through {}", lang::format_date({f.effective}),
                     lang::format_date({f.expires}));
}

using lang::did_you_mean;

// The declaration of one version of `entry` as written, under a comment giving its place.
template <typename Version>
std::string show_entry(std::string_view kind, const interp::Entry<Version>& entry,
                       std::optional<lang::Date> date, const Style& style) {
  std::string out;
  const Version* v = entry.at(date);
  const bool in_force = v != nullptr;
  if (v == nullptr)
    v = &entry.versions.back();
  out += style.dim(fmt::format("# {} {}, {}", kind, entry.name, v->origin.where())) + "\n";
  if (!in_force) {
    out += style.dim(fmt::format("# not in force {}: its newest version is shown",
                                 interp::when_text(date))) +
           "\n";
  }
  if (entry.versions.size() > 1) {
    for (std::size_t i = 0; i < entry.versions.size(); ++i) {
      const Version& other = entry.versions[i];
      out += style.dim(fmt::format("# version {} of {}, {}: {}{}", i + 1, entry.versions.size(),
                                   in_force_text(other.in_force), other.origin.where(),
                                   &other == v ? " (below)" : "")) +
             "\n";
    }
  }
  if (v->origin.file) {
    const std::string_view text = v->origin.file->slice(v->origin.span);
    out += text;
    if (text.empty() || text.back() != '\n')
      out += '\n';
  }
  return out;
}

// The `payer NAME also` declarations that add `counts` clauses to the payer version shown
// (the one in force, else the newest), each as written under a comment giving its place.
std::string show_extensions(const interp::Entry<interp::PayerVersion>& entry,
                            std::optional<lang::Date> date, const Style& style) {
  const interp::PayerVersion* v = entry.at(date);
  if (v == nullptr)
    v = &entry.versions.back();
  std::string out;
  for (const interp::Origin& o : v->extensions) {
    out += style.dim(fmt::format("# payer {} also, {}", entry.name, o.where())) + "\n";
    const std::string_view text = o.file->slice(o.span);
    out += text;
    if (text.empty() || text.back() != '\n')
      out += '\n';
  }
  return out;
}

// A provider declaration as written, under a comment giving its place.
std::string show_provider(const interp::ProviderPlan& p, const Style& style) {
  std::string out = style.dim(fmt::format("# provider {}, {}", p.name, p.origin.where())) + "\n";
  if (p.origin.file) {
    const std::string_view text = p.origin.file->slice(p.origin.span);
    out += text;
    if (text.empty() || text.back() != '\n')
      out += '\n';
  }
  return out;
}

// The providers the rules declare: each name and title.
std::string list_providers(const std::vector<interp::ProviderPlan>& providers, const Style& style) {
  if (providers.empty())
    return "The rules declare no providers.\n";
  TextTable table({false, false});
  table.add({"PROVIDER", "TITLE"}, "bold");
  for (const auto& p : providers)
    table.add({p.name, p.title});
  return table.text(style) + fmt::format("{} provider{}; :show provider NAME shows one\n",
                                         providers.size(), providers.size() == 1 ? "" : "s");
}

// The entry of `entries` called `name` (exactly, else ignoring case); null when none is.
template <typename Version>
const interp::Entry<Version>* find_entry(const std::vector<interp::Entry<Version>>& entries,
                                         std::string_view name) {
  const interp::Entry<Version>* loose = nullptr;
  for (const auto& entry : entries) {
    if (entry.name == name)
      return &entry;
    if (loose == nullptr && to_lower(entry.name) == to_lower(name))
      loose = &entry;
  }
  return loose;
}

template <typename Version>
std::vector<std::string> names_of(const std::vector<interp::Entry<Version>>& entries) {
  std::vector<std::string> names;
  for (const auto& entry : entries)
    names.push_back(entry.name);
  return names;
}

// The declarations of one kind: each name and the title of its version in force.
template <typename Version>
std::string list_entries(std::string_view kind, const std::vector<interp::Entry<Version>>& entries,
                         std::optional<lang::Date> date, const Style& style) {
  if (entries.empty())
    return fmt::format("The rules declare no {}s.\n", kind);
  TextTable table({false, false});
  table.add({to_upper(kind), "TITLE"}, "bold");
  for (const auto& entry : entries) {
    const Version* v = entry.at(date);
    table.add({entry.name, v != nullptr
                               ? v->title
                               : fmt::format("{} (not in force {})", entry.versions.back().title,
                                             interp::when_text(date))});
  }
  return table.text(style) + fmt::format("{} {}{}; :show {} NAME shows one\n", entries.size(), kind,
                                         entries.size() == 1 ? "" : "s", kind);
}

// The declarations called `name` of `kind` (every kind when empty), as written.
std::string show_text(const interp::Plan& plan, std::string_view kind, std::string_view name,
                      std::optional<lang::Date> date, const Style& style) {
  std::string shown;
  auto wanted = [&](std::string_view k) { return kind.empty() || kind == k; };
  if (wanted("code")) {
    if (const auto* e = find_entry(plan.codes, name))
      shown += show_entry("code", *e, date, style);
  }
  if (wanted("policy")) {
    if (const auto* e = find_entry(plan.policies, name))
      shown += show_entry("policy", *e, date, style);
  }
  if (wanted("payer")) {
    if (const auto* e = find_entry(plan.payers, name)) {
      shown += show_entry("payer", *e, date, style);
      shown += show_extensions(*e, date, style);
    }
  }
  if (wanted("edit")) {
    if (const auto* e = find_entry(plan.edits, name))
      shown += show_entry("edit", *e, date, style);
  }
  if (wanted("modifier")) {
    if (const auto* e = find_entry(plan.modifiers, name))
      shown += show_entry("modifier", *e, date, style);
  }
  if (wanted("limit")) {
    if (const auto* e = find_entry(plan.limits, name))
      shown += show_entry("limit", *e, date, style);
  }
  if (wanted("check")) {
    if (const auto* e = find_entry(plan.checks, name))
      shown += show_entry("check", *e, date, style);
  }
  if (wanted("provider")) {
    if (const auto id = plan.find_provider(name))
      shown += show_provider(plan.providers[*id], style);
  }
  return shown;
}

}  // namespace

const std::vector<std::string_view>& show_kinds() {
  static const std::vector<std::string_view> kinds = {"code",     "policy", "payer", "edit",
                                                      "modifier", "limit",  "check", "provider"};
  return kinds;
}

std::vector<std::string> declared_names(const interp::Plan& plan, std::string_view kind) {
  if (kind == "code")
    return plan.code_names();
  if (kind == "policy")
    return plan.policy_names();
  if (kind == "payer")
    return plan.payer_names();
  if (kind == "edit")
    return names_of(plan.edits);
  if (kind == "modifier")
    return plan.modifier_names();
  if (kind == "limit")
    return names_of(plan.limits);
  if (kind == "check")
    return names_of(plan.checks);
  if (kind == "provider") {
    std::vector<std::string> names;
    for (const auto& p : plan.providers)
      names.push_back(p.name);
    return names;
  }
  return {};
}

void Session::cmd_show(const Args& args, std::string& out) {
  if (!need_rules(out))
    return;
  const interp::Plan& plan = *loaded_.plan;
  const auto& kinds = show_kinds();
  std::string kind = to_lower(args[0]);
  for (std::string_view k : kinds) {
    if (kind == fmt::format("{}s", k))
      kind = k;  // `:show edits` lists the edits too
  }
  if (kind == "policies")
    kind = "policy";
  const bool is_kind = std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  if (args.size() == 2 && !is_kind) {
    out += error(fmt::format("usage: :show [KIND] NAME, where KIND is one of {} (got '{}')",
                             fmt::join(kinds, ", "), args[0]));
    return;
  }
  if (args.size() == 1 && is_kind) {
    if (kind == "edit") {
      out += list_entries("edit", plan.edits, date_, style_);
    } else if (kind == "modifier") {
      out += list_entries("modifier", plan.modifiers, date_, style_);
    } else if (kind == "limit") {
      out += list_entries("limit", plan.limits, date_, style_);
    } else if (kind == "check") {
      out += list_entries("check", plan.checks, date_, style_);
    } else if (kind == "provider") {
      out += list_providers(plan.providers, style_);
    } else {
      out += fmt::format("{} lists them: :show {} NAME shows one.\n",
                         kind == "code"     ? ":codes"
                         : kind == "policy" ? ":policies"
                                            : ":payers",
                         kind);
    }
    return;
  }
  const std::string& name = args.back();
  const std::string_view only = args.size() == 2 ? std::string_view(kind) : std::string_view();
  std::string shown = show_text(plan, only, name, date_, style_);
  if (shown.empty()) {
    std::vector<std::string> names;
    for (std::string_view k : kinds) {
      if (only.empty() || only == k) {
        for (std::string& n : declared_names(plan, k))
          names.push_back(std::move(n));
      }
    }
    for (std::string_view k : kinds) {
      if (!only.empty() && k != only && !show_text(plan, k, name, date_, style_).empty()) {
        out += error(
            fmt::format("no {} is called '{}', but a {} is: :show {} {}", only, name, k, k, name));
        return;
      }
    }
    const std::string any =
        fmt::format("{} or {}", fmt::join(kinds.begin(), kinds.end() - 1, ", "), kinds.back());
    out += error(fmt::format("no {} is called '{}'{}", only.empty() ? any : std::string(only), name,
                             lang::did_you_mean(name, names)));
    return;
  }
  out += shown;
}

}  // namespace cptrules::repl
