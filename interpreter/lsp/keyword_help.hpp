// keyword_help: one line of the language reference (docs/language.md) for each keyword.
#pragma once

#include <optional>
#include <string_view>

namespace cptrules::lsp {

// The line for a word of the lexicon, or nullopt for a word that is none.
std::optional<std::string_view> keyword_help(std::string_view word);

}  // namespace cptrules::lsp
