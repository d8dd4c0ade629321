// hover_text: what hovering a name or keyword of a rule file shows (Markdown).
#pragma once

#include <optional>
#include <string>

#include "workspace.hpp"

namespace cptrules::lsp {

// The text for byte `offset` of the file `name`, with the span it describes; nullopt when there
// is nothing there to describe.
struct HoverText {
  std::string markdown;
  lang::Span span;
};
std::optional<HoverText> hover_text(const Workspace& workspace, const std::string& name,
                                    std::uint32_t offset);

// The word (letters, digits, '-', '_', '.') of `text` around `offset`, as a span.
lang::Span word_at(std::string_view text, std::uint32_t offset);

// True when byte `offset` of `text` is inside a string (between its quotes) or a comment (from
// its '#' to the end of the line), where words are not the language's.
bool in_string_or_comment(std::string_view text, std::uint32_t offset);

}  // namespace cptrules::lsp
