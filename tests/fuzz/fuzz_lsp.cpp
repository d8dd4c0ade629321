// libFuzzer target: arbitrary bytes as the language server's input, framed and unframed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_lsp_target.hpp"

// Called by libFuzzer for every input: a broken invariant aborts, like a crash.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string problem =
      cptrules::fuzz::fuzz_lsp_one({reinterpret_cast<const char*>(data), size});
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_lsp: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
