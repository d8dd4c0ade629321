// find_overloads and report_overload: expression lines too deep or too long to parse.
#include "parse_limits.hpp"

#include <cctype>

#include <fmt/format.h>

#include "lexicon.hpp"

namespace cptrules::lang {

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
      if (lexicon::is_one_of(word, lexicon::kExpressionOperators))
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

}  // namespace cptrules::lang
