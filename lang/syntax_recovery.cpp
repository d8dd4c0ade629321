// Syntax errors: their messages and notes, the next declaration to resume at, the lost one.
#include "syntax_recovery.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "characters.hpp"
#include "grammar_errors.hpp"
#include "lexicon.hpp"
#include "parse_limits.hpp"
#include "suggest.hpp"

namespace cptrules::lang {

namespace g = grammar;

namespace {

// The top-level declaration keywords, and the words that may start a clause, for did-you-mean.
constexpr auto kDeclarationWords = lexicon::spellings(lexicon::kDeclarations);
constexpr auto kClauseWords = lexicon::spellings(lexicon::kClauseWords);
// The declarations whose name a failed parse hides from "unknown" reports.
constexpr auto kNamedDeclarationWords = lexicon::spellings(lexicon::kNamedDeclarations);

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

// True when the line at `pos` starts with a misspelled declaration keyword and opens a block
// (`polcy p {`): a word that is no clause keyword but close to a declaration keyword.
bool starts_misspelled_declaration(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end])))
    ++end;
  if (end == pos || end >= text.size() || text[end] != ' ')
    return false;
  const std::string_view word = text.substr(pos, end - pos);
  if (std::find(kClauseWords.begin(), kClauseWords.end(), word) != kClauseWords.end() ||
      !closest(word, kDeclarationWords)) {
    return false;
  }
  const std::size_t line_end = std::min(text.find('\n', end), text.size());
  return text.substr(end, line_end - end).find('{') != std::string_view::npos;
}

}  // namespace

std::size_t next_declaration(std::string_view text, std::size_t from) {
  std::size_t pos = text.find('\n', from);
  while (pos != std::string_view::npos) {
    ++pos;
    if (starts_declaration(text.substr(pos)))
      return pos;
    if (starts_misspelled_declaration(text, pos))
      return pos;
    pos = text.find('\n', pos);
  }
  return text.size();
}

namespace {

// E0113: the grammar stopped at a character that is no part of the language (a curly quote, an
// en dash, a no-break space), named in words with what to write instead. False when the
// character at `at` is ASCII; nothing is reported for a byte that is not UTF-8 (E0114 was).
bool report_foreign_character(std::string_view message, std::size_t at, std::string_view text,
                              const std::shared_ptr<const SourceFile>& file, Diagnostics& out) {
  const auto byte = static_cast<unsigned char>(text[at]);
  const bool control = byte < 0x20 && byte != '\n' && byte != '\t' && byte != '\r';
  if (byte < 0x80 && !control && byte != 0x7F)
    return false;
  const Utf8Char c = decode_utf8(text, at);
  if (!c.valid)
    return true;
  const Span span{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + c.length)};
  Diagnostic& d = out.error("E0113", file, span,
                            fmt::format("{}, found {}", message, describe_character(c.code_point)));
  const std::string_view instead = ascii_instead(c.code_point);
  d.notes.push_back({instead.empty() ? std::string("outside quoted strings and comments, rule "
                                                   "files are written in ASCII")
                                     : std::string(instead),
                     {}});
  return true;
}

// For a string left open: a curly quotation mark on its line (`"CMS manual”`), which is no
// closing quote.
std::optional<std::string> curly_quote_note(std::string_view text, std::size_t at,
                                            const SourceFile& file) {
  const std::size_t line_begin = text.rfind('\n', at == 0 ? 0 : at - 1);
  for (std::size_t i = line_begin == std::string_view::npos ? 0 : line_begin + 1; i < at; ++i) {
    if (static_cast<unsigned char>(text[i]) < 0x80)
      continue;
    const Utf8Char c = decode_utf8(text, i);
    if (c.valid && is_fancy_double_quote(c.code_point)) {
      const Location loc = file.locate(static_cast<std::uint32_t>(i));
      return fmt::format("{} at {}:{} does not close a string: use a straight quote '\"'",
                         describe_character(c.code_point), loc.line, loc.column);
    }
    if (c.valid)
      i += c.length - 1;
  }
  return std::nullopt;
}

