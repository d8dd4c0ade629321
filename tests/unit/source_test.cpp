// Unit tests of SourceFile: offsets to lines and columns, line text, "where" and slices.
#include <catch2/catch.hpp>

#include <string>

#include "source.hpp"

namespace {

using cptrules::lang::Location;
using cptrules::lang::SourceFile;
using cptrules::lang::Span;

void check_location(const SourceFile& file, std::uint32_t offset, std::uint32_t line,
                    std::uint32_t column) {
  INFO("offset " << offset);
  const Location loc = file.locate(offset);
  CHECK(loc.line == line);
  CHECK(loc.column == column);
}

}  // namespace

TEST_CASE("locate maps byte offsets to 1-based lines and columns", "[source]") {
  const SourceFile file("f.rules", "ab\ncd\n\nefg");
  check_location(file, 0, 1, 1);
  check_location(file, 1, 1, 2);
  check_location(file, 2, 1, 3);  // the '\n' ends line 1
  check_location(file, 3, 2, 1);
  check_location(file, 4, 2, 2);
  check_location(file, 5, 2, 3);
  check_location(file, 6, 3, 1);  // an empty line
  check_location(file, 7, 4, 1);
  check_location(file, 9, 4, 3);
  check_location(file, 10, 4, 4);  // the end of the text
}

TEST_CASE("locate clamps an offset past the end to the last position", "[source]") {
  const SourceFile file("f.rules", "ab\ncd");
  check_location(file, 5, 2, 3);
  check_location(file, 6, 2, 3);
  check_location(file, 1000, 2, 3);
  check_location(file, UINT32_MAX, 2, 3);
}

TEST_CASE("locate after a final newline is the start of the empty last line", "[source]") {
  const SourceFile file("f.rules", "ab\n");
  check_location(file, 3, 2, 1);
  check_location(file, 99, 2, 1);
}

TEST_CASE("line_text gives a line without its line end", "[source]") {
  const SourceFile file("f.rules", "first\nsecond line\n\nlast");
  CHECK(file.line_text(1) == "first");
  CHECK(file.line_text(2) == "second line");
  CHECK(file.line_text(3).empty());
  CHECK(file.line_text(4) == "last");
}

TEST_CASE("line_text of a line that does not exist is empty", "[source]") {
  const SourceFile file("f.rules", "one\ntwo\n");
  CHECK(file.line_text(0).empty());
  CHECK(file.line_text(3).empty());  // after the final newline
  CHECK(file.line_text(4).empty());
  CHECK(file.line_text(UINT32_MAX).empty());
}

TEST_CASE("CRLF line ends: lines break at LF and lose their CR", "[source]") {
  const SourceFile file("crlf.rules", "ab\r\ncd\r\nef");
  CHECK(file.line_text(1) == "ab");
  CHECK(file.line_text(2) == "cd");
  CHECK(file.line_text(3) == "ef");
  check_location(file, 2, 1, 3);  // the '\r'
  check_location(file, 3, 1, 4);  // the '\n'
  check_location(file, 4, 2, 1);
  check_location(file, 8, 3, 1);
  CHECK(file.where(9) == "crlf.rules:3:2");
}

TEST_CASE("a lone CR is not a line break", "[source]") {
  const SourceFile file("cr.rules", "ab\rcd");
  check_location(file, 3, 1, 4);
  CHECK(file.line_text(1) == "ab\rcd");
  CHECK(file.line_text(2).empty());
}

TEST_CASE("an empty file has one empty line", "[source]") {
  const SourceFile file("empty.rules", "");
  CHECK(file.name() == "empty.rules");
  CHECK(file.text().empty());
  check_location(file, 0, 1, 1);
  check_location(file, 10, 1, 1);
  CHECK(file.line_text(1).empty());
  CHECK(file.line_text(2).empty());
  CHECK(file.where(0) == "empty.rules:1:1");
  CHECK(file.where(5) == "empty.rules:1:1");
  CHECK(file.slice({0, 0}).empty());
  CHECK(file.slice({0, 10}).empty());
  CHECK(file.slice({3, 7}).empty());
}

TEST_CASE("where gives name:line:col", "[source]") {
  const SourceFile file("dir/codes.rules", "code 97140 {\n  timed every 15 min\n}\n");
  CHECK(file.where(0) == "dir/codes.rules:1:1");
  CHECK(file.where(5) == "dir/codes.rules:1:6");
  CHECK(file.where(15) == "dir/codes.rules:2:3");
  CHECK(file.where(34) == "dir/codes.rules:3:1");
  CHECK(file.where(500) == "dir/codes.rules:4:1");
}

TEST_CASE("slice gives the text of a span, clamped to the file", "[source]") {
  const SourceFile file("f.rules", "code 97140 {\n}\n");
  CHECK(file.slice({5, 10}) == "97140");
  CHECK(file.slice({0, 4}) == "code");
  CHECK(file.slice({11, 14}) == "{\n}");  // across a line end
  CHECK(file.slice({5, 5}).empty());
  CHECK(file.slice({13, 100}) == "}\n");  // end past the text
  CHECK(file.slice({100, 200}).empty());  // begin past the text
  CHECK(file.slice({10, 5}).empty());     // end before begin
  CHECK(file.slice({0, UINT32_MAX}) == file.text());
}

TEST_CASE("a tab is one column, and so is a UTF-8 letter of several bytes", "[source]") {
  const SourceFile file("f.rules", "\tx\n\xC3\xA9y");  // "\tx", then "éy" with é in 2 bytes
  check_location(file, 1, 1, 2);
  check_location(file, 5, 2, 2);  // 'y' after é, one character of 2 bytes
  CHECK(file.line_text(2) == "\xC3\xA9y");
}

TEST_CASE("locate counts columns in characters, not bytes", "[source]") {
  // "né’s x": "é" is 2 bytes and "’" 3, so 'x' is at byte 8 but is the 6th character.
  const SourceFile file("f.rules", "n\xC3\xA9\xE2\x80\x99s x\nab");
  check_location(file, 0, 1, 1);
  check_location(file, 1, 1, 2);  // é
  check_location(file, 3, 1, 3);  // ’
  check_location(file, 6, 1, 4);  // s
  check_location(file, 8, 1, 6);  // x
  check_location(file, 10, 2, 1);
}

TEST_CASE("a byte-order mark at the start is no part of line 1", "[source]") {
  const SourceFile file("f.rules",
                        "\xEF\xBB\xBF"
                        "code X\nab");
  CHECK(file.line_text(1) == "code X");
  check_location(file, 3, 1, 1);  // 'c', the first character after the mark
  check_location(file, 8, 1, 6);  // 'X'
  check_location(file, 0, 1, 1);  // inside the mark
  CHECK(file.line_text(2) == "ab");
}
