// read_message and write_message: Content-Length framing over streams.
#include "message_reader.hpp"

#include <cctype>
#include <charconv>

namespace cptrules::lsp {

namespace {

// The longest header line read; a longer one is malformed.
constexpr std::size_t kMaxHeaderLine = 4096;

// Reads one header line without its line end. False at the end of input before any byte.
bool read_line(std::istream& in, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  bool any = false;
  for (int c = in.get(); c != std::char_traits<char>::eof(); c = in.get()) {
    any = true;
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      return true;
    }
    if (line.size() < kMaxHeaderLine)
      line.push_back(static_cast<char>(c));
    else
      too_long = true;
  }
  return any;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

ReadResult read_message(std::istream& in) {
  ReadResult result;
  std::string line;
  bool too_long = false;
  bool have_length = false;
  bool bad_length = false;
  std::size_t length = 0;
  bool any_header = false;
  std::string error;
  for (;;) {
    if (!read_line(in, line, too_long)) {
      if (any_header) {
        result.status = ReadStatus::malformed;
        result.error = "the input ended inside a message's header";
      }
      return result;
    }
    if (line.empty()) {
      if (!any_header)
        continue;  // blank lines between messages
      break;
    }
    any_header = true;
    if (too_long) {
      error = "a header line is too long";
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      error = "a header line has no ':'";
      continue;
    }
    if (!equals_ignoring_case(trim(std::string_view(line).substr(0, colon)), "Content-Length"))
      continue;
    const std::string_view value = trim(std::string_view(line).substr(colon + 1));
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    have_length = true;
    bad_length = ec != std::errc() || end != value.data() + value.size() || value.empty();
  }
  if (error.empty() && !have_length)
    error = "the header has no Content-Length";
  if (error.empty() && bad_length)
    error = "the Content-Length is not a number";
  if (error.empty() && length > kMaxMessageBytes)
    error = "the message is too long";
  if (!error.empty()) {
    if (have_length && !bad_length)
      in.ignore(static_cast<std::streamsize>(length));
    result.status = ReadStatus::malformed;
    result.error = error;
    return result;
  }
  result.body.resize(length);
  in.read(result.body.data(), static_cast<std::streamsize>(length));
  if (static_cast<std::size_t>(in.gcount()) != length) {
    result.body.clear();
    result.status = ReadStatus::malformed;
    result.error = "the input ended inside a message";
    return result;
  }
  result.status = ReadStatus::message;
  return result;
}

void write_message(std::ostream& out, std::string_view body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace cptrules::lsp
