// AstBuilder: PEGTL's parse tree of one declaration to the typed syntax tree (internal to the
// parser; with the selector of the parse-tree nodes it reads).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "ast.hpp"
#include "diagnostic.hpp"
#include "grammar.hpp"
#include "parse_node.hpp"
#include "source.hpp"

namespace cptrules::lang {

// The rules whose nodes the parse tree keeps: the builder reads nothing else.
// clang-format off
template <typename Rule>
using selector = tao::pegtl::parse_tree::selector<
    Rule,
    tao::pegtl::parse_tree::store_content::on<
        grammar::number, grammar::code_name, grammar::name, grammar::modifier, grammar::quoted,
        grammar::date, grammar::phrase, grammar::call_name, grammar::product_op, grammar::sum_op,
        grammar::comparison_op, grammar::variable, grammar::pool_key, grammar::fact_key,
        grammar::code_decl, grammar::policy_decl, grammar::payer_decl, grammar::test_decl,
        grammar::descriptor_clause, grammar::timed_every, grammar::timed_first,
        grammar::untimed_clause, grammar::addon_clause, grammar::disciplines_clause,
        grammar::time_range, grammar::addon_after, grammar::family_clause,
        grammar::fact_clause, grammar::effective_clause, grammar::expires_clause,
        grammar::source_clause, grammar::note_clause,
        grammar::pool_each, grammar::pool_together, grammar::units_formula, grammar::units_table,
        grammar::table_row, grammar::row_to, grammar::or_more, grammar::because,
        grammar::full_units, grammar::rest_rule, grammar::rest_leftover, grammar::rest_minutes,
        grammar::ties_rule, grammar::ties_order, grammar::allocate_clause, grammar::policy_ref,
        grammar::replaces_clause, grammar::discipline_modifier, grammar::default_discipline, grammar::edit_decl,
        grammar::modifier_decl, grammar::limit_decl,
        grammar::code_range, grammar::code_range_to, grammar::column_clause,
        grammar::column_number, grammar::bypass_clause, grammar::either_line, grammar::no_bypass, grammar::when_clause,
        grammar::message_clause, grammar::payers_clause, grammar::severity_level,
        grammar::codes_clause, grammar::limit_units, grammar::finding_id,
        grammar::expect_finding, grammar::expect_no_finding,
        grammar::test_payer, grammar::test_date, grammar::test_discipline, grammar::given,
        grammar::given_service, grammar::given_minutes, grammar::given_modifiers,
        grammar::given_clock, grammar::clock_time, grammar::line_discipline, grammar::given_billed,
        grammar::finding_line,
        grammar::expect_total, grammar::expect_allocations, grammar::allocation,
        grammar::expected_units, grammar::test_table, grammar::table_case,
        grammar::conditional, grammar::logic_not, grammar::negation, grammar::call,
        grammar::paren, grammar::let_clause, grammar::counts_clause, grammar::counted_family,
        grammar::counted_discipline, grammar::payer_also, grammar::payer_aliases,
        grammar::family_decl, grammar::provider_decl, grammar::check_decl,
        grammar::check_discipline, grammar::check_provider, grammar::check_with,
        grammar::check_without, grammar::check_when, grammar::check_condition,
        grammar::check_percent, grammar::given_provider, grammar::given_assistant>,
    tao::pegtl::parse_tree::fold_one::on<grammar::disjunction, grammar::conjunction,
                                         grammar::comparison, grammar::sum, grammar::product>>;
// clang-format on

inline Span span_of(const Node& n) {
  return {static_cast<std::uint32_t>(n.m_begin.byte), static_cast<std::uint32_t>(n.m_end.byte)};
}

// Turns the parse tree of one declaration into typed syntax, reporting value errors
// (numbers too large, impossible dates) without stopping. Declarations are built in
// ast_builder.cpp, expressions in ast_builder_expressions.cpp.
class AstBuilder {
 public:
  AstBuilder(std::shared_ptr<const SourceFile> file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  // The declaration, or nullopt when it holds an identifier that is too long (reported, E0111):
  // such a declaration is skipped like one with a syntax error (see rejected()).
  std::optional<ast::Decl> declaration(const Node& n);

  // True when the last declaration was left out for an identifier that is too long.
  bool rejected() const { return rejected_; }

 private:
  std::optional<ast::Decl> build(const Node& n);

  // Values
  ast::Name name(const Node& n);
  void check_length(const Node& n);
  ast::Number number(const Node& n);
  ast::StringLit string(const Node& n);
  ast::DateLit date(const Node& n);
  bool meta(const Node& n, ast::Meta& m);
  std::optional<ast::StringLit> because_of(const Node& n);
  std::vector<ast::CodeRange> code_set(const Node& clause);
  std::vector<ast::Name> names_in(const Node& clause);
  void duplicate_clause(const Node& n, std::string_view what, Span first);

  // A declaration `KIND NAME "title"? { ... }`: its span, its name (the first child, into
  // `name_field`), its title and meta clauses; every other child goes to `clause(child, decl)`.
  template <typename Decl, typename Clause>
  Decl titled(const Node& n, ast::Name Decl::*name_field, Clause clause) {
    Decl d;
    d.span = span_of(n);
    d.*name_field = name(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const Node& c = *n.children[i];
      if (c.is_type<grammar::quoted>()) {
        d.title = string(c);
      } else if (!meta(c, d.meta)) {
        clause(c, d);
      }
    }
    return d;
  }

  // Declarations
  ast::CodeDecl code(const Node& n);
  ast::PolicyDecl policy(const Node& n);
  ast::UnitsClause units(const Node& n);
  ast::AllocateClause allocate(const Node& n);
  ast::PayerDecl payer(const Node& n);
  ast::EditDecl edit(const Node& n);
  ast::ModifierDecl modifier_decl(const Node& n);
  ast::LimitDecl limit(const Node& n);
  ast::FamilyDecl family(const Node& n);
  ast::ProviderDecl provider(const Node& n);
  ast::CheckDecl check_decl(const Node& n);
  ast::CheckOperand check_operand(const Node& n);
  ast::CountsClause counts(const Node& n);
  ast::TestDecl test(const Node& n);
  ast::GivenService given_service(const Node& n);
  std::optional<ast::Number> clock(const Node& n);
  ast::ExpectedFinding expected_finding(const Node& n);
  ast::ExpectedAllocation allocation(const Node& n);
  void expect(const Node& c, ast::TestDecl& d);

  // Expressions
  ast::Expr expr(const Node& n);

  std::shared_ptr<const SourceFile> file_;
  Diagnostics& diagnostics_;
  bool rejected_ = false;
};

}  // namespace cptrules::lang
