// Positions as the protocol counts them (line, UTF-16 unit) and file URIs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "source.hpp"

namespace cptrules::lsp {

// A 0-based line and a 0-based column in UTF-16 code units, as the protocol counts them.
struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

struct Range {
  Position start;
  Position end;
};

// The position of a byte offset of `text` (an offset past the end: the end).
Position position_of(std::string_view text, std::uint32_t offset);

// The byte offset of a position of `text`; nullopt for a line past the end. A character past
// the end of its line is the line's end.
std::optional<std::uint32_t> offset_of(std::string_view text, Position position);

Range range_of(std::string_view text, lang::Span span);

// "file:///a/b%20c.rules" -> "/a/b c.rules"; nullopt for another scheme.
std::optional<std::string> path_of_uri(std::string_view uri);

// "/a/b c.rules" -> "file:///a/b%20c.rules".
std::string uri_of_path(std::string_view path);

}  // namespace cptrules::lsp
