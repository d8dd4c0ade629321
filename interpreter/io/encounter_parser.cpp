// EncounterParser: a line of JSON Lines read by the fast path, else by simdjson.
#include "encounter_parser.hpp"

#include <cstring>
#include <optional>

#include <simdjson.h>

#include "encounter_fields.hpp"
#include "input_errors.hpp"
#include "plain_json.hpp"
#include "plain_line_encounters.hpp"

namespace cptrules::interp::reader {

namespace {

// The id of a line that is not valid JSON, when it starts like `{"id": "plain text"`: a cheap
// rescue for the common truncated line, so that its error record still names the encounter.
std::optional<std::string_view> leading_id(std::string_view text) {
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < text.size() && is_json_space(text[i]))
      ++i;
  };
  const auto take = [&](std::string_view token) {
    if (text.substr(i, token.size()) != token)
      return false;
    i += token.size();
    return true;
  };
  const auto expect = [&](std::string_view token) {
    skip_space();
    return take(token);
  };
  if (!expect("{") || !expect("\"") || !take(field_name(Key::id)) || !take("\"") || !expect(":") ||
      !expect("\"")) {
    return std::nullopt;
  }
  const std::size_t start = i;
  while (i < text.size() && text[i] != '"') {
    if (text[i] == '\\' || static_cast<unsigned char>(text[i]) < 0x20)
      return std::nullopt;
    ++i;
  }
  if (i >= text.size())
    return std::nullopt;
  return text.substr(start, i - start);
}

}  // namespace

bool EncounterParser::parse_line(std::string_view line, std::int64_t n, ReadItem& item,
                                 bool plain_path) {
  const std::size_t capacity = line.size() + simdjson::SIMDJSON_PADDING;
  if (line_buf_.size() < capacity)
    line_buf_.resize(capacity);
  std::memcpy(line_buf_.data(), line.data(), line.size());
  builder_.begin(item, n);
  if (plain_path) {
    static_assert(simdjson::SIMDJSON_PADDING > PlainJson::kPadding);
    line_buf_[line.size()] = '\0';  // the fast path's sentinel, its padding after it
    if (read_plain_line(PlainJson(line_buf_.data(), line.size()), builder_)) {
      ++plain_lines_;
      builder_.end();
      return true;
    }
    builder_.begin(item, n);
  }
  std::memset(line_buf_.data() + line.size(), ' ', simdjson::SIMDJSON_PADDING);
  const simdjson::error_code error =
      json_.parse_text(line_buf_.data(), line.size(), line_buf_.size(), "line");
  if (error) {
    input_error::json_malformed(builder_.fail(), "line", error);
    // Takes the id from the start of the line, if it was not read.
    if (!builder_.id_given()) {
      if (const auto id = leading_id(line); id && id->size() <= kMaxIdBytes)
        builder_.take_id(*id);
    }
  }
  builder_.end();
  return !error;
}

ErrorInfo& EncounterParser::error_record(ReadItem& item, std::int64_t n) {
  builder_.begin(item, n);
  builder_.end();
  return builder_.fail();
}

}  // namespace cptrules::interp::reader
