// Server: the language server for rule files (docs/lsp.md): JSON-RPC messages in, answers and
// diagnostics out, over a Workspace.
#pragma once

#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "workspace.hpp"

namespace cptrules::lsp {

// The JSON-RPC and protocol error codes the server answers with.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
};

class Server {
 public:
  explicit Server(ServerOptions options);

  // Handles the content of one message and appends the messages to send (the answer to a
  // request, and diagnostics) to `out`. Never throws: a malformed message gets an error answer.
  void handle(std::string_view body, std::vector<std::string>& out);

  // After `exit`: the process ends with exit_code() (0 when `shutdown` came first, else 1).
  bool exited() const { return exited_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }

  Workspace& workspace() { return workspace_; }

 private:
  struct Impl;
  Workspace workspace_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
  std::map<std::string, std::string> sent_;  // by URI, the diagnostics last published
};

// Reads messages from `in` and writes answers to `out` until `exit` or the end of the input.
// Returns the process's exit status.
int serve(std::istream& in, std::ostream& out, ServerOptions options);

}  // namespace cptrules::lsp
