// InputSource: chunked reading, whole reading up to a limit, and bounded line splitting.
#include "input_source.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <simdjson.h>

#include "reader_internal.hpp"

namespace cptrules::interp::reader {

InputSource::InputSource(std::FILE* file, std::string name, ReaderOptions options)
    : file_(file),
      fd_(file != nullptr ? ::fileno(file) : -1),
      name_(std::move(name)),
      options_(options),
      eof_(file == nullptr) {}

InputSource::InputSource(std::string text, std::string name, ReaderOptions options)
    : text_(std::move(text)), name_(std::move(name)), options_(options) {}

std::size_t InputSource::read_source(char* dst, std::size_t n) {
  if (file_ == nullptr) {
    const std::size_t count = std::min(n, text_.size() - text_pos_);
    std::memcpy(dst, text_.data() + text_pos_, count);
    text_pos_ += count;
    return count;
  }
  if (fd_ >= 0) {
    for (;;) {
      const ssize_t got = ::read(fd_, dst, n);
      if (got >= 0)
        return static_cast<std::size_t>(got);
      if (errno == EINTR)
        continue;
      read_errno_ = errno;
      return 0;
    }
  }
  const std::size_t got = std::fread(dst, 1, n, file_);
  if (got == 0 && std::ferror(file_))
    read_errno_ = errno != 0 ? errno : EIO;
  return got;
}

// Moves unconsumed bytes to the front and reads one more chunk after them.
void InputSource::fill() {
  if (eof_)
    return;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const std::size_t want = std::max<std::size_t>(options_.chunk_bytes, 1);
  if (buf_.size() < end_ + want + simdjson::SIMDJSON_PADDING) {
    buf_.resize(end_ + want + simdjson::SIMDJSON_PADDING);
  }
  const std::size_t got = read_source(buf_.data() + end_, want);
  if (got == 0)
    eof_ = true;
  end_ += got;
}

bool InputSource::read_more() {
  const std::size_t before = end_ - begin_;
  fill();
  return end_ - begin_ > before;
}

void InputSource::read_all() {
  struct stat status {};
  if (fd_ >= 0 && ::fstat(fd_, &status) == 0 && S_ISREG(status.st_mode)) {
    const off_t offset = ::lseek(fd_, 0, SEEK_CUR);
    if (offset >= 0 && status.st_size > offset) {
      const std::size_t rest =
          std::min(static_cast<std::size_t>(status.st_size - offset), options_.max_whole_bytes);
      buf_.reserve(end_ - begin_ + rest + options_.chunk_bytes + simdjson::SIMDJSON_PADDING);
    }
  }
  while (!eof_ && end_ - begin_ <= options_.max_whole_bytes)
    fill();
  too_large_ = end_ - begin_ > options_.max_whole_bytes;
}

InputSource::Held InputSource::padded() {
  if (buf_.size() < end_ + simdjson::SIMDJSON_PADDING)
    buf_.resize(end_ + simdjson::SIMDJSON_PADDING);
  std::memset(buf_.data() + end_, ' ', simdjson::SIMDJSON_PADDING);
  return {buf_.data() + begin_, end_ - begin_, buf_.size() - begin_};
}

int InputSource::first_value_byte() {
  while (end_ - begin_ < 3 && !eof_)
    fill();
  if (end_ - begin_ >= 3 && std::memcmp(buf_.data() + begin_, "\xEF\xBB\xBF", 3) == 0)
    begin_ += 3;
  for (;;) {
    while (begin_ < end_ && is_json_space(buf_[begin_])) {
      if (buf_[begin_] == '\n')
        ++line_no_;
      ++begin_;
    }
    if (begin_ < end_ || eof_)
      break;
    fill();
  }
  if (begin_ == end_)
    return -1;
  return static_cast<unsigned char>(buf_[begin_]);
}

std::optional<std::string_view> InputSource::first_line() {
  std::size_t scanned = 0;
  std::size_t line_end = 0;
  bool found = false;
  for (;;) {
    const char* data = buf_.data();
    if (const void* hit = end_ > begin_ + scanned
                              ? std::memchr(data + begin_ + scanned, '\n', end_ - begin_ - scanned)
                              : nullptr) {
      line_end = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
      found = true;
      break;
    }
    scanned = end_ - begin_;
    if (scanned > options_.max_line_bytes + 1 || eof_)
      break;
    fill();
  }
  if (!found && !eof_)
    return std::nullopt;
  const std::size_t stop = found ? line_end : end_;
  std::string_view line{buf_.data() + begin_, stop - begin_};
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  first_line_end_ = found ? line_end + 1 : end_;
  return line;
}

void InputSource::take_first_line() {
  begin_ = first_line_end_;
  ++line_no_;
}

// Discards the rest of a line longer than the limit, up to and including its newline.
LineKind InputSource::skip_long_line() {
  bool blank = is_blank({buf_.data() + begin_, end_ - begin_});
  begin_ = end_ = 0;
  for (;;) {
    if (eof_)
      break;
    fill();
    const char* data = buf_.data();
    if (const void* found = std::memchr(data + begin_, '\n', end_ - begin_)) {
      const std::size_t newline = static_cast<std::size_t>(static_cast<const char*>(found) - data);
      blank = blank && is_blank({data + begin_, newline - begin_});
      begin_ = newline + 1;
      break;
    }
    blank = blank && is_blank({data + begin_, end_ - begin_});
    begin_ = end_ = 0;
  }
  ++line_no_;
  long_line_blank_ = blank;
  return LineKind::too_long;
}

// The next line, without its line end ("\n" or "\r\n"); valid until the next call.
LineKind InputSource::next_line(std::string_view& line) {
  std::size_t scanned = 0;  // bytes after `begin_` known to hold no newline
  const std::size_t max_line = options_.max_line_bytes;
  for (;;) {
    const char* data = buf_.data();
    const void* found = end_ > begin_ + scanned
                            ? std::memchr(data + begin_ + scanned, '\n', end_ - begin_ - scanned)
                            : nullptr;
    std::size_t length = 0;
    if (found != nullptr) {
      const std::size_t newline = static_cast<std::size_t>(static_cast<const char*>(found) - data);
      length = newline - begin_;
      line = {data + begin_, length};
      begin_ = newline + 1;
    } else {
      scanned = end_ - begin_;
      if (scanned > max_line + 1)
        return skip_long_line();
      if (!eof_) {
        fill();
        continue;
      }
      if (scanned == 0)
        return LineKind::end;
      line = {data + begin_, scanned};
      begin_ = end_;
    }
    ++line_no_;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.size() > max_line) {
      long_line_blank_ = is_blank(line);
      return LineKind::too_long;
    }
    return LineKind::line;
  }
}

LineKind InputSource::next_record_line(std::string_view& line) {
  for (;;) {
    switch (next_line(line)) {
      case LineKind::end:
        return LineKind::end;
      case LineKind::too_long:
        if (long_line_blank_)
          continue;
        return LineKind::too_long;
      case LineKind::line:
        if (is_blank(line))
          continue;
        return LineKind::line;
    }
  }
}

}  // namespace cptrules::interp::reader
