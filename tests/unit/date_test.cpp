// Unit tests of Date: ISO 8601 parsing of real calendar dates, formatting and day arithmetic.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <fmt/format.h>

#include "date.hpp"

namespace {

using cptrules::lang::Date;
using cptrules::lang::date_from_ymd;
using cptrules::lang::format_date;
using cptrules::lang::parse_date;

}  // namespace

TEST_CASE("dates are days since 1970-01-01", "[date]") {
  CHECK(date_from_ymd(1970, 1, 1).days == 0);
  CHECK(date_from_ymd(1970, 1, 2).days == 1);
  CHECK(date_from_ymd(1969, 12, 31).days == -1);
  CHECK(date_from_ymd(2000, 1, 1).days == 10957);
  CHECK(date_from_ymd(2025, 1, 1).days == 20089);
  CHECK(date_from_ymd(2025, 3, 2).days == 20149);
  CHECK(date_from_ymd(2017, 12, 31).days == 17531);
  CHECK(date_from_ymd(2018, 1, 1).days == 17532);
  CHECK(date_from_ymd(1900, 1, 1).days == -25567);
  CHECK(date_from_ymd(9999, 12, 31).days == 2932896);
}

TEST_CASE("parse_date reads real calendar dates", "[date]") {
  const auto d = parse_date("2025-03-02");
  REQUIRE(d);
  CHECK(d->days == 20149);
  CHECK(parse_date("1900-01-01")->days == -25567);
  CHECK(parse_date("9999-12-31")->days == 2932896);
  CHECK(parse_date("2024-02-29"));  // a leap year
  CHECK(parse_date("2000-02-29"));  // divisible by 400
  CHECK(parse_date("2025-12-31"));
  CHECK(parse_date("2025-01-31"));
}

TEST_CASE("parse_date rejects impossible dates", "[date]") {
  CHECK_FALSE(parse_date("2023-02-29"));  // not a leap year
  CHECK_FALSE(parse_date("1900-02-29"));  // divisible by 100, not by 400
  CHECK_FALSE(parse_date("2025-04-31"));
  CHECK_FALSE(parse_date("2025-13-01"));
  CHECK_FALSE(parse_date("2025-00-10"));
  CHECK_FALSE(parse_date("2025-01-00"));
  CHECK_FALSE(parse_date("2025-01-32"));
  CHECK_FALSE(parse_date("2025-99-99"));
}

TEST_CASE("parse_date rejects years before 1900", "[date]") {
  CHECK_FALSE(parse_date("1899-12-31"));
  CHECK_FALSE(parse_date("0000-01-01"));
  CHECK_FALSE(parse_date("1000-06-15"));
}

TEST_CASE("parse_date accepts exactly YYYY-MM-DD", "[date]") {
  CHECK_FALSE(parse_date(""));
  CHECK_FALSE(parse_date("2025-1-01"));
  CHECK_FALSE(parse_date("2025-01-1"));
  CHECK_FALSE(parse_date("25-01-01"));
  CHECK_FALSE(parse_date("2025/01/01"));
  CHECK_FALSE(parse_date("2025-01-01 "));
  CHECK_FALSE(parse_date(" 2025-01-01"));
  CHECK_FALSE(parse_date("2025-01-01T00:00"));
  CHECK_FALSE(parse_date("20250101"));
  CHECK_FALSE(parse_date("+025-01-01"));
  CHECK_FALSE(parse_date("2025-+1-01"));
  CHECK_FALSE(parse_date("2025--1-01"));
  CHECK_FALSE(parse_date("2025-0a-01"));
  CHECK_FALSE(parse_date("abcd-ef-gh"));
  CHECK_FALSE(parse_date("10000-01-01"));
}

TEST_CASE("format_date writes YYYY-MM-DD with leading zeros", "[date]") {
  CHECK(format_date(Date{0}) == "1970-01-01");
  CHECK(format_date(Date{-1}) == "1969-12-31");
  CHECK(format_date(Date{20149}) == "2025-03-02");
  CHECK(format_date(date_from_ymd(1900, 1, 1)) == "1900-01-01");
  CHECK(format_date(date_from_ymd(9999, 12, 31)) == "9999-12-31");
}

TEST_CASE("parse_date and format_date round-trip every day of several years", "[date]") {
  Date day = date_from_ymd(1999, 12, 25);
  const Date last = date_from_ymd(2005, 1, 10);
  int count = 0;
  while (day <= last) {
    const std::string text = format_date(day);
    const auto back = parse_date(text);
    REQUIRE(back);
    REQUIRE(back->days == day.days);
    ++day.days;
    ++count;
  }
  CHECK(count == 1844);
}

TEST_CASE("dates compare by day", "[date]") {
  const Date a = *parse_date("2017-12-31");
  const Date b = *parse_date("2018-01-01");
  CHECK(a < b);
  CHECK(b > a);
  CHECK(a != b);
  CHECK(a == *parse_date("2017-12-31"));
  CHECK(b.days - a.days == 1);
}

TEST_CASE("date: civil_date agrees with std::chrono's calendar", "[date]") {
  // Every day from 1600-01-01 to 2400-12-31 (leap centuries included), and each date read back.
  using namespace std::chrono;
  const int first = sys_days{year{1600} / January / 1}.time_since_epoch().count();
  const int last = sys_days{year{2400} / December / 31}.time_since_epoch().count();
  for (int days = first; days <= last; ++days) {
    const year_month_day ymd{sys_days{std::chrono::days{days}}};
    const cptrules::lang::CivilDate c = cptrules::lang::civil_date({days});
    REQUIRE(c.year == static_cast<int>(ymd.year()));
    REQUIRE(c.month == static_cast<int>(static_cast<unsigned>(ymd.month())));
    REQUIRE(c.day == static_cast<int>(static_cast<unsigned>(ymd.day())));
    const std::string text = format_date({days});
    REQUIRE(text == fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day));
    if (c.year >= 1900)
      REQUIRE(parse_date(text)->days == days);
  }
}
