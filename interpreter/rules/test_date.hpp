// The date of service of a test block that gives none.
#pragma once

namespace cptrules::interp {

// The date of service of a test that gives none, so that no test depends on the wall clock.
inline constexpr const char* kDefaultTestDate = "2025-01-01";

}  // namespace cptrules::interp
