// format_rules: a small lexer over rule text and a printer driven by the brace depth.
//
// The formatter works on tokens, not on the syntax tree, so that comments, blank lines and
// constructs added to the grammar later are handled without change. Two facts of the grammar
// make this safe: a newline ends a clause, so lines are never joined (only split after '{' and
// around '}', where the grammar allows a newline), and blanks between tokens are free, so a run
// of them becomes one space. Where a space is added or removed inside a line, the lexer knows
// the token boundaries: a name may contain '-' (`minutes-8` is one name), so a word is never
// split, and the words of a fact clause (`contact ...`, `techniques { ... }`) keep their inner
// characters, since there `(` and `.` are part of the phrase.
#include "formatter.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "ast_dump.hpp"
#include "characters.hpp"
#include "lexicon.hpp"
#include "parser.hpp"

namespace cptrules::lang {

namespace {

// A body written on one line stays on one line only if the line fits in this many columns.
constexpr std::size_t kLineLimit = 100;

enum class Tok {
  word,     // a name, number, code, date or keyword; in a fact clause, a phrase word
  string,   // "...", escapes included
  comment,  // '#' to the end of the line, trailing blanks left out
  newline,
  open,   // {
  close,  // }
  comma,
  lparen,  // ( in an expression
  rparen,  // ) in an expression
  op,      // + - * / % < > <= >= == != = ->
  range,   // .. in a table row
  other    // any other character
};

struct Token {
  Tok kind = Tok::word;
  std::string_view text;
  bool space_before = false;  // blanks separated it from the previous token of its line
  bool keep_spacing = false;  // spaced only as in the source: unknown characters, and so on
  bool unary = false;         // a '-' that negates what follows: no space after it
  bool wide_before = false;   // two spaces before it: `because`, `or` between expected allocations
  bool wide_after = false;    // two spaces after it: `or` between expected allocations
  bool tight_before = false;  // written against the token before it: the '%' of `10% of`
};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

// True when `text` is a spelling of `min` after a number (`mins`, `minutes`, ...).
bool is_minute_word(std::string_view text) {
  return std::find(lexicon::kMinuteWords.begin(), lexicon::kMinuteWords.end(), text) !=
         lexicon::kMinuteWords.end();
}

// The length of the run of digits that starts `text`.
std::size_t leading_digits(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && std::isdigit(static_cast<unsigned char>(text[n])))
    ++n;
  return n;
}

using lexicon::is_one_of;
using lexicon::spelling;
using lexicon::Word;

// Splits rule text into tokens. The text is expected to parse (format_rules checks first);
// anything else still gives tokens, never an error.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    while (pos_ < text_.size())
      step();
    return std::move(tokens_);
  }

 private:
  void step() {
    const char c = text_[pos_];
    const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    if (is_blank(c)) {
      space_ = true;
      ++pos_;
    } else if (c == '\n') {
      push(Tok::newline, 1);
      if (phrase_ && depth_ <= phrase_depth_)
        phrase_ = false;
      if (!phrase_)
        clause_start_ = true;
    } else if (c == '#') {
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos)
        end = text_.size();
      std::size_t trimmed = end;
      while (trimmed > pos_ && is_blank(text_[trimmed - 1]))
        --trimmed;
      const bool at_start = clause_start_;
      push(Tok::comment, trimmed - pos_);
      pos_ = end;
      clause_start_ = at_start;
    } else if (c == '"') {
      std::size_t end = pos_ + 1;
      while (end < text_.size() && text_[end] != '"' && text_[end] != '\n') {
        end += text_[end] == '\\' && end + 1 < text_.size() && text_[end + 1] != '\n' ? 2 : 1;
      }
      if (end < text_.size() && text_[end] == '"')
        ++end;
      push(Tok::string, end - pos_).keep_spacing |= phrase_;
    } else if (c == '{') {
      push(Tok::open, 1);
      ++depth_;
      if (!phrase_)
        clause_start_ = true;
    } else if (c == '}') {
      push(Tok::close, 1);
      --depth_;
      if (phrase_ && depth_ < phrase_depth_)
        phrase_ = false;
    } else if (c == ',') {
      push(Tok::comma, 1);
    } else if (phrase_) {
      std::size_t end = pos_;
      while (end < text_.size() && !is_blank(text_[end]) &&
             std::string_view("\n,#\"{}").find(text_[end]) == std::string_view::npos) {
        ++end;
      }
      push(Tok::word, end - pos_);
    } else if (c == '-' && next == '>') {
      push(Tok::op, 2);
    } else if (c == '-') {
      const bool unary = negates();
      push(Tok::op, 1).unary = unary;
    } else if (is_word_char(c)) {
      std::size_t end = pos_;
      // A word ends before `->` (`min->1` is `min` and an arrow).
      while (end < text_.size() && is_word_char(text_[end]) &&
             !(text_[end] == '-' && end + 1 < text_.size() && text_[end + 1] == '>')) {
        ++end;
      }
      const bool at_start = clause_start_;
      if (minutes(end))
        return;
      Token& word = push(Tok::word, end - pos_);
      if (at_start)
        clause_word_ = word.text;
      // A fact clause: its phrases are kept word for word.
      if (at_start && is_one_of(word.text, lexicon::kFactKeys)) {
        phrase_ = true;
        phrase_depth_ = depth_;
      }
      if (word.text == spelling(Word::because))
        word.wide_before = true;
      if (word.text == spelling(Word::or_) && clause_word_ == spelling(Word::expect))
        word.wide_before = word.wide_after = true;
    } else if ((c == '<' || c == '>' || c == '=' || c == '!') && next == '=') {
      push(Tok::op, 2);
    } else if (c == '.' && next == '.') {
      push(Tok::range, 2);
    } else if (c == '%' && percent_of()) {
      push(Tok::op, 1).tight_before = true;
    } else if (std::string_view("*/%+<>=").find(c) != std::string_view::npos) {
      push(Tok::op, 1);
    } else if (c == '(') {
      push(Tok::lparen, 1);
    } else if (c == ')') {
      push(Tok::rparen, 1);
    } else {
      push(Tok::other, 1).keep_spacing = true;
    }
  }

  Token& push(Tok kind, std::size_t length) {
    // A token written right after one spaced as in the source is spaced as in the source too,
    // so that a run such as `code.x-y` (a finding id) is never taken apart.
    const bool glued = !space_ && !tokens_.empty() && tokens_.back().keep_spacing &&
                       kind != Tok::newline && kind != Tok::comment;
    Token& t = tokens_.emplace_back();
    t.kind = kind;
    t.text = text_.substr(pos_, length);
    t.space_before = space_;
    t.keep_spacing = glued;
    pos_ += length;
    space_ = false;
    clause_start_ = false;
    return t;
  }

  // Minutes written with another spelling of `min` (`15 mins`, `15minutes`): the number and
  // `min`, spaced. False when the word [pos_, end) is no such spelling.
  bool minutes(std::size_t end) {
    const std::string_view word = text_.substr(pos_, end - pos_);
    const std::size_t digits = leading_digits(word);
    if (digits > 0 && digits < word.size() && is_minute_word(word.substr(digits))) {
      push(Tok::word, digits);
      push(Tok::word, word.size() - digits).text = spelling(Word::min);
      tokens_.back().space_before = true;
      return true;
    }
    const bool after_number = !tokens_.empty() && tokens_.back().kind == Tok::word &&
                              !tokens_.back().text.empty() &&
                              leading_digits(tokens_.back().text) == tokens_.back().text.size();
    if (!after_number || !is_minute_word(word))
      return false;
    push(Tok::word, word.size()).text = spelling(Word::min);
    return true;
  }

  // Whether the '%' here is a share (`10% of minutes`, in a check's condition): `of` follows.
  bool percent_of() const {
    std::size_t at = pos_ + 1;
    while (at < text_.size() && is_blank(text_[at]))
      ++at;
    const std::string_view of = spelling(Word::of);
    return text_.compare(at, of.size(), of) == 0 &&
           (at + of.size() >= text_.size() || !is_word_char(text_[at + of.size()]));
  }

  // Whether a '-' here negates: nothing to subtract from comes before it.
  bool negates() const {
    for (auto it = tokens_.rbegin(); it != tokens_.rend(); ++it) {
      switch (it->kind) {
        case Tok::comment:
          continue;
        case Tok::word:
          return is_one_of(it->text, lexicon::kBeforeExpression);
        case Tok::string:
        case Tok::rparen:
        case Tok::close:
        case Tok::other:
          return false;
        default:
          return true;
      }
    }
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<Token> tokens_;
  bool space_ = false;
  bool clause_start_ = true;      // the next word starts a clause
  std::string_view clause_word_;  // the first word of the current clause
  int depth_ = 0;
  bool phrase_ = false;   // inside a fact clause
  int phrase_depth_ = 0;  // the brace depth at which that fact clause started
};

