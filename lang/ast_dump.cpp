// dump_ast: prints a syntax tree field by field, with no spans, for tests and `check --dump ast`.
#include "ast_dump.hpp"

#include <array>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "date.hpp"

namespace cptrules::lang {

namespace {

// Builds the dump line by line; `depth` is the current indentation level.
class Dumper {
 public:
  std::string take() { return std::move(out_); }

  void module(const ast::Module& m) {
    line("module {}", quote(m.file ? m.file->name() : std::string()));
    ++depth_;
    for (const ast::Decl& d : m.decls) {
      std::visit(
          [this](const auto& decl) {
            using T = std::decay_t<decltype(decl)>;
            if constexpr (std::is_same_v<T, ast::CodeDecl>) {
              code(decl);
            } else if constexpr (std::is_same_v<T, ast::PolicyDecl>) {
              policy(decl);
            } else if constexpr (std::is_same_v<T, ast::PayerDecl>) {
              payer(decl);
            } else if constexpr (std::is_same_v<T, ast::EditDecl>) {
              edit(decl);
            } else if constexpr (std::is_same_v<T, ast::ModifierDecl>) {
              modifier(decl);
            } else if constexpr (std::is_same_v<T, ast::LimitDecl>) {
              limit(decl);
            } else if constexpr (std::is_same_v<T, ast::FamilyDecl>) {
              family(decl);
            } else if constexpr (std::is_same_v<T, ast::TestDecl>) {
              test(decl);
            } else if constexpr (std::is_same_v<T, ast::ProviderDecl>) {
              provider(decl);
            } else if constexpr (std::is_same_v<T, ast::CheckDecl>) {
              check(decl);
            } else {
              // A declaration kind added to ast::Decl after this dumper was written.
              line("<a declaration kind dump_ast does not print yet>");
            }
          },
          d);
    }
    for (const ast::BrokenDecl& b : m.broken)
      line("broken {}", quote(fmt::format("{} {}", lexicon::spelling(b.kind), b.name)));
    --depth_;
  }

 private:
  template <typename... Args>
  void line(fmt::format_string<Args...> format, Args&&... args) {
    out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
    out_ += fmt::format(format, std::forward<Args>(args)...);
    out_ += '\n';
  }

  static std::string quote(const std::string& text) {
    std::string q = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\')
        q += '\\';
      q += c;
    }
    q += '"';
    return q;
  }

  static std::string opt_string(const std::optional<ast::StringLit>& s) {
    return s ? quote(s->value) : "none";
  }
  static std::string opt_name(const std::optional<ast::Name>& n) { return n ? n->text : "none"; }
  static std::string opt_date(const std::optional<ast::DateLit>& d) {
    return d ? format_date(d->value) : "none";
  }
  static const char* boolean(bool b) { return b ? "true" : "false"; }

  // "PT, OT", or "none" for an empty list.
  static std::string names(const std::vector<ast::Name>& list) {
    std::string text;
    for (const ast::Name& n : list) {
      text += text.empty() ? "" : ", ";
      text += n.text;
    }
    return text.empty() ? "none" : text;
  }

  // "98940..98942, 97140", or "none".
  static std::string code_ranges(const std::vector<ast::CodeRange>& list) {
    std::string text;
    for (const ast::CodeRange& r : list) {
      text += text.empty() ? "" : ", ";
      text += r.from.text;
      if (r.to)
        text += ".." + r.to->text;
    }
    return text.empty() ? "none" : text;
  }

  static const char* op_text(ast::Op op) {
    switch (op) {
      case ast::Op::add:
        return "+";
      case ast::Op::sub:
        return "-";
      case ast::Op::mul:
        return "*";
      case ast::Op::div:
        return "/";
      case ast::Op::mod:
        return "%";
      case ast::Op::neg:
        return "-";
      case ast::Op::lt:
        return "<";
      case ast::Op::le:
        return "<=";
      case ast::Op::gt:
        return ">";
      case ast::Op::ge:
        return ">=";
      case ast::Op::eq:
        return "==";
      case ast::Op::ne:
        return "!=";
      case ast::Op::and_:
        return "and";
      case ast::Op::or_:
        return "or";
      case ast::Op::not_:
        return "not";
      case ast::Op::min:
        return "min";
      case ast::Op::max:
        return "max";
      case ast::Op::cond:
        return "if";
    }
    return "?";
  }

