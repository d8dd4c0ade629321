// docs/editors/vscode/syntaxes/cptrules.tmLanguage.json: every pattern compiles, a small
// TextMate-style tokenizer run over every standard rule file closes every region it opens and
// leaves no word without a token, and the words its patterns spell are exactly those of
// lang/lexicon.hpp.
//
// The tokenizer follows TextMate's main rules: one line at a time; at each position the earliest
// match wins among the current region's `end` and its patterns (includes expanded); on a tie the
// `end` wins, then the pattern listed first. It does not implement captures' own patterns,
// `while`, backreferences in `end`, or injections; the grammar uses none of them.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lexicon.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

using cptrules::test::read_lines;

struct Rule {
  std::string name;     // scope of the whole match or region
  std::string include;  // "#name" or "$self": stands for other rules
  std::optional<std::regex> match, begin, end;
  std::string match_text, begin_text, end_text;
  std::map<std::size_t, std::string> captures, begin_captures, end_captures;
  std::vector<std::size_t> patterns;  // indices into Grammar::rules, as written
};

struct Grammar {
  std::vector<Rule> rules;
  std::vector<std::size_t> top;  // the top-level patterns
  std::map<std::string, std::size_t> repository;
  std::vector<std::string> problems;  // patterns std::regex rejects
};

