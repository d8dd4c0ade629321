// The length of a day in minutes: no service, pool or formula input of the rules exceeds it.
#pragma once

#include <cstdint>

namespace cptrules::interp {

// The most minutes of one day: no service, pool or encounter can have more, and the rules'
// formulas and tables are only ever asked about 0 to this many minutes.
inline constexpr std::int64_t kMaxDayMinutes = 24 * 60;

}  // namespace cptrules::interp
