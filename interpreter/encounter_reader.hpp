// EncounterReader: streams encounters out of a single JSON object, a JSON array or JSON Lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "encounter.hpp"
#include "result.hpp"

namespace cptrules::interp {

// The longest JSON Lines line (without its line end) that is read; a longer line becomes an
// `input.line-too-long` error record and reading goes on with the next line.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

// The longest encounter id, in bytes (UTF-8); a longer one is an `input.id-too-long` error
// record named `#N`.
inline constexpr std::size_t kMaxIdBytes = 256;

// How many bytes are read from the input at a time.
inline constexpr std::size_t kReadChunkBytes = std::size_t{1} << 20;

// Deepest nesting of arrays and objects accepted in the input; deeper is malformed JSON.
inline constexpr int kMaxJsonDepth = 512;

// Tuning knobs; the defaults are what the program uses, tests make them small.
struct ReaderOptions {
  std::size_t chunk_bytes = kReadChunkBytes;  // at least 1
  std::size_t max_line_bytes = kMaxLineBytes;
};

// What the reader found the input to be. `unknown` until the first call to next().
enum class InputShape { unknown, empty, object, array, json_lines };

// "unknown", "empty", "object", "array" or "json-lines".
const char* shape_name(InputShape shape);

// One encounter as read. When `ok` is false, `error` says why (an `input.*` id and a message),
// `encounter.id` is the id if it could be read (else "#N"), and the other encounter fields are
// unspecified. `input_line` (also in `encounter.input_line`) is N: the 1-based line number in
// JSON Lines, the 1-based position in an array, 1 for a single object.
struct ReadItem {
  Encounter encounter;
  bool ok = true;
  ErrorInfo error;
  std::int64_t input_line = 0;
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

  // The shape detected so far (`unknown` before the first next()).
  InputShape shape() const;

  // The shape for people: "JSON Lines", "a JSON array", "a single JSON object", "empty input",
  // or "not read yet".
  std::string describe_shape() const;

  // The name given at construction.
  const std::string& name() const;

 private:
  struct State;
  explicit EncounterReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace cptrules::interp