  // Fully parenthesised: `((minutes + 7) / 15)`, `(-x)`, `(not a)`, `min(a, b)`,
  // `(if a then b else c)`. A node whose operands do not match its kind shows them all.
  static std::string expr(const ast::Expr& e) {
    const auto arg = [&e](std::size_t i) {
      return i < e.args.size() ? expr(e.args[i]) : std::string("<missing>");
    };
    std::string text;
    switch (e.kind) {
      case ast::ExprKind::number:
        text = fmt::format("{}", e.number);
        break;
      case ast::ExprKind::variable:
        text = e.name;
        break;
      case ast::ExprKind::unary:
        text = e.op == ast::Op::neg ? fmt::format("(-{})", arg(0))
                                    : fmt::format("({} {})", op_text(e.op), arg(0));
        break;
      case ast::ExprKind::binary:
        text = fmt::format("({} {} {})", arg(0), op_text(e.op), arg(1));
        break;
      case ast::ExprKind::call:
        text = fmt::format("{}({}, {})", op_text(e.op), arg(0), arg(1));
        break;
      case ast::ExprKind::conditional:
        text = fmt::format("(if {} then {} else {})", arg(0), arg(1), arg(2));
        break;
    }
    const std::size_t expected =
        e.kind == ast::ExprKind::number || e.kind == ast::ExprKind::variable ? 0
        : e.kind == ast::ExprKind::unary                                     ? 1
        : e.kind == ast::ExprKind::conditional                               ? 3
                                                                             : 2;
    if (e.args.size() != expected) {
      text += "<args";
      for (const ast::Expr& a : e.args)
        text += ' ' + expr(a);
      text += '>';
    }
    return text;
  }

  void meta(const ast::Meta& m) {
    line("effective {}", opt_date(m.effective));
    line("expires {}", opt_date(m.expires));
    for (const ast::StringLit& s : m.sources)
      line("source {}", quote(s.value));
    for (const ast::StringLit& s : m.notes)
      line("note {}", quote(s.value));
  }

  void code(const ast::CodeDecl& d) {
    line("code {}", d.code.text);
    ++depth_;
    line("title {}", opt_string(d.title));
    line("descriptor {}", opt_string(d.descriptor));
    switch (d.timing) {
      case ast::Timing::unspecified:
        line("timing unspecified");
        break;
      case ast::Timing::timed:
        line("timing timed");
        break;
      case ast::Timing::untimed:
        line("timing untimed");
        break;
    }
    line("unit_minutes {}", d.unit_minutes);
    line("first_block_only {}", boolean(d.first_block_only));
    line("addon_to {}", opt_name(d.addon_to));
    if (d.addon_after)  // the new clauses only when written, so older dumps stay as they were
      line("addon_after {} min", d.addon_after->value);
    if (d.range) {
      if (d.range->to)
        line("range {}..{} min", d.range->from, *d.range->to);
      else
        line("range {} min or more", d.range->from);
    }
    if (d.family)
      line("family {}", d.family->text);
    line("replaces {}", opt_name(d.replaces));
    line("disciplines {}", names(d.disciplines));
    for (const ast::Fact& f : d.facts) {
      line("fact {}", quote(f.key));
      ++depth_;
      for (const std::string& p : f.phrases)
        line("phrase {}", quote(p));
      --depth_;
    }
    meta(d.meta);
    --depth_;
  }

