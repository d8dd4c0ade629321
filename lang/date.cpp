// Date: ISO 8601 reading (checked with std::chrono calendar types) and writing (civil_date).
#include "date.hpp"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace cptrules::lang {

namespace {

bool read_digits(std::string_view text, int& out) {
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

Date date_from_ymd(int year, unsigned month, unsigned day) {
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                        std::chrono::day{day}};
  return Date{static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!read_digits(text.substr(0, 4), y) || !read_digits(text.substr(5, 2), m) ||
      !read_digits(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  if (y < 1900)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok())
    return std::nullopt;
  return date_from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_date(Date date) {
  const CivilDate c = civil_date(date);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

}  // namespace cptrules::lang
