// parse: runs the PEGTL grammar one declaration at a time and builds the typed syntax tree.
#include "parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string_view>

#include <fmt/format.h>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "grammar.hpp"
#include "grammar_errors.hpp"
#include "suggest.hpp"

namespace cptrules::lang {

namespace pegtl = tao::pegtl;
namespace g = grammar;
using Node = pegtl::parse_tree::node;

namespace {

// The largest whole number a rule file may write.
constexpr std::int64_t kMaxLiteral = 1'000'000'000;
// The longest identifier (code, name, modifier, variable) a rule file may write, in bytes.
constexpr std::size_t kMaxIdentifierBytes = 64;

// clang-format off
template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::number, g::code_name, g::name, g::modifier, g::quoted, g::date, g::phrase,
        g::call_name, g::product_op, g::sum_op, g::comparison_op, g::variable, g::pool_key,
        g::fact_key,
        g::code_decl, g::policy_decl, g::payer_decl, g::test_decl,
        g::descriptor_clause, g::timed_every, g::timed_first, g::untimed_clause, g::addon_clause,
        g::disciplines_clause, g::fact_clause, g::effective_clause, g::expires_clause,
        g::source_clause, g::note_clause,
        g::pool_each, g::pool_together, g::units_formula, g::units_table, g::table_row, g::row_to,
        g::or_more, g::because, g::full_units, g::rest_rule, g::rest_leftover, g::rest_minutes,
        g::ties_rule, g::allocate_clause, g::policy_ref,
        g::replaces_clause, g::discipline_modifier, g::edit_decl, g::modifier_decl, g::limit_decl,
        g::code_range, g::code_range_to, g::column_clause, g::column_number, g::bypass_clause,
        g::no_bypass, g::when_clause, g::message_clause, g::payers_clause, g::severity_level,
        g::codes_clause, g::limit_units, g::finding_id, g::expect_finding, g::expect_no_finding,
        g::test_payer, g::test_date, g::test_discipline, g::given, g::given_service,
        g::given_minutes, g::given_modifiers, g::expect_total, g::expect_allocations,
        g::allocation, g::expected_units, g::test_table, g::table_case,
        g::conditional, g::logic_not, g::negation, g::call, g::paren>,
    pegtl::parse_tree::fold_one::on<g::disjunction, g::conjunction, g::comparison, g::sum,
                                    g::product>>;
// clang-format on

template <typename Rule>
using control = pegtl::must_if<g::errors>::control<Rule>;

Span span_of(const Node& n) {
  return {static_cast<std::uint32_t>(n.m_begin.byte), static_cast<std::uint32_t>(n.m_end.byte)};
}

// Turns the parse tree of one declaration into typed syntax, reporting value errors
// (numbers too large, impossible dates) without stopping.
class Builder {
 public:
  Builder(std::shared_ptr<const SourceFile> file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  // The declaration, or nullopt when it holds an identifier that is too long (reported, E0111):
  // such a declaration is skipped like one with a syntax error (see rejected()).
  std::optional<ast::Decl> declaration(const Node& n) {
    rejected_ = false;
    std::optional<ast::Decl> d = build(n);
    if (rejected_)
      return std::nullopt;
    return d;
  }

  // True when the last declaration was left out for an identifier that is too long.
  bool rejected() const { return rejected_; }

 private:
  std::optional<ast::Decl> build(const Node& n) {
    if (n.is_type<g::code_decl>())
      return code(n);
    if (n.is_type<g::policy_decl>())
      return policy(n);
    if (n.is_type<g::payer_decl>())
      return payer(n);
    if (n.is_type<g::test_decl>())
      return test(n);
    if (n.is_type<g::edit_decl>())
      return edit(n);
    if (n.is_type<g::modifier_decl>())
      return modifier_decl(n);
    if (n.is_type<g::limit_decl>())
      return limit(n);
    return std::nullopt;
  }

  ast::Name name(const Node& n) {
    check_length(n);
    return {n.string(), span_of(n)};
  }

  // Reports an identifier longer than kMaxIdentifierBytes (E0111) and rejects its declaration.
  void check_length(const Node& n) {
    const std::size_t size = n.m_end.byte - n.m_begin.byte;
    if (size <= kMaxIdentifierBytes)
      return;
    diagnostics_.error("E0111", file_, span_of(n),
                       fmt::format("identifier too long: {} bytes, at most {} are allowed", size,
                                   kMaxIdentifierBytes));
    rejected_ = true;
  }

  ast::Number number(const Node& n) {
    const std::string_view text = n.string_view();
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value > kMaxLiteral) {
      diagnostics_.error("E0103", file_, span_of(n),
                         fmt::format("number too large: at most {} is allowed", kMaxLiteral));
      value = 0;
    }
    return {value, span_of(n)};
  }

