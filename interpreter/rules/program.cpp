// Program: compiling expressions to stack code and running it with checked arithmetic.
#include "program.hpp"

#include <array>

#include <fmt/format.h>

namespace cptrules::interp {

namespace ast = lang::ast;

namespace {

// Division that rounds down, toward minus infinity (-10 / 15 is -1), so that a formula that
// divides rounds down for negative numbers too; `b` is not 0 and the quotient does not overflow.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// The remainder that goes with floor_div: a == b * floor_div(a, b) + floor_mod(a, b); it has the
// sign of `b` (-1 % 15 is 14).
std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

}  // namespace

Program Program::compile(const ast::Expr& expr, const LetNames& lets) {
  Program p;
  p.emit(expr, lets);
  return p;
}

Program Program::constant(std::int64_t value) {
  Program p;
  p.code_.push_back({OpCode::constant, value});
  return p;
}

void Program::emit(const ast::Expr& e, const LetNames& lets) {
  switch (e.kind) {
    case ast::ExprKind::number:
      code_.push_back({OpCode::constant, e.number});
      return;
    case ast::ExprKind::variable:
      for (const auto& [name, value] : lets) {
        if (name == e.name) {
          emit(*value, {});  // a `let` reads numbers and `unit` only
          return;
        }
      }
      code_.push_back({e.name == "unit" ? OpCode::unit : OpCode::minutes, 0});
      return;
    case ast::ExprKind::conditional: {
      emit(e.args[0], lets);
      const std::size_t to_else = code_.size();
      code_.push_back({OpCode::jump_if_false, 0});
      emit(e.args[1], lets);
      const std::size_t to_end = code_.size();
      code_.push_back({OpCode::jump, 0});
      code_[to_else].arg = static_cast<std::int64_t>(code_.size());
      emit(e.args[2], lets);
      code_[to_end].arg = static_cast<std::int64_t>(code_.size());
      return;
    }
    default:
      break;
  }
  for (const ast::Expr& arg : e.args)
    emit(arg, lets);
  OpCode op = OpCode::add;
  switch (e.op) {
    case ast::Op::add:
      op = OpCode::add;
      break;
    case ast::Op::sub:
      op = OpCode::sub;
      break;
    case ast::Op::mul:
      op = OpCode::mul;
      break;
    case ast::Op::div:
      op = OpCode::div;
      break;
    case ast::Op::mod:
      op = OpCode::mod;
      break;
    case ast::Op::neg:
      op = OpCode::neg;
      break;
    case ast::Op::lt:
      op = OpCode::lt;
      break;
    case ast::Op::le:
      op = OpCode::le;
      break;
    case ast::Op::gt:
      op = OpCode::gt;
      break;
    case ast::Op::ge:
      op = OpCode::ge;
      break;
    case ast::Op::eq:
      op = OpCode::eq;
      break;
    case ast::Op::ne:
      op = OpCode::ne;
      break;
    case ast::Op::and_:
      op = OpCode::logic_and;
      break;
    case ast::Op::or_:
      op = OpCode::logic_or;
      break;
    case ast::Op::not_:
      op = OpCode::logic_not;
      break;
    case ast::Op::min:
      op = OpCode::min;
      break;
    case ast::Op::max:
      op = OpCode::max;
      break;
    case ast::Op::cond:
      break;
  }
  code_.push_back({op, 0});
}

EvalStatus Program::run(const ExprInputs& in, std::int64_t& out) const {
  std::array<std::int64_t, kMaxExprDepth + 4> stack{};
  std::size_t sp = 0;
  const std::size_t n = code_.size();
  for (std::size_t pc = 0; pc < n; ++pc) {
    const Instr& i = code_[pc];
    std::int64_t b = 0;
    if (i.op >= OpCode::add && i.op != OpCode::neg && i.op != OpCode::logic_not &&
        i.op < OpCode::jump_if_false) {
      b = stack[--sp];
    }
    std::int64_t& a = stack[sp == 0 ? 0 : sp - 1];
    switch (i.op) {
      case OpCode::constant:
        stack[sp++] = i.arg;
        break;
      case OpCode::minutes:
        stack[sp++] = in.minutes;
        break;
      case OpCode::unit:
        stack[sp++] = in.unit;
        break;
      case OpCode::add:
        if (__builtin_add_overflow(a, b, &a))
          return EvalStatus::overflow;
        break;
      case OpCode::sub:
        if (__builtin_sub_overflow(a, b, &a))
          return EvalStatus::overflow;
        break;
      case OpCode::mul:
        if (__builtin_mul_overflow(a, b, &a))
          return EvalStatus::overflow;
        break;
      case OpCode::div:
      case OpCode::mod:
        if (b == 0)
          return EvalStatus::division_by_zero;
        if (a == INT64_MIN && b == -1)
          return EvalStatus::overflow;
        a = i.op == OpCode::div ? floor_div(a, b) : floor_mod(a, b);
        break;
      case OpCode::neg:
        if (a == INT64_MIN)
          return EvalStatus::overflow;
        a = -a;
        break;
      case OpCode::lt:
        a = a < b;
        break;
      case OpCode::le:
        a = a <= b;
        break;
      case OpCode::gt:
        a = a > b;
        break;
      case OpCode::ge:
        a = a >= b;
        break;
      case OpCode::eq:
        a = a == b;
        break;
      case OpCode::ne:
        a = a != b;
        break;
      case OpCode::logic_and:
        a = (a != 0) && (b != 0);
        break;
      case OpCode::logic_or:
        a = (a != 0) || (b != 0);
        break;
      case OpCode::logic_not:
        a = a == 0;
        break;
      case OpCode::min:
        a = std::min(a, b);
        break;
      case OpCode::max:
        a = std::max(a, b);
        break;
      case OpCode::jump_if_false:
        if (stack[--sp] == 0)
          pc = static_cast<std::size_t>(i.arg) - 1;
        break;
      case OpCode::jump:
        pc = static_cast<std::size_t>(i.arg) - 1;
        break;
    }
  }
  out = sp > 0 ? stack[sp - 1] : 0;
  return EvalStatus::ok;
}

std::string Program::dump() const {
  static constexpr std::array<const char*, 22> names{
      "const", "minutes", "unit", "add", "sub", "mul", "div",
      "mod",   "neg",     "lt",   "le",  "gt",  "ge",  "eq",
      "ne",    "and",     "or",   "not", "min", "max", "jump_if_false",
      "jump"};
  std::string out;
  for (std::size_t pc = 0; pc < code_.size(); ++pc) {
    const Instr& i = code_[pc];
    const bool has_arg =
        i.op == OpCode::constant || i.op == OpCode::jump_if_false || i.op == OpCode::jump;
    if (has_arg) {
      fmt::format_to(std::back_inserter(out), "{:3} {} {}\n", pc,
                     names[static_cast<std::size_t>(i.op)], i.arg);
    } else {
      fmt::format_to(std::back_inserter(out), "{:3} {}\n", pc,
                     names[static_cast<std::size_t>(i.op)]);
    }
  }
  return out;
}

}  // namespace cptrules::interp
