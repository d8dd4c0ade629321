// Input errors: the ids and messages of the reader's `input.*` error records.
#include "input_errors.hpp"

#include <cstring>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "clock_overlap.hpp"
#include "encounter_reader.hpp"

namespace cptrules::interp::input_error {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

constexpr std::size_t kMaxQuotedBytes = 40;  // longest input excerpt quoted in a message

// Makes `out` the error `id` with the formatted message.
template <typename... Args>
void set(ErrorInfo& out, const char* id, fmt::format_string<Args...> format, Args&&... args) {
  out.id.assign(id);
  out.message.clear();
  fmt::format_to(std::back_inserter(out.message), format, std::forward<Args>(args)...);
}

const char* json_error_name(error_code code) {
  switch (code) {
    case simdjson::TAPE_ERROR:
      return "TAPE_ERROR";
    case simdjson::DEPTH_ERROR:
      return "DEPTH_ERROR";
    case simdjson::STRING_ERROR:
      return "STRING_ERROR";
    case simdjson::T_ATOM_ERROR:
      return "T_ATOM_ERROR";
    case simdjson::F_ATOM_ERROR:
      return "F_ATOM_ERROR";
    case simdjson::N_ATOM_ERROR:
      return "N_ATOM_ERROR";
    case simdjson::NUMBER_ERROR:
      return "NUMBER_ERROR";
    case simdjson::UTF8_ERROR:
      return "UTF8_ERROR";
    case simdjson::EMPTY:
      return "EMPTY";
    case simdjson::UNESCAPED_CHARS:
      return "UNESCAPED_CHARS";
    case simdjson::UNCLOSED_STRING:
      return "UNCLOSED_STRING";
    case simdjson::INCORRECT_TYPE:
      return "INCORRECT_TYPE";
    case simdjson::NUMBER_OUT_OF_RANGE:
      return "NUMBER_OUT_OF_RANGE";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "INCOMPLETE_ARRAY_OR_OBJECT";
    case simdjson::TRAILING_CONTENT:
      return "TRAILING_CONTENT";
    case simdjson::CAPACITY:
      return "CAPACITY";
    case simdjson::MEMALLOC:
      return "MEMALLOC";
    default:
      return "ERROR";
  }
}

// What a simdjson error means, in words a person editing the input understands.
const char* describe_json_error(error_code code) {
  switch (code) {
    case simdjson::TAPE_ERROR:
      return "unexpected character, or a missing comma, colon, quote, brace or bracket";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "an object or array is not closed";
    case simdjson::UNCLOSED_STRING:
      return "a string is not closed";
    case simdjson::STRING_ERROR:
      return "a string has an invalid escape sequence";
    case simdjson::UNESCAPED_CHARS:
      return "a string contains an unescaped control character";
    case simdjson::UTF8_ERROR:
      return "the text is not valid UTF-8";
    case simdjson::NUMBER_ERROR:
      return "a number is not valid";
    case simdjson::NUMBER_OUT_OF_RANGE:
      return "a number is out of range";
    case simdjson::INCORRECT_TYPE:
      return "a value is not valid JSON";
    case simdjson::T_ATOM_ERROR:
      return "a value starting with 't' is not true";
    case simdjson::F_ATOM_ERROR:
      return "a value starting with 'f' is not false";
    case simdjson::N_ATOM_ERROR:
      return "a value starting with 'n' is not null";
    case simdjson::DEPTH_ERROR:
      return "arrays and objects are nested too deeply";
    case simdjson::EMPTY:
      return "there is no JSON value";
    case simdjson::TRAILING_CONTENT:
      return "there is more text after the JSON value";
    case simdjson::CAPACITY:
      return "the input is too large to parse at once";
    case simdjson::MEMALLOC:
      return "out of memory";
    default:
      return simdjson::error_message(code);
  }
}

std::string path_text(FieldPath path) {
  if (path.service < 0)
    return std::string(field_name(path.field));
  return fmt::format("services[{}].{}", path.service, field_name(path.field));
}

}  // namespace

std::string excerpt(std::string_view text) {
  if (text.size() <= kMaxQuotedBytes)
    return std::string(text);
  std::size_t cut = kMaxQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  std::string out(text.substr(0, cut));
  out += "...";
  return out;
}

const char* json_type_phrase(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "a JSON array";
    case od::json_type::object:
      return "a JSON object";
    case od::json_type::number:
      return "a number";
    case od::json_type::string:
      return "a string";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::null:
      return "null";
  }
  return "a JSON value";
}

void json_malformed(ErrorInfo& out, std::string_view what, error_code code) {
  set(out, "input.json-malformed", "{} is not valid JSON: {} (simdjson {})", what,
      describe_json_error(code), json_error_name(code));
}

void not_object(ErrorInfo& out, std::string_view what, od::json_type type) {
  set(out, "input.not-object", "{} is {}, not a JSON object", what, json_type_phrase(type));
}

void element_not_object(ErrorInfo& out, std::int64_t position, od::json_type type) {
  set(out, "input.not-object", "array element {} is {}, not a JSON object", position,
      json_type_phrase(type));
}

void not_string(ErrorInfo& out, FieldPath path, std::string_view got) {
  set(out, "input.field-type", "{} must be a string, got {}", path_text(path), got);
}

void date_not_string(ErrorInfo& out, std::string_view got) {
  set(out, "input.field-type", "date must be a string YYYY-MM-DD, got {}", got);
}