  ast::StringLit string(const Node& n) {
    const std::string_view raw = n.string_view();
    std::string value;
    value.reserve(raw.size());
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 2 < raw.size())
        ++i;
      value += raw[i];
    }
    return {std::move(value), span_of(n)};
  }

  ast::DateLit date(const Node& n) {
    auto value = parse_date(n.string_view());
    if (!value) {
      diagnostics_.error("E0104", file_, span_of(n),
                         fmt::format("'{}' is not a calendar date", n.string_view()));
    }
    return {value.value_or(Date{}), span_of(n)};
  }

  // A meta clause (effective, expires, source, note); false when `n` is none of them.
  bool meta(const Node& n, ast::Meta& m) {
    if (n.is_type<g::effective_clause>()) {
      m.effective = date(*n.children.at(0));
    } else if (n.is_type<g::expires_clause>()) {
      m.expires = date(*n.children.at(0));
    } else if (n.is_type<g::source_clause>()) {
      m.sources.push_back(string(*n.children.at(0)));
    } else if (n.is_type<g::note_clause>()) {
      m.notes.push_back(string(*n.children.at(0)));
    } else {
      return false;
    }
    return true;
  }

  // A declaration `KIND NAME "title"? { ... }`: its span, its name (the first child, into
  // `name_field`), its title and meta clauses; every other child goes to `clause(child, decl)`.
  template <typename Decl, typename Clause>
  Decl titled(const Node& n, ast::Name Decl::*name_field, Clause clause) {
    Decl d;
    d.span = span_of(n);
    d.*name_field = name(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const Node& c = *n.children[i];
      if (c.is_type<g::quoted>()) {
        d.title = string(c);
      } else if (!meta(c, d.meta)) {
        clause(c, d);
      }
    }
    return d;
  }

  ast::CodeDecl code(const Node& n) {
    return titled(n, &ast::CodeDecl::code, [this](const Node& c, ast::CodeDecl& d) {
      if (c.is_type<g::descriptor_clause>()) {
        d.descriptor = string(*c.children.at(0));
      } else if (c.is_type<g::timed_every>() || c.is_type<g::timed_first>()) {
        if (d.timing != ast::Timing::unspecified) {
          diagnostics_.error("E0105", file_, span_of(c), "the timing of a code is given twice")
              .notes.push_back({"first given here", d.timing_span});
        }
        d.timing = ast::Timing::timed;
        d.timing_span = span_of(c);
        d.unit_minutes = number(*c.children.at(0)).value;
        d.first_block_only = c.is_type<g::timed_first>();
      } else if (c.is_type<g::untimed_clause>()) {
        if (d.timing != ast::Timing::unspecified) {
          diagnostics_.error("E0105", file_, span_of(c), "the timing of a code is given twice")
              .notes.push_back({"first given here", d.timing_span});
        }
        d.timing = ast::Timing::untimed;
        d.timing_span = span_of(c);
      } else if (c.is_type<g::addon_clause>()) {
        d.addon_to = name(*c.children.at(0));
      } else if (c.is_type<g::replaces_clause>()) {
        d.replaces = name(*c.children.at(0));
      } else if (c.is_type<g::disciplines_clause>()) {
        for (const auto& item : c.children)
          d.disciplines.push_back(name(*item));
      } else if (c.is_type<g::fact_clause>()) {
        ast::Fact fact;
        fact.span = span_of(c);
        fact.key = collapse_spaces(c.children.at(0)->string_view());
        for (std::size_t k = 1; k < c.children.size(); ++k) {
          fact.phrases.push_back(collapse_spaces(c.children[k]->string_view()));
        }
        d.facts.push_back(std::move(fact));
      }
    });
  }

