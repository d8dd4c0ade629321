// Result helpers: severity names, and the names of lines in messages.
#include "result.hpp"

#include <fmt/format.h>

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

std::string_view split_discipline(const Result& r, std::size_t i) {
  const Line& line = r.lines[i];
  for (std::size_t j = 0; j < r.lines.size(); ++j) {
    if (j != i && r.lines[j].code == line.code)
      return line.discipline;
  }
  return {};
}

std::string line_name(const Result& r, std::size_t i) {
  const std::string_view discipline = split_discipline(r, i);
  return discipline.empty() ? r.lines[i].code
                            : fmt::format("{} in {}", r.lines[i].code, discipline);
}

}  // namespace cptrules::interp
