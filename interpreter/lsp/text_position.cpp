// position_of, offset_of and file URIs: the protocol's coordinates over rule text.
#include "text_position.hpp"

#include <algorithm>

namespace cptrules::lsp {

namespace {

// The number of UTF-16 code units of the UTF-8 text `s` (a 4-byte character counts 2; an
// invalid byte counts 1).
std::uint32_t utf16_length(std::string_view s) {
  std::uint32_t n = 0;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) == 0x80)
      continue;
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

}  // namespace

Position position_of(std::string_view text, std::uint32_t offset) {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  Position p;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.character = utf16_length(text.substr(line_start, offset - line_start));
  return p;
}

std::optional<std::uint32_t> offset_of(std::string_view text, Position position) {
  std::size_t at = 0;
  for (std::uint32_t line = 0; line < position.line; ++line) {
    const auto nl = text.find('\n', at);
    if (nl == std::string_view::npos)
      return std::nullopt;
    at = nl + 1;
  }
  std::size_t end = text.find('\n', at);
  if (end == std::string_view::npos)
    end = text.size();
  std::uint32_t units = 0;
  while (at < end && units < position.character) {
    const auto c = static_cast<unsigned char>(text[at]);
    units += c >= 0xF0 ? 2 : 1;
    ++at;
    while (at < end && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
      ++at;
  }
  return static_cast<std::uint32_t>(at);
}

Range range_of(std::string_view text, lang::Span span) {
  return {position_of(text, span.begin), position_of(text, std::max(span.begin, span.end))};
}

std::optional<std::string> path_of_uri(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.substr(0, scheme.size()) != scheme)
    return std::nullopt;
  uri.remove_prefix(scheme.size());
  // file://host/path: only the local host ("" or "localhost") is a path here.
  const auto slash = uri.find('/');
  if (slash == std::string_view::npos)
    return std::nullopt;
  const std::string_view host = uri.substr(0, slash);
  if (!host.empty() && host != "localhost")
    return std::nullopt;
  uri.remove_prefix(slash);
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 &&
        hex_value(uri[i + 2]) >= 0) {
      path.push_back(static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2])));
      i += 2;
    } else {
      path.push_back(uri[i]);
    }
  }
  return path;
}

std::string uri_of_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
        c == '-' || c == '_' || c == '.' || c == '~') {
      uri.push_back(ch);
    } else {
      uri.push_back('%');
      uri.push_back(kHex[c >> 4]);
      uri.push_back(kHex[c & 15]);
    }
  }
  return uri;
}

}  // namespace cptrules::lsp
