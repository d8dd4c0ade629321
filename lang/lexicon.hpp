// The language's words: each keyword's spelling and kind, and the lists its readers share.
//
// Every reader of rule text takes its words from here: the grammar (grammar.hpp spells its
// keyword rules from this table; grammar_words.cpp fails to compile when a word here is spelled
// by no rule), the parser's recovery and did-you-mean, the formatter, the REPL's completion and
// scenario lines.
// The TextMate grammar of docs/editors/ cannot include C++: tests/unit/textmate_test.cpp checks
// that it highlights exactly these words.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cptrules::lang::lexicon {

// What a word does in the language.
enum class Kind : std::uint8_t {
  declaration,  // starts a top-level declaration: `code`, `policy`, ...
  clause,       // starts a clause inside a declaration's block: `timed`, `units`, `given`, ...
  word,         // any other word of a clause or expression: `every`, `min`, `by`, `and`, ...
  value,        // a value a clause names: the severity levels `error`, `warning`, `info`
  variable,     // a name an expression reads that is no keyword: `unit` (`minutes` is both)
};

// Every word, in the order of kWords. A C++ keyword gets a trailing '_'.
enum class Word : std::uint8_t {
  // declarations
  code,
  policy,
  payer,
  edit,
  modifier,
  limit,
  family,
  test,
  provider,
  check,
  // clauses
  descriptor,
  timed,
  untimed,
  add_on,
  replaces,
  disciplines,
  contact,
  regions,
  techniques,
  not_,
  performed,
  effective,
  expires,
  source,
  note,
  pool,
  units,
  allocate,
  each,
  rest,
  ties,
  date,
  discipline,
  given,
  expect,
  table,
  because,
  column,
  bypass,
  when,
  message,
  payers,
  severity,
  codes,
  at,
  counts,
  let,
  aliases,
  without,
  // other words
  every,
  first,
  min,
  max,
  to,
  by,
  minutes,
  per,
  and_,
  or_,
  more,
  gets,
  leftover,
  largest,
  fewest,
  are,
  alternatives,
  with,
  total,
  finding,
  no,
  if_,
  then,
  else_,
  for_,
  default_,
  most,
  day,
  x,
  after,
  its,
  in,
  from,
  billed,
  on,
  also,
  either,
  line,
  of,
  assistant,
  // values
  error,
  warning,
  info,
  // variables
  unit,
};

struct Entry {
  Word word;
  std::string_view spelling;
  Kind kind;
};

