// JsonEncounters: reads encounters with simdjson On-Demand, checking every byte is valid JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "encounter_fields.hpp"
#include "input_errors.hpp"
#include "reader_internal.hpp"

namespace cptrules::interp::reader {

namespace od = simdjson::ondemand;

// Reads one JSON text (or one element of an array) into the item begun in `out`. Semantic
// problems make the item an error record (input_errors.hpp) but reading goes on, so that the
// whole text is still checked to be valid JSON: a JSON error always wins over a semantic one.
class JsonEncounters {
 public:
  explicit JsonEncounters(EncounterBuilder& out) : out_(out) {}
  JsonEncounters(const JsonEncounters&) = delete;
  JsonEncounters& operator=(const JsonEncounters&) = delete;

  // Parses [data, data+len) (with `capacity` readable bytes) as one encounter; `what` ("line"
  // or "input") names it in messages. Returns SUCCESS when it is valid JSON; otherwise the JSON
  // error, with the item not yet marked.
  simdjson::error_code parse_text(const char* data, std::size_t len, std::size_t capacity,
                                  std::string_view what);

  // Validates a whole document whose root is an array, then leaves the document rewound and
  // `array` ready to iterate. Returns the JSON error if it is not valid.
  simdjson::error_code start_array(const char* data, std::size_t len, std::size_t capacity,
                                   od::array& array);

  // Reads one array element (already validated) as encounter `position`.
  simdjson::error_code read_element(od::value& value, std::int64_t position);

 private:
  using error_code = simdjson::error_code;

  // Makes the item the error that `build` (of input_errors.hpp) makes of `args`, unless it is an
  // error record already.
  template <typename Build, typename... Args>
  void fail(Build build, Args&&... args) {
    if (ErrorInfo* error = out_.fail_first())
      build(*error, std::forward<Args>(args)...);
  }

  static error_code key_of_field(od::field& field, Key& k);
  static std::string got(od::value& value, od::json_type type);

  error_code read_string(od::value& value, const input_error::FieldPath& path, std::string& out,
                         bool& present, int depth);
  error_code read_optional_string(od::value& value, const input_error::FieldPath& path,
                                  std::optional<std::string>& out, int depth);
  error_code read_encounter(od::object& object);
  error_code read_id(od::value& value);
  error_code read_date(od::value& value);
  error_code read_services(od::value& value, bool& given);
  error_code read_service(od::value& value, std::size_t index);
  // A whole number from 0 to `max` (the field `which` of service `index`: minutes or
  // billed_units); null leaves it absent.
  error_code read_whole_number(od::value& value, std::size_t index, Key which, std::int64_t max,
                               std::optional<std::int64_t>& number_out);
  error_code read_modifiers(od::value& value, std::size_t index,
                            std::vector<std::string>& modifiers);
  error_code read_time(od::value& value, std::size_t index, Key which,
                       std::optional<std::int64_t>& time, bool& given);

  EncounterBuilder& out_;
  od::parser parser_;
  od::document doc_;
};

}  // namespace cptrules::interp::reader