  static std::string collapse_spaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (char ch : text) {
      if (ch == ' ' || ch == '\t') {
        space = true;
        continue;
      }
      if (space && !out.empty())
        out += ' ';
      space = false;
      out += ch;
    }
    return out;
  }

  ast::PolicyDecl policy(const Node& n) {
    return titled(n, &ast::PolicyDecl::name, [this](const Node& c, ast::PolicyDecl& d) {
      if (c.is_type<g::pool_each>() || c.is_type<g::pool_together>()) {
        if (d.pool)
          duplicate_clause(c, "pool", d.pool->span);
        ast::PoolClause pool;
        pool.span = span_of(c);
        pool.kind = c.is_type<g::pool_each>() ? ast::PoolKind::each_code : ast::PoolKind::together;
        for (const auto& key : c.children)
          pool.keys.push_back(name(*key));
        d.pool = std::move(pool);
      } else if (c.is_type<g::units_formula>() || c.is_type<g::units_table>()) {
        if (d.units)
          duplicate_clause(c, "units", d.units->span);
        d.units = units(c);
      } else if (c.is_type<g::allocate_clause>()) {
        if (d.allocate)
          duplicate_clause(c, "allocate", d.allocate->span);
        d.allocate = allocate(c);
      }
    });
  }

  void duplicate_clause(const Node& n, std::string_view what, Span first) {
    diagnostics_.error("E0106", file_, span_of(n), fmt::format("'{}' is given twice", what))
        .notes.push_back({"first given here", first});
  }

  ast::UnitsClause units(const Node& n) {
    ast::UnitsClause u;
    u.span = span_of(n);
    u.is_table = n.is_type<g::units_table>();
    for (const auto& child : n.children) {
      const Node& c = *child;
      if (c.is_type<g::because>()) {
        u.because = string(*c.children.at(0));
      } else if (c.is_type<g::table_row>()) {
        ast::TableRow row;
        row.span = span_of(c);
        row.from = number(*c.children.at(0)).value;
        row.to = row.from;
        for (std::size_t k = 1; k < c.children.size(); ++k) {
          const Node& part = *c.children[k];
          if (part.is_type<g::row_to>()) {
            row.to = number(*part.children.at(0)).value;
          } else if (part.is_type<g::or_more>()) {
            row.to.reset();
          } else {
            row.units = expr(part);
          }
        }
        u.rows.push_back(std::move(row));
      } else {
        u.formula = expr(c);
      }
    }
    return u;
  }

  std::optional<ast::StringLit> because_of(const Node& n) {
    for (const auto& c : n.children) {
      if (c->is_type<g::because>())
        return string(*c->children.at(0));
    }
    return std::nullopt;
  }

  ast::AllocateClause allocate(const Node& n) {
    ast::AllocateClause a;
    a.span = span_of(n);
    for (const auto& child : n.children) {
      const Node& c = *child;
      if (c.is_type<g::full_units>()) {
        if (a.full_units)
          duplicate_clause(c, "each code gets", a.full_span);
        a.full_units = expr(*c.children.at(0));
        a.full_span = span_of(c);
        a.full_because = because_of(c);
      } else if (c.is_type<g::rest_rule>()) {
        if (a.has_rest)
          duplicate_clause(c, "rest by", a.rest_span);
        a.has_rest = true;
        a.rest = c.children.at(0)->is_type<g::rest_leftover>() ? ast::RestOrder::leftover
                                                               : ast::RestOrder::minutes;
        a.rest_span = span_of(c);
        a.rest_because = because_of(c);
      } else if (c.is_type<g::ties_rule>()) {
        if (a.ties_alternatives)
          duplicate_clause(c, "ties are alternatives", a.ties_span);
        a.ties_alternatives = true;
        a.ties_span = span_of(c);
        a.ties_because = because_of(c);
      }
    }
    return a;
  }

  static ast::Op binary_op(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, ast::Op>, 11> table{{
        {"+", ast::Op::add},
        {"-", ast::Op::sub},
        {"*", ast::Op::mul},
        {"/", ast::Op::div},
        {"%", ast::Op::mod},
        {"<", ast::Op::lt},
        {"<=", ast::Op::le},
        {">", ast::Op::gt},
        {">=", ast::Op::ge},
        {"==", ast::Op::eq},
        {"!=", ast::Op::ne},
    }};
    for (const auto& [spelling, op] : table) {
      if (spelling == text)
        return op;
    }
    return ast::Op::add;
  }

  ast::Expr expr(const Node& n) {
    ast::Expr e;
    e.span = span_of(n);
    if (n.is_type<g::number>()) {
      e.kind = ast::ExprKind::number;
      e.number = number(n).value;
    } else if (n.is_type<g::variable>()) {
      check_length(n);
      e.kind = ast::ExprKind::variable;
      e.name = n.string();
    } else if (n.is_type<g::negation>() || n.is_type<g::logic_not>()) {
      e.kind = ast::ExprKind::unary;
      e.op = n.is_type<g::negation>() ? ast::Op::neg : ast::Op::not_;
      e.args.push_back(expr(*n.children.at(0)));
    } else if (n.is_type<g::call>()) {
      e.kind = ast::ExprKind::call;
      e.op = n.children.at(0)->string_view() == "min" ? ast::Op::min : ast::Op::max;
      e.args.push_back(expr(*n.children.at(1)));
      e.args.push_back(expr(*n.children.at(2)));
    } else if (n.is_type<g::paren>()) {
      e = expr(*n.children.at(0));
      e.span = span_of(n);
    } else if (n.is_type<g::conditional>()) {
      e.kind = ast::ExprKind::conditional;
      e.op = ast::Op::cond;
      for (const auto& c : n.children)
        e.args.push_back(expr(*c));
    } else if (n.is_type<g::disjunction>() || n.is_type<g::conjunction>()) {
      // Operands only: fold left with the one operator of this level.
      const ast::Op op = n.is_type<g::disjunction>() ? ast::Op::or_ : ast::Op::and_;
      e = expr(*n.children.at(0));
      for (std::size_t i = 1; i < n.children.size(); ++i) {
        e = combine(op, std::move(e), expr(*n.children[i]));
      }
    } else {
      // comparison, sum, product: operand (operator operand)*
      e = expr(*n.children.at(0));
      for (std::size_t i = 1; i + 1 < n.children.size(); i += 2) {
        e = combine(binary_op(n.children[i]->string_view()), std::move(e),
                    expr(*n.children[i + 1]));
      }
    }
    return e;
  }

  static ast::Expr combine(ast::Op op, ast::Expr lhs, ast::Expr rhs) {
    ast::Expr e;
    e.kind = ast::ExprKind::binary;
    e.op = op;
    e.span = {lhs.span.begin, rhs.span.end};
    e.args.push_back(std::move(lhs));
    e.args.push_back(std::move(rhs));
    return e;
  }

  ast::PayerDecl payer(const Node& n) {
    return titled(n, &ast::PayerDecl::name, [this](const Node& c, ast::PayerDecl& d) {
      if (c.is_type<g::policy_ref>()) {
        if (d.policy)
          duplicate_clause(c, "policy", d.policy->span);
        d.policy = name(*c.children.at(0));
      } else if (c.is_type<g::discipline_modifier>()) {
        d.discipline_modifiers.push_back(
            {span_of(c), name(*c.children.at(0)), name(*c.children.at(1))});
      }
    });
  }

  std::vector<ast::CodeRange> code_set(const Node& clause) {
    std::vector<ast::CodeRange> out;
    for (const auto& child : clause.children) {
      if (!child->is_type<g::code_range>())
        continue;
      ast::CodeRange r;
      r.span = span_of(*child);
      r.from = name(*child->children.at(0));
      if (child->children.size() > 1)
        r.to = name(*child->children[1]->children.at(0));
      if (r.to && (r.to->text.size() != r.from.text.size() || r.to->text < r.from.text)) {
        diagnostics_.error("E0108", file_, r.span,
                           fmt::format("the range {}..{} is empty: write the lower code first, "
                                       "both of the same length",
                                       r.from.text, r.to->text));
      }
      out.push_back(std::move(r));
    }
    return out;
  }

  std::vector<ast::Name> names_in(const Node& clause) {
    std::vector<ast::Name> out;
    for (const auto& child : clause.children)
      out.push_back(name(*child));
    return out;
  }

  ast::EditDecl edit(const Node& n) {
    return titled(n, &ast::EditDecl::name, [this](const Node& c, ast::EditDecl& d) {
      if (c.is_type<g::column_clause>()) {
        const bool first = c.children.at(0)->string_view() == "1";
        auto& column = first ? d.column1 : d.column2;
        if (!column.empty())
          duplicate_clause(c, first ? "column 1" : "column 2", column.front().span);
        column = code_set(c);
      } else if (c.is_type<g::bypass_clause>()) {
        d.bypass = names_in(c);
      } else if (c.is_type<g::no_bypass>()) {
        d.no_bypass = true;
      } else if (c.is_type<g::when_clause>()) {
        d.when = string(*c.children.at(0));
      } else if (c.is_type<g::message_clause>()) {
        d.message = string(*c.children.at(0));
      } else if (c.is_type<g::payers_clause>()) {
        d.payers = names_in(c);
      } else if (c.is_type<g::severity_level>()) {
        d.severity = name(c);
      }
    });
  }

  ast::ModifierDecl modifier_decl(const Node& n) {
    return titled(n, &ast::ModifierDecl::modifier, [](const Node&, ast::ModifierDecl&) {});
  }

  ast::LimitDecl limit(const Node& n) {
    return titled(n, &ast::LimitDecl::name, [this](const Node& c, ast::LimitDecl& d) {
      if (c.is_type<g::codes_clause>()) {
        d.codes = code_set(c);
      } else if (c.is_type<g::limit_units>()) {
        d.max_units = number(*c.children.at(0));
      } else if (c.is_type<g::payers_clause>()) {
        d.payers = names_in(c);
      } else if (c.is_type<g::message_clause>()) {
        d.message = string(*c.children.at(0));
      }
    });
  }

  ast::GivenService given_service(const Node& n) {
    ast::GivenService s;
    s.span = span_of(n);
    s.code = name(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const Node& c = *n.children[i];
      if (c.is_type<g::given_minutes>()) {
        s.minutes = number(*c.children.at(0));
      } else if (c.is_type<g::given_modifiers>()) {
        for (const auto& m : c.children)
          s.modifiers.push_back(name(*m));
      }
    }
    return s;
  }

  ast::ExpectedAllocation allocation(const Node& n) {
    ast::ExpectedAllocation a;
    a.span = span_of(n);
    for (const auto& c : n.children) {
      a.lines.push_back({name(*c->children.at(0)), number(*c->children.at(1)).value, span_of(*c)});
    }
    return a;
  }

  ast::TestDecl test(const Node& n) {
    ast::TestDecl d;
    d.span = span_of(n);
    d.title = string(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const Node& c = *n.children[i];
      if (c.is_type<g::test_payer>()) {
        d.payer = name(*c.children.at(0));
      } else if (c.is_type<g::test_date>()) {
        d.date = date(*c.children.at(0));
      } else if (c.is_type<g::test_discipline>()) {
        d.discipline = name(*c.children.at(0));
      } else if (c.is_type<g::code_decl>()) {
        d.codes.push_back(code(c));
      } else if (c.is_type<g::given>()) {
        ast::TestCase tc;
        tc.span = span_of(c);
        for (const auto& s : c.children)
          tc.given.push_back(given_service(*s));
        d.cases.push_back(std::move(tc));
      } else if (c.is_type<g::expect_total>() || c.is_type<g::expect_allocations>() ||
                 c.is_type<g::expect_finding>() || c.is_type<g::expect_no_finding>()) {
        expect(c, d);
      } else if (c.is_type<g::test_table>()) {
        const ast::Name code_name = name(*c.children.at(0));
        for (std::size_t k = 1; k < c.children.size(); ++k) {
          const Node& row = *c.children[k];
          ast::TestCase tc;
          tc.span = span_of(row);
          tc.given.push_back({span_of(row), code_name, number(*row.children.at(0)), {}});
          tc.allocations.push_back(
              {span_of(row), {{code_name, number(*row.children.at(1)).value, span_of(row)}}});
          d.cases.push_back(std::move(tc));
        }
      }
    }
    return d;
  }

  void expect(const Node& c, ast::TestDecl& d) {
    if (d.cases.empty() || d.cases.back().given.empty() || last_case_closed(d)) {
      diagnostics_.error("E0107", file_, span_of(c), "'expect' needs a 'given' line before it");
      return;
    }
    ast::TestCase& tc = d.cases.back();
    if (c.is_type<g::expect_finding>()) {
      tc.findings.push_back(name(*c.children.at(0)));
      return;
    }
    if (c.is_type<g::expect_no_finding>()) {
      tc.no_findings.push_back(name(*c.children.at(0)));
      return;
    }
    if (c.is_type<g::expect_total>()) {
      tc.total = number(*c.children.at(0));
      return;
    }
    if (!tc.allocations.empty()) {
      diagnostics_.error("E0107", file_, span_of(c),
                         "a case expects its allocations once; join them with 'or'");
      return;
    }
    for (const auto& a : c.children)
      tc.allocations.push_back(allocation(*a));
  }

  // A table row case is complete as written; `expect` may not follow it.
  static bool last_case_closed(const ast::TestDecl& d) {
    const ast::TestCase& tc = d.cases.back();
    return tc.given.size() == 1 && tc.span.begin == tc.given.front().span.begin &&
           !tc.allocations.empty() && tc.allocations.front().span.begin == tc.span.begin;
  }

  std::shared_ptr<const SourceFile> file_;
  Diagnostics& diagnostics_;
  bool rejected_ = false;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The innermost '{' between `begin` and `end` that is still open at `end` (strings and
// comments skipped), or npos.
std::size_t unclosed_brace(std::string_view text, std::size_t begin, std::size_t end) {
  std::vector<std::size_t> open;
  for (std::size_t i = begin; i < end && i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i < end && text[i] != '\n')
        ++i;
    } else if (c == '"') {
      ++i;
      while (i < end && text[i] != '"' && text[i] != '\n')
        i += text[i] == '\\' ? 2 : 1;
    } else if (c == '{') {
      open.push_back(i);
    } else if (c == '}' && !open.empty()) {
      open.pop_back();
    }
  }
  return open.empty() ? std::string_view::npos : open.back();
}

