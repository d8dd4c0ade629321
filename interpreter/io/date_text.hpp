// Dates of service written as YYYY-MM-DD at full speed, for the JSON and CSV records.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "date.hpp"

namespace cptrules::interp {

// True when put_date can write the date (years 0 to 9999); others go through lang::format_date.
inline bool date_fits(const lang::CivilDate& c) {
  return c.year >= 0 && c.year <= 9999;
}

// The bytes put_date writes.
inline constexpr std::size_t kDateBytes = 10;

// Writes a date that fits as YYYY-MM-DD at `p` without going through std::chrono (the hot path
// of every record); returns the end.
inline char* put_date(char* p, const lang::CivilDate& c) {
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
  const lang::CivilDate c = lang::civil_date(date);
  if (!date_fits(c)) {
    out.append(lang::format_date(date));
    return;
  }
  char text[kDateBytes];
  put_date(text, c);
  out.append(text, sizeof text);
}

}  // namespace cptrules::interp
