// AstBuilder's expressions: operands and operators of the parse tree to ast::Expr, folded left.
#include <array>
#include <string_view>
#include <utility>

#include "ast_builder.hpp"
#include "lexicon.hpp"

namespace cptrules::lang {

namespace g = grammar;

namespace {

// The operator a comparison, sum or product node spells.
ast::Op binary_op(std::string_view text) {
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

// `lhs op rhs`, spanning both.
ast::Expr combine(ast::Op op, ast::Expr lhs, ast::Expr rhs) {
  ast::Expr e;
  e.kind = ast::ExprKind::binary;
  e.op = op;
  e.span = {lhs.span.begin, rhs.span.end};
  e.args.push_back(std::move(lhs));
  e.args.push_back(std::move(rhs));
  return e;
}

}  // namespace

ast::Expr AstBuilder::expr(const Node& n) {
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
    e.op = n.children.at(0)->string_view() == lexicon::spelling(lexicon::Word::min) ? ast::Op::min
                                                                                    : ast::Op::max;
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
      e = combine(binary_op(n.children[i]->string_view()), std::move(e), expr(*n.children[i + 1]));
    }
  }
  return e;
}

}  // namespace cptrules::lang
