// Edits of a scenario: `+` and `-` lines applied to its services, and the services as a line.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lexicon.hpp"
#include "scenario.hpp"
#include "text.hpp"

namespace cptrules::repl {

namespace {

using lang::lexicon::spelling;
using lang::lexicon::Word;

bool same_name(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  return a && b ? same_icase(*a, *b) : !a && !b;
}

// True when `a` and `b` are services of one code and discipline.
bool same_line(const interp::Service& a, const interp::Service& b) {
  return a.code == b.code && same_name(a.discipline, b.discipline);
}

// "97110" or "97110 in OT".
std::string line_name(const interp::Service& s) {
  return s.discipline ? fmt::format("{} {} {}", s.code, spelling(Word::in), *s.discipline) : s.code;
}

// The one spelling of a service's clock times: "from 10:00 to 10:20".
std::string clock_words(const interp::ClockSpan& span) {
  return fmt::format("{} {} {} {}", spelling(Word::from), interp::clock_text(span.start),
                     spelling(Word::to), interp::clock_text(span.end));
}

// What tells apart the services `at` of `services`: their clock times or providers.
std::string services_apart(const std::vector<interp::Service>& services,
                           const std::vector<std::size_t>& at) {
  std::vector<std::string> parts;
  for (std::size_t k : at) {
    const interp::Service& s = services[k];
    std::string part = s.clock     ? clock_words(*s.clock)
                       : s.minutes ? fmt::format("{} {}", *s.minutes, spelling(Word::min))
                                   : std::string("without minutes");
    if (s.provider)
      part += fmt::format(" {} {}", spelling(Word::by), *s.provider);
    parts.push_back(std::move(part));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// The other disciplines the scenario gives `s.code` in, for an error that names none of them.
std::string other_lines(const std::vector<interp::Service>& services, const interp::Service& s) {
  std::vector<std::string> names;
  for (const interp::Service& n : services) {
    const std::string name = line_name(n);
    if (n.code == s.code && std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(name);
  }
  return names.empty() ? std::string() : fmt::format("; it has {}", fmt::join(names, " and "));
}

void add_modifiers(interp::Service& to, const std::vector<std::string>& modifiers) {
  for (const std::string& m : modifiers) {
    if (std::find(to.modifiers.begin(), to.modifiers.end(), m) == to.modifiers.end())
      to.modifiers.push_back(m);
  }
}

// `+ s`: more of the service of its code and discipline, or a service of its own.
bool add_service(std::vector<interp::Service>& next, const interp::Service& s, std::string& error) {
  std::vector<std::size_t> targets;
  for (std::size_t k = 0; k < next.size() && !s.clock; ++k) {
    const interp::Service& n = next[k];
    if (same_line(n, s) && (!s.provider || same_name(n.provider, s.provider)) &&
        !(s.minutes && n.clock))
      targets.push_back(k);
  }
  if (targets.empty()) {
    next.push_back(s);
    return true;
  }
  if (targets.size() > 1) {
    error = fmt::format(
        "{} is in the scenario as {} services ({}): '+' cannot tell which to change; name its "
        "provider with 'by', or type the scenario again",
        line_name(s), targets.size(), services_apart(next, targets));
    return false;
  }
  interp::Service& n = next[targets.front()];
  if (s.minutes)
    n.minutes = n.minutes.value_or(0) + *s.minutes;
  if (s.assistant_minutes)
    n.assistant_minutes = n.assistant_minutes.value_or(0) + *s.assistant_minutes;
  if (s.billed_units)
    n.billed_units = s.billed_units;
  if (s.provider)
    n.provider = s.provider;
  add_modifiers(n, s.modifiers);
  return true;
}

// `- s`: a service, its minutes or its modifiers taken away.
bool remove_service(std::vector<interp::Service>& next, const interp::Service& s,
                    std::string& error, std::optional<interp::Service>& retry) {
  const std::string name = line_name(s);
  if (s.billed_units) {
    error = fmt::format("'-' takes no billed units away: + {} {} N sets them", name,
                        spelling(Word::billed));
    return false;
  }
  if (s.assistant_minutes) {
    error =
        "'-' takes no assistant minutes away: type the scenario again with the minutes an "
        "assistant furnished";
    return false;
  }
  std::vector<std::size_t> of_line;
  for (std::size_t k = 0; k < next.size(); ++k) {
    if (same_line(next[k], s) && (!s.provider || same_name(next[k].provider, s.provider)))
      of_line.push_back(k);
  }
  if (of_line.empty()) {
    error = fmt::format("{}{} is not in the scenario{}", name,
                        s.provider ? fmt::format(" {} {}", spelling(Word::by), *s.provider) : "",
                        other_lines(next, s));
    // The service of the one other discipline the scenario gives its code in, for the hint.
    for (const interp::Service& n : next) {
      if (n.code != s.code || same_name(n.discipline, s.discipline))
        continue;
      if (retry && !same_name(retry->discipline, n.discipline)) {
        retry.reset();
        break;
      }
      retry = s;
      retry->discipline = n.discipline;
    }
    return false;
  }
  if (s.clock) {
    for (std::size_t k : of_line) {
      if (next[k].clock && next[k].clock->start == s.clock->start &&
          next[k].clock->end == s.clock->end) {
        next.erase(next.begin() + static_cast<std::ptrdiff_t>(k));
        return true;
      }
    }
    error = fmt::format("{} has no service {} (it has {})", name, clock_words(*s.clock),
                        services_apart(next, of_line));
    return false;
  }
  if (s.minutes) {
    std::vector<std::size_t> unclocked;
    for (std::size_t k : of_line) {
      if (!next[k].clock)
        unclocked.push_back(k);
    }
    if (unclocked.empty()) {
      error = fmt::format(
          "{} is given with clock times ({}): take a service away with - {} {}, or all of {} "
          "with - {}",
          name, services_apart(next, of_line), name, clock_words(*next[of_line.front()].clock),
          name, name);
      return false;
    }
    if (unclocked.size() > 1) {
      error = fmt::format(
          "{} is in the scenario as {} services ({}): '-' cannot tell which to take minutes "
          "from; name its provider with 'by'",
          name, unclocked.size(), services_apart(next, unclocked));
      return false;
    }
    interp::Service& n = next[unclocked.front()];
    if (!n.minutes) {
      error = fmt::format("{} was given without minutes: remove it with - {}", name, name);
      return false;
    }
    if (*s.minutes > *n.minutes) {
      error = fmt::format(
          "{} has {} min: {} min cannot be taken away (- {} takes the code away); the scenario "
          "is unchanged",
          name, *n.minutes, *s.minutes, name);
      return false;
    }
    *n.minutes -= *s.minutes;
    if (n.assistant_minutes && *n.assistant_minutes > *n.minutes) {
      error = fmt::format(
          "{} would have {} min, fewer than the {} min an assistant furnished: type the scenario "
          "again",
          name, *n.minutes, *n.assistant_minutes);
      return false;
    }
    if (*n.minutes <= 0) {
      next.erase(next.begin() + static_cast<std::ptrdiff_t>(unclocked.front()));
      return true;
    }
  }
  for (const std::string& m : s.modifiers) {
    bool carried = false;
    for (std::size_t k : of_line) {
      if (k < next.size() && std::erase(next[k].modifiers, m) > 0)
        carried = true;
    }
    if (!carried) {
      error = fmt::format("{} does not carry modifier {}", name, m);
      return false;
    }
  }
  if (!s.minutes && s.modifiers.empty()) {
    for (std::size_t k = of_line.size(); k-- > 0;)
      next.erase(next.begin() + static_cast<std::ptrdiff_t>(of_line[k]));
  }
  return true;
}

}  // namespace

bool apply_edit(std::vector<interp::Service>& services, const ScenarioEdit& edit,
                std::string& error) {
  std::vector<interp::Service> next =
      edit.kind == EditKind::replace ? std::vector<interp::Service>{} : services;
  for (std::size_t i = 0; i < edit.services.size(); ++i) {
    const interp::Service& s = edit.services[i];
    std::optional<interp::Service> retry;
    const bool ok = edit.kind == EditKind::remove ? remove_service(next, s, error, retry)
                                                  : add_service(next, s, error);
    if (ok)
      continue;
    // A hint: the edit with the service in the one discipline the scenario has it in, when
    // that edit applies.
    if (retry) {
      ScenarioEdit hint = edit;
      hint.services[i] = *retry;
      std::vector<interp::Service> tried = services;
      std::string ignored;
      if (apply_edit(tried, hint, ignored))
        error += fmt::format(": did you mean '- {}'?", services_text(hint.services));
    }
    return false;
  }
  services = std::move(next);
  return true;
}

std::string services_text(const std::vector<interp::Service>& services) {
  std::string out;
  for (const interp::Service& s : services) {
    if (!out.empty())
      out += ", ";
    out += s.code;
    if (s.clock) {
      out += " " + clock_words(*s.clock);
    } else if (s.minutes) {
      out += fmt::format(" {} {}", *s.minutes, spelling(Word::min));
    }
    if (s.discipline)
      out += fmt::format(" {} {}", spelling(Word::in), *s.discipline);
    if (s.provider)
      out += fmt::format(" {} {}", spelling(Word::by), *s.provider);
    if (s.assistant_minutes) {
      out += fmt::format(" {} {} {}", spelling(Word::assistant), *s.assistant_minutes,
                         spelling(Word::min));
    }
    if (s.billed_units)
      out += fmt::format(" {} {}", spelling(Word::billed), *s.billed_units);
    for (std::size_t i = 0; i < s.modifiers.size(); ++i) {
      out += i == 0 ? " with " : " and ";
      out += s.modifiers[i];
    }
  }
  return out;
}

}  // namespace cptrules::repl
