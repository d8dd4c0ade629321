// JSON string literals appended to strings.
#include "json_text.hpp"

namespace cptrules::interp {

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.resize(start + json_put::string_bound(text));
  char* end = json_put::string(out.data() + start, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace cptrules::interp
