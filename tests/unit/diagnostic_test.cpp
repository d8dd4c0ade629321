// Unit tests of Diagnostics and render: counts, order and the exact text with caret and notes.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "diagnostic.hpp"

namespace {

using cptrules::lang::Diagnostic;
using cptrules::lang::Diagnostics;
using cptrules::lang::render;
using cptrules::lang::Severity;
using cptrules::lang::SourceFile;
using cptrules::lang::Span;

std::shared_ptr<const SourceFile> file_of(std::string text) {
  return std::make_shared<SourceFile>("codes.rules", std::move(text));
}

}  // namespace

TEST_CASE("render: an error with a caret under its span and a note", "[diagnostic]") {
  const auto file = file_of("code 97140 \"x\" {\n  timd every 15 min\n}\n");
  Diagnostics diagnostics;
  Diagnostic& d =
      diagnostics.error("E0101", file, {19, 23}, "expected a clause or '}', found 'timd'");
  d.notes.push_back({"did you mean 'timed'?", {}});
  CHECK(render(d) ==
        "codes.rules:2:3: error[E0101]: expected a clause or '}', found 'timd'\n"
        "  |\n"
        "2 |   timd every 15 min\n"
        "  |   ^^^^\n"
        "note: did you mean 'timed'?\n");
}

TEST_CASE("render: a note with a span names its place", "[diagnostic]") {
  const auto file = file_of("code 97140 {\n  timed every 15 min\n  untimed\n}\n");
  Diagnostics diagnostics;
  Diagnostic& d = diagnostics.error("E0105", file, {36, 43}, "the timing of a code is given twice");
  d.notes.push_back({"first given here", Span{15, 33}});
  d.notes.push_back({"a plain note", {}});
  CHECK(render(d) ==
        "codes.rules:3:3: error[E0105]: the timing of a code is given twice\n"
        "  |\n"
        "3 |   untimed\n"
        "  |   ^^^^^^^\n"
        "note: first given here (codes.rules:2:3)\n"
        "note: a plain note\n");
}

TEST_CASE("render: a warning", "[diagnostic]") {
  const auto file = file_of("policy p {\n}\n");
  Diagnostics diagnostics;
  Diagnostic& d = diagnostics.warning("W0404", file, {7, 8}, "no payer uses policy 'p'");
  CHECK(d.severity == Severity::warning);
  CHECK(render(d) ==
        "codes.rules:1:8: warning[W0404]: no payer uses policy 'p'\n"
        "  |\n"
        "1 | policy p {\n"
        "  |        ^\n");
}

