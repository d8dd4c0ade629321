// NameIndex::add: the walk of the syntax tree that records each name as written.
#include "name_index.hpp"

#include <algorithm>
#include <set>

namespace cptrules::lsp {

namespace ast = lang::ast;

const char* kind_word(NameKind kind) {
  switch (kind) {
    case NameKind::code:
      return "code";
    case NameKind::policy:
      return "policy";
    case NameKind::payer:
      return "payer";
    case NameKind::edit:
      return "edit";
    case NameKind::modifier:
      return "modifier";
    case NameKind::limit:
      return "limit";
    case NameKind::family:
      return "family";
    case NameKind::discipline:
      return "discipline";
    case NameKind::test:
      return "test";
    case NameKind::provider:
      return "provider";
    case NameKind::check:
      return "check";
  }
  return "name";
}

namespace {

// Records the names of one declaration.
class Walker {
 public:
  Walker(std::vector<Occurrence>& out, const std::shared_ptr<const lang::SourceFile>& file,
         const ast::Decl* decl)
      : out_(out), file_(file), decl_(decl) {}

  void name(NameKind kind, const ast::Name& n, bool declaration = false) {
    if (n.text.empty() || n.span.end <= n.span.begin)
      return;
    out_.push_back({kind, n.text, file_, n.span, declaration, decl_});
  }
  void names(NameKind kind, const std::vector<ast::Name>& ns) {
    for (const auto& n : ns)
      name(kind, n);
  }
  void ranges(const std::vector<ast::CodeRange>& rs) {
    for (const auto& r : rs) {
      name(NameKind::code, r.from);
      if (r.to)
        name(NameKind::code, *r.to);
    }
  }
  void code(const ast::CodeDecl& c) {
    name(NameKind::code, c.code, true);
    if (c.addon_to)
      name(NameKind::code, *c.addon_to);
    if (c.family)
      name(NameKind::family, *c.family);
    if (c.replaces)
      name(NameKind::code, *c.replaces);
    names(NameKind::discipline, c.disciplines);
  }

  void operator()(const ast::CodeDecl& c) { code(c); }
  void operator()(const ast::PolicyDecl& p) { name(NameKind::policy, p.name, true); }
  void operator()(const ast::PayerDecl& p) {
    name(NameKind::payer, p.name, !p.also);
    if (p.policy)
      name(NameKind::policy, *p.policy);
    for (const auto& c : p.counts) {
      if (c.kind == ast::CountedKind::codes)
        ranges(c.codes);
      else
        name(c.kind == ast::CountedKind::family ? NameKind::family : NameKind::discipline, c.name);
      name(NameKind::policy, c.policy);
    }
    for (const auto& m : p.discipline_modifiers) {
      name(NameKind::modifier, m.modifier);
      name(NameKind::discipline, m.discipline);
    }
    if (p.default_discipline)
      name(NameKind::discipline, *p.default_discipline);
  }
  void operator()(const ast::EditDecl& e) {
    name(NameKind::edit, e.name, true);
    ranges(e.column1);
    ranges(e.column2);
    names(NameKind::modifier, e.bypass);
    names(NameKind::payer, e.payers);
  }
  void operator()(const ast::ModifierDecl& m) { name(NameKind::modifier, m.modifier, true); }
  void operator()(const ast::LimitDecl& l) {
    name(NameKind::limit, l.name, true);
    ranges(l.codes);
    names(NameKind::payer, l.payers);
  }
  void operator()(const ast::FamilyDecl& f) {
    name(NameKind::family, f.name, true);
    ranges(f.codes);
  }
  void operator()(const ast::ProviderDecl& p) { name(NameKind::provider, p.name, true); }
  void operator()(const ast::CheckDecl& c) {
    name(NameKind::check, c.name, true);
    ranges(c.codes);
    names(NameKind::payer, c.payers);
    names(NameKind::discipline, c.disciplines);
    names(NameKind::provider, c.providers);
    for (const auto* lists : {&c.with, &c.without}) {
      for (const auto& list : *lists)
        names(NameKind::modifier, list);
    }
  }
  void operator()(const ast::TestDecl& t) {
    name(NameKind::test, ast::Name{t.title.value, t.title.span}, true);
    if (t.payer)
      name(NameKind::payer, *t.payer);
    if (t.discipline)
      name(NameKind::discipline, *t.discipline);
    for (const auto& c : t.codes)
      code(c);
    for (const auto& tc : t.cases) {
      for (const auto& g : tc.given) {
        name(NameKind::code, g.code);
        names(NameKind::modifier, g.modifiers);
        if (g.discipline)
          name(NameKind::discipline, *g.discipline);
        if (g.provider)
          name(NameKind::provider, *g.provider);
      }
      for (const auto& a : tc.allocations) {
        for (const auto& l : a.lines) {
          name(NameKind::code, l.code);
          if (l.discipline)
            name(NameKind::discipline, *l.discipline);
        }
      }
      for (const auto* list : {&tc.findings, &tc.no_findings}) {
        for (const auto& f : *list) {
          if (f.code)
            name(NameKind::code, *f.code);
          if (f.discipline)
            name(NameKind::discipline, *f.discipline);
        }
      }
    }
  }

 private:
  std::vector<Occurrence>& out_;
  const std::shared_ptr<const lang::SourceFile>& file_;
  const ast::Decl* decl_;
};

}  // namespace

void NameIndex::add(const ast::Module& module) {
  for (const ast::Decl& decl : module.decls)
    std::visit(Walker(items_, module.file, &decl), decl);
}

const Occurrence* NameIndex::at(const std::string& file, std::uint32_t offset) const {
  for (const Occurrence& o : items_) {
    if (o.span.begin <= offset && offset <= o.span.end && o.file->name() == file)
      return &o;
  }
  return nullptr;
}

std::vector<const Occurrence*> NameIndex::find(NameKind kind, const std::string& name,
                                               bool declarations_only) const {
  std::vector<const Occurrence*> out;
  for (const Occurrence& o : items_) {
    if (o.kind == kind && o.name == name && (o.declaration || !declarations_only))
      out.push_back(&o);
  }
  return out;
}

std::vector<std::string> NameIndex::names(NameKind kind) const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const Occurrence& o : items_) {
    if (o.kind == kind && seen.insert(o.name).second)
      out.push_back(o.name);
  }
  return out;
}

}  // namespace cptrules::lsp