// clang-format off
inline constexpr std::array kWords{
    Entry{Word::code, "code", Kind::declaration},
    Entry{Word::policy, "policy", Kind::declaration},
    Entry{Word::payer, "payer", Kind::declaration},
    Entry{Word::edit, "edit", Kind::declaration},
    Entry{Word::modifier, "modifier", Kind::declaration},
    Entry{Word::limit, "limit", Kind::declaration},
    Entry{Word::family, "family", Kind::declaration},
    Entry{Word::test, "test", Kind::declaration},
    Entry{Word::provider, "provider", Kind::declaration},  // `provider PTA "..." { ... }`
    Entry{Word::check, "check", Kind::declaration},        // `check NAME "..." { ... }`
    Entry{Word::descriptor, "descriptor", Kind::clause},
    Entry{Word::timed, "timed", Kind::clause},
    Entry{Word::untimed, "untimed", Kind::clause},
    Entry{Word::add_on, "add-on", Kind::clause},
    Entry{Word::replaces, "replaces", Kind::clause},
    Entry{Word::disciplines, "disciplines", Kind::clause},
    Entry{Word::contact, "contact", Kind::clause},
    Entry{Word::regions, "regions", Kind::clause},
    Entry{Word::techniques, "techniques", Kind::clause},
    Entry{Word::not_, "not", Kind::clause},
    Entry{Word::performed, "performed", Kind::clause},
    Entry{Word::effective, "effective", Kind::clause},
    Entry{Word::expires, "expires", Kind::clause},
    Entry{Word::source, "source", Kind::clause},
    Entry{Word::note, "note", Kind::clause},
    Entry{Word::pool, "pool", Kind::clause},
    Entry{Word::units, "units", Kind::clause},
    Entry{Word::allocate, "allocate", Kind::clause},
    Entry{Word::each, "each", Kind::clause},
    Entry{Word::rest, "rest", Kind::clause},
    Entry{Word::ties, "ties", Kind::clause},
    Entry{Word::date, "date", Kind::clause},
    Entry{Word::discipline, "discipline", Kind::clause},
    Entry{Word::given, "given", Kind::clause},
    Entry{Word::expect, "expect", Kind::clause},
    Entry{Word::table, "table", Kind::clause},
    Entry{Word::because, "because", Kind::clause},
    Entry{Word::column, "column", Kind::clause},
    Entry{Word::bypass, "bypass", Kind::clause},
    Entry{Word::when, "when", Kind::clause},
    Entry{Word::message, "message", Kind::clause},
    Entry{Word::payers, "payers", Kind::clause},
    Entry{Word::severity, "severity", Kind::clause},
    Entry{Word::codes, "codes", Kind::clause},
    Entry{Word::at, "at", Kind::clause},
    Entry{Word::counts, "counts", Kind::clause},
    Entry{Word::let, "let", Kind::clause},
    Entry{Word::aliases, "aliases", Kind::clause},  // `aliases "Acme Health Plan", "ACME"`
    Entry{Word::without, "without", Kind::clause},  // a check's `without CQ`
    Entry{Word::every, "every", Kind::word},
    Entry{Word::first, "first", Kind::word},
    Entry{Word::min, "min", Kind::word},
    Entry{Word::max, "max", Kind::word},
    Entry{Word::to, "to", Kind::word},
    Entry{Word::by, "by", Kind::word},
    Entry{Word::minutes, "minutes", Kind::word},
    Entry{Word::per, "per", Kind::word},
    Entry{Word::and_, "and", Kind::word},
    Entry{Word::or_, "or", Kind::word},
    Entry{Word::more, "more", Kind::word},
    Entry{Word::gets, "gets", Kind::word},
    Entry{Word::leftover, "leftover", Kind::word},
    Entry{Word::largest, "largest", Kind::word},
    Entry{Word::fewest, "fewest", Kind::word},
    Entry{Word::are, "are", Kind::word},
    Entry{Word::alternatives, "alternatives", Kind::word},
    Entry{Word::with, "with", Kind::word},
    Entry{Word::total, "total", Kind::word},
    Entry{Word::finding, "finding", Kind::word},
    // `no bypass` is a clause, but `no` is not offered for a misspelt clause word (kClauseWords).
    Entry{Word::no, "no", Kind::word},
    Entry{Word::if_, "if", Kind::word},
    Entry{Word::then, "then", Kind::word},
    Entry{Word::else_, "else", Kind::word},
    Entry{Word::for_, "for", Kind::word},
    Entry{Word::default_, "default", Kind::clause},
    Entry{Word::most, "most", Kind::word},
    Entry{Word::day, "day", Kind::word},
    Entry{Word::x, "x", Kind::word},  // `97140 x2`: written against the number
    Entry{Word::after, "after", Kind::word},
    Entry{Word::its, "its", Kind::word},
    // A test's services and expectations: `given 97110 from 10:00 to 10:20 in OT billed 2`,
    // `expect 97110 in OT x1`, `expect finding units.over-billed on 97110`.
    Entry{Word::in, "in", Kind::word},
    Entry{Word::from, "from", Kind::word},
    Entry{Word::billed, "billed", Kind::word},
    Entry{Word::on, "on", Kind::word},
    Entry{Word::also, "also", Kind::word},  // `payer medicare also { ... }`
    // `bypass with 59, XU on either line`: a bypass modifier counts on either line of the pair.
    Entry{Word::either, "either", Kind::word},
    Entry{Word::line, "line", Kind::word},
    // A check's `when assistant_minutes > 10% of minutes`; a test's `given 97110 30 min
    // assistant 10 min`.
    Entry{Word::of, "of", Kind::word},
    Entry{Word::assistant, "assistant", Kind::word},
    Entry{Word::error, "error", Kind::value},
    Entry{Word::warning, "warning", Kind::value},
    Entry{Word::info, "info", Kind::value},
    Entry{Word::unit, "unit", Kind::variable},
};
// clang-format on

inline constexpr std::size_t kWordCount = kWords.size();

constexpr std::size_t index(Word w) {
  return static_cast<std::size_t>(w);
}

constexpr std::string_view spelling(Word w) {
  return kWords[index(w)].spelling;
}

constexpr Kind kind(Word w) {
  return kWords[index(w)].kind;
}

// The word spelled `text`, if it is one.
constexpr std::optional<Word> find(std::string_view text) {
  for (const Entry& e : kWords) {
    if (e.spelling == text)
      return e.word;
  }
  return std::nullopt;
}

// The spellings of a list of words, in its order (for did-you-mean and membership).
template <std::size_t N>
constexpr std::array<std::string_view, N> spellings(const std::array<Word, N>& words) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i)
    out[i] = spelling(words[i]);
  return out;
}

// True when `text` is the spelling of one of `words`.
template <std::size_t N>
constexpr bool is_one_of(std::string_view text, const std::array<Word, N>& words) {
  return std::any_of(words.begin(), words.end(), [&](Word w) { return spelling(w) == text; });
}

// ---------------------------------------------------------------------------------------------
// Declarations

// The kinds of top-level declaration, in the order the grammar tries them and did-you-mean
// offers them.
enum class Declaration : std::uint8_t {
  code,
  policy,
  payer,
  edit,
  modifier,
  limit,
  family,
  test,
  provider,
  check
};

inline constexpr std::array kDeclarations{
    Declaration::code,     Declaration::policy, Declaration::payer,  Declaration::edit,
    Declaration::modifier, Declaration::limit,  Declaration::family, Declaration::test,
    Declaration::provider, Declaration::check};

