// NameIndex: every name of the loaded rule files where it is declared and where it is used.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ast.hpp"
#include "source.hpp"

namespace cptrules::lsp {

// What a name names.
enum class NameKind {
  code,
  policy,
  payer,
  edit,
  modifier,
  limit,
  family,
  discipline,
  test,
  provider,
  check
};

// "code", "policy", ...
const char* kind_word(NameKind kind);

// One place a name is written.
struct Occurrence {
  NameKind kind = NameKind::code;
  std::string name;
  std::shared_ptr<const lang::SourceFile> file;
  lang::Span span;
  bool declaration = false;               // where the name is declared (a code's `code 97140`)
  const lang::ast::Decl* decl = nullptr;  // the declaration that holds it
};

// The occurrences of the names of parsed modules, in the order of the files and their text.
class NameIndex {
 public:
  void add(const lang::ast::Module& module);

  // The occurrence of a name at byte `offset` of `file` (by name), or null.
  const Occurrence* at(const std::string& file, std::uint32_t offset) const;

  // Every occurrence of `name` of `kind`; declarations only when `declarations_only`.
  std::vector<const Occurrence*> find(NameKind kind, const std::string& name,
                                      bool declarations_only) const;

  // The distinct names of a kind, in the order first written.
  std::vector<std::string> names(NameKind kind) const;

  const std::vector<Occurrence>& all() const { return items_; }

 private:
  std::vector<Occurrence> items_;
};

}  // namespace cptrules::lsp