// The word (or single character) at `offset`, for "found ..." in messages.
std::string_view word_at(std::string_view text, std::size_t offset) {
  if (offset >= text.size())
    return {};
  std::size_t end = offset;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                               text[end] == '-' || text[end] == '_')) {
    ++end;
  }
  if (end == offset)
    end = offset + 1;
  return text.substr(offset, end - offset);
}

// What was found, for "found ..." in messages; a word longer than any identifier may be is cut
// (a rule file of one 1 MB word gives a short message).
std::string describe(std::string_view found) {
  if (found.empty())
    return "the end of the file";
  if (found == "\n")
    return "the end of the line";
  if (found.size() > kMaxIdentifierBytes)
    return fmt::format("'{}...'", found.substr(0, kMaxIdentifierBytes));
  return fmt::format("'{}'", found);
}

// Every keyword that may start a clause, for did-you-mean.
constexpr std::array kClauseWords{
    std::string_view("descriptor"), std::string_view("timed"),     std::string_view("untimed"),
    std::string_view("add-on"),     std::string_view("replaces"),  std::string_view("disciplines"),
    std::string_view("contact"),    std::string_view("regions"),   std::string_view("techniques"),
    std::string_view("not"),        std::string_view("performed"), std::string_view("effective"),
    std::string_view("expires"),    std::string_view("source"),    std::string_view("note"),
    std::string_view("pool"),       std::string_view("units"),     std::string_view("allocate"),
    std::string_view("each"),       std::string_view("rest"),      std::string_view("ties"),
    std::string_view("policy"),     std::string_view("payer"),     std::string_view("date"),
    std::string_view("discipline"), std::string_view("given"),     std::string_view("expect"),
    std::string_view("table"),      std::string_view("code"),      std::string_view("because"),
    std::string_view("column"),     std::string_view("bypass"),    std::string_view("when"),
    std::string_view("message"),    std::string_view("payers"),    std::string_view("severity"),
    std::string_view("codes"),      std::string_view("at"),        std::string_view("test")};

