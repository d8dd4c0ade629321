// complete: the enclosing block found by scanning braces, then the words its clause takes.
#include "completion.hpp"

#include <set>
#include <string_view>

#include "finding_ids.hpp"
#include "lexicon.hpp"

namespace cptrules::lsp {

namespace ast = lang::ast;

namespace {

constexpr int kKeyword = 14;
constexpr int kConstant = 21;
constexpr int kValue = 12;

// The clauses each block may hold, by the word that opened it.
std::vector<std::string_view> clauses_of(std::string_view block) {
  static const std::vector<std::string_view> meta{"effective", "expires", "source", "note"};
  std::vector<std::string_view> out;
  if (block == "code")
    out = {"descriptor", "timed",   "untimed",    "add-on", "replaces",  "disciplines",
           "contact",    "regions", "techniques", "not",    "performed", "family"};
  else if (block == "policy")
    out = {"pool", "units", "allocate", "let"};
  else if (block == "allocate")
    return {"each", "rest", "ties"};
  else if (block == "payer")
    out = {"policy", "counts", "discipline", "default", "aliases"};
  else if (block == "edit")
    out = {"column", "bypass", "no", "when", "message", "payers", "severity"};
  else if (block == "limit")
    out = {"codes", "at", "payers", "message"};
  else if (block == "family")
    out = {"codes"};
  else if (block == "check")
    out = {"codes",   "payers", "discipline", "provider", "with",
           "without", "when",   "severity",   "message",  "because"};
  else if (block == "test")
    return {"payer", "date", "discipline", "given", "expect", "code"};
  else if (block != "modifier" && block != "provider")
    return {};
  out.insert(out.end(), meta.begin(), meta.end());
  return out;
}

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

// The first word of each open block around `offset`, outermost first (strings and comments
// skipped).
std::vector<std::string> open_blocks(std::string_view text) {
  std::vector<std::string> blocks;
  std::string first_word;  // of the current line
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      line_start = true;
      first_word.clear();
    } else if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n')
        ++i;
    } else if (c == '"') {
      while (i + 1 < text.size() && text[i + 1] != '"' && text[i + 1] != '\n')
        ++i;
      ++i;
    } else if (c == '{') {
      blocks.push_back(first_word);
    } else if (c == '}') {
      if (!blocks.empty())
        blocks.pop_back();
    } else if (line_start && word_char(c)) {
      std::size_t end = i;
      while (end < text.size() && word_char(text[end]))
        ++end;
      first_word = std::string(text.substr(i, end - i));
      line_start = false;
      i = end - 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      line_start = false;
    }
  }
  return blocks;
}

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && !word_char(line[i]))
      ++i;
    std::size_t end = i;
    while (end < line.size() && word_char(line[end]))
      ++end;
    if (end > i)
      out.push_back(line.substr(i, end - i));
    i = end;
  }
  return out;
}

class Items {
 public:
  explicit Items(std::string_view prefix) : prefix_(prefix) {}
  void add(std::string_view label, int kind, std::string detail = "") {
    if (label.substr(0, prefix_.size()) != prefix_ || !seen_.insert(std::string(label)).second)
      return;
    out_.push_back({std::string(label), kind, std::move(detail)});
  }
  std::vector<CompletionItem> take() { return std::move(out_); }

 private:
  std::string_view prefix_;
  std::set<std::string> seen_;
  std::vector<CompletionItem> out_;
};

// The names of a kind, but the one being typed at `offset` of the file `here`.
void add_names(Items& items, const NameIndex& index, NameKind kind, const std::string& here,
               std::uint32_t offset) {
  if (kind == NameKind::code) {
    for (const Occurrence& o : index.all()) {
      if (o.kind != NameKind::code || !o.declaration)
        continue;
      const auto* c = std::get_if<ast::CodeDecl>(o.decl);
      items.add(o.name, kConstant, c && c->title ? c->title->value : std::string("code"));
    }
    return;
  }
  // The declared names; a discipline has no declaration, so every one written.
  for (const Occurrence& o : index.all()) {
    const bool typed_here =
        o.file->name() == here && o.span.begin <= offset && offset <= o.span.end;
    if (o.kind == kind && (o.declaration || kind == NameKind::discipline) && !typed_here)
      items.add(o.name, kValue, kind_word(kind));
  }
}

}  // namespace

