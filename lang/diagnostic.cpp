// Diagnostics: collection and caret rendering.
#include "diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace cptrules::lang {

Diagnostic& Diagnostics::error(std::string id, std::shared_ptr<const SourceFile> file, Span span,
                               std::string message) {
  ++errors_;
  return items_.emplace_back(
      Diagnostic{Severity::error, std::move(id), std::move(message), std::move(file), span, {}});
}

Diagnostic& Diagnostics::warning(std::string id, std::shared_ptr<const SourceFile> file, Span span,
                                 std::string message) {
  return items_.emplace_back(
      Diagnostic{Severity::warning, std::move(id), std::move(message), std::move(file), span, {}});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  errors_ += other.errors_;
}

namespace {

struct Palette {
  const char* bold = "";
  const char* red = "";
  const char* yellow = "";
  const char* blue = "";
  const char* reset = "";
};

Palette palette(bool color) {
  if (!color)
    return {};
  return {"\033[1m", "\033[1;31m", "\033[1;33m", "\033[1;34m", "\033[0m"};
}

// Appends the gutter, the source line and a caret line under `span`.
void draw_snippet(std::string& out, const SourceFile& file, Span span, const Palette& p) {
  const Location loc = file.locate(span.begin);
  const std::string_view line = file.line_text(loc.line);
  const std::string number = fmt::format("{}", loc.line);
  const std::string pad(number.size(), ' ');
  fmt::format_to(std::back_inserter(out), "{} {}|{}\n", pad, p.blue, p.reset);
  fmt::format_to(std::back_inserter(out), "{}{} |{} {}\n", p.blue, number, p.reset, line);
  std::string marker;
  for (std::uint32_t i = 0; i + 1 < loc.column && i < line.size(); ++i) {
    marker += line[i] == '\t' ? '\t' : ' ';
  }
  const std::uint32_t line_end_offset = span.begin + static_cast<std::uint32_t>(line.size()) -
                                        std::min<std::uint32_t>(loc.column - 1, line.size());
  const std::uint32_t end = std::min(std::max(span.end, span.begin + 1), line_end_offset);
  const std::size_t width = end > span.begin ? end - span.begin : 1;
  marker += std::string(width, '^');
  fmt::format_to(std::back_inserter(out), "{} {}|{} {}{}{}\n", pad, p.blue, p.reset, p.red, marker,
                 p.reset);
}

}  // namespace

std::string render(const Diagnostic& d, bool color) {
  const Palette p = palette(color);
  std::string out;
  const char* word = d.severity == Severity::error ? "error" : "warning";
  const char* tint = d.severity == Severity::error ? p.red : p.yellow;
  if (d.file) {
    fmt::format_to(std::back_inserter(out), "{}{}:{} ", p.bold, d.file->where(d.span.begin),
                   p.reset);
  }
  fmt::format_to(std::back_inserter(out), "{}{}[{}]{}: {}{}{}\n", tint, word, d.id, p.reset, p.bold,
                 d.message, p.reset);
  if (d.file)
    draw_snippet(out, *d.file, d.span, p);
  for (const Note& note : d.notes) {
    if (note.span && d.file) {
      fmt::format_to(std::back_inserter(out), "{}note{}: {} ({})\n", p.bold, p.reset, note.message,
                     d.file->where(note.span->begin));
    } else {
      fmt::format_to(std::back_inserter(out), "{}note{}: {}\n", p.bold, p.reset, note.message);
    }
  }
  return out;
}

std::string render(const Diagnostics& diagnostics, bool color) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items())
    out += render(d, color);
  return out;
}

}  // namespace cptrules::lang
