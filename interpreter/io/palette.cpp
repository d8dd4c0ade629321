// The palette's styles by name, and whether a stream takes colours (a terminal, NO_COLOR unset).
#include "palette.hpp"

#include <unistd.h>

#include <cstdlib>

namespace cptrules::interp {

std::string_view palette::named_style(std::string_view name) {
  if (name == "bold")
    return kBold;
  if (name == "dim")
    return kDim;
  if (name == "red")
    return kRed;
  if (name == "yellow")
    return kYellow;
  if (name == "cyan")
    return kCyan;
  if (name == "green")
    return kGreen;
  return {};
}

bool use_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0')
    return false;
  return isatty(fileno(stream)) != 0;
}

}  // namespace cptrules::interp
