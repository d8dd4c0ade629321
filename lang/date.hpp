// Date: a calendar date of service, as a day count, with ISO 8601 reading and writing.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cptrules::lang {

// A proleptic Gregorian date stored as days since 1970-01-01. Cheap to copy and compare.
struct Date {
  std::int32_t days = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// Parses exactly "YYYY-MM-DD" (a real calendar date, years 1900-9999); nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);

// Formats as "YYYY-MM-DD".
std::string format_date(Date date);

Date date_from_ymd(int year, unsigned month, unsigned day);

}  // namespace cptrules::lang
