// JSON checks: walking values that simdjson On-Demand would otherwise skip unchecked.
#include "json_check.hpp"

#include <cstddef>
#include <utility>

#include "encounter_reader.hpp"
#include "reader_internal.hpp"

namespace cptrules::interp::reader {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

bool is_json_number(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && text[i] == '-')
    ++i;
  if (i >= n)
    return false;
  if (text[i] == '0') {
    ++i;
  } else if (text[i] >= '1' && text[i] <= '9') {
    while (i < n && is_digit(text[i]))
      ++i;
  } else {
    return false;
  }
  if (i < n && text[i] == '.') {
    const std::size_t start = ++i;
    while (i < n && is_digit(text[i]))
      ++i;
    if (i == start)
      return false;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-'))
      ++i;
    const std::size_t start = i;
    while (i < n && is_digit(text[i]))
      ++i;
    if (i == start)
      return false;
  }
  return i == n;
}

error_code check_root_scalar(od::document& doc, od::json_type type, bool& check_trailing) {
  switch (type) {
    case od::json_type::string: {
      std::string_view text;
      return doc.get_string().get(text);
    }
    case od::json_type::number: {
      std::string_view token;
      if (auto e = doc.raw_json_token().get(token))
        return e;
      if (!is_json_number(trim_right(token)))
        return simdjson::NUMBER_ERROR;
      double number = 0;
      const error_code e = doc.get_double().get(number);
      if (e != simdjson::NUMBER_ERROR)
        return e;
      // Too large for a double but still JSON; it is not consumed, so skip the trailing check.
      check_trailing = false;
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool flag = false;
      return doc.get_bool().get(flag);
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = doc.is_null().get(is_null))
        return e;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    default:
      return simdjson::TAPE_ERROR;
  }
}

error_code walk(od::value& value, int depth) {
  if (depth > kMaxJsonDepth)
    return simdjson::DEPTH_ERROR;
  od::json_type type{};
  if (auto e = value.type().get(type))
    return e;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (auto e = value.get_object().get(object))
        return e;
      for (auto field_result : object) {
        od::field field;
        if (auto e = std::move(field_result).get(field))
          return e;
        std::string_view key;
        if (auto e = field.unescaped_key().get(key))
          return e;
        if (auto e = walk(field.value(), depth + 1))
          return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array array;
      if (auto e = value.get_array().get(array))
        return e;
      return walk_array(array, depth + 1);
    }
    case od::json_type::string: {
      std::string_view text;
      return value.get_string().get(text);
    }
    case od::json_type::number:
      return is_json_number(trim_right(value.raw_json_token())) ? simdjson::SUCCESS
                                                                : simdjson::NUMBER_ERROR;
    case od::json_type::boolean: {
      const std::string_view token = trim_right(value.raw_json_token());
      if (token == "true" || token == "false")
        return simdjson::SUCCESS;
      return token.starts_with('t') ? simdjson::T_ATOM_ERROR : simdjson::F_ATOM_ERROR;
    }
    case od::json_type::null:
      return trim_right(value.raw_json_token()) == "null" ? simdjson::SUCCESS
                                                          : simdjson::N_ATOM_ERROR;
  }
  return simdjson::TAPE_ERROR;
}

error_code walk_array(od::array& array, int depth) {
  if (depth > kMaxJsonDepth)
    return simdjson::DEPTH_ERROR;
  for (auto element_result : array) {
    if (auto e = element_result.error())
      return e;
    od::value& element = element_result.value_unsafe();
    if (auto e = walk(element, depth))
      return e;
  }
  return simdjson::SUCCESS;
}

}  // namespace cptrules::interp::reader
