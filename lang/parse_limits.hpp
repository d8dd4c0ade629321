// The parser's limits on what a rule file may write: literals, identifiers, and expression
// lines that nest or chain too much to be parsed by recursion (internal to the parser).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "diagnostic.hpp"
#include "source.hpp"

namespace cptrules::lang {

// The largest whole number a rule file may write.
inline constexpr std::int64_t kMaxLiteral = 1'000'000'000;
// The longest identifier (code, name, modifier, variable) a rule file may write, in bytes.
inline constexpr std::size_t kMaxIdentifierBytes = 64;

// Expressions nest by recursion (PEGTL rules, the syntax tree), so a line of thousands of '('
// or operators would overflow the stack before the checker's depth limit (E0303) applies. An
// expression never spans lines, so each line is measured alone, strings and comments skipped.
inline constexpr int kMaxParenDepth = 64;  // '(' open at once on one line (E0109)
inline constexpr int kMaxLineOperators =
    512;  // operators, '(' and not/if/and/or on one line (E0110)

// The first place on a line where one of those limits is passed.
struct Overload {
  std::size_t at = 0;          // the offending character
  std::size_t line_start = 0;  // the start of its line
  bool parens = false;         // true: E0109, false: E0110
};

// Every line of `text` that passes a limit, in order.
std::vector<Overload> find_overloads(std::string_view text);

// Reports an overloaded line (E0109 or E0110).
void report_overload(const Overload& o, const std::shared_ptr<const SourceFile>& file,
                     Diagnostics& out);

}  // namespace cptrules::lang