// True when the line at `pos` starts with a misspelled declaration keyword and opens a block
// (`polcy p {`): a word that is no clause keyword but close to a declaration keyword.
bool starts_misspelled_declaration(std::string_view text, std::size_t pos) {
  static constexpr std::array<std::string_view, 7> top{"code",     "policy", "payer", "edit",
                                                       "modifier", "limit",  "test"};
  std::size_t end = pos;
  while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end])))
    ++end;
  if (end == pos || end >= text.size() || text[end] != ' ')
    return false;
  const std::string_view word = text.substr(pos, end - pos);
  if (std::find(kClauseWords.begin(), kClauseWords.end(), word) != kClauseWords.end() ||
      !closest(word, top)) {
    return false;
  }
  const std::size_t line_end = std::min(text.find('\n', end), text.size());
  return text.substr(end, line_end - end).find('{') != std::string_view::npos;
}

// The offset of the next line, at or after `from`, that starts a top-level declaration, or a
// misspelled one (so that it is reported, with did-you-mean, rather than skipped).
std::size_t next_declaration(std::string_view text, std::size_t from) {
  static constexpr std::array<std::string_view, 7> starts{"code ",     "policy ", "payer ", "edit ",
                                                          "modifier ", "limit ",  "test "};
  std::size_t pos = text.find('\n', from);
  while (pos != std::string_view::npos) {
    ++pos;
    for (std::string_view s : starts) {
      if (text.substr(pos, s.size()) == s)
        return pos;
    }
    if (starts_misspelled_declaration(text, pos))
      return pos;
    pos = text.find('\n', pos);
  }
  return text.size();
}

