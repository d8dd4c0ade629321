// ResultWriter: the formats' framing (the JSON array, the CSV header, table blocks) and
// buffered, error-checked writes; each format's records are written in a file of their own.
#include "result_writer.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>

namespace cptrules::interp {

using namespace std::string_view_literals;

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "jsonl")
    return OutputFormat::jsonl;
  if (name == "json")
    return OutputFormat::json;
  if (name == "csv")
    return OutputFormat::csv;
  if (name == "table")
    return OutputFormat::table;
  if (name == "summary")
    return OutputFormat::summary;
  return std::nullopt;
}

const char* output_format_name(OutputFormat format) {
  switch (format) {
    case OutputFormat::jsonl:
      return "jsonl";
    case OutputFormat::json:
      return "json";
    case OutputFormat::csv:
      return "csv";
    case OutputFormat::table:
      return "table";
    case OutputFormat::summary:
      return "summary";
  }
  return "jsonl";
}

void append_framed_record(std::string& out, OutputFormat format, const Result& result,
                          const Explanation* explanation) {
  if (format == OutputFormat::json)
    out.append(",\n"sv);
  append_json_record(out, result, explanation);
  if (format == OutputFormat::jsonl)
    out.push_back('\n');
}

ResultWriter::ResultWriter(std::FILE* out, OutputFormat format, WriterOptions options)
    : out_(out), format_(format), options_(options), csv_(options.explain) {
  buf_.reserve(options_.flush_bytes + 4096);
}

ResultWriter::~ResultWriter() {
  flush();
}

void ResultWriter::write(const Result& result, const Explanation* explanation) {
  if (finished_)
    return;
  counts_.add(result);
  switch (format_) {
    case OutputFormat::jsonl:
      append_json_record(buf_, result, explanation);
      buf_.push_back('\n');
      break;
    case OutputFormat::json:
      buf_.append(started_ ? ",\n"sv : "["sv);
      started_ = true;
      append_json_record(buf_, result, explanation);
      break;
    case OutputFormat::csv:
      start_csv();
      csv_.append(buf_, result, explanation);
      break;
    case OutputFormat::table:
      buffer_table(result);
      if (explanation) {
        write_table_block();
        buf_.append(explanation_text(*explanation, "    "));
        buf_.push_back('\n');
      }
      break;
    case OutputFormat::summary:
      summary_.add(result);
      return;
  }
  end_records();
}

void ResultWriter::start_csv() {
  if (started_)
    return;
  csv_.append_header(buf_);
  started_ = true;
}

void ResultWriter::end_records() {
  if (options_.flush_each_record)
    flush_to_file();
  else
    flush_if_full();
}

void ResultWriter::flush_to_file() {
  flush();
  if (out_ != nullptr && !broken_pipe_ && !write_failed_ && std::fflush(out_) != 0) {
    if (errno == EPIPE) {
      broken_pipe_ = true;
    } else {
      write_failed_ = true;
      error_text_ = std::strerror(errno);
    }
  }
}

void ResultWriter::write_formatted(std::string_view text, const RecordCounts& counts) {
  if (finished_ || counts.records == 0)
    return;
  counts_ += counts;
  if (format_ == OutputFormat::json && !started_) {
    buf_.push_back('[');
    started_ = true;
    if (text.starts_with(",\n"sv))
      text.remove_prefix(2);
  }
  if (format_ == OutputFormat::csv)
    start_csv();
  if (buf_.size() + text.size() <= options_.flush_bytes) {
    buf_.append(text);
  } else {
    flush();
    write_out(text);
  }
  end_records();
}

void ResultWriter::write_summarized(const BatchSummary& summary, const RecordCounts& counts) {
  if (finished_ || counts.records == 0)
    return;
  counts_ += counts;
  summary_.merge(summary);
}

void ResultWriter::finish() {
  if (finished_)
    return;
  switch (format_) {
    case OutputFormat::jsonl:
      break;
    case OutputFormat::json:
      buf_.append(started_ ? "]\n" : "[]\n");
      break;
    case OutputFormat::csv:
      start_csv();
      break;
    case OutputFormat::table:
      write_table_block();
      write_summary();
      break;
    case OutputFormat::summary:
      summary_.append_report(buf_, counts_);
      break;
  }
  started_ = true;
  finished_ = true;
  flush_to_file();
}

void ResultWriter::flush_if_full() {
  if (buf_.size() >= options_.flush_bytes)
    flush();
}

void ResultWriter::flush() {
  if (buf_.empty())
    return;
  write_out(buf_);
  buf_.clear();
}

void ResultWriter::write_out(std::string_view text) {
  if (text.empty() || out_ == nullptr || broken_pipe_ || write_failed_)
    return;
  errno = 0;
  const std::size_t written = std::fwrite(text.data(), 1, text.size(), out_);
  if (written != text.size()) {
    if (errno == EPIPE) {
      broken_pipe_ = true;
    } else {
      write_failed_ = true;
      error_text_ = std::strerror(errno != 0 ? errno : EIO);
    }
  }
}

}  // namespace cptrules::interp
