// JsonEncounters: the fields of an encounter and of its services, read with simdjson On-Demand.
#include "json_encounters.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include "json_check.hpp"

namespace cptrules::interp::reader {

namespace {

using input_error::excerpt;
using input_error::FieldPath;
using simdjson::error_code;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads "HH:MM" (00:00 to 23:59) as minutes since midnight.
std::optional<std::int64_t> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':' || !is_digit(text[0]) || !is_digit(text[1]) ||
      !is_digit(text[3]) || !is_digit(text[4])) {
    return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59)
    return std::nullopt;
  return hours * 60 + minutes;
}

}  // namespace

error_code JsonEncounters::parse_text(const char* data, std::size_t len, std::size_t capacity,
                                      std::string_view what) {
  od::document& doc = doc_;
  if (auto e = parser_.iterate(data, len, capacity).get(doc))
    return e;
  od::json_type type{};
  if (auto e = doc.type().get(type))
    return e;
  bool check_trailing = true;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (auto e = doc.get_object().get(object))
        return e;
      if (auto e = read_encounter(object))
        return e;
      break;
    }
    case od::json_type::array: {
      od::array array;
      if (auto e = doc.get_array().get(array))
        return e;
      if (auto e = walk_array(array, 2))
        return e;
      fail(input_error::not_object, what, type);
      break;
    }
    default:
      if (auto e = check_root_scalar(doc, type, check_trailing))
        return e;
      fail(input_error::not_object, what, type);
      break;
  }
  if (!check_trailing)
    return simdjson::SUCCESS;
  const auto location = doc.current_location();
  if (location.error() != simdjson::OUT_OF_BOUNDS)
    return simdjson::TRAILING_CONTENT;
  return simdjson::SUCCESS;
}

error_code JsonEncounters::start_array(const char* data, std::size_t len, std::size_t capacity,
                                       od::array& array) {
  od::document& doc = doc_;
  if (auto e = parser_.iterate(data, len, capacity).get(doc))
    return e;
  if (auto e = doc.get_array().get(array))
    return e;
  if (auto e = walk_array(array, 2))
    return e;
  const auto location = doc.current_location();
  if (location.error() != simdjson::OUT_OF_BOUNDS)
    return simdjson::TRAILING_CONTENT;
  doc.rewind();
  return doc.get_array().get(array);
}

error_code JsonEncounters::read_element(od::value& value, std::int64_t position) {
  od::json_type type{};
  if (auto e = value.type().get(type))
    return e;
  if (type != od::json_type::object) {
    fail(input_error::element_not_object, position, type);
    return simdjson::SUCCESS;
  }
  od::object object;
  if (auto e = value.get_object().get(object))
    return e;
  return read_encounter(object);
}

// Which known field `field` is. A key is first compared as it stands in the input with the
// names it may be (a match means the key is exactly that name: it has no escapes); a key that
// matches none is unescaped when it has a backslash, and looked up again.
error_code JsonEncounters::key_of_field(od::field& field, Key& k) {
  const od::raw_json_string raw = field.key();
  k = find_field(raw.raw()[0], [&](std::string_view name) { return raw.unsafe_is_equal(name); });
  if (k != Key::other)
    return simdjson::SUCCESS;
  const char* text = raw.raw();
  std::size_t n = 0;
  while (text[n] != '"' && text[n] != '\\')
    ++n;
  if (text[n] == '"')
    return simdjson::SUCCESS;
  std::string_view key;
  if (auto e = field.unescaped_key().get(key))
    return e;
  k = key_of(key);
  return simdjson::SUCCESS;
}

// What a value is, for "got ..." in messages: its text for scalars.
std::string JsonEncounters::got(od::value& value, od::json_type type) {
  if (type == od::json_type::object)
    return "an object";
  if (type == od::json_type::array)
    return "an array";
  return excerpt(trim_right(value.raw_json_token()));
}

