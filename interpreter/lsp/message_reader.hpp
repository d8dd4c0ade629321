// The framing of the language server protocol: messages with a Content-Length header.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

namespace cptrules::lsp {

// The largest message body read, in bytes; a longer one is refused (and skipped).
inline constexpr std::size_t kMaxMessageBytes = 64 * 1024 * 1024;

enum class ReadStatus {
  message,    // `body` holds one message's content
  end,        // the input ended (between messages)
  malformed,  // a header was missing or wrong; `error` says what, and reading may go on
};

struct ReadResult {
  ReadStatus status = ReadStatus::end;
  std::string body;
  std::string error;
};

// Reads the next message: header lines ending in "\r\n" (a bare "\n" is accepted), of which
// Content-Length is required and others are ignored, an empty line, then that many bytes.
// Never throws and never reads past a header's declared length; on input that ends inside a
// message it reports `malformed`, then `end`.
ReadResult read_message(std::istream& in);

// Writes `body` with its Content-Length header and flushes.
void write_message(std::ostream& out, std::string_view body);

}  // namespace cptrules::lsp