std::string text_of(simdjson::dom::element e) {
  std::string_view s;
  return e.get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

std::optional<std::regex> compile(simdjson::dom::object rule, const char* key, std::string& text,
                                  Grammar& g) {
  simdjson::dom::element value;
  if (rule[key].get(value) != simdjson::SUCCESS)
    return std::nullopt;
  text = text_of(value);
  try {
    return std::regex(text, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    g.problems.push_back(std::string(key) + " /" + text + "/: " + e.what());
    return std::nullopt;
  }
}

std::map<std::size_t, std::string> captures_of(simdjson::dom::object rule, const char* key) {
  std::map<std::size_t, std::string> out;
  simdjson::dom::object caps;
  if (rule[key].get(caps) != simdjson::SUCCESS)
    return out;
  for (auto field : caps) {
    simdjson::dom::element name;
    if (field.value["name"].get(name) == simdjson::SUCCESS) {
      out[std::stoul(std::string(field.key))] = text_of(name);
    }
  }
  return out;
}

std::size_t add_rule(simdjson::dom::object obj, Grammar& g);

std::vector<std::size_t> patterns_of(simdjson::dom::object obj, Grammar& g) {
  std::vector<std::size_t> out;
  simdjson::dom::array patterns;
  if (obj["patterns"].get(patterns) != simdjson::SUCCESS)
    return out;
  for (simdjson::dom::element p : patterns) {
    simdjson::dom::object o;
    if (p.get(o) == simdjson::SUCCESS)
      out.push_back(add_rule(o, g));
  }
  return out;
}

std::size_t add_rule(simdjson::dom::object obj, Grammar& g) {
  Rule r;
  simdjson::dom::element e;
  if (obj["name"].get(e) == simdjson::SUCCESS)
    r.name = text_of(e);
  if (obj["include"].get(e) == simdjson::SUCCESS)
    r.include = text_of(e);
  r.match = compile(obj, "match", r.match_text, g);
  r.begin = compile(obj, "begin", r.begin_text, g);
  r.end = compile(obj, "end", r.end_text, g);
  r.captures = captures_of(obj, "captures");
  r.begin_captures = captures_of(obj, "beginCaptures");
  r.end_captures = captures_of(obj, "endCaptures");
  r.patterns = patterns_of(obj, g);
  g.rules.push_back(std::move(r));
  return g.rules.size() - 1;
}

Grammar load_grammar(const fs::path& path, simdjson::dom::parser& parser) {
  Grammar g;
  simdjson::dom::object root;
  REQUIRE(parser.load(path.string()).get(root) == simdjson::SUCCESS);
  simdjson::dom::object repository;
  if (root["repository"].get(repository) == simdjson::SUCCESS) {
    for (auto field : repository) {
      simdjson::dom::object o;
      if (field.value.get(o) == simdjson::SUCCESS)
        g.repository["#" + std::string(field.key)] = add_rule(o, g);
    }
  }
  g.top = patterns_of(root, g);
  return g;
}

// The rules that can match in a context: includes and pattern-only groups expanded.
void expand(const Grammar& g, const std::vector<std::size_t>& patterns,
            std::vector<std::size_t>& out, std::set<std::size_t>& seen) {
  for (std::size_t i : patterns) {
    const Rule& r = g.rules[i];
    if (!r.include.empty()) {
      if (r.include == "$self") {
        expand(g, g.top, out, seen);
        continue;
      }
      auto it = g.repository.find(r.include);
      REQUIRE(it != g.repository.end());
      if (seen.insert(it->second).second)
        expand(g, {it->second}, out, seen);
    } else if (!r.match && !r.begin) {
      expand(g, r.patterns, out, seen);
    } else {
      out.push_back(i);
    }
  }
}

std::vector<std::size_t> candidates(const Grammar& g, const std::vector<std::size_t>& patterns) {
  std::vector<std::size_t> out;
  std::set<std::size_t> seen;
  expand(g, patterns, out, seen);
  return out;
}

struct Found {
  std::size_t at = 0;
  std::smatch m;
};

std::optional<Found> search(const std::regex& re, const std::string& line, std::size_t from) {
  auto flags = std::regex_constants::match_default;
  if (from > 0)
    flags |= std::regex_constants::match_prev_avail | std::regex_constants::match_not_bol;
  Found f;
  if (!std::regex_search(line.begin() + static_cast<std::ptrdiff_t>(from), line.end(), f.m, re,
                         flags)) {
    return std::nullopt;
  }
  f.at = from + static_cast<std::size_t>(f.m.position(0));
  return f;
}

// The scopes of each character of each line, and whether a rule's match covered it.
struct Tokenized {
  std::vector<std::vector<std::vector<std::string>>> scopes;  // [line][column] -> scopes
  std::vector<std::vector<bool>> covered;                     // [line][column]
  std::vector<std::string> open_at_end;  // regions still open after the last line
};

Tokenized tokenize(const Grammar& g, const std::vector<std::string>& lines) {
  Tokenized t;
  std::vector<std::size_t> stack;  // open begin/end regions
  for (const std::string& line : lines) {
    auto& scopes = t.scopes.emplace_back(line.size());
    auto& covered = t.covered.emplace_back(line.size(), false);
    auto mark = [&](std::size_t from, std::size_t to, const std::string& scope, bool cover) {
      for (std::size_t c = from; c < to && c < line.size(); ++c) {
        if (!scope.empty())
          scopes[c].push_back(scope);
        if (cover)
          covered[c] = true;
      }
    };
    auto mark_captures = [&](const Found& f, const std::map<std::size_t, std::string>& caps) {
      for (const auto& [index, scope] : caps) {
        if (index < f.m.size() && f.m[index].matched) {
          const std::size_t from = f.at - static_cast<std::size_t>(f.m.position(0)) +
                                   static_cast<std::size_t>(f.m.position(index));
          mark(from, from + static_cast<std::size_t>(f.m.length(index)), scope, true);
        }
      }
    };
    // A region's name covers its whole text when it is a string or a comment.
    auto region_open = [&](std::size_t from) {
      for (std::size_t r : stack)
        mark(from, line.size(), g.rules[r].name, false);
    };
    std::size_t pos = 0;
    region_open(0);
    for (std::size_t guard = 0; guard < 10 * line.size() + 10; ++guard) {
      const std::vector<std::size_t> here =
          candidates(g, stack.empty() ? g.top : g.rules[stack.back()].patterns);
      std::optional<Found> best;
      std::optional<std::size_t> best_rule;  // nullopt: the region's end
      if (!stack.empty())
        best = search(*g.rules[stack.back()].end, line, pos);
      for (std::size_t i : here) {
        const Rule& r = g.rules[i];
        auto f = search(r.match ? *r.match : *r.begin, line, pos);
        if (f && (!best || f->at < best->at)) {
          best = std::move(f);
          best_rule = i;
        }
      }
      if (!best)
        break;
      const std::size_t len = static_cast<std::size_t>(best->m.length(0));
      if (!best_rule) {
        const Rule& region = g.rules[stack.back()];
        mark(best->at, best->at + len, region.name, true);
        mark_captures(*best, region.end_captures);
        stack.pop_back();
        // Regions closed here no longer cover the rest of the line.
        for (std::size_t c = best->at + len; c < line.size(); ++c) {
          auto& s = scopes[c];
          auto it = std::find(s.begin(), s.end(), region.name);
          if (it != s.end())
            s.erase(it);
        }
      } else if (const Rule& r = g.rules[*best_rule]; r.match) {
        mark(best->at, best->at + len, r.name, true);
        mark_captures(*best, r.captures);
        if (len == 0)
          ++pos;  // never loop on an empty match
      } else {
        REQUIRE(len > 0);  // a region must consume text to open
        mark(best->at, best->at + len, r.name, true);
        mark_captures(*best, r.begin_captures);
        stack.push_back(*best_rule);
        mark(best->at + len, line.size(), r.name, false);
      }
      pos = std::max(pos, best->at + len);
      if (pos > line.size())
        break;
    }
    // String and comment regions cover their text.
    for (std::size_t c = 0; c < line.size(); ++c) {
      for (const std::string& s : scopes[c]) {
        if (s.rfind("string.", 0) == 0 || s.rfind("comment.", 0) == 0)
          covered[c] = true;
      }
    }
  }
  for (std::size_t r : stack)
    t.open_at_end.push_back(g.rules[r].begin_text);
  return t;
}

bool is_blank_or_punctuation(char c) {
  return c == ' ' || c == '\t' || c == '{' || c == '}' || c == '(' || c == ')' || c == ',';
}

bool has_scope(const Tokenized& t, std::size_t line, std::size_t column,
               const std::string& prefix) {
  for (const std::string& s : t.scopes.at(line).at(column)) {
    if (s.rfind(prefix, 0) == 0)
      return true;
  }
  return false;
}

// The words a regular expression spells: runs of letters and '-' outside escapes (`\b`, `\s`)
// and character classes (`[A-Z0-9]`).
void words_of(const std::string& pattern, std::set<std::string>& out) {
  std::string word;
  auto flush = [&] {
    if (!word.empty())
      out.insert(word);
    word.clear();
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      flush();
      ++i;
    } else if (c == '[') {
      flush();
      while (i + 1 < pattern.size() && pattern[i + 1] != ']')
        i += pattern[i + 1] == '\\' ? 2 : 1;
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || (c == '-' && !word.empty())) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
}

const fs::path kRoot(CPTRULES_SOURCE_DIR);
const fs::path kGrammar =
    kRoot / "docs" / "editors" / "vscode" / "syntaxes" / "cptrules.tmLanguage.json";

}  // namespace

TEST_CASE("the TextMate grammar compiles and tokenizes every standard rule file") {
  simdjson::dom::parser parser;
  const Grammar g = load_grammar(kGrammar, parser);
  for (const std::string& p : g.problems)
    FAIL_CHECK(p);
  REQUIRE(g.problems.empty());
  REQUIRE(g.repository.size() > 10);

  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kRoot / "stdlib-rules")) {
    if (entry.path().extension() == ".rules")
      files.push_back(entry.path());
  }
  for (const auto& entry : fs::recursive_directory_iterator(kRoot / "examples")) {
    if (entry.path().extension() == ".rules")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 8);

  for (const fs::path& file : files) {
    const std::vector<std::string> lines = read_lines(file);
    const Tokenized t = tokenize(g, lines);
    INFO(file.lexically_relative(kRoot).string());
    CHECK(t.open_at_end.empty());
    for (const std::string& open : t.open_at_end)
      FAIL_CHECK("a region is still open: /" << open << "/");
    for (std::size_t l = 0; l < lines.size(); ++l) {
      for (std::size_t c = 0; c < lines[l].size(); ++c) {
        if (t.covered[l][c] || is_blank_or_punctuation(lines[l][c]))
          continue;
        FAIL_CHECK("line " << l + 1 << ", column " << c + 1 << " has no token: " << lines[l]);
        break;
      }
    }
  }
}