void report_syntax_error(const pegtl::parse_error& e, std::string_view text, std::size_t decl_begin,
                         const std::shared_ptr<const SourceFile>& file, Diagnostics& out) {
  const std::size_t at = e.positions().empty() ? text.size() : e.positions().front().byte;
  const std::string_view found = word_at(text, at);
  const std::size_t brace = unclosed_brace(text, decl_begin, at);
  static constexpr std::array<std::string_view, 7> top{"code",     "policy", "payer", "edit",
                                                       "modifier", "limit",  "test"};
  const bool at_top_keyword = std::find(top.begin(), top.end(), found) != top.end();
  const std::string message(e.message());
  const auto length = static_cast<std::uint32_t>(std::max<std::size_t>(found.size(), 1));
  const Span span{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at) + length};
  if (brace != std::string_view::npos && (found.empty() || at_top_keyword) &&
      message == g::error_message<g::req<g::close_brace>>) {
    Diagnostic& d =
        out.error("E0102", file, span, fmt::format("expected '}}', found {}", describe(found)));
    const Location open = file->locate(static_cast<std::uint32_t>(brace));
    d.notes.push_back({fmt::format("to close '{{' opened at {}:{}", open.line, open.column), {}});
    return;
  }
  Diagnostic& d =
      out.error("E0101", file, span, fmt::format("{}, found {}", message, describe(found)));
  if (message == g::error_message<g::req<g::close_brace>>) {
    if (auto near = closest(found, kClauseWords)) {
      d.notes.push_back({fmt::format("did you mean '{}'?", *near), {}});
    }
  } else if (brace == std::string_view::npos &&
             message == g::error_message<g::req<g::declaration>>) {
    if (auto near = closest(found, top)) {
      d.notes.push_back({fmt::format("did you mean '{}'?", *near), {}});
    }
  }
}

