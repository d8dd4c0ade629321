// EncounterReader: streams encounters out of a single JSON object, a JSON array or JSON Lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "csv_input.hpp"
#include "encounter.hpp"
#include "result.hpp"

namespace cptrules::interp {

// The longest JSON Lines line (without its line end) that is read; a longer line becomes an
// `input.line-too-long` error record and reading goes on with the next line.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

// The longest encounter id, in bytes (UTF-8); a longer one is an `input.id-too-long` error
// record named `#N`.
inline constexpr std::size_t kMaxIdBytes = 256;

// The most units a service's `billed_units` may claim; more is an `input.billed-units-too-large`
// error record (no line of a day's claim bills that many units: it is a slip of the keyboard).
inline constexpr std::int64_t kMaxBilledUnits = 1000;

// The largest input read whole: a JSON array, or one object spread over lines. A larger array is
// one `input.too-large` error record (JSON Lines, which are streamed, have no such limit).
inline constexpr std::size_t kMaxWholeInputBytes = std::size_t{64} << 20;

// How many bytes are read from the input at a time.
inline constexpr std::size_t kReadChunkBytes = std::size_t{1} << 20;

// Deepest nesting of arrays and objects accepted in the input; deeper is malformed JSON.
inline constexpr int kMaxJsonDepth = 512;

// How the input is written: JSON (a single object, an array or JSON Lines, told apart by
// themselves) or CSV (one row per service line, a header row first).
enum class InputFormat : std::uint8_t { json, csv };

// Tuning knobs; the defaults are what the program uses, tests make them small.
struct ReaderOptions {
  InputFormat format = InputFormat::json;
  // CSV input: the header names of the fields not named as by default (`--columns`).
  reader::CsvColumnMap columns;
  std::size_t chunk_bytes = kReadChunkBytes;   // at least 1
  std::size_t max_line_bytes = kMaxLineBytes;  // also the most bytes of one encounter's CSV rows
  std::size_t max_whole_bytes = kMaxWholeInputBytes;
  // Lines of the plain shape (printable ASCII strings without escapes, small whole minutes, only
  // the known fields) are read by a fast path instead of simdjson, with the same result; tests
  // turn it off to compare the two.
  bool plain_fast_path = true;
};

// What the reader found the input to be. `unknown` until the first call to next().
enum class InputShape { unknown, empty, object, array, json_lines, csv };

// "unknown", "empty", "object", "array", "json-lines" or "csv".
const char* shape_name(InputShape shape);

// One encounter as read. When `ok` is false, `error` says why (an `input.*` id and a message),
// `encounter.id` is the id if it could be read (else "#N"), and the other encounter fields are
// unspecified. `input_line` (also in `encounter.input_line`) is N: the 1-based line number in
// JSON Lines, the 1-based position in an array, 1 for a single object, and in CSV the number of
// the encounter's first row as a spreadsheet shows it (the header is row 1).
struct ReadItem {
  Encounter encounter;
  bool ok = true;
  ErrorInfo error;
  std::int64_t input_line = 0;
};

// One line of JSON Lines, or one encounter's rows of CSV, as EncounterReader::next_raw_line
// gives it, not parsed yet.
struct RawLine {
  std::string_view text;    // without its line end; valid until the reader's next call
  std::int64_t number = 0;  // the 1-based line number (CSV: the first row's number)
  bool too_long = false;    // longer than max_line_bytes: `text` is empty, the record is
                            // an `input.line-too-long` error
  // CSV: the header's columns (owned by the reader, valid while it lives); `text` is then whole
  // rows. Null for JSON Lines.
  const reader::CsvColumns* csv = nullptr;
};

// Reads encounters one at a time, telling the input's shape apart by itself (see
// docs/input-errors.md). JSON Lines are streamed with a bounded buffer; an array or a
// pretty-printed single object is read whole. Move-only; reuses its buffers, and the ReadItem
// passed to next() is reused too, so a steady stream allocates next to nothing per encounter.
class EncounterReader {
 public:
  // Reads from `file`, which stays open and owned by the caller and must outlive the reader.
  // `name` (e.g. the path, or "-") only appears in messages.
  static EncounterReader from_file(std::FILE* file, std::string name, ReaderOptions options = {});