TEST_CASE("the TextMate grammar gives the expected scopes") {
  simdjson::dom::parser parser;
  const Grammar g = load_grammar(kGrammar, parser);
  REQUIRE(g.problems.empty());
  const std::vector<std::string> lines{
      "# a comment with code 97140 {",                           // 0
      "code 97140 \"Manual \\\"therapy\\\"\" {",                 // 1
      "  timed every 15 min",                                    // 2
      "  techniques {",                                          // 3
      "    mobilization, manual traction",                       // 4
      "  }",                                                     // 5
      "  effective 1999-01-01",                                  // 6
      "}",                                                       // 7
      "policy p {",                                              // 8
      "  units = if minutes >= 8 then min(minutes, 30) else 0",  // 9
      "  allocate { rest by leftover minutes, largest first }",  // 10
      "}",                                                       // 11
      "test \"t\" {",                                            // 12
      "  given 97140 7 min with 59",                             // 13
      "  expect 97140 x0 or 97140 x1",                           // 14
      "}",                                                       // 15
  };
  const Tokenized t = tokenize(g, lines);
  CHECK(t.open_at_end.empty());
  CHECK(has_scope(t, 0, 20, "comment.line"));             // "97140" inside a comment
  CHECK(has_scope(t, 1, 0, "storage.type.code"));         // code
  CHECK(has_scope(t, 1, 5, "entity.name.type.code"));     // 97140
  CHECK(has_scope(t, 1, 11, "string.quoted"));            // the title, escapes included
  CHECK(has_scope(t, 2, 2, "keyword.other.code"));        // timed
  CHECK(has_scope(t, 2, 14, "constant.numeric"));         // 15
  CHECK(has_scope(t, 2, 17, "keyword.other.unit"));       // min
  CHECK(has_scope(t, 3, 2, "keyword.other.fact"));        // techniques
  CHECK(has_scope(t, 4, 4, "string.unquoted.phrase"));    // mobilization
  CHECK(has_scope(t, 6, 2, "keyword.other.meta"));        // effective
  CHECK(has_scope(t, 6, 12, "constant.other.date"));      // 1999-01-01
  CHECK(has_scope(t, 9, 2, "keyword.other.policy"));      // units
  CHECK(has_scope(t, 9, 10, "keyword.control"));          // if
  CHECK(has_scope(t, 9, 13, "variable.language"));        // minutes
  CHECK(has_scope(t, 9, 21, "keyword.operator"));         // >=
  CHECK(has_scope(t, 9, 31, "support.function"));         // min(
  CHECK(has_scope(t, 10, 2, "keyword.other.policy"));     // allocate
  CHECK(has_scope(t, 10, 13, "keyword.other.allocate"));  // rest
  CHECK(has_scope(t, 12, 0, "storage.type.test"));        // test
  CHECK(has_scope(t, 13, 2, "keyword.other.test"));       // given
  CHECK(has_scope(t, 13, 8, "constant.other.code"));      // 97140
  CHECK(has_scope(t, 14, 15, "keyword.operator.times"));  // x
  CHECK(has_scope(t, 14, 18, "keyword.other.test"));      // or
}

