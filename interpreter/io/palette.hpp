// The one ANSI palette of coloured output (tables, the REPL), and when colours may be used.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "result.hpp"

namespace cptrules::interp::palette {

// The styles, by what they mark. Each is applied only when colours are on, and ends with kReset.
inline constexpr std::string_view kBold = "\x1b[1m";        // headers, totals
inline constexpr std::string_view kDim = "\x1b[2m";         // alternatives, context lines
inline constexpr std::string_view kRed = "\x1b[1;31m";      // errors
inline constexpr std::string_view kYellow = "\x1b[33m";     // warnings, values that changed
inline constexpr std::string_view kCyan = "\x1b[36m";       // notes (info findings)
inline constexpr std::string_view kGreen = "\x1b[32m";      // success
inline constexpr std::string_view kReset = "\x1b[0m";       // back to plain text
inline constexpr std::string_view kEraseLine = "\r\x1b[K";  // back to the start, line erased

// The style of a finding of `severity`: red errors, yellow warnings, cyan notes.
constexpr std::string_view severity_style(FindingSeverity severity) {
  switch (severity) {
    case FindingSeverity::error:
      return kRed;
    case FindingSeverity::warning:
      return kYellow;
    case FindingSeverity::info:
      return kCyan;
  }
  return kCyan;
}

// Appends `text` to `out`, in `style` when `color` is on and the style is not empty.
inline void append_styled(std::string& out, std::string_view style, std::string_view text,
                          bool color) {
  const bool styled = color && !style.empty();
  if (styled)
    out.append(style);
  out.append(text);
  if (styled)
    out.append(kReset);
}

// The style called `name` ("bold", "dim", "red", "yellow", "cyan", "green"); empty for another.
std::string_view named_style(std::string_view name);

}  // namespace cptrules::interp::palette

namespace cptrules::interp {

// True when colours may be used on `stream`: it is a terminal, and NO_COLOR is unset or empty.
bool use_color(std::FILE* stream);

}  // namespace cptrules::interp