// True when `text` starts with a top-level declaration keyword and a space.
bool starts_declaration(std::string_view text) {
  static constexpr std::array<std::string_view, 7> starts{"code ",     "policy ", "payer ", "edit ",
                                                          "modifier ", "limit ",  "test "};
  return std::any_of(starts.begin(), starts.end(),
                     [&](std::string_view s) { return text.substr(0, s.size()) == s; });
}

// "kind name" from the start of a declaration's text ("policy cms-8-minute"), if present.
std::optional<std::string> declared_name(std::string_view text) {
  const std::size_t space = text.find(' ');
  if (space == std::string_view::npos)
    return std::nullopt;
  static constexpr std::array<std::string_view, 6> kinds{"code", "policy",   "payer",
                                                         "edit", "modifier", "limit"};
  std::string_view kind = text.substr(0, space);
  std::optional<std::string> near;
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    // A misspelled keyword (`polcy p {`): the name is still hidden from "unknown" reports.
    near = closest(kind, kinds);
    if (!near)
      return std::nullopt;
    kind = *near;
  }
  std::size_t begin = space;
  while (begin < text.size() && text[begin] == ' ')
    ++begin;
  std::size_t end = begin;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                               text[end] == '-' || text[end] == '_')) {
    ++end;
  }
  if (end == begin)
    return std::nullopt;
  return fmt::format("{} {}", kind, text.substr(begin, end - begin));
}

// Expressions nest by recursion (PEGTL rules, the syntax tree), so a line of thousands of '('
// or operators would overflow the stack before the checker's depth limit (E0303) applies. An
// expression never spans lines, so each line is measured alone, strings and comments skipped.
constexpr int kMaxParenDepth = 64;      // '(' open at once on one line (E0109)
constexpr int kMaxLineOperators = 512;  // operators, '(' and not/if/and/or on one line (E0110)

// The first place on a line where one of those limits is passed.
struct Overload {
  std::size_t at = 0;          // the offending character
  std::size_t line_start = 0;  // the start of its line
  bool parens = false;         // true: E0109, false: E0110
};

