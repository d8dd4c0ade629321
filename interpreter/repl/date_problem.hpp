// Why a date typed at the REPL or given to --date is not a date, in words.
#pragma once

#include <string>
#include <string_view>

namespace cptrules::repl {

// Empty when `text` is a date as lang::parse_date reads it (YYYY-MM-DD, 1900 to 9999);
// otherwise one sentence naming what is wrong: "2025-02-30 is not a date: February 2025 has
// 28 days", "2025-13-01 is not a date: there is no month 13", or the format expected.
std::string date_problem(std::string_view text);

}  // namespace cptrules::repl