// Reads a string field into `out`; null leaves `present` false. A wrong type is an
// `input.field-type` error naming `path`.
error_code JsonEncounters::read_string(od::value& value, const FieldPath& path, std::string& out,
                                       bool& present, int depth) {
  od::json_type type{};
  if (auto e = value.type().get(type))
    return e;
  if (type == od::json_type::null) {
    present = false;
    return walk(value, depth);
  }
  if (type != od::json_type::string) {
    fail(input_error::not_string, path, got(value, type));
    return walk(value, depth);
  }
  std::string_view text;
  if (auto e = value.get_string().get(text))
    return e;
  out.assign(text);
  present = true;
  return simdjson::SUCCESS;
}

error_code JsonEncounters::read_optional_string(od::value& value, const FieldPath& path,
                                                std::optional<std::string>& out, int depth) {
  if (!out)
    out.emplace();
  bool present = false;
  if (auto e = read_string(value, path, *out, present, depth))
    return e;
  if (!present)
    out.reset();
  return simdjson::SUCCESS;
}

error_code JsonEncounters::read_encounter(od::object& object) {
  Encounter& enc = out_.encounter();
  bool services_given = false;
  unsigned seen = 0;
  for (auto field_result : object) {
    // The field is used in place: copying it out of the result costs a store-forwarding stall.
    if (auto e = field_result.error())
      return e;
    od::field& field = field_result.value_unsafe();
    Key k = Key::other;
    if (auto e = key_of_field(field, k))
      return e;
    if (given_before(k, seen))
      fail(input_error::field_repeated, input_error::FieldPath{k});
    od::value& value = field.value();
    error_code e = simdjson::SUCCESS;
    if (k == Key::id) {
      e = read_id(value);
    } else if (k == Key::date) {
      e = read_date(value);
    } else if (k == Key::payer) {
      e = read_optional_string(value, {Key::payer}, enc.payer, 2);
    } else if (k == Key::discipline) {
      e = read_optional_string(value, {Key::discipline}, enc.discipline, 2);
    } else if (k == Key::provider) {
      e = read_optional_string(value, {Key::provider}, enc.provider, 2);
    } else if (k == Key::services) {
      e = read_services(value, services_given);
    } else {
      e = walk(value, 2);
    }
    if (e)
      return e;
  }
  if (!services_given)
    fail(input_error::services_missing);
  return simdjson::SUCCESS;
}

error_code JsonEncounters::read_id(od::value& value) {
  Encounter& enc = out_.encounter();
  bool& given = out_.id_given();
  const error_code e = read_string(value, {Key::id}, enc.id, given, 2);
  if (!e && given && enc.id.size() > kMaxIdBytes) {
    fail(input_error::id_too_long, enc.id.size());
    given = false;  // the record is named #N instead
  }
  return e;
}

error_code JsonEncounters::read_date(od::value& value) {
  Encounter& enc = out_.encounter();
  od::json_type type{};
  if (auto e = value.type().get(type))
    return e;
  if (type == od::json_type::null) {
    enc.date.reset();
    return walk(value, 2);
  }
  if (type != od::json_type::string) {
    fail(input_error::date_not_string, got(value, type));
    return walk(value, 2);
  }
  // What got() would quote, taken before the string is read; made a message only if needed.
  const std::string_view token = value.raw_json_token();
  std::string_view text;
  if (auto e = value.get_string().get(text))
    return e;
  enc.date = out_.dates().parse(text);
  if (!enc.date)
    fail(input_error::date_invalid, excerpt(trim_right(token)));
  return simdjson::SUCCESS;
}

error_code JsonEncounters::read_services(od::value& value, bool& given) {
  od::json_type type{};
  if (auto e = value.type().get(type))
    return e;
  if (type == od::json_type::null) {
    given = false;
    return walk(value, 2);
  }
  if (type != od::json_type::array) {
    fail(input_error::services_not_array, got(value, type));
    return walk(value, 2);
  }
  given = true;
  out_.restart_services();
  od::array array;
  if (auto e = value.get_array().get(array))
    return e;
  std::size_t index = 0;
  for (auto element_result : array) {
    if (auto e = element_result.error())
      return e;
    od::value& element = element_result.value_unsafe();
    if (auto e = element.type().get(type))
      return e;
    if (type != od::json_type::object) {
      fail(input_error::service_not_object, index, got(element, type));
      if (auto e = walk(element, 3))
        return e;
    } else {
      if (auto e = read_service(element, index))
        return e;
    }
    ++index;
  }
  return simdjson::SUCCESS;
}