  void policy(const ast::PolicyDecl& d) {
    line("policy {}", d.name.text);
    ++depth_;
    line("title {}", opt_string(d.title));
    if (!d.pool) {
      line("pool none");
    } else {
      const char* kind = d.pool->kind == ast::PoolKind::each_code  ? "each code"
                         : d.pool->kind == ast::PoolKind::together ? "timed minutes"
                                                                   : "unspecified";
      std::string keys;
      for (const ast::Name& k : d.pool->keys) {
        keys += keys.empty() ? " per " : " and ";
        keys += k.text;
      }
      line("pool {}{}", kind, keys);
    }
    if (!d.units) {
      line("units none");
    } else {
      const ast::UnitsClause& u = *d.units;
      line("units {}", u.is_table ? "table" : "formula");
      ++depth_;
      line("formula {}", expr(u.formula));
      for (const ast::TableRow& r : u.rows) {
        if (r.to) {
          line("row {}..{} min -> {}", r.from, *r.to, expr(r.units));
        } else {
          line("row {} min or more -> {}", r.from, expr(r.units));
        }
      }
      line("because {}", opt_string(u.because));
      --depth_;
    }
    if (!d.allocate) {
      line("allocate none");
    } else {
      const ast::AllocateClause& a = *d.allocate;
      line("allocate");
      ++depth_;
      line("each code gets {}", a.full_units ? expr(*a.full_units) : "none");
      line("each code gets because {}", opt_string(a.full_because));
      line("rest {}", !a.has_rest                          ? "none"
                      : a.rest == ast::RestOrder::leftover ? "by leftover minutes"
                                                           : "by minutes");
      line("rest because {}", opt_string(a.rest_because));
      line("ties are alternatives {}", boolean(a.ties_alternatives));
      line("ties because {}", opt_string(a.ties_because));
      line("ties by units, fewest first {}", boolean(a.ties_fewest_units));
      line("ties order because {}", opt_string(a.ties_order_because));
      --depth_;
    }
    for (const ast::LetClause& l : d.lets)
      line("let {} = {}", l.name.text, expr(l.value));
    meta(d.meta);
    --depth_;
  }

  void payer(const ast::PayerDecl& d) {
    line("payer {}{}", d.name.text, d.also ? " also" : "");
    ++depth_;
    line("title {}", opt_string(d.title));
    line("policy {}", opt_name(d.policy));
    for (const ast::CountsClause& c : d.counts) {
      const std::string what = c.kind == ast::CountedKind::codes    ? code_ranges(c.codes)
                               : c.kind == ast::CountedKind::family ? "family " + c.name.text
                                                                    : "discipline " + c.name.text;
      line("counts {} with {} because {}", what, c.policy.text, opt_string(c.because));
    }
    for (const ast::DisciplineModifier& m : d.discipline_modifiers) {
      line("discipline modifier {} for {}", m.modifier.text, m.discipline.text);
    }
    if (d.default_discipline)
      line("default discipline {}", d.default_discipline->text);
    meta(d.meta);
    --depth_;
  }

  void edit(const ast::EditDecl& d) {
    line("edit {}", d.name.text);
    ++depth_;
    line("title {}", opt_string(d.title));
    line("column 1 {}", code_ranges(d.column1));
    line("column 2 {}", code_ranges(d.column2));
    line("bypass with {}", names(d.bypass));
    line("bypass on either line {}", boolean(d.bypass_either));
    line("no bypass {}", boolean(d.no_bypass));
    line("when {}", opt_string(d.when));
    line("message {}", opt_string(d.message));
    line("payers {}", names(d.payers));
    line("severity {}", opt_name(d.severity));
    meta(d.meta);
    --depth_;
  }

  void modifier(const ast::ModifierDecl& d) {
    line("modifier {}", d.modifier.text);
    ++depth_;
    line("title {}", opt_string(d.title));
    meta(d.meta);
    --depth_;
  }

  void limit(const ast::LimitDecl& d) {
    line("limit {}", d.name.text);
    ++depth_;
    line("title {}", opt_string(d.title));
    line("codes {}", code_ranges(d.codes));
    line("at most {} units per day",
         d.max_units ? fmt::format("{}", d.max_units->value) : std::string("none"));
    line("payers {}", names(d.payers));
    line("message {}", opt_string(d.message));
    meta(d.meta);
    --depth_;
  }

  void provider(const ast::ProviderDecl& d) {
    line("provider {}", d.name.text);
    ++depth_;
    line("title {}", opt_string(d.title));
    meta(d.meta);
    --depth_;
  }

