// Result helpers: error records and findings, severity names, and the names of lines in messages.
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

void Result::fail(std::string error_id, std::string message, std::string_view code) {
  ok = false;
  error = {std::move(error_id), std::move(message), std::string(code)};
}

void add_finding(Result& r, FindingSeverity s, std::string_view id, std::string message) {
  r.next_finding(s, id).message = std::move(message);
}

void add_line_finding(Result& r, FindingSeverity s, std::string_view id, std::string message,
                      std::string_view code, std::string_view discipline) {
  Finding& f = r.next_finding(s, id);
  f.message = std::move(message);
  f.code.assign(code);
  f.discipline.assign(discipline);
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