  // Reads from an in-memory text (tests, small inputs).
  static EncounterReader from_string(std::string text, std::string name,
                                     ReaderOptions options = {});

  EncounterReader(EncounterReader&& other) noexcept;
  EncounterReader& operator=(EncounterReader&& other) noexcept;
  EncounterReader(const EncounterReader&) = delete;
  EncounterReader& operator=(const EncounterReader&) = delete;
  ~EncounterReader();

  // Reads the next encounter into `item`; returns false at the end of input (item untouched).
  // A malformed encounter still returns true, with item.ok false and item.error saying why;
  // the following call goes on with the next encounter. A read error of the file gives one
  // last `input.read-failed` item. Never throws on bad input.
  bool next(ReadItem& item);

  // Reads what the input must begin with before its first encounter: for CSV input, the header
  // row. Returns why the input cannot be read as asked (a header without the required columns,
  // two columns for one field), a usage error to report before any output; nullopt otherwise
  // (then next() gives every record, errors included). Called by next() when not called before.
  std::optional<std::string> start();

  // The shape detected so far (`unknown` before the first next()).
  InputShape shape() const;

  // True when the input is one whose records next_raw_line gives (JSON Lines, CSV), once
  // next() has returned the first item.
  bool gives_raw_lines() const;

  // The shape for people: "JSON Lines", "a JSON array", "a single JSON object", "empty input",
  // or "not read yet".
  std::string describe_shape() const;

  // The name given at construction.
  const std::string& name() const;

  // For parsing JSON Lines and CSV on several threads: once next() has returned the first item
  // and gives_raw_lines(), gives the next line that makes a record (blank lines are skipped), or
  // the next encounter's rows of CSV, without parsing it; a LineParser turns it into the item
  // next() would have given. next() and next_raw_line() may be mixed. Returns false at the end
  // of the input, at once for the other shapes, and before an error record that the reading
  // itself finds in CSV (a repeated id, a quote left open); next() then gives it, or what
  // remains (the item of a read error, if any), and next_raw_line() may go on after it.
  bool next_raw_line(RawLine& line);

 private:
  struct State;
  explicit EncounterReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Parses single lines of JSON Lines into ReadItems exactly as EncounterReader::next() does (the
// same code), so that threads can share out the lines of one input. Not safe to share between
// threads: use one per thread. Reuses its buffers, and the ReadItem too.
class LineParser {
 public:
  // `options.max_line_bytes` is the longest line parsed, as for EncounterReader.
  explicit LineParser(ReaderOptions options = {});
  LineParser(LineParser&& other) noexcept;
  LineParser& operator=(LineParser&& other) noexcept;
  LineParser(const LineParser&) = delete;
  LineParser& operator=(const LineParser&) = delete;
  ~LineParser();

  // Parses `line` (without its line end, "\n" or "\r\n") as the encounter of the 1-based
  // `line_number`. Returns false for a blank line, which gives no record (item untouched);
  // otherwise fills `item`: an encounter, or an error record (malformed JSON, a wrong field, a
  // line longer than max_line_bytes). Never throws on bad input.
  bool parse(std::string_view line, std::int64_t line_number, ReadItem& item);

  // Parses a line that EncounterReader::next_raw_line gave; always returns true.
  bool parse(const RawLine& line, ReadItem& item);

  // Fills `item` with the `input.line-too-long` error record of line `line_number`.
  void too_long(std::int64_t line_number, ReadItem& item);

  // How many lines so far were read by the fast path for plain lines (ReaderOptions).
  std::int64_t plain_lines() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cptrules::interp
