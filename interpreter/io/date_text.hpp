// Dates of service written as YYYY-MM-DD at full speed, for the JSON and CSV records.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "date.hpp"

namespace cptrules::interp {

// The year, month and day of a date (Howard Hinnant's civil_from_days).
struct CivilDate {
  std::int64_t year;
  std::int64_t month;
  std::int64_t day;
};

inline CivilDate civil_date(lang::Date date) {
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

// True when put_date can write the date (years 0 to 9999); others go through lang::format_date.
inline bool date_fits(const CivilDate& c) {
  return c.year >= 0 && c.year <= 9999;
}

// The bytes put_date writes.
inline constexpr std::size_t kDateBytes = 10;

// Writes a date that fits as YYYY-MM-DD at `p` without going through std::chrono (the hot path
// of every record); returns the end.
inline char* put_date(char* p, const CivilDate& c) {
  const char text[kDateBytes] = {static_cast<char>('0' + c.year / 1000),
                                 static_cast<char>('0' + c.year / 100 % 10),
                                 static_cast<char>('0' + c.year / 10 % 10),
                                 static_cast<char>('0' + c.year % 10),
                                 '-',
                                 static_cast<char>('0' + c.month / 10),
                                 static_cast<char>('0' + c.month % 10),
                                 '-',
                                 static_cast<char>('0' + c.day / 10),
                                 static_cast<char>('0' + c.day % 10)};
  std::memcpy(p, text, sizeof text);
  return p + sizeof text;
}

// Appends a date as YYYY-MM-DD.
inline void append_date(std::string& out, lang::Date date) {
  const CivilDate c = civil_date(date);
  if (!date_fits(c)) {
    out.append(lang::format_date(date));
    return;
  }
  char text[kDateBytes];
  put_date(text, c);
  out.append(text, sizeof text);
}

}  // namespace cptrules::interp
