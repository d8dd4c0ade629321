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

// The year, month and day of a date (Howard Hinnant's civil_from_days): the one
// calendar conversion of dates written out.
struct CivilDate {
  std::int64_t year;
  std::int64_t month;
  std::int64_t day;
};

inline CivilDate civil_date(Date date) {
  const std::int64_t z = static_cast<std::int64_t>(date.days) + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

// Parses exactly "YYYY-MM-DD" (a real calendar date, years 1900-9999); nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);

// Formats as "YYYY-MM-DD".
std::string format_date(Date date);

Date date_from_ymd(int year, unsigned month, unsigned day);

}  // namespace cptrules::lang