std::vector<Overload> find_overloads(std::string_view text) {
  std::vector<Overload> out;
  std::size_t line_start = 0;
  int depth = 0;
  int operators = 0;
  bool reported = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      line_start = i + 1;
      depth = operators = 0;
      reported = false;
    } else if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n')
        ++i;
    } else if (c == '"') {
      while (i + 1 < text.size() && text[i + 1] != '"' && text[i + 1] != '\n') {
        i += text[i + 1] == '\\' && i + 2 < text.size() && text[i + 2] != '\n' ? 2 : 1;
      }
      if (i + 1 < text.size() && text[i + 1] == '"')
        ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      const std::size_t begin = i;
      while (i + 1 < text.size() && (std::isalnum(static_cast<unsigned char>(text[i + 1])) ||
                                     text[i + 1] == '_' || text[i + 1] == '-')) {
        ++i;
      }
      const std::string_view word = text.substr(begin, i + 1 - begin);
      if (word == "not" || word == "if" || word == "and" || word == "or")
        ++operators;
    } else if (std::string_view("+-*/%<>=!(").find(c) != std::string_view::npos) {
      ++operators;
      if (c == '(')
        ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    }
    if (!reported && (depth > kMaxParenDepth || operators > kMaxLineOperators)) {
      out.push_back({i, line_start, depth > kMaxParenDepth});
      reported = true;
    }
  }
  return out;
}

void report_overload(const Overload& o, const std::shared_ptr<const SourceFile>& file,
                     Diagnostics& out) {
  const Span span{static_cast<std::uint32_t>(o.at), static_cast<std::uint32_t>(o.at) + 1};
  if (o.parens) {
    out.error("E0109", file, span,
              fmt::format("expression nested too deeply: more than {} levels of parentheses",
                          kMaxParenDepth));
  } else {
    out.error(
        "E0110", file, span,
        fmt::format("expression too long: more than {} operators on one line", kMaxLineOperators));
  }
}

}  // namespace

ParseResult parse(std::shared_ptr<const SourceFile> file) {
  ParseResult result;
  result.module.file = file;
  const std::string& text = file->text();
  const std::string_view view(text);
  std::size_t pos = 0;
  Builder builder(file, result.diagnostics);
  // Lines that nest too deeply are reported and never given to the grammar.
  const std::vector<Overload> overloads = find_overloads(view);
  std::size_t next_overload = 0;
  const auto report_overloads_before = [&](std::size_t end) {
    for (; next_overload < overloads.size() && overloads[next_overload].at < end; ++next_overload) {
      report_overload(overloads[next_overload], file, result.diagnostics);
    }
  };
  while (true) {
    // Skip blanks, newlines and comments between declarations.
    while (pos < text.size()) {
      if (is_space(text[pos])) {
        ++pos;
      } else if (text[pos] == '#') {
        while (pos < text.size() && text[pos] != '\n')
          ++pos;
      } else {
        break;
      }
    }
    report_overloads_before(pos);
    if (pos >= text.size())
      break;
    if (next_overload < overloads.size()) {
      const std::size_t next = next_declaration(view, pos);
      if (overloads[next_overload].at < next) {
        report_overloads_before(next);
        if (auto broken = declared_name(view.substr(pos)))
          result.module.broken.push_back(*broken);
        pos = next;
        continue;
      }
    }
    const std::size_t input_end =
        next_overload < overloads.size() ? overloads[next_overload].line_start : text.size();
    const Location loc = file->locate(static_cast<std::uint32_t>(pos));
    pegtl::memory_input in(text.data() + pos, text.data() + input_end, file->name(), pos, loc.line,
                           loc.column);
    try {
      auto root =
          pegtl::parse_tree::parse<g::one_declaration, selector, pegtl::nothing, control>(in);
      if (!root || root->children.empty())
        break;
      if (auto decl = builder.declaration(*root->children.front())) {
        result.module.decls.push_back(std::move(*decl));
      } else if (builder.rejected()) {
        if (auto broken = declared_name(view.substr(pos)))
          result.module.broken.push_back(*broken);
      }
      pos = root->children.front()->m_end.byte;
    } catch (const pegtl::parse_error& e) {
      report_syntax_error(e, view, pos, file, result.diagnostics);
      if (auto broken = declared_name(view.substr(pos)))
        result.module.broken.push_back(*broken);
      const std::size_t at = e.positions().empty() ? pos : e.positions().front().byte;
      // An unclosed block that ran into the next declaration: resume at that declaration.
      const bool at_line_start = at > pos && at < view.size() && view[at - 1] == '\n';
      pos = at_line_start && starts_declaration(view.substr(at)) ? at : next_declaration(view, at);
    }
  }
  return result;
}

}  // namespace cptrules::lang
