// ResultWriter: writes results as JSON Lines, one JSON array, CSV, an aligned table or a batch
// summary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch_summary.hpp"
#include "csv_record.hpp"
#include "explain.hpp"
#include "json_record.hpp"
#include "record_counts.hpp"
#include "result.hpp"

namespace cptrules::interp {

enum class OutputFormat { jsonl, json, csv, table, summary };

// Reads a --format value: "jsonl", "json", "csv", "table" or "summary"; nullopt for anything
// else.
std::optional<OutputFormat> parse_output_format(std::string_view name);

// The --format spelling of `format`.
const char* output_format_name(OutputFormat format);

struct WriterOptions {
  bool color = false;                   // ANSI colours in `table`; never in the other formats
  bool flush_each_record = false;       // write through after every record (for a reader waiting)
  std::size_t flush_bytes = 64 * 1024;  // buffered output is written in blocks of this size
  std::size_t table_block = 10000;      // table records held back to compute column widths
  // Records come with their explanations: a member "explanation" in JSON, a column of the
  // summary in CSV, the explanation's text under each record in a table (one block a record);
  // `summary` leaves them out.
  bool explain = false;
};

// Appends one record framed as ResultWriter::write_formatted takes it: in `jsonl` the record
// and "\n", in `json` ",\n" and the record. Only `jsonl` and `json` (CsvRecordWriter gives the
// rows of `csv`).
void append_framed_record(std::string& out, OutputFormat format, const Result& result,
                          const Explanation* explanation = nullptr);

// Writes results to a FILE through an internal buffer flushed in large blocks. Records come out
// in the order they are written. Write errors never throw: after a failed write nothing more is
// written, and broken_pipe() or write_failed() tell the caller (the CLI exits quietly on a
// broken pipe, with status 74 on other write errors). SIGPIPE must be ignored by the program for
// a closed pipe to show up as broken_pipe() instead of killing it.
class ResultWriter {
 public:
  // Writes to `out`, which stays open and owned by the caller.
  ResultWriter(std::FILE* out, OutputFormat format, WriterOptions options = {});
  ResultWriter(ResultWriter&& other) noexcept = default;
  ResultWriter& operator=(ResultWriter&& other) noexcept = default;
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;
  // Writes what is still buffered (best effort) but does not finish(): call finish() first.
  ~ResultWriter();

  // Writes one record, with its explanation when WriterOptions::explain is set (`explanation`
  // must then be given).
  void write(const Result& result, const Explanation* explanation = nullptr);

  // Writes records that append_framed_record (or, for `csv`, CsvRecordWriter::append) already
  // formatted (e.g. on other threads), exactly as write() would have written them one by one.
  // `counts` are the counts of the records in `text` (RecordCounts::add of each); they count as
  // write()'s do. Only `jsonl`, `json` and `csv`.
  void write_formatted(std::string_view text, const RecordCounts& counts);

  // For `summary`: adds records that a BatchSummary already counted (e.g. on other threads), as
  // write() would have added them one by one; `counts` are their counts.
  void write_summarized(const BatchSummary& summary, const RecordCounts& counts);

  // Ends the output: closes the JSON array, writes the CSV header if no row came, prints the
  // table's remaining rows and its summary line, or the batch summary; then flushes the FILE.
  // Later calls do nothing.
  void finish();

  // Writes buffered output to the FILE now (e.g. before a slow step, or for a reader waiting).
  void flush();

  // True once a write failed because the reader of the pipe went away (EPIPE).
  bool broken_pipe() const { return broken_pipe_; }
  // True once a write failed for another reason; error_text() says why (strerror).
  bool write_failed() const { return write_failed_; }
  const std::string& error_text() const { return error_text_; }

  // Counts over the records written so far (the table's summary line says them).
  const RecordCounts& counts() const { return counts_; }

 private:
  // Writes the CSV header unless it is out.
  void start_csv();
  void buffer_table(const Result& result);  // result_table.cpp
  void write_table_block();
  void write_summary();
  void flush_if_full();
  // After a record or a run of them: flushes when each record must reach the output at once
  // (WriterOptions::flush_each_record), else when the buffer is full.
  void end_records();
  // Writes the buffer and flushes the FILE, noting a closed pipe or a write error.
  void flush_to_file();
  void write_out(std::string_view text);

  std::FILE* out_ = nullptr;
  OutputFormat format_ = OutputFormat::jsonl;
  WriterOptions options_;
  std::string buf_;
  bool started_ = false;  // the JSON "[" or the CSV header is out
  bool finished_ = false;
  bool broken_pipe_ = false;
  bool write_failed_ = false;
  std::string error_text_;
  RecordCounts counts_;
  std::vector<Result> table_rows_;  // reused slots; the first table_count_ are pending
  std::size_t table_count_ = 0;
  CsvRecordWriter csv_;   // `csv`: the rows of each record
  BatchSummary summary_;  // `summary`: what the batch adds up to
};

}  // namespace cptrules::interp
