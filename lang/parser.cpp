// parse: runs the PEGTL grammar one declaration at a time and builds the typed syntax tree;
// a syntax error skips to the next declaration (syntax_recovery.hpp).
#include "parser.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include <tao/pegtl.hpp>

#include "ast_builder.hpp"
#include "grammar.hpp"
#include "grammar_errors.hpp"
#include "parse_limits.hpp"
#include "syntax_recovery.hpp"

namespace cptrules::lang {

namespace pegtl = tao::pegtl;
namespace g = grammar;

namespace {

template <typename Rule>
using control = pegtl::must_if<g::errors>::control<Rule>;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

ParseResult parse(std::shared_ptr<const SourceFile> file) {
  ParseResult result;
  result.module.file = file;
  const std::string& text = file->text();
  const std::string_view view(text);
  std::size_t pos = 0;
  AstBuilder builder(file, result.diagnostics);
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
        if (auto broken = broken_declaration(view, pos))
          result.module.broken.push_back(std::move(*broken));
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
        if (auto broken = broken_declaration(view, pos))
          result.module.broken.push_back(std::move(*broken));
      }
      pos = root->children.front()->m_end.byte;
    } catch (const pegtl::parse_error& e) {
      report_syntax_error(e.message(),
                          e.positions().empty() ? view.size() : e.positions().front().byte, view,
                          pos, file, result.diagnostics);
      if (auto broken = broken_declaration(view, pos))
        result.module.broken.push_back(std::move(*broken));
      const std::size_t at = e.positions().empty() ? pos : e.positions().front().byte;
      // An unclosed block that ran into the next declaration: resume at that declaration.
      const bool at_line_start = at > pos && at < view.size() && view[at - 1] == '\n';
      pos = at_line_start && starts_declaration(view.substr(at)) ? at : next_declaration(view, at);
    }
  }
  return result;
}

}  // namespace cptrules::lang