TEST_CASE("the TextMate grammar colours minutes in every spelling of min") {
  simdjson::dom::parser parser;
  const Grammar g = load_grammar(kGrammar, parser);
  REQUIRE(g.problems.empty());
  std::vector<std::string> lines;
  for (const std::string_view spelling : cptrules::lang::lexicon::kMinuteWords)
    lines.push_back("  given 97140 15 " + std::string(spelling) + " and 8..22 " +
                    std::string(spelling));
  lines.emplace_back("  given 97140 15 minutesx");  // no spelling of min: a name
  const Tokenized t = tokenize(g, lines);
  for (std::size_t l = 0; l + 1 < lines.size(); ++l) {
    INFO(lines[l]);
    CHECK(has_scope(t, l, 14, "constant.numeric"));    // 15
    CHECK(has_scope(t, l, 17, "keyword.other.unit"));  // the spelling of min
    const std::size_t last = lines[l].size() - 1;
    CHECK(has_scope(t, l, last, "keyword.other.unit"));
    CHECK(has_scope(t, l, lines[l].find(".."), "keyword.operator.range"));
  }
  CHECK_FALSE(has_scope(t, lines.size() - 1, 17, "keyword.other.unit"));
}

TEST_CASE("the TextMate grammar highlights exactly the words of the lexicon") {
  simdjson::dom::parser parser;
  const Grammar g = load_grammar(kGrammar, parser);
  REQUIRE(g.problems.empty());
  std::set<std::string> highlighted;
  for (const Rule& r : g.rules) {
    for (const std::string* pattern : {&r.match_text, &r.begin_text, &r.end_text})
      words_of(*pattern, highlighted);
  }
  std::set<std::string> lexicon;
  for (const auto& e : cptrules::lang::lexicon::kWords)
    lexicon.insert(std::string(e.spelling));
  // The other spellings of `min` after a number (`15 mins`, `1 minute`) are words too.
  for (const std::string_view spelling : cptrules::lang::lexicon::kMinuteWords)
    lexicon.insert(std::string(spelling));
  for (const std::string& word : highlighted) {
    if (!lexicon.count(word))
      FAIL_CHECK("the TextMate grammar highlights '" << word << "', which lang/lexicon.hpp lacks");
  }
  for (const std::string& word : lexicon) {
    if (!highlighted.count(word))
      FAIL_CHECK("lang/lexicon.hpp has '" << word << "', which the TextMate grammar lacks");
  }
  // Each declaration keyword opens its declaration's region.
  for (const auto d : cptrules::lang::lexicon::kDeclarations) {
    const std::string keyword(cptrules::lang::lexicon::spelling(d));
    INFO(keyword);
    const auto it = g.repository.find("#" + keyword + "-decl");
    REQUIRE(it != g.repository.end());
    CHECK(g.rules[it->second].begin_text.rfind("\\b(" + keyword + ")", 0) == 0);
  }
}
