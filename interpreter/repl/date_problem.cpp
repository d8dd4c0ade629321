// Why a date is not a date: the wrong format, a year out of range, a month or a day that the
// calendar does not have.
#include "date_problem.hpp"

#include <array>
#include <chrono>

#include <fmt/format.h>

#include "date.hpp"

namespace cptrules::repl {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
  }
  return !text.empty();
}

int number(std::string_view text) {
  int n = 0;
  for (char c : text)
    n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::string date_problem(std::string_view text) {
  if (lang::parse_date(text))
    return {};
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      digits(text.substr(0, 4)) && digits(text.substr(5, 2)) &&
                      digits(text.substr(8, 2));
  if (!shaped)
    return fmt::format("'{}' is not a date: give YYYY-MM-DD, such as 2025-03-14", text);
  const int year = number(text.substr(0, 4));
  const int month = number(text.substr(5, 2));
  const int day = number(text.substr(8, 2));
  if (year < 1900)
    return fmt::format("{} is not a date the rules take: the year must be 1900 to 9999", text);
  if (month < 1 || month > 12)
    return fmt::format("{} is not a date: there is no month {} (01 to 12)", text, month);
  const std::chrono::year_month_day_last last{
      std::chrono::year{year},
      std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(month)}}};
  const unsigned days = static_cast<unsigned>(last.day());
  if (day == 0)
    return fmt::format("{} is not a date: days start at 01", text);
  return fmt::format("{} is not a date: {} {} has {} days", text,
                     kMonths[static_cast<std::size_t>(month - 1)], year, days);
}

}  // namespace cptrules::repl
