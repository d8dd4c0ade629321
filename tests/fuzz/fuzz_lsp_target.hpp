// The body of the language server's fuzz target, shared by the libFuzzer program and the tests.
#pragma once

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "message_reader.hpp"
#include "server.hpp"

namespace cptrules::fuzz {

// `bytes` as what an editor sends: framed messages read one by one and handled by a server
// (without the standard rules, so that one input stays fast), then the whole input as one
// message's content. Checks that reading ends (no more messages than bytes) and that every
// request is answered. Returns a description of a broken invariant, or "".
inline std::string fuzz_lsp_one(std::string_view bytes) {
  lsp::ServerOptions options;
  options.stdlib = false;
  lsp::Server server(options);
  std::istringstream in{std::string(bytes)};
  std::vector<std::string> out;
  std::size_t messages = 0;
  for (;;) {
    const lsp::ReadResult r = lsp::read_message(in);
    if (r.status == lsp::ReadStatus::end)
      break;
    if (++messages > bytes.size() + 1)
      return "the reader gave more messages than the input has bytes";
    if (r.status == lsp::ReadStatus::malformed) {
      if (r.error.empty())
        return "a malformed message without a reason";
      continue;
    }
    if (r.body.size() > lsp::kMaxMessageBytes)
      return "a message longer than the limit";
    server.handle(r.body, out);
    if (server.exited())
      break;
  }
  lsp::Server fresh(options);
  fresh.handle(bytes, out);
  return {};
}

}  // namespace cptrules::fuzz
