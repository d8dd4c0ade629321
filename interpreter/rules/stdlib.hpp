// The standard rules (stdlib-rules/), embedded into the binary at build time.
#pragma once

#include <string_view>
#include <vector>

namespace cptrules::interp {

// The folder every standard rule file's path starts with.
inline constexpr std::string_view kStdlibPrefix = "stdlib-rules/";

struct EmbeddedRuleFile {
  std::string_view path;  // "stdlib-rules/codes/97140.rules"
  std::string_view text;
};

// Every standard rule file, sorted by path.
const std::vector<EmbeddedRuleFile>& stdlib_files();

}  // namespace cptrules::interp
