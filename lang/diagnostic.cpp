// Diagnostics: collection and caret rendering.
#include "diagnostic.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "characters.hpp"

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

// A source line longer than this many bytes is shown as a window of that width around the
// caret, with kCut at each end that was cut off: a rule file of one long line (a generated or
// corrupted file) still gives a message a person can read.
constexpr std::size_t kMaxShownBytes = 120;
// How much of the line before the caret the window shows, when there is that much.
constexpr std::size_t kShownBeforeCaret = 40;
constexpr std::string_view kCut = "...";

// True for the second, third or fourth byte of a UTF-8 sequence.
bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The bytes [from, to) of `line` to show for a caret at byte `caret`: the whole line when it is
// short enough, otherwise kMaxShownBytes around the caret, cut between UTF-8 characters.
std::pair<std::size_t, std::size_t> shown_part(std::string_view line, std::size_t caret) {
  if (line.size() <= kMaxShownBytes)
    return {0, line.size()};
  std::size_t from = caret > kShownBeforeCaret ? caret - kShownBeforeCaret : 0;
  std::size_t to = std::min(line.size(), from + kMaxShownBytes);
  if (to - from < kMaxShownBytes)
    from = to - kMaxShownBytes;  // near the end of the line: show more before the caret
  while (from > 0 && continuation_byte(line[from]))
    --from;
  while (to < line.size() && to > caret && continuation_byte(line[to]))
    --to;
  return {from, to};
}

// Appends the gutter, the source line and a caret line under `span`. The caret is placed by
// characters, not bytes: one mark for each character of the line before it and under it.
void draw_snippet(std::string& out, const SourceFile& file, Span span, const Palette& p) {
  const Location loc = file.locate(span.begin);
  const std::string_view line = file.line_text(loc.line);
  const auto line_begin = static_cast<std::uint32_t>(line.data() - file.text().data());
  const std::string number = fmt::format("{}", loc.line);
  const std::string pad(number.size(), ' ');
  const std::size_t caret =
      span.begin > line_begin ? std::min<std::size_t>(span.begin - line_begin, line.size()) : 0;
  const auto [from, to] = shown_part(line, caret);
  const std::string_view before = from > 0 ? kCut : std::string_view();
  const std::string_view after = to < line.size() ? kCut : std::string_view();
  fmt::format_to(std::back_inserter(out), "{} {}|{}\n", pad, p.blue, p.reset);
  fmt::format_to(std::back_inserter(out), "{}{} |{} {}{}{}\n", p.blue, number, p.reset, before,
                 line.substr(from, to - from), after);
  std::string marker(before.size(), ' ');
  for (std::size_t i = from; i < caret; ++i) {
    if (!continuation_byte(line[i]))
      marker += line[i] == '\t' ? '\t' : ' ';
  }
  // The caret covers the span's characters on this line and within the shown part, at least one.
  const std::size_t end = std::min<std::size_t>(span.end > line_begin ? span.end - line_begin : 0,
                                                std::min(line.size(), to));
  const std::size_t width =
      end > caret ? std::max<std::size_t>(1, count_characters(line.substr(caret, end - caret))) : 1;
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
