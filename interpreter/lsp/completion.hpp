// complete: what may be written at a place of a rule file, by the clause it is in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workspace.hpp"

namespace cptrules::lsp {

struct CompletionItem {
  std::string label;
  int kind = 14;       // the protocol's CompletionItemKind: 14 keyword, 21 constant, 12 value
  std::string detail;  // a code's title, a name's kind
};

// The words that may stand at byte `offset` of the file `name`: declaration keywords between
// declarations; the clauses of the enclosing declaration at the start of a line; after a clause
// word, the names it takes (codes, policies, payers, disciplines, modifiers, families, finding
// ids after `expect finding`). Only those starting with the word being typed.
std::vector<CompletionItem> complete(const Workspace& workspace, const std::string& name,
                                     std::uint32_t offset);

}  // namespace cptrules::lsp
