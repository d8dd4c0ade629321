// Characters of rule text: UTF-8 decoding and the characters pasted from word processors.
#include "characters.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace cptrules::lang {

namespace {

// A character that text pasted from a word processor (or a web page) often holds in place of an
// ASCII one.
struct NamedCharacter {
  char32_t code_point;
  std::string_view name;     // its Unicode name
  std::string_view instead;  // what to write instead, or ""
  bool visible;              // shown between quotes in a message
};

constexpr std::string_view kStraightQuote = "use a straight quote '\"'";
constexpr std::string_view kApostrophe = "use a straight apostrophe \"'\"";
constexpr std::string_view kPlainSpace = "use a plain space";
constexpr std::string_view kHyphen = "use a hyphen-minus '-' (or '..' between the ends of a range)";

// Sorted by code point.
constexpr std::array kNamed{
    NamedCharacter{0x00A0, "NO-BREAK SPACE", kPlainSpace, false},
    NamedCharacter{0x00AB, "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", kStraightQuote, true},
    NamedCharacter{0x00AD, "SOFT HYPHEN", "delete it (it is invisible)", false},
    NamedCharacter{0x00B4, "ACUTE ACCENT", kApostrophe, true},
    NamedCharacter{0x00BB, "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", kStraightQuote, true},
    NamedCharacter{0x00D7, "MULTIPLICATION SIGN", "use '*' to multiply (or 'x' in '97140 x2')",
                   true},
    NamedCharacter{0x00F7, "DIVISION SIGN", "use '/'", true},
    NamedCharacter{0x2002, "EN SPACE", kPlainSpace, false},
    NamedCharacter{0x2003, "EM SPACE", kPlainSpace, false},
    NamedCharacter{0x2009, "THIN SPACE", kPlainSpace, false},
    NamedCharacter{0x200B, "ZERO WIDTH SPACE", "delete it (it is invisible)", false},
    NamedCharacter{0x2010, "HYPHEN", "use a hyphen-minus '-'", true},
    NamedCharacter{0x2011, "NON-BREAKING HYPHEN", "use a hyphen-minus '-'", true},
    NamedCharacter{0x2012, "FIGURE DASH", kHyphen, true},
    NamedCharacter{0x2013, "EN DASH", kHyphen, true},
    NamedCharacter{0x2014, "EM DASH", kHyphen, true},
    NamedCharacter{0x2018, "LEFT SINGLE QUOTATION MARK", kApostrophe, true},
    NamedCharacter{0x2019, "RIGHT SINGLE QUOTATION MARK", kApostrophe, true},
    NamedCharacter{0x201A, "SINGLE LOW-9 QUOTATION MARK", kApostrophe, true},
    NamedCharacter{0x201C, "LEFT DOUBLE QUOTATION MARK", kStraightQuote, true},
    NamedCharacter{0x201D, "RIGHT DOUBLE QUOTATION MARK", kStraightQuote, true},
    NamedCharacter{0x201E, "DOUBLE LOW-9 QUOTATION MARK", kStraightQuote, true},
    NamedCharacter{0x2026, "HORIZONTAL ELLIPSIS", "use '..' for a range (or '...')", true},
    NamedCharacter{0x202F, "NARROW NO-BREAK SPACE", kPlainSpace, false},
    NamedCharacter{0x2032, "PRIME", kApostrophe, true},
    NamedCharacter{0x2033, "DOUBLE PRIME", kStraightQuote, true},
    NamedCharacter{0x2060, "WORD JOINER", "delete it (it is invisible)", false},
    NamedCharacter{0x2192, "RIGHTWARDS ARROW", "use '->'", true},
    NamedCharacter{0x2212, "MINUS SIGN", "use a hyphen-minus '-'", true},
    NamedCharacter{0x2260, "NOT EQUAL TO", "use '!='", true},
    NamedCharacter{0x2264, "LESS-THAN OR EQUAL TO", "use '<='", true},
    NamedCharacter{0x2265, "GREATER-THAN OR EQUAL TO", "use '>='", true},
    NamedCharacter{0x3000, "IDEOGRAPHIC SPACE", kPlainSpace, false},
    NamedCharacter{0xFEFF, "ZERO WIDTH NO-BREAK SPACE",
                   "delete it (a byte-order mark is accepted only at the start of the file)",
                   false},
    NamedCharacter{0xFF02, "FULLWIDTH QUOTATION MARK", kStraightQuote, true},
};

static_assert(std::is_sorted(kNamed.begin(), kNamed.end(),
                             [](const NamedCharacter& a, const NamedCharacter& b) {
                               return a.code_point < b.code_point;
                             }));

const NamedCharacter* find_named(char32_t code_point) {
  const auto* it =
      std::lower_bound(kNamed.begin(), kNamed.end(), code_point,
                       [](const NamedCharacter& c, char32_t cp) { return c.code_point < cp; });
  return it != kNamed.end() && it->code_point == code_point ? &*it : nullptr;
}

bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The UTF-8 encoding of a code point (valid ones only).
std::string encode_utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

}  // namespace

Utf8Char decode_utf8(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80)
    return {lead, 1, true};
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
    min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
    min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
    min = 0x10000;
  } else {
    return {};
  }
  if (at + length > text.size())
    return {};
  for (std::size_t i = 1; i < length; ++i) {
    const auto c = static_cast<unsigned char>(text[at + i]);
    if (!continuation(c))
      return {};
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return {};
  return {cp, length, true};
}

std::size_t find_invalid_utf8(std::string_view text, std::size_t from) {
  std::size_t i = from;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const Utf8Char c = decode_utf8(text, i);
    if (!c.valid)
      return i;
    i += c.length;
  }
  return std::string_view::npos;
}

std::size_t count_characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return !continuation(static_cast<unsigned char>(c));
  }));
}

std::string describe_character(char32_t code_point) {
  if (code_point < 0x20 || code_point == 0x7F || (code_point >= 0x80 && code_point < 0xA0))
    return fmt::format("U+{:04X} (a control character)", static_cast<std::uint32_t>(code_point));
  if (const NamedCharacter* named = find_named(code_point)) {
    if (!named->visible)
      return fmt::format("U+{:04X} {}", static_cast<std::uint32_t>(code_point), named->name);
    return fmt::format("U+{:04X} {} '{}'", static_cast<std::uint32_t>(code_point), named->name,
                       encode_utf8(code_point));
  }
  return fmt::format("U+{:04X} '{}'", static_cast<std::uint32_t>(code_point),
                     encode_utf8(code_point));
}

std::string_view ascii_instead(char32_t code_point) {
  const NamedCharacter* named = find_named(code_point);
  return named ? named->instead : std::string_view();
}

bool is_fancy_double_quote(char32_t code_point) {
  const NamedCharacter* named = find_named(code_point);
  return named && named->instead == kStraightQuote;
}

}  // namespace cptrules::lang
