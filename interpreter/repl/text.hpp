// Small text helpers of the REPL: trimming, splitting arguments, case-insensitive matching.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cptrules::repl {

// `text` without leading and trailing blanks (spaces, tabs, CR, LF).
std::string_view trim(std::string_view text);

// The first word of `text` (up to a blank, ',' or '{'), without leading blanks.
std::string_view first_word(std::string_view text);

// Splits command arguments at blanks; "double quotes" keep blanks, with \" and \\ inside.
std::vector<std::string> split_args(std::string_view text);

std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);

// True when `text` starts with `prefix`, ignoring ASCII case.
bool starts_with_icase(std::string_view text, std::string_view prefix);

// True when `a` and `b` are the same text but for the case of ASCII letters.
bool same_icase(std::string_view a, std::string_view b);

// True when `text` contains `part`, ignoring ASCII case.
bool contains_icase(std::string_view text, std::string_view part);

// The change in brace depth over one line of rule text (braces in strings and comments do not
// count); sets `saw_brace` when the line has an opening brace.
int brace_delta(std::string_view line, bool& saw_brace);

// `text` as a quoted string of the language: `"` and `\` escaped.
std::string quote(std::string_view text);

}  // namespace cptrules::repl
