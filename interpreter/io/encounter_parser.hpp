// EncounterParser: one JSON text to one ReadItem, by the plain-line fast path or by simdjson.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "encounter_reader.hpp"
#include "json_encounters.hpp"
#include "reader_internal.hpp"

namespace cptrules::interp::reader {

// What EncounterReader and LineParser share to turn a text into an item: the item's builder,
// the simdjson reader and a line buffer padded for simdjson. Not movable (the simdjson reader
// holds the builder); keep it behind a pointer.
class EncounterParser {
 public:
  EncounterParser() = default;
  EncounterParser(const EncounterParser&) = delete;
  EncounterParser& operator=(const EncounterParser&) = delete;

  // Parses one line of JSON Lines as encounter `n`: by the fast path (plain_line_encounters.hpp)
  // when `plain_path` is set and the line has the plain shape, else copied into the line buffer
  // with simdjson's padding and parsed by simdjson. Returns false if it is not valid JSON (the
  // item then says so, named by its id when the line starts like `{"id": "plain text"`).
  bool parse_line(std::string_view line, std::int64_t n, ReadItem& item, bool plain_path);

  // Makes `item` an error record of encounter `n` and gives its error to fill.
  ErrorInfo& error_record(ReadItem& item, std::int64_t n);

  EncounterBuilder& builder() { return builder_; }
  JsonEncounters& json() { return json_; }

  // How many lines the fast path has read.
  std::int64_t plain_lines() const { return plain_lines_; }

 private:
  EncounterBuilder builder_;
  JsonEncounters json_{builder_};
  std::vector<char> line_buf_;  // one line, padded for simdjson
  std::int64_t plain_lines_ = 0;
};

}  // namespace cptrules::interp::reader