// The messages of the grammar points where a code is expected.
bool expects_code(std::string_view message) {
  return message == g::error_message<g::req<g::code_name>> ||
         message == g::error_message<g::req<g::code_range>> ||
         message == g::error_message<g::req<g::code_set>> ||
         message == g::error_message<g::req<g::given_service>> ||
         message == g::error_message<g::req<g::given_list>> ||
         message == g::error_message<g::req<g::expected_units>> ||
         message == g::error_message<g::req<g::allocation>> ||
         message == g::error_message<g::req<g::expect_spec>> ||
         message == g::error_message<g::req<g::counted>>;
}

// A code written in lower case (`g0283`): its upper-case spelling, when that is a code.
std::optional<std::string> upper_case_code(std::string_view found) {
  const auto alnum = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; };
  const auto lower = [](char ch) { return std::islower(static_cast<unsigned char>(ch)) != 0; };
  const auto digit = [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; };
  if (found.empty() || !std::all_of(found.begin(), found.end(), alnum) ||
      !std::any_of(found.begin(), found.end(), lower) ||
      !std::any_of(found.begin(), found.end(), digit)) {
    return std::nullopt;
  }
  std::string upper(found);
  for (char& ch : upper)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return upper;
}

}  // namespace

void report_syntax_error(std::string_view message, std::size_t at, std::string_view text,
                         std::size_t decl_begin, const std::shared_ptr<const SourceFile>& file,
                         Diagnostics& out) {
  if (at < text.size() && report_foreign_character(message, at, text, file, out))
    return;
  const std::string_view found = word_at(text, at);
  const std::size_t brace = unclosed_brace(text, decl_begin, at);
  const bool at_top_keyword = std::find(kDeclarationWords.begin(), kDeclarationWords.end(),
                                        found) != kDeclarationWords.end();
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
    if (auto near = closest(found, kDeclarationWords)) {
      d.notes.push_back({fmt::format("did you mean '{}'?", *near), {}});
    }
  } else if (message == g::error_message<g::req<g::string_close>>) {
    if (auto note = curly_quote_note(text, at, *file))
      d.notes.push_back({std::move(*note), {}});
  } else if (expects_code(message)) {
    if (auto upper = upper_case_code(found)) {
      d.notes.push_back(
          {fmt::format("codes are written in capital letters: did you mean '{}'?", *upper), {}});
    }
  }
}

bool starts_declaration(std::string_view text) {
  return std::any_of(kDeclarationWords.begin(), kDeclarationWords.end(), [&](std::string_view w) {
    return text.size() > w.size() && text.substr(0, w.size()) == w && text[w.size()] == ' ';
  });
}

std::optional<ast::BrokenDecl> broken_declaration(std::string_view text, std::size_t begin) {
  const std::string_view rest = text.substr(begin);
  const std::size_t space = rest.find(' ');
  if (space == std::string_view::npos)
    return std::nullopt;
  const std::string_view written = rest.substr(0, space);
  std::optional<lexicon::Declaration> kind;
  if (std::find(kNamedDeclarationWords.begin(), kNamedDeclarationWords.end(), written) !=
      kNamedDeclarationWords.end()) {
    kind = lexicon::find_declaration(written);
  } else if (auto near = closest(written, kNamedDeclarationWords)) {
    // A misspelled keyword (`polcy p {`): the name is still hidden from "unknown" reports.
    kind = lexicon::find_declaration(*near);
  } else {
    return std::nullopt;
  }
  std::size_t name_begin = space;
  while (name_begin < rest.size() && rest[name_begin] == ' ')
    ++name_begin;
  std::size_t name_end = name_begin;
  while (name_end < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[name_end])) ||
                                    rest[name_end] == '-' || rest[name_end] == '_')) {
    ++name_end;
  }
  if (name_end == name_begin)
    return std::nullopt;
  return ast::BrokenDecl{*kind,
                         std::string(rest.substr(name_begin, name_end - name_begin)),
                         {static_cast<std::uint32_t>(begin + name_begin),
                          static_cast<std::uint32_t>(begin + name_end)}};
}

}  // namespace cptrules::lang