  static std::string operand(const ast::CheckOperand& o) {
    if (o.percent)
      return fmt::format("{}% of {}", o.number->value, o.name->text);
    return o.number ? fmt::format("{}", o.number->value) : o.name->text;
  }

  void check(const ast::CheckDecl& d) {
    static constexpr std::array<std::string_view, 6> kOps{"<", "<=", ">", ">=", "==", "!="};
    line("check {}", d.name.text);
    ++depth_;
    line("title {}", opt_string(d.title));
    line("codes {}", code_ranges(d.codes));
    line("payers {}", names(d.payers));
    line("discipline {}", names(d.disciplines));
    line("provider {}", names(d.providers));
    for (const auto& w : d.with)
      line("with {}", names(w));
    for (const auto& w : d.without)
      line("without {}", names(w));
    for (const ast::CheckCondition& c : d.conditions) {
      const auto op = static_cast<std::size_t>(c.op) - static_cast<std::size_t>(ast::Op::lt);
      line("when {} {} {}", operand(c.left), op < kOps.size() ? kOps[op] : "?", operand(c.right));
    }
    line("severity {}", d.severity ? d.severity->text : std::string("none"));
    line("message {}", opt_string(d.message));
    line("because {}", opt_string(d.because));
    meta(d.meta);
    --depth_;
  }

  // " on CODE in DISCIPLINE" of an expected finding, as much of it as is written.
  static std::string finding_line(const ast::ExpectedFinding& f) {
    std::string text;
    if (f.code)
      text += " on " + f.code->text;
    if (f.discipline)
      text += " in " + f.discipline->text;
    return text;
  }

  void family(const ast::FamilyDecl& d) {
    line("family {}", d.name.text);
    ++depth_;
    line("title {}", opt_string(d.title));
    line("codes {}", code_ranges(d.codes));
    meta(d.meta);
    --depth_;
  }

  void test(const ast::TestDecl& d) {
    line("test {}", quote(d.title.value));
    ++depth_;
    line("payer {}", opt_name(d.payer));
    line("date {}", opt_date(d.date));
    line("discipline {}", opt_name(d.discipline));
    for (const ast::CodeDecl& c : d.codes)
      code(c);
    for (const ast::TestCase& tc : d.cases) {
      line("case");
      ++depth_;
      for (const ast::GivenService& s : tc.given) {
        std::string text = s.code.text;
        if (s.start && s.end) {
          text += fmt::format(" from {:02}:{:02} to {:02}:{:02}", s.start->value / 60,
                              s.start->value % 60, s.end->value / 60, s.end->value % 60);
        }
        if (s.minutes)
          text += fmt::format(" {} min", s.minutes->value);
        if (s.discipline)
          text += " in " + s.discipline->text;
        if (s.provider)
          text += " by " + s.provider->text;
        if (s.assistant_minutes)
          text += fmt::format(" assistant {} min", s.assistant_minutes->value);
        if (s.billed)
          text += fmt::format(" billed {}", s.billed->value);
        for (std::size_t i = 0; i < s.modifiers.size(); ++i) {
          text += i == 0 ? " with " : " and ";
          text += s.modifiers[i].text;
        }
        line("given {}", text);
      }
      for (const ast::ExpectedAllocation& a : tc.allocations) {
        std::string text;
        for (const ast::ExpectedUnits& u : a.lines) {
          text += text.empty() ? "" : ", ";
          text += u.code.text;
          if (u.discipline)
            text += " in " + u.discipline->text;
          text += fmt::format(" x{}", u.units);
        }
        line("expect {}", text.empty() ? "nothing" : text);
      }
      line("total {}", tc.total ? fmt::format("{}", tc.total->value) : "none");
      for (const ast::ExpectedFinding& f : tc.findings)
        line("expect finding {}{}", f.id.text, finding_line(f));
      for (const ast::ExpectedFinding& f : tc.no_findings)
        line("expect no finding {}{}", f.id.text, finding_line(f));
      --depth_;
    }
    --depth_;
  }

  std::string out_;
  int depth_ = 0;
};

}  // namespace

std::string dump_ast(const ast::Module& module) {
  Dumper dumper;
  dumper.module(module);
  return dumper.take();
}

}  // namespace cptrules::lang
