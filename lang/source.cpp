// SourceFile: offset to line and column, line lookup.
#include "source.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "characters.hpp"

namespace cptrules::lang {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n')
      line_starts_.push_back(i + 1);
  }
}

Location SourceFile::locate(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  const std::string_view shown = line_text(line);
  const auto shown_begin = static_cast<std::uint32_t>(shown.data() - text_.data());
  if (offset < shown_begin)
    return {line, 1};  // inside a byte-order mark
  // Columns count characters: the bytes that do not continue a UTF-8 character.
  const std::string_view before = std::string_view(text_).substr(shown_begin, offset - shown_begin);
  return {line, static_cast<std::uint32_t>(count_characters(before)) + 1};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size())
    return {};
  std::uint32_t begin = line_starts_[line - 1];
  if (line == 1 && std::string_view(text_).substr(0, kByteOrderMark.size()) == kByteOrderMark)
    begin = static_cast<std::uint32_t>(kByteOrderMark.size());
  std::uint32_t end =
      line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r'))
    --end;
  return std::string_view(text_).substr(begin, std::max(end, begin) - begin);
}

std::string SourceFile::where(std::uint32_t offset) const {
  const Location loc = locate(offset);
  return fmt::format("{}:{}:{}", name_, loc.line, loc.column);
}

std::string_view SourceFile::slice(Span span) const {
  const auto size = static_cast<std::uint32_t>(text_.size());
  const std::uint32_t begin = std::min(span.begin, size);
  const std::uint32_t end = std::clamp(span.end, begin, size);
  return std::string_view(text_).substr(begin, end - begin);
}

}  // namespace cptrules::lang