// What goes between two tokens that end up on the same line.
std::string_view separator(const Token& prev, const Token& t) {
  if (t.kind == Tok::comma)
    return "";
  if (prev.keep_spacing || t.keep_spacing)
    return t.space_before ? " " : "";
  if (prev.wide_after || t.wide_before)
    return "  ";
  if (prev.kind == Tok::lparen || t.kind == Tok::rparen)
    return "";
  if (prev.kind == Tok::range || t.kind == Tok::range)
    return "";
  if (t.kind == Tok::lparen && prev.kind == Tok::word &&
      (prev.text == spelling(Word::min) || prev.text == spelling(Word::max))) {
    return "";
  }
  if (prev.kind == Tok::op && prev.unary)
    return "";
  if (t.tight_before)
    return "";
  return " ";
}

// One output line before indentation; `blank` marks an empty line of the source.
struct Line {
  std::string text;
  int depth = 0;
  bool blank = false;
  bool opens = false;     // ends with the '{' of a body laid out over several lines
  bool closes = false;    // starts with the '}' of such a body
  bool ends_top = false;  // ends a top-level declaration
};

// Lays tokens out in lines: a multi-line body after each '{', each '}' on its own line.
class Printer {
 public:
  explicit Printer(const std::vector<Token>& tokens) : tokens_(tokens) {}