error_code JsonEncounters::read_service(od::value& value, std::size_t index) {
  Service& service = out_.next_service();
  od::object object;
  if (auto e = value.get_object().get(object))
    return e;
  const auto service_index = static_cast<std::int64_t>(index);
  bool code_given = false;
  bool start_given = false;
  bool end_given = false;
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> end;
  unsigned seen = 0;
  for (auto field_result : object) {
    // The field is used in place: copying it out of the result costs a store-forwarding stall.
    if (auto e = field_result.error())
      return e;
    od::field& field = field_result.value_unsafe();
    Key k = Key::other;
    if (auto e = key_of_field(field, k))
      return e;
    if (given_before(k, seen))
      fail(input_error::field_repeated, input_error::FieldPath{k, service_index});
    od::value& field_value = field.value();
    error_code e = simdjson::SUCCESS;
    if (k == Key::code) {
      e = read_string(field_value, {Key::code, service_index}, service.code, code_given, 4);
    } else if (k == Key::minutes) {
      e = read_whole_number(field_value, index, Key::minutes, kMaxDayMinutes, service.minutes);
    } else if (k == Key::modifiers) {
      e = read_modifiers(field_value, index, service.modifiers);
    } else if (k == Key::discipline) {
      e = read_optional_string(field_value, {Key::discipline, service_index}, service.discipline,
                               4);
    } else if (k == Key::start) {
      e = read_time(field_value, index, Key::start, start, start_given);
    } else if (k == Key::end) {
      e = read_time(field_value, index, Key::end, end, end_given);
    } else if (k == Key::billed_units) {
      e = read_whole_number(field_value, index, Key::billed_units, kMaxBilledUnits,
                            service.billed_units);
    } else if (k == Key::provider) {
      e = read_optional_string(field_value, {Key::provider, service_index}, service.provider, 4);
    } else if (k == Key::assistant_minutes) {
      e = read_whole_number(field_value, index, Key::assistant_minutes, kMaxDayMinutes,
                            service.assistant_minutes);
    } else {
      e = walk(field_value, 4);
    }
    if (e)
      return e;
  }
  if (!code_given || service.code.empty())
    fail(input_error::code_missing, index);
  if (start_given != end_given) {
    fail(input_error::time_incomplete, index, start_given);
  } else if (start && end) {
    if (*end < *start) {
      fail(input_error::end_before_start, index, *start, *end);
    } else if (service.minutes && *service.minutes != *end - *start) {
      fail(input_error::minutes_conflict, index, *service.minutes, *start, *end);
    } else {
      service.minutes = *end - *start;
      service.clock = ClockSpan{static_cast<std::int32_t>(*start), static_cast<std::int32_t>(*end)};
    }
  }
  return simdjson::SUCCESS;
}

