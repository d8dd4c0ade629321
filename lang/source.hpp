// SourceFile and Span: rule text with its name, and byte ranges mapped to line and column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cptrules::lang {

// A half-open byte range [begin, end) inside one SourceFile.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// A 1-based line and column, as people read them.
struct Location {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

// The text of one rule file and its display name. Offsets are 0-based bytes; lines and
// columns derived from them are 1-based. Immutable once built.
class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  // The line and column of a byte offset (an offset past the end maps to the last position).
  Location locate(std::uint32_t offset) const;

  // The text of the 1-based line `line`, without its line end.
  std::string_view line_text(std::uint32_t line) const;

  // "name:line:col" for an offset.
  std::string where(std::uint32_t offset) const;

  std::string_view slice(Span span) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

}  // namespace cptrules::lang
