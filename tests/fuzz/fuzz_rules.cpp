// libFuzzer target: arbitrary bytes as a rule file, through parse, check, plan and load_rules.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_targets.hpp"

// Called by libFuzzer for every input: a broken invariant aborts, like a crash.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string problem =
      cptrules::fuzz::fuzz_rules_one({reinterpret_cast<const char*>(data), size});
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_rules: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