TEST_CASE("render: an empty span still gets one caret", "[diagnostic]") {
  const auto file = file_of("abc\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {1, 1}, "m");
  CHECK(render(d) ==
        "codes.rules:1:2: error[E0101]: m\n"
        "  |\n"
        "1 | abc\n"
        "  |  ^\n");
}

TEST_CASE("render: a span at the end of a line puts one caret after it", "[diagnostic]") {
  const auto file = file_of("abc\ndef\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {3, 4}, "m");
  CHECK(render(d) ==
        "codes.rules:1:4: error[E0101]: m\n"
        "  |\n"
        "1 | abc\n"
        "  |    ^\n");
}

TEST_CASE("render: a span over several lines is underlined to the end of its first line",
          "[diagnostic]") {
  const auto file = file_of("ab {\n  x\n}\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {3, 10}, "m");
  CHECK(render(d) ==
        "codes.rules:1:4: error[E0101]: m\n"
        "  |\n"
        "1 | ab {\n"
        "  |    ^\n");
}

TEST_CASE("render: the gutter widens with the line number", "[diagnostic]") {
  std::string text;
  for (int i = 1; i < 12; ++i)
    text += "line\n";
  text += "  bad\n";
  const auto file = file_of(text);
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {57, 60}, "m");
  CHECK(render(d) ==
        "codes.rules:12:3: error[E0101]: m\n"
        "   |\n"
        "12 |   bad\n"
        "   |   ^^^\n");
}

TEST_CASE("render: tabs before the span are kept so that the caret lines up", "[diagnostic]") {
  const auto file = file_of("\tx y\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {3, 4}, "m");
  CHECK(render(d) ==
        "codes.rules:1:4: error[E0101]: m\n"
        "  |\n"
        "1 | \tx y\n"
        "  | \t  ^\n");
}

TEST_CASE("render: a line of 120 bytes is shown whole", "[diagnostic][long-line]") {
  const auto file = file_of(std::string(117, 'a') + "bcd\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {117, 120}, "m");
  CHECK(render(d) ==
        "codes.rules:1:118: error[E0101]: m\n"
        "  |\n"
        "1 | " +
            std::string(117, 'a') +
            "bcd\n"
            "  | " +
            std::string(117, ' ') + "^^^\n");
}

TEST_CASE("render: a long line is cut to 120 bytes around the caret, with '...' at the cuts",
          "[diagnostic][long-line]") {
  // 40 bytes before the caret are kept, then as many as fit.
  std::string line;
  for (int i = 0; i < 30; ++i)
    line += "0123456789";
  const auto file = file_of(line + "\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {150, 153}, "m");
  CHECK(render(d) ==
        "codes.rules:1:151: error[E0101]: m\n"
        "  |\n"
        "1 | ..." +
            line.substr(110, 120) +
            "...\n"
            "  | " +
            std::string(3 + 40, ' ') + "^^^\n");
}

TEST_CASE("render: near the start of a long line, only the end is cut", "[diagnostic][long-line]") {
  const std::string line = "  units = x" + std::string(200, '+');
  const auto file = file_of(line + "\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0301", file, {10, 11}, "m");
  CHECK(render(d) ==
        "codes.rules:1:11: error[E0301]: m\n"
        "  |\n"
        "1 | " +
            line.substr(0, 120) +
            "...\n"
            "  |           ^\n");
}

TEST_CASE("render: near the end of a long line, only the start is cut", "[diagnostic][long-line]") {
  const std::string line = std::string(200, '-') + "end";
  const auto file = file_of(line + "\nnext\n");
  Diagnostics diagnostics;
  // A caret just after the last byte (an error at the end of the line).
  const Diagnostic& d = diagnostics.error("E0101", file, {203, 204}, "m");
  CHECK(render(d) ==
        "codes.rules:1:204: error[E0101]: m\n"
        "  |\n"
        "1 | ..." +
            line.substr(83) +
            "\n"
            "  | " +
            std::string(3 + 120, ' ') + "^\n");
}

TEST_CASE("render: a span longer than the window is underlined to the cut",
          "[diagnostic][long-line]") {
  const std::string line = "code " + std::string(500, '9') + " {";
  const auto file = file_of(line + "\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0111", file, {5, 505}, "m");
  CHECK(render(d) ==
        "codes.rules:1:6: error[E0111]: m\n"
        "  |\n"
        "1 | code " +
            std::string(115, '9') +
            "...\n"
            "  |      " +
            std::string(115, '^') + "\n");
}

TEST_CASE("render: a long line is cut between UTF-8 characters", "[diagnostic][long-line]") {
  // "é" is two bytes: a cut at an odd offset would split one; the window moves to keep it.
  std::string line;
  for (int i = 0; i < 100; ++i)
    line += "\xc3\xa9";
  line += "x";
  for (int i = 0; i < 100; ++i)
    line += "\xc3\xa9";
  const auto file = file_of(line + "\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {200, 201}, "m");
  const std::string out = render(d);
  // 40 bytes (20 characters) before the caret; 79 after fit, cut back to 78 (39 characters).
  // The column and the caret count characters: byte 200 is the 101st character.
  std::string shown;
  for (int i = 0; i < 20; ++i)
    shown += "\xc3\xa9";
  shown += "x";
  for (int i = 0; i < 39; ++i)
    shown += "\xc3\xa9";
  CHECK(out ==
        "codes.rules:1:101: error[E0101]: m\n"
        "  |\n"
        "1 | ..." +
            shown +
            "...\n"
            "  | " +
            std::string(3 + 20, ' ') + "^\n");  // the caret counts characters
}

TEST_CASE("render: a one-line file of 1 MB gives a short message", "[diagnostic][long-line]") {
  const std::string line(1 << 20, 'z');
  const auto file = file_of(line);
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {500000, 500001}, "m");
  const std::string out = render(d);
  CHECK(out ==
        "codes.rules:1:500001: error[E0101]: m\n"
        "  |\n"
        "1 | ..." +
            std::string(120, 'z') +
            "...\n"
            "  | " +
            std::string(3 + 40, ' ') + "^\n");
}

TEST_CASE("render: a CRLF line is shown without its CR", "[diagnostic]") {
  const auto file = file_of("abc\r\ndef\r\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {5, 8}, "m");
  CHECK(render(d) ==
        "codes.rules:2:1: error[E0101]: m\n"
        "  |\n"
        "2 | def\n"
        "  | ^^^\n");
}

TEST_CASE("render: a diagnostic without a file has no place and no snippet", "[diagnostic]") {
  Diagnostics diagnostics;
  Diagnostic& d = diagnostics.error("E0001", nullptr, {}, "cannot read x.rules");
  d.notes.push_back({"check the path", Span{0, 1}});
  CHECK(render(d) == "error[E0001]: cannot read x.rules\nnote: check the path\n");
}

TEST_CASE("render: with colour, ANSI escapes surround the same text", "[diagnostic]") {
  const auto file = file_of("abc\n");
  Diagnostics diagnostics;
  const Diagnostic& d = diagnostics.error("E0101", file, {0, 3}, "m");
  const std::string coloured = render(d, true);
  CHECK(coloured.find("\033[1;31merror[E0101]") != std::string::npos);
  CHECK(coloured.find("\033[0m") != std::string::npos);
  std::string stripped;
  for (std::size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\033') {
      while (i < coloured.size() && coloured[i] != 'm')
        ++i;
      continue;
    }
    stripped += coloured[i];
  }
  CHECK(stripped == render(d, false));
  CHECK(render(d).find('\033') == std::string::npos);
}

TEST_CASE("Diagnostics counts errors and warnings and keeps their order", "[diagnostic]") {
  const auto file = file_of("abc\n");
  Diagnostics diagnostics;
  CHECK(diagnostics.empty());
  CHECK_FALSE(diagnostics.has_errors());
  diagnostics.warning("W0401", file, {0, 1}, "w1");
  CHECK_FALSE(diagnostics.has_errors());
  CHECK(diagnostics.warning_count() == 1);
  diagnostics.error("E0101", file, {1, 2}, "e1");
  diagnostics.warning("W0402", file, {2, 3}, "w2");
  CHECK(diagnostics.has_errors());
  CHECK(diagnostics.error_count() == 1);
  CHECK(diagnostics.warning_count() == 2);
  REQUIRE(diagnostics.items().size() == 3);
  CHECK(diagnostics.items()[0].id == "W0401");
  CHECK(diagnostics.items()[1].id == "E0101");
  CHECK(diagnostics.items()[1].severity == Severity::error);
  CHECK(diagnostics.items()[2].message == "w2");

  Diagnostics more;
  more.error("E0201", file, {0, 3}, "e2");
  more.error("E0202", file, {0, 3}, "e3");
  diagnostics.append(more);
  CHECK(diagnostics.error_count() == 3);
  CHECK(diagnostics.warning_count() == 2);
  CHECK(diagnostics.items().back().id == "E0202");
  CHECK(more.items().size() == 2);  // append copies

  CHECK(render(diagnostics) == render(diagnostics.items()[0]) + render(diagnostics.items()[1]) +
                                   render(diagnostics.items()[2]) + render(diagnostics.items()[3]) +
                                   render(diagnostics.items()[4]));
}

TEST_CASE("render of no diagnostics is empty", "[diagnostic]") {
  CHECK(render(Diagnostics{}).empty());
}

TEST_CASE("render: after non-ASCII characters the caret stands under the right word",
          "[diagnostic]") {
  // `é` is 2 bytes and `’` 3: counted as bytes, the caret would stand 3 columns too far right.
  const auto file = file_of("  note \"Th\xC3\xA9rapie\xE2\x80\x99s\" oops\n");
  Diagnostics diagnostics;
  Diagnostic& d = diagnostics.error("E0101", file, {23, 27}, "found 'oops'");
  CHECK(render(d) ==
        "codes.rules:1:21: error[E0101]: found 'oops'\n"
        "  |\n"
        "1 |   note \"Th\xC3\xA9rapie\xE2\x80\x99s\" oops\n"
        "  |                     ^^^^\n");
}

TEST_CASE("render: a caret under a multi-byte character is one mark wide", "[diagnostic]") {
  const auto file = file_of("code X \xE2\x80\x9Cx\xE2\x80\x9D {\n");
  Diagnostics diagnostics;
  Diagnostic& d = diagnostics.error("E0113", file, {7, 10}, "found U+201C");
  CHECK(render(d) ==
        "codes.rules:1:8: error[E0113]: found U+201C\n"
        "  |\n"
        "1 | code X \xE2\x80\x9Cx\xE2\x80\x9D {\n"
        "  |        ^\n");
}