  std::string run() {
    for (i_ = 0; i_ < tokens_.size(); ++i_) {
      const Token& t = tokens_[i_];
      if (t.kind != Tok::newline)
        source_line_used_ = true;
      switch (t.kind) {
        case Tok::newline:
          if (!source_line_used_) {
            Line blank;
            blank.blank = true;
            lines_.push_back(blank);
          }
          flush();
          source_line_used_ = false;
          break_next_ = false;
          break;
        case Tok::comment:
          if (cur_.text.empty()) {
            cur_.depth = depth_;
            cur_.text = t.text;
          } else {
            cur_.text += "  ";
            cur_.text += t.text;
          }
          flush();
          break;
        case Tok::open:
          open();
          break;
        case Tok::close:
          flush();
          depth_ = std::max(depth_ - 1, 0);
          cur_.depth = depth_;
          cur_.text.assign(1, '}');  // not = "}": GCC 12 at -O3 warns falsely (-Wrestrict)
          cur_.closes = true;
          cur_.ends_top = depth_ == 0;
          prev_ = &t;
          break_next_ = true;
          break;
        default:
          if (break_next_)
            flush();
          break_next_ = false;
          append(t);
          break;
      }
    }
    flush();
    return assemble();
  }

 private:
  void append(const Token& t) {
    if (cur_.text.empty()) {
      cur_.depth = depth_;
    } else {
      cur_.text += separator(*prev_, t);
    }
    cur_.text += t.text;
    prev_ = &t;
  }

  void flush() {
    if (!cur_.text.empty())
      lines_.push_back(std::move(cur_));
    cur_ = Line{};
    prev_ = nullptr;
  }

