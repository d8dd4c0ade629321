// libFuzzer target: arbitrary bytes as a CSV export (`--input-format csv`), read and evaluated.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_targets.hpp"

// Called by libFuzzer for every input: a broken invariant aborts, like a crash.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string problem =
      cptrules::fuzz::fuzz_encounters_one(bytes, cptrules::interp::InputFormat::csv);
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_csv: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