void services_not_array(ErrorInfo& out, std::string_view got) {
  set(out, "input.field-type", "services must be an array, got {}", got);
}

void service_not_object(ErrorInfo& out, std::size_t service, std::string_view got) {
  set(out, "input.field-type", "services[{}] must be an object, got {}", service, got);
}

void modifiers_not_array(ErrorInfo& out, std::size_t service, std::string_view got) {
  set(out, "input.field-type", "services[{}].modifiers must be an array of strings, got {}",
      service, got);
}

void modifier_not_string(ErrorInfo& out, std::size_t service, std::size_t position,
                         std::string_view got) {
  set(out, "input.field-type", "services[{}].modifiers[{}] must be a string, got {}", service,
      position, got);
}

void id_too_long(ErrorInfo& out, std::size_t bytes) {
  set(out, "input.id-too-long", "id must be at most {} bytes, got {} bytes", kMaxIdBytes, bytes);
}

void services_missing(ErrorInfo& out) {
  set(out, "input.services-missing",
      "services is missing: an encounter needs a services array, e.g. "
      "[{{\"code\": \"97110\", \"minutes\": 15}}]");
}

void date_invalid(ErrorInfo& out, std::string_view quoted) {
  set(out, "input.date-invalid",
      "date must be a real calendar date YYYY-MM-DD (years 1900 to 9999), got {}", quoted);
}

void field_repeated(ErrorInfo& out, FieldPath path) {
  set(out, "input.field-repeated",
      "{} is given twice: which of the two the claim means cannot be told, give it once",
      path_text(path));
}

void code_missing(ErrorInfo& out, std::size_t service) {
  set(out, "input.code-missing", "services[{}].code is missing: every service needs a code",
      service);
}

void time_incomplete(ErrorInfo& out, std::size_t service, bool start_given) {
  set(out, "input.time-incomplete",
      "services[{}] has {} but no {}: give both start and end (HH:MM), or minutes", service,
      field_name(start_given ? Key::start : Key::end),
      field_name(start_given ? Key::end : Key::start));
}

void time_not_clock(ErrorInfo& out, std::size_t service, Key which, std::string_view quoted) {
  set(out, "input.time-invalid", "services[{}].{} must be a time HH:MM (00:00 to 23:59), got {}",
      service, field_name(which), quoted);
}

void end_before_start(ErrorInfo& out, std::size_t service, std::int64_t start, std::int64_t end) {
  set(out, "input.time-invalid", "services[{}].end {} is before start {}", service, clock_text(end),
      clock_text(start));
}

void minutes_conflict(ErrorInfo& out, std::size_t service, std::int64_t minutes, std::int64_t start,
                      std::int64_t end) {
  set(out, "input.minutes-conflict",
      "services[{}].minutes is {} but start {} to end {} is {} minutes", service, minutes,
      clock_text(start), clock_text(end), end - start);
}

void not_whole_number(ErrorInfo& out, std::size_t service, Key which, std::string_view quoted) {
  if (which == Key::assistant_minutes) {
    set(out, "input.assistant-minutes-invalid",
        "services[{}].assistant_minutes must be a non-negative whole number, got {}", service,
        quoted);
    return;
  }
  set(out,
      which == Key::billed_units ? "input.billed-units-not-integer" : "input.minutes-not-integer",
      "services[{}].{} must be a non-negative whole number, got {}", service, field_name(which),
      quoted);
}

void negative_number(ErrorInfo& out, std::size_t service, Key which, std::string_view quoted) {
  if (which == Key::assistant_minutes) {
    not_whole_number(out, service, which, quoted);
    return;
  }
  set(out, which == Key::billed_units ? "input.billed-units-negative" : "input.minutes-negative",
      "services[{}].{} must be a non-negative whole number, got {}", service, field_name(which),
      quoted);
}

void number_too_large(ErrorInfo& out, std::size_t service, Key which, std::string_view quoted) {
  if (which == Key::assistant_minutes) {
    set(out, "input.assistant-minutes-over",
        "services[{}].assistant_minutes must be at most the service's minutes, got {}: more than "
        "24 hours in a day",
        service, quoted);
    return;
  }
  if (which == Key::billed_units) {
    set(out, "input.billed-units-too-large",
        "services[{}].billed_units must be at most {}, got {}: more units than any claim line "
        "bills",
        service, kMaxBilledUnits, quoted);
    return;
  }
  set(out, "input.minutes-too-large",
      "services[{}].minutes must be at most {}, got {}: more than 24 hours in a day", service,
      kMaxDayMinutes, quoted);
}

void line_too_long(ErrorInfo& out, std::size_t max_line_bytes) {
  set(out, "input.line-too-long",
      "line is longer than {} bytes; each encounter of JSON Lines must fit on one line",
      max_line_bytes);
}

void too_large(ErrorInfo& out, std::size_t max_whole_bytes) {
  set(out, "input.too-large",
      "the input is a JSON array of more than {} bytes, which would be read whole; give the "
      "encounters as JSON Lines (one per line), which are read as they come",
      max_whole_bytes);
}

void read_failed(ErrorInfo& out, std::string_view name, int error_number) {
  set(out, "input.read-failed", "reading {} failed: {}", name, std::strerror(error_number));
}

}  // namespace cptrules::interp::input_error