inline constexpr std::array kDeclarationWords{
    Word::code,  Word::policy, Word::payer, Word::edit,     Word::modifier,
    Word::limit, Word::family, Word::test,  Word::provider, Word::check};

// The keyword of a declaration kind.
constexpr Word word(Declaration d) {
  return kDeclarationWords[static_cast<std::size_t>(d)];
}

constexpr std::string_view spelling(Declaration d) {
  return spelling(word(d));
}

// The declaration kind spelled `text`, if it is one.
constexpr std::optional<Declaration> find_declaration(std::string_view text) {
  for (Declaration d : kDeclarations) {
    if (spelling(d) == text)
      return d;
  }
  return std::nullopt;
}

// The declarations that have a name (all but `test`, which has a title), in kDeclarations'
// order: a declaration that does not parse hides its name from "unknown" reports.
inline constexpr std::array kNamedDeclarations{
    Declaration::code,   Declaration::policy,   Declaration::payer,
    Declaration::edit,   Declaration::modifier, Declaration::limit,
    Declaration::family, Declaration::provider, Declaration::check};

// The keywords of a list of declaration kinds, in its order.
template <std::size_t N>
constexpr std::array<std::string_view, N> spellings(const std::array<Declaration, N>& kinds) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i)
    out[i] = spelling(kinds[i]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lists the readers share (order matters where did-you-mean picks the first of equals)

// The words that may start a clause, for did-you-mean after "expected a clause or '}'" and to
// tell a clause word from a misspelt declaration keyword.
inline constexpr std::array kClauseWords{
    Word::descriptor,  Word::timed,     Word::untimed,  Word::add_on,     Word::replaces,
    Word::disciplines, Word::contact,   Word::regions,  Word::techniques, Word::not_,
    Word::performed,   Word::effective, Word::expires,  Word::source,     Word::note,
    Word::pool,        Word::units,     Word::allocate, Word::each,       Word::rest,
    Word::ties,        Word::policy,    Word::payer,    Word::date,       Word::discipline,
    Word::given,       Word::expect,    Word::table,    Word::code,       Word::because,
    Word::column,      Word::bypass,    Word::when,     Word::message,    Word::payers,
    Word::severity,    Word::codes,     Word::at,       Word::test,       Word::default_,
    Word::family,      Word::counts,    Word::let,      Word::aliases,    Word::without,
    Word::provider};

// The words that start a fact clause (`performed` is followed by `by`): the phrases after them
// are kept word for word.
inline constexpr std::array kFactKeys{Word::contact, Word::regions, Word::techniques, Word::not_,
                                      Word::performed};

// The words an expression follows directly: a '-' after them negates.
inline constexpr std::array kBeforeExpression{Word::if_, Word::then, Word::else_, Word::and_,
                                              Word::or_, Word::not_, Word::gets};

// The words that nest an expression (for the limit of operators on one line).
inline constexpr std::array kExpressionOperators{Word::not_, Word::if_, Word::and_, Word::or_};

// The spellings of `min` after a number of minutes, in rule files and scenario lines typed at
// the REPL alike (`33 mins`, `1 minute`); `cptrules fmt` writes the first (decision 24).
inline constexpr std::array<std::string_view, 4> kMinuteWords{spelling(Word::min), "mins", "minute",
                                                              spelling(Word::minutes)};

// ---------------------------------------------------------------------------------------------
// The table's own consistency, checked as it compiles

namespace check {

constexpr bool words_in_order() {
  for (std::size_t i = 0; i < kWordCount; ++i) {
    if (index(kWords[i].word) != i)
      return false;
  }
  return true;
}

constexpr bool spellings_unique() {
  for (std::size_t i = 0; i < kWordCount; ++i) {
    for (std::size_t j = i + 1; j < kWordCount; ++j) {
      if (kWords[i].spelling == kWords[j].spelling)
        return false;
    }
  }
  return true;
}

template <std::size_t N>
constexpr bool contains(const std::array<Word, N>& words, Word w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// The declarations are exactly the words of Kind::declaration; the clause words are exactly
// those of Kind::clause, with the declarations that also open a clause (code, policy, payer and
// test inside blocks).
constexpr bool kinds_match_lists() {
  for (const Entry& e : kWords) {
    if ((e.kind == Kind::declaration) != contains(kDeclarationWords, e.word))
      return false;
    if (e.kind == Kind::clause && !contains(kClauseWords, e.word))
      return false;
  }
  for (Word w : kClauseWords) {
    if (kind(w) != Kind::clause && kind(w) != Kind::declaration)
      return false;
  }
  for (std::size_t i = 0; i < kDeclarations.size(); ++i) {
    if (static_cast<std::size_t>(kDeclarations[i]) != i)
      return false;
  }
  return kDeclarations.size() == kDeclarationWords.size();
}

}  // namespace check

static_assert(check::words_in_order(), "kWords must list the words in the order of enum Word");
static_assert(check::spellings_unique(), "two words of kWords have the same spelling");
static_assert(check::kinds_match_lists(),
              "a declaration or clause word's kind disagrees with kDeclarationWords/kClauseWords");

}  // namespace cptrules::lang::lexicon