error_code JsonEncounters::read_whole_number(od::value& value, std::size_t index, Key which,
                                             std::int64_t max,
                                             std::optional<std::int64_t>& number_out) {
  od::json_type type{};
  if (auto e = value.type().get(type))
    return e;
  if (type == od::json_type::null) {
    number_out.reset();
    return walk(value, 4);
  }
  if (type != od::json_type::number) {
    fail(input_error::not_whole_number, index, which, got(value, type));
    return walk(value, 4);
  }
  // The common case first: a whole number from 0 to `max`, which simdjson reads
  // (and checks to be a JSON integer) without the text being looked at twice. Anything else,
  // or a failure, takes the general path below, which quotes the number as written.
  std::int64_t plain = 0;
  if (value.get_int64().get(plain) == simdjson::SUCCESS && plain >= 0 && plain <= max) {
    number_out = plain;
    return simdjson::SUCCESS;
  }
  const std::string_view token = trim_right(value.raw_json_token());
  if (!is_json_number(token))
    return simdjson::NUMBER_ERROR;
  const bool negative = token.front() == '-';
  const bool integer_syntax = token.find_first_of(".eE") == std::string_view::npos;
  std::int64_t whole = 0;
  bool whole_ok = false;
  bool out_of_range = false;
  if (integer_syntax) {
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), whole);
    whole_ok = ec == std::errc();
    out_of_range = ec == std::errc::result_out_of_range;
  } else {
    double number = 0;
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), number);
    if (ec == std::errc::result_out_of_range) {
      // Either beyond any double (huge) or below the smallest (not whole unless zero).
      const std::size_t e_at = token.find_first_of("eE");
      out_of_range = e_at != std::string_view::npos && token[e_at + 1] != '-';
      if (!out_of_range) {
        fail(input_error::not_whole_number, index, which, excerpt(token));
        return simdjson::SUCCESS;
      }
    } else if (ec == std::errc()) {
      if (number < 0) {
        fail(input_error::negative_number, index, which, excerpt(token));
        return simdjson::SUCCESS;
      }
      if (number != std::floor(number)) {
        fail(input_error::not_whole_number, index, which, excerpt(token));
        return simdjson::SUCCESS;
      }
      if (number > static_cast<double>(max)) {
        out_of_range = true;
      } else {
        whole = static_cast<std::int64_t>(number);
        whole_ok = true;
      }
    } else {
      return simdjson::NUMBER_ERROR;
    }
  }
  if ((whole_ok && whole < 0) || (!whole_ok && negative)) {
    fail(input_error::negative_number, index, which, excerpt(token));
  } else if (out_of_range || !whole_ok || whole > max) {
    fail(input_error::number_too_large, index, which, excerpt(token));
  } else {
    number_out = whole;
  }
  return simdjson::SUCCESS;
}

error_code JsonEncounters::read_modifiers(od::value& value, std::size_t index,
                                          std::vector<std::string>& modifiers) {
  od::json_type type{};
  if (auto e = value.type().get(type))
    return e;
  if (type == od::json_type::null) {
    modifiers.clear();
    return walk(value, 4);
  }
  if (type != od::json_type::array) {
    fail(input_error::modifiers_not_array, index, got(value, type));
    return walk(value, 4);
  }
  modifiers.clear();
  od::array array;
  if (auto e = value.get_array().get(array))
    return e;
  std::size_t position = 0;
  for (auto element_result : array) {
    if (auto e = element_result.error())
      return e;
    od::value& element = element_result.value_unsafe();
    if (auto e = element.type().get(type))
      return e;
    if (type != od::json_type::string) {
      fail(input_error::modifier_not_string, index, position, got(element, type));
      if (auto e = walk(element, 5))
        return e;
    } else {
      std::string_view text;
      if (auto e = element.get_string().get(text))
        return e;
      modifiers.emplace_back(text);
    }
    ++position;
  }
  return simdjson::SUCCESS;
}

error_code JsonEncounters::read_time(od::value& value, std::size_t index, Key which,
                                     std::optional<std::int64_t>& time, bool& given) {
  od::json_type type{};
  if (auto e = value.type().get(type))
    return e;
  if (type == od::json_type::null) {
    given = false;
    time.reset();
    return walk(value, 4);
  }
  given = true;
  time.reset();
  const std::string quoted = got(value, type);
  if (type == od::json_type::string) {
    std::string_view text;
    if (auto e = value.get_string().get(text))
      return e;
    time = parse_time_of_day(text);
  } else {
    if (auto e = walk(value, 4))
      return e;
  }
  if (!time)
    fail(input_error::time_not_clock, index, which, quoted);
  return simdjson::SUCCESS;
}

}  // namespace cptrules::interp::reader