std::vector<CompletionItem> complete(const Workspace& workspace, const std::string& name,
                                     std::uint32_t offset) {
  const auto file = workspace.file(name);
  if (!file)
    return {};
  const std::string_view text = std::string_view(file->text()).substr(0, offset);
  const std::size_t line_begin =
      text.rfind('\n') == std::string_view::npos ? 0 : text.rfind('\n') + 1;
  const std::string_view line = text.substr(line_begin);
  std::size_t word_begin = line.size();
  while (word_begin > 0 && word_char(line[word_begin - 1]))
    --word_begin;
  const std::string_view prefix = line.substr(word_begin);
  const std::vector<std::string_view> before = words_of(line.substr(0, word_begin));
  const std::vector<std::string> blocks = open_blocks(text.substr(0, line_begin));
  const NameIndex& index = workspace.analysis().index;
  Items items(prefix);

  if (blocks.empty()) {
    if (before.empty()) {
      for (const auto d : lang::lexicon::kDeclarations)
        items.add(lang::lexicon::spelling(d), kKeyword);
    } else if (before.front() == "payer" && before.size() == 1) {
      add_names(items, index, NameKind::payer, name, offset);  // `payer NAME also`
    }
    return items.take();
  }
  const std::string& block = blocks.back();
  if (before.empty()) {
    for (const std::string_view c : clauses_of(block))
      items.add(c, kKeyword);
    return items.take();
  }
  const std::string_view first = before.front();
  const std::string_view last = before.back();
  if (first == "expect" && (last == "finding")) {
    for (const std::string_view id : interp::kFindingIds)
      items.add(id, kValue, "finding");
    for (const std::string& e : index.names(NameKind::edit))
      items.add("edit." + e, kValue, "finding of an edit");
    for (const std::string& l : index.names(NameKind::limit))
      items.add("limit." + l, kValue, "finding of a limit");
    for (const std::string& c : index.names(NameKind::check))
      items.add("check." + c, kValue, "finding of a check");
    return items.take();
  }
  if (last == "in" || last == "for" || first == "disciplines" || first == "discipline" ||
      first == "default") {
    add_names(items, index, NameKind::discipline, name, offset);
  } else if (last == "with" && (first == "counts" || block == "payer")) {
    add_names(items, index, NameKind::policy, name, offset);
  } else if (first == "provider" || (first == "given" && last == "by")) {
    add_names(items, index, NameKind::provider, name, offset);
  } else if (last == "with" || first == "bypass" || last == "and" || first == "without") {
    add_names(items, index, NameKind::modifier, name, offset);
  } else if (first == "policy") {
    add_names(items, index, NameKind::policy, name, offset);
  } else if (first == "payer" || first == "payers") {
    add_names(items, index, NameKind::payer, name, offset);
  } else if (first == "family" || (first == "counts" && last == "family")) {
    add_names(items, index, NameKind::family, name, offset);
  } else if (first == "severity") {
    for (const std::string_view v : {"error", "warning", "info"})
      items.add(v, kKeyword);
  } else if (first == "given" || first == "expect" || first == "column" || first == "codes" ||
             first == "counts" || first == "replaces" || first == "add-on") {
    if (first == "expect" && before.size() == 1) {
      for (const std::string_view w : {"total", "finding", "no"})
        items.add(w, kKeyword);
    }
    add_names(items, index, NameKind::code, name, offset);
  }
  return items.take();
}

}  // namespace cptrules::lsp