  // A '{': `{}` when the body is empty; the whole body on this line when it is nested, was
  // written on one line with no comment and no inner brace, and fits; else one clause a line.
  void open() {
    if (break_next_)
      flush();
    break_next_ = false;
    const Token& brace = tokens_[i_];
    std::size_t j = i_ + 1;
    bool empty = true;
    bool one_line = true;
    for (; j < tokens_.size() && tokens_[j].kind != Tok::close; ++j) {
      const Tok kind = tokens_[j].kind;
      if (kind == Tok::open)
        break;
      if (kind != Tok::newline)
        empty = false;
      if (kind == Tok::newline || kind == Tok::comment)
        one_line = false;
    }
    const bool closed = j < tokens_.size() && tokens_[j].kind == Tok::close;
    if (closed && empty) {
      append(brace);
      cur_.text += '}';
      end_inline_body(j);
      return;
    }
    if (closed && one_line && depth_ >= 1) {
      const Line saved = cur_;
      const Token* saved_prev = prev_;
      append(brace);
      for (std::size_t k = i_ + 1; k <= j; ++k)
        append(tokens_[k]);
      if (static_cast<std::size_t>(cur_.depth) * 2 + cur_.text.size() <= kLineLimit) {
        end_inline_body(j);
        return;
      }
      cur_ = saved;
      prev_ = saved_prev;
    }
    append(brace);
    cur_.opens = true;
    ++depth_;
    break_next_ = true;
  }

  void end_inline_body(std::size_t close) {
    prev_ = &tokens_[close];
    i_ = close;
    if (depth_ == 0)
      cur_.ends_top = true;
    break_next_ = true;
  }

  // Joins the lines with indentation: blank lines collapse to one, none just inside a body,
  // exactly one after a top-level declaration.
  std::string assemble() const {
    std::string out;
    const Line* last = nullptr;
    bool pending_blank = false;
    for (const Line& line : lines_) {
      if (line.blank) {
        pending_blank = true;
        continue;
      }
      bool blank = pending_blank && last != nullptr && !last->opens && !line.closes;
      if (last != nullptr && last->ends_top)
        blank = true;
      if (blank)
        out += '\n';
      out.append(static_cast<std::size_t>(line.depth) * 2, ' ');
      out += line.text;
      out += '\n';
      last = &line;
      pending_blank = false;
    }
    return out;
  }

  const std::vector<Token>& tokens_;
  std::size_t i_ = 0;
  std::vector<Line> lines_;
  Line cur_;
  const Token* prev_ = nullptr;
  int depth_ = 0;
  bool break_next_ = false;        // the next token starts a new line (after '{' or '}')
  bool source_line_used_ = false;  // the current source line has a token
};

std::string layout(std::string_view text) {
  const std::vector<Token> tokens = Lexer(text).run();
  return Printer(tokens).run();
}

std::vector<std::string_view> comments(std::string_view text, std::vector<Token>& storage) {
  storage = Lexer(text).run();
  std::vector<std::string_view> found;
  for (const Token& t : storage) {
    if (t.kind == Tok::comment)
      found.push_back(t.text);
  }
  return found;
}

}  // namespace

std::optional<std::string> format_rules(const std::shared_ptr<const SourceFile>& file,
                                        Diagnostics& diagnostics) {
  const ParseResult before = parse(file);
  if (before.diagnostics.has_errors()) {
    diagnostics.append(before.diagnostics);
    return std::nullopt;
  }
  // A byte-order mark is dropped: the formatted file starts with its first declaration.
  std::string_view source(file->text());
  if (source.substr(0, kByteOrderMark.size()) == kByteOrderMark)
    source.remove_prefix(kByteOrderMark.size());
  std::string text = layout(source);
  const auto formatted = std::make_shared<const SourceFile>(file->name(), text);
  const ParseResult after = parse(formatted);
  std::vector<Token> storage_before;
  std::vector<Token> storage_after;
  if (after.diagnostics.has_errors() || dump_ast(after.module) != dump_ast(before.module) ||
      comments(file->text(), storage_before) != comments(text, storage_after)) {
    diagnostics.error("E0901", nullptr, {},
                      fmt::format("{}: cannot format this file: the formatted text would not "
                                  "mean the same (a bug in cptrules fmt); it is left as it is",
                                  file->name()));
    return std::nullopt;
  }
  return text;
}

}  // namespace cptrules::lang
