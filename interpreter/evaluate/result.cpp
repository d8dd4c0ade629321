// Result helpers: severity names.
#include "result.hpp"

namespace cptrules::interp {

const char* severity_name(FindingSeverity severity) {
  switch (severity) {
    case FindingSeverity::error:
      return "error";
    case FindingSeverity::warning:
      return "warning";
    case FindingSeverity::info:
      return "info";
  }
  return "info";
}

}  // namespace cptrules::interp
