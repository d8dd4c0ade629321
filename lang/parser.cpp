// parse: runs the PEGTL grammar one declaration at a time and builds the typed syntax tree;
// a syntax error skips to the next declaration (syntax_recovery.hpp).
#include "parser.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "ast_builder.hpp"
#include "characters.hpp"
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

// Reports the first byte of each line that is not UTF-8 (E0114), anywhere in the file: in a
// string or a comment too, since every text of the rules reaches output that must be UTF-8.
// A syntax error at such a byte is not reported again (report_syntax_error).
void report_invalid_utf8(const std::shared_ptr<const SourceFile>& file, Diagnostics& out) {
  const std::string_view text(file->text());
  std::size_t at = find_invalid_utf8(text);
  while (at != std::string_view::npos) {
    out.error("E0114", file, {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at) + 1},
              fmt::format("invalid UTF-8: byte 0x{:02X} starts no character",
                          static_cast<unsigned char>(text[at])))
        .notes.push_back({"save the file as UTF-8 (it may be in another encoding, such as "
                          "Windows-1252 or Latin-1)",
                          {}});
    const std::size_t line_end = text.find('\n', at);
    if (line_end == std::string_view::npos)
      break;
    at = find_invalid_utf8(text, line_end);
  }
}

}  // namespace

ParseResult parse(std::shared_ptr<const SourceFile> file) {
  ParseResult result;
  result.module.file = file;
  const std::string& text = file->text();
  const std::string_view view(text);
  // A byte-order mark (Notepad writes one) is no part of the rules.
  std::size_t pos =
      view.substr(0, kByteOrderMark.size()) == kByteOrderMark ? kByteOrderMark.size() : 0;
  AstBuilder builder(file, result.diagnostics);
  report_invalid_utf8(file, result.diagnostics);
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
          pegtl::parse_tree::parse<g::one_declaration, Node, selector, pegtl::nothing, control>(in);
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
