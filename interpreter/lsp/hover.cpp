// hover_text: a code's facts and each payer's units for a few minute values; a declaration's
// summary and sources; a keyword's line of the language reference.
#include "hover.hpp"

#include <fmt/format.h>

#include "evaluator.hpp"
#include "keyword_help.hpp"

namespace cptrules::lsp {

namespace ast = lang::ast;

namespace {

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

void add_meta(std::string& out, const ast::Meta& meta) {
  if (meta.effective)
    out += fmt::format("\n\neffective {}", lang::format_date(meta.effective->value));
  if (meta.expires)
    out += fmt::format("{}expires {}", meta.effective ? ", " : "\n\n",
                       lang::format_date(meta.expires->value));
  for (const auto& n : meta.notes)
    out += "\n\n" + n.value;
  if (!meta.sources.empty()) {
    out += "\n\nSources:";
    for (const auto& s : meta.sources)
      out += "\n- " + s.value;
  }
}

// The CodeDecl whose name is written at `o` (in a code or in a test's own codes).
const ast::CodeDecl* code_decl(const Occurrence& o) {
  if (const auto* c = std::get_if<ast::CodeDecl>(o.decl))
    return c;
  if (const auto* t = std::get_if<ast::TestDecl>(o.decl)) {
    for (const auto& c : t->codes) {
      if (c.code.span.begin == o.span.begin)
        return &c;
    }
  }
  return nullptr;
}

// A table of the units each payer gives the code alone, for minute values around its unit
// length: half a unit, one minute more, one unit, one and a half units and a minute, two units.
std::string units_table(const std::shared_ptr<const interp::Plan>& shared,
                        const std::string& code) {
  const interp::Plan& plan = *shared;
  const auto id = plan.find_code(code);
  if (!id)
    return "";
  const interp::CodeVersion* v = plan.codes[*id].at(std::nullopt);
  if (!v || !v->timed || v->unit <= 0 || v->ranged)
    return "";
  const std::int64_t u = v->unit;
  const std::vector<std::int64_t> minutes{u / 2, u / 2 + 1, u, u + u / 2 + 1, 2 * u};
  std::string out = "\n\nUnits of the code alone (newest rules):\n\n| payer |";
  for (const auto m : minutes)
    out += fmt::format(" {} min |", m);
  out += "\n|---|";
  for (std::size_t i = 0; i < minutes.size(); ++i)
    out += "---:|";
  std::size_t rows = 0;
  for (const auto& payer : plan.payers) {
    if (!payer.at(std::nullopt))
      continue;
    interp::EvalOptions options;
    options.default_payer = payer.name;
    interp::Evaluator evaluator(shared, options);
    out += "\n| " + payer.name + " |";
    for (const auto m : minutes) {
      interp::Encounter enc;
      enc.id = "hover";
      interp::Service s;
      s.code = code;
      s.minutes = m;
      enc.services.push_back(std::move(s));
      interp::Result r;
      evaluator.evaluate(enc, r);
      if (r.ok && !r.lines.empty())
        out += fmt::format(" {} |", r.lines.front().units);
      else
        out += " - |";
    }
    ++rows;
  }
  return rows == 0 ? "" : out;
}

std::string code_text(const Workspace& workspace, const Occurrence& o) {
  std::string out = fmt::format("**code {}**", o.name);
  const auto decls = workspace.analysis().index.find(NameKind::code, o.name, true);
  const ast::CodeDecl* c = nullptr;
  if (o.declaration)
    c = code_decl(o);
  for (const Occurrence* d : decls) {
    if (!c)
      c = code_decl(*d);
    else if (!o.declaration && d->file->name() == o.file->name())
      c = code_decl(*d);  // a test's own code, or the code of the same file
  }
  if (!c)
    return out + "\n\nnot declared in the loaded rules";
  if (c->title)
    out += " " + c->title->value;
  if (c->descriptor)
    out += "\n\n" + c->descriptor->value;
  std::string kind;
  if (c->timing == ast::Timing::untimed) {
    kind = "untimed: 1 unit per date of service";
  } else if (c->range) {
    kind = c->range->to ? fmt::format("timed {}..{} min", c->range->from, *c->range->to)
                        : fmt::format("timed {} min or more", c->range->from);
    kind += ": chosen by time range";
  } else if (c->timing == ast::Timing::timed) {
    kind = fmt::format("timed, unit length {} min", c->unit_minutes);
    if (c->first_block_only)
      kind += ", its first block only";
  }
  if (c->addon_to)
    kind += (kind.empty() ? "" : "; ") + ("add-on to " + c->addon_to->text);
  if (c->family)
    kind += (kind.empty() ? "" : "; ") + ("family " + c->family->text);
  if (!c->disciplines.empty()) {
    std::string d;
    for (const auto& n : c->disciplines)
      d += (d.empty() ? "" : ", ") + n.text;
    kind += (kind.empty() ? "" : "; ") + ("disciplines " + d);
  }
  if (!kind.empty())
    out += "\n\n" + kind;
  if (workspace.last_plan())
    out += units_table(workspace.last_plan(), o.name);
  add_meta(out, c->meta);
  return out;
}

template <typename Decl>
std::string decl_text(const char* kind, const Decl& d, const std::string& name) {
  std::string out = fmt::format("**{} {}**", kind, name);
  if (d.title)
    out += " " + d.title->value;
  if constexpr (std::is_same_v<Decl, ast::PayerDecl>) {
    if (d.policy)
      out += "\n\npolicy " + d.policy->text;
  }
  add_meta(out, d.meta);
  return out;
}

std::string name_text(const Workspace& workspace, const Occurrence& o) {
  if (o.kind == NameKind::code)
    return code_text(workspace, o);
  if (o.kind == NameKind::discipline)
    return fmt::format("**discipline {}**", o.name);
  const Occurrence* d = &o;
  if (!o.declaration) {
    const auto decls = workspace.analysis().index.find(o.kind, o.name, true);
    if (decls.empty())
      return fmt::format("**{} {}**\n\nnot declared in the loaded rules", kind_word(o.kind),
                         o.name);
    d = decls.back();  // the newest version
  }
  return std::visit(
      [&](const auto& decl) -> std::string {
        using T = std::decay_t<decltype(decl)>;
        if constexpr (std::is_same_v<T, ast::TestDecl>) {
          return fmt::format("**test** \"{}\": {} case{}", decl.title.value, decl.cases.size(),
                             decl.cases.size() == 1 ? "" : "s");
        } else if constexpr (std::is_same_v<T, ast::CodeDecl>) {
          return code_text(workspace, *d);
        } else {
          return decl_text(kind_word(o.kind), decl, o.name);
        }
      },
      *d->decl);
}

}  // namespace

lang::Span word_at(std::string_view text, std::uint32_t offset) {
  std::uint32_t begin = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  std::uint32_t end = begin;
  while (begin > 0 && word_char(text[begin - 1]))
    --begin;
  while (end < text.size() && word_char(text[end]))
    ++end;
  return {begin, end};
}

bool in_string_or_comment(std::string_view text, std::uint32_t offset) {
  const std::size_t end = std::min<std::size_t>(offset, text.size());
  const std::size_t newline = text.rfind('\n', end == 0 ? 0 : end - 1);
  std::size_t i = newline == std::string_view::npos || newline >= end ? 0 : newline + 1;
  bool in_string = false;
  for (; i < end; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // an escaped quote or backslash
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '#') {
      return true;
    }
  }
  return in_string;
}

std::optional<HoverText> hover_text(const Workspace& workspace, const std::string& name,
                                    std::uint32_t offset) {
  if (const Occurrence* o = workspace.analysis().index.at(name, offset))
    return HoverText{name_text(workspace, *o), o->span};
  const auto file = workspace.file(name);
  if (!file)
    return std::nullopt;
  if (in_string_or_comment(file->text(), offset))
    return std::nullopt;  // a title, a source or a remark: its words are not keywords
  const lang::Span span = word_at(file->text(), offset);
  const std::string_view word = file->slice(span);
  if (const auto help = keyword_help(word))
    return HoverText{std::string(*help), span};
  if (lang::lexicon::find(word))
    return HoverText{fmt::format("`{}`: a word of the rules language", word), span};
  return std::nullopt;
}

}  // namespace cptrules::lsp
