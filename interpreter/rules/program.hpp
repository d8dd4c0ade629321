// Program: an expression of a rule file compiled to a flat stack program over whole numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ast.hpp"

namespace cptrules::interp {

// The inputs an expression may read.
struct ExprInputs {
  std::int64_t minutes = 0;
  std::int64_t unit = 0;
};

enum class EvalStatus { ok, division_by_zero, overflow };

// A compiled expression. Evaluation is a single pass over `code_` with a small fixed stack;
// it always terminates (jumps only go forward) and never allocates.
class Program {
 public:
  // A policy's `let` names, each with the checked expression it stands for.
  using LetNames = std::vector<std::pair<std::string_view, const lang::ast::Expr*>>;

  // Compiles a checked expression: variables `minutes` and `unit`, and the names of `lets`,
  // whose expressions are compiled where they are named.
  static Program compile(const lang::ast::Expr& expr, const LetNames& lets = {});

  // A program that always yields `value`.
  static Program constant(std::int64_t value);

  // Runs the program; on division by zero or overflow returns that status and leaves `out`.
  EvalStatus run(const ExprInputs& in, std::int64_t& out) const;

  bool empty() const { return code_.empty(); }

  // The program's instructions as text, one per line (for `--dump plan`).
  std::string dump() const;

 private:
  enum class OpCode : std::uint8_t {
    constant,
    minutes,
    unit,
    add,
    sub,
    mul,
    div,
    mod,
    neg,
    lt,
    le,
    gt,
    ge,
    eq,
    ne,
    logic_and,
    logic_or,
    logic_not,
    min,
    max,
    jump_if_false,
    jump
  };
  struct Instr {
    OpCode op;
    std::int64_t arg = 0;  // the constant, or the jump target
  };
  void emit(const lang::ast::Expr& expr, const LetNames& lets);

  std::vector<Instr> code_;
  std::size_t max_depth_ = 0;
};

// The deepest an expression may nest (checked before compiling).
inline constexpr std::size_t kMaxExprDepth = 64;

}  // namespace cptrules::interp
