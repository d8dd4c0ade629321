// EncounterReader: shape detection, bounded line splitting and On-Demand reading of encounters.
#include "encounter_reader.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "date.hpp"
#include "plain_json.hpp"

namespace cptrules::interp {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

constexpr std::size_t kMaxQuotedBytes = 40;  // longest input excerpt quoted in a message

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_json_space);
}

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && is_json_space(text.back()))
    text.remove_suffix(1);
  return text;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// True when `text` is exactly one number in JSON's grammar.
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

// A short excerpt of input for a message, cut at a UTF-8 character boundary.
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

// The id of a line that is not valid JSON, when it starts like `{"id": "plain text"`: a cheap
// rescue for the common truncated line, so that its error record still names the encounter.
std::optional<std::string_view> leading_id(std::string_view text) {
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < text.size() && is_json_space(text[i]))
      ++i;
  };
  const auto expect = [&](std::string_view token) {
    skip_space();
    if (text.substr(i, token.size()) != token)
      return false;
    i += token.size();
    return true;
  };
  if (!expect("{") || !expect("\"id\"") || !expect(":") || !expect("\""))
    return std::nullopt;
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

std::string format_time_of_day(std::int64_t minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
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

// The field names the reader knows, of an encounter and of a service.
enum class Key {
  other,
  id,
  date,
  payer,
  discipline,
  services,
  code,
  minutes,
  modifiers,
  start,
  end
};

// Which known field `key` names (exactly), dispatching on its length first.
Key key_of(std::string_view key) {
  switch (key.size()) {
    case 2:
      return key == "id" ? Key::id : Key::other;
    case 3:
      return key == "end" ? Key::end : Key::other;
    case 4:
      return key == "date" ? Key::date : key == "code" ? Key::code : Key::other;
    case 5:
      return key == "payer" ? Key::payer : key == "start" ? Key::start : Key::other;
    case 7:
      return key == "minutes" ? Key::minutes : Key::other;
    case 8:
      return key == "services" ? Key::services : Key::other;
    case 9:
      return key == "modifiers" ? Key::modifiers : Key::other;
    case 10:
      return key == "discipline" ? Key::discipline : Key::other;
    default:
      return Key::other;
  }
}

// Names a field in messages: "payer", or "services[2].code" when `service` is set.
struct FieldPath {
  std::string_view name;
  std::int64_t service = -1;
};

std::string path_text(FieldPath path) {
  if (path.service < 0)
    return std::string(path.name);
  return fmt::format("services[{}].{}", path.service, path.name);
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

// Reads one JSON text (or one element of an array) into a ReadItem. Semantic problems make the
// item an error record but reading goes on, so that the whole text is still checked to be valid
// JSON: a JSON error always wins over a semantic one.
class JsonReader {
 public:
  // How many lines the fast path has read (read_plain).
  std::int64_t plain_count() const { return plain_count_; }
  void count_plain() { ++plain_count_; }

  // Prepares `item` for encounter number `n`.
  void begin(ReadItem& item, std::int64_t n) {
    item_ = &item;
    n_ = n;
    id_given_ = false;
    service_count_ = 0;
    item.ok = true;
    item.error.id.clear();
    item.error.message.clear();
    item.input_line = n;
    Encounter& enc = item.encounter;
    enc.input_line = n;
    enc.id.clear();
    enc.date.reset();
    enc.payer.reset();
    enc.discipline.reset();
  }

  // Takes the id from the start of a text that is not valid JSON, if it was not read.
  void rescue_id(std::string_view text) {
    if (id_given_)
      return;
    if (const auto id = leading_id(text); id && id->size() <= kMaxIdBytes) {
      item_->encounter.id.assign(*id);
      id_given_ = true;
    }
  }

  // Completes the item: trims unused service slots and fills in the default id.
  void end() {
    Encounter& enc = item_->encounter;
    // The service slots this encounter did not use are kept aside with their buffers (moved, not
    // destroyed), so that a later, longer encounter does not allocate them again.
    while (enc.services.size() > service_count_) {
      spare_services_.push_back(std::move(enc.services.back()));
      enc.services.pop_back();
    }
    if (!id_given_) {
      enc.id.assign("#");
      fmt::format_to(std::back_inserter(enc.id), "{}", n_);
    }
  }

  // Marks the item as malformed JSON; `what` is "line" or "input".
  void json_failed(std::string_view what, error_code code) {
    item_->ok = false;
    item_->error.id.assign("input.json-malformed");
    item_->error.message.clear();
    fmt::format_to(std::back_inserter(item_->error.message),
                   "{} is not valid JSON: {} (simdjson {})", what, describe_json_error(code),
                   json_error_name(code));
  }

  // Records a semantic error unless one was recorded already.
  template <typename... Args>
  void fail(const char* id, fmt::format_string<Args...> format, Args&&... args) {
    if (!item_->ok)
      return;
    item_->ok = false;
    item_->error.id.assign(id);
    item_->error.message.clear();
    fmt::format_to(std::back_inserter(item_->error.message), format, std::forward<Args>(args)...);
  }

  // Parses [data, data+len) (with `capacity` readable bytes) as one encounter. Returns SUCCESS
  // when it is valid JSON; otherwise the JSON error, with the item not yet marked.
  error_code parse_text(const char* data, std::size_t len, std::size_t capacity,
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
        not_object(what, type);
        break;
      }
      default:
        if (auto e = check_root_scalar(doc, type, check_trailing))
          return e;
        not_object(what, type);
        break;
    }
    if (!check_trailing)
      return simdjson::SUCCESS;
    const auto location = doc.current_location();
    if (location.error() != simdjson::OUT_OF_BOUNDS)
      return simdjson::TRAILING_CONTENT;
    return simdjson::SUCCESS;
  }

  // The fast path for one line of JSON Lines: reads it into the item begun for it when the line
  // is an encounter of the plain shape (plain_json.hpp: printable ASCII strings without escapes,
  // small whole minutes; each known field at most once, no other field; nothing that would be an
  // error record) and returns true. Returns false as soon as the line is anything else; the
  // caller then reads it with parse_text, which begins the item again: the item is never
  // decided here unless it comes out exactly as parse_text would make it.
  bool read_plain(PlainJson in) {
    Encounter& enc = item_->encounter;
    if (!in.take('{'))
      return false;
    unsigned seen = 0;
    do {
      Key k = Key::other;
      std::string_view text;
      if (!plain_key(in, seen, k))
        return false;
      if (k == Key::services) {
        if (!read_plain_services(in))
          return false;
        continue;
      }
      if (!in.string(text))
        return false;
      if (k == Key::id) {
        if (text.size() > kMaxIdBytes)
          return false;
        enc.id.assign(text);
        id_given_ = true;
      } else if (k == Key::date) {
        enc.date = dates_.parse(text);
        if (!enc.date)
          return false;
      } else if (k == Key::payer) {
        enc.payer.emplace(text);
      } else if (k == Key::discipline) {
        enc.discipline.emplace(text);
      } else {
        return false;
      }
    } while (in.take(','));
    return in.take('}') && in.at_end() && (seen & key_bit(Key::services)) != 0;
  }

  static unsigned key_bit(Key k) { return 1U << static_cast<unsigned>(k); }

  // The fast path's `"key":` of an object, as `k`; false at a key given before in the object
  // (`seen` marks them): simdjson's reading of a repeated field decides that case.
  static bool plain_key(PlainJson& in, unsigned& seen, Key& k) {
    std::string_view key;
    if (!in.string(key) || !in.take(':'))
      return false;
    k = key_of(key);
    if ((seen & key_bit(k)) != 0)
      return false;
    seen |= key_bit(k);
    return true;
  }

  // Validates a whole document whose root is an array, then leaves the document rewound and
  // `array` ready to iterate. Returns the JSON error if it is not valid.
  error_code start_array(const char* data, std::size_t len, std::size_t capacity,
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

  // Reads one array element (already validated) as an encounter.
  error_code read_element(od::value& value, std::int64_t position) {
    od::json_type type{};
    if (auto e = value.type().get(type))
      return e;
    if (type != od::json_type::object) {
      fail("input.not-object", "array element {} is {}, not a JSON object", position,
           json_type_phrase(type));
      return simdjson::SUCCESS;
    }
    od::object object;
    if (auto e = value.get_object().get(object))
      return e;
    return read_encounter(object);
  }

 private:
  void not_object(std::string_view what, od::json_type type) {
    fail("input.not-object", "{} is {}, not a JSON object", what, json_type_phrase(type));
  }

  // Checks a root scalar, consuming it (else `check_trailing` is set to false).
  static error_code check_root_scalar(od::document& doc, od::json_type type, bool& check_trailing) {
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

  // Checks that a value is valid JSON, consuming it.
  static error_code walk(od::value& value, int depth) {
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

  // Which known field `field` is. A key is first compared as it stands in the input with the
  // names it may be (a match means the key is exactly that name: it has no escapes); a key that
  // matches none is unescaped when it has a backslash, and looked up again.
  static error_code key_of_field(od::field& field, Key& k) {
    const od::raw_json_string raw = field.key();
    const auto is = [&](std::string_view name, Key key) {
      if (!raw.unsafe_is_equal(name))
        return false;
      k = key;
      return true;
    };
    switch (raw.raw()[0]) {
      case 'i':
        if (is("id", Key::id))
          return simdjson::SUCCESS;
        break;
      case 'd':
        if (is("date", Key::date) || is("discipline", Key::discipline))
          return simdjson::SUCCESS;
        break;
      case 'p':
        if (is("payer", Key::payer))
          return simdjson::SUCCESS;
        break;
      case 's':
        if (is("services", Key::services) || is("start", Key::start))
          return simdjson::SUCCESS;
        break;
      case 'c':
        if (is("code", Key::code))
          return simdjson::SUCCESS;
        break;
      case 'm':
        if (is("minutes", Key::minutes) || is("modifiers", Key::modifiers))
          return simdjson::SUCCESS;
        break;
      case 'e':
        if (is("end", Key::end))
          return simdjson::SUCCESS;
        break;
      default:
        break;
    }
    const char* text = raw.raw();
    std::size_t n = 0;
    while (text[n] != '"' && text[n] != '\\')
      ++n;
    if (text[n] == '"') {
      k = Key::other;
      return simdjson::SUCCESS;
    }
    std::string_view key;
    if (auto e = field.unescaped_key().get(key))
      return e;
    k = key_of(key);
    return simdjson::SUCCESS;
  }

  // Checks that every element of an array (at nesting `depth`) is valid JSON.
  static error_code walk_array(od::array& array, int depth) {
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

  // What a value is, for "got ..." in messages: its text for scalars.
  static std::string got(od::value& value, od::json_type type) {
    if (type == od::json_type::object)
      return "an object";
    if (type == od::json_type::array)
      return "an array";
    return excerpt(trim_right(value.raw_json_token()));
  }

  // Reads a string field into `out`; null leaves `present` false. A wrong type is an
  // `input.field-type` error naming `path`.
  error_code read_string(od::value& value, const FieldPath& path, std::string& out, bool& present,
                         int depth) {
    od::json_type type{};
    if (auto e = value.type().get(type))
      return e;
    if (type == od::json_type::null) {
      present = false;
      return walk(value, depth);
    }
    if (type != od::json_type::string) {
      fail("input.field-type", "{} must be a string, got {}", path_text(path), got(value, type));
      return walk(value, depth);
    }
    std::string_view text;
    if (auto e = value.get_string().get(text))
      return e;
    out.assign(text);
    present = true;
    return simdjson::SUCCESS;
  }

  error_code read_optional_string(od::value& value, const FieldPath& path,
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

  error_code read_encounter(od::object& object) {
    Encounter& enc = item_->encounter;
    bool services_given = false;
    for (auto field_result : object) {
      // The field is used in place: copying it out of the result costs a store-forwarding stall.
      if (auto e = field_result.error())
        return e;
      od::field& field = field_result.value_unsafe();
      Key k = Key::other;
      if (auto e = key_of_field(field, k))
        return e;
      od::value& value = field.value();
      error_code e = simdjson::SUCCESS;
      if (k == Key::id) {
        e = read_string(value, {"id"}, enc.id, id_given_, 2);
        if (!e && id_given_ && enc.id.size() > kMaxIdBytes) {
          fail("input.id-too-long", "id must be at most {} bytes, got {} bytes", kMaxIdBytes,
               enc.id.size());
          id_given_ = false;  // the record is named #N instead
        }
      } else if (k == Key::date) {
        e = read_date(value);
      } else if (k == Key::payer) {
        e = read_optional_string(value, {"payer"}, enc.payer, 2);
      } else if (k == Key::discipline) {
        e = read_optional_string(value, {"discipline"}, enc.discipline, 2);
      } else if (k == Key::services) {
        e = read_services(value, services_given);
      } else {
        e = walk(value, 2);
      }
      if (e)
        return e;
    }
    if (!services_given) {
      fail("input.services-missing",
           "services is missing: an encounter needs a services array, e.g. "
           "[{{\"code\": \"97110\", \"minutes\": 15}}]");
    }
    return simdjson::SUCCESS;
  }

  error_code read_date(od::value& value) {
    Encounter& enc = item_->encounter;
    od::json_type type{};
    if (auto e = value.type().get(type))
      return e;
    if (type == od::json_type::null) {
      enc.date.reset();
      return walk(value, 2);
    }
    if (type != od::json_type::string) {
      fail("input.field-type", "date must be a string YYYY-MM-DD, got {}", got(value, type));
      return walk(value, 2);
    }
    // What got() would quote, taken before the string is read; made a message only if needed.
    const std::string_view token = value.raw_json_token();
    std::string_view text;
    if (auto e = value.get_string().get(text))
      return e;
    enc.date = dates_.parse(text);
    if (!enc.date) {
      fail("input.date-invalid",
           "date must be a real calendar date YYYY-MM-DD (years 1900 to 9999), got {}",
           excerpt(trim_right(token)));
    }
    return simdjson::SUCCESS;
  }

  error_code read_services(od::value& value, bool& given) {
    od::json_type type{};
    if (auto e = value.type().get(type))
      return e;
    if (type == od::json_type::null) {
      given = false;
      return walk(value, 2);
    }
    if (type != od::json_type::array) {
      fail("input.field-type", "services must be an array, got {}", got(value, type));
      return walk(value, 2);
    }
    given = true;
    service_count_ = 0;
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
        fail("input.field-type", "services[{}] must be an object, got {}", index,
             got(element, type));
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

  // The services array of the fast path (see read_plain).
  bool read_plain_services(PlainJson& in) {
    service_count_ = 0;
    if (!in.take('['))
      return false;
    if (in.take(']'))
      return true;
    do {
      Service& service = next_service();
      if (!in.take('{'))
        return false;
      unsigned seen = 0;
      do {
        Key k = Key::other;
        std::string_view text;
        if (!plain_key(in, seen, k))
          return false;
        if (k == Key::code) {
          if (!in.string(text) || text.empty())
            return false;
          service.code.assign(text);
        } else if (k == Key::minutes) {
          std::int64_t minutes = 0;
          if (!in.whole_number(kMaxDayMinutes, minutes))
            return false;
          service.minutes = minutes;
        } else if (k == Key::modifiers) {
          if (!in.take('['))
            return false;
          if (!in.take(']')) {
            do {
              if (!in.string(text))
                return false;
              service.modifiers.emplace_back(text);
            } while (in.take(','));
            if (!in.take(']'))
              return false;
          }
        } else if (k == Key::discipline) {
          if (!in.string(text))
            return false;
          service.discipline.emplace(text);
        } else {
          return false;
        }
      } while (in.take(','));
      if (!in.take('}') || (seen & key_bit(Key::code)) == 0)
        return false;
    } while (in.take(','));
    return in.take(']');
  }

  // The next reusable service slot of the encounter, emptied.
  Service& next_service() {
    std::vector<Service>& services = item_->encounter.services;
    if (service_count_ == services.size()) {
      if (spare_services_.empty()) {
        services.emplace_back();
      } else {
        services.push_back(std::move(spare_services_.back()));
        spare_services_.pop_back();
      }
    }
    Service& service = services[service_count_++];
    service.code.clear();
    service.minutes.reset();
    service.modifiers.clear();
    service.discipline.reset();
    return service;
  }

  error_code read_service(od::value& value, std::size_t index) {
    Service& service = next_service();
    od::object object;
    if (auto e = value.get_object().get(object))
      return e;
    const auto service_index = static_cast<std::int64_t>(index);
    bool code_given = false;
    bool start_given = false;
    bool end_given = false;
    std::optional<std::int64_t> start;
    std::optional<std::int64_t> end;
    for (auto field_result : object) {
      // The field is used in place: copying it out of the result costs a store-forwarding stall.
      if (auto e = field_result.error())
        return e;
      od::field& field = field_result.value_unsafe();
      Key k = Key::other;
      if (auto e = key_of_field(field, k))
        return e;
      od::value& field_value = field.value();
      error_code e = simdjson::SUCCESS;
      if (k == Key::code) {
        e = read_string(field_value, {"code", service_index}, service.code, code_given, 4);
      } else if (k == Key::minutes) {
        e = read_minutes(field_value, index, service.minutes);
      } else if (k == Key::modifiers) {
        e = read_modifiers(field_value, index, service.modifiers);
      } else if (k == Key::discipline) {
        e = read_optional_string(field_value, {"discipline", service_index}, service.discipline, 4);
      } else if (k == Key::start) {
        e = read_time(field_value, index, "start", start, start_given);
      } else if (k == Key::end) {
        e = read_time(field_value, index, "end", end, end_given);
      } else {
        e = walk(field_value, 4);
      }
      if (e)
        return e;
    }
    if (!code_given || service.code.empty()) {
      fail("input.code-missing", "services[{}].code is missing: every service needs a code", index);
    }
    if (start_given != end_given) {
      fail("input.time-incomplete",
           "services[{}] has {} but no {}: give both start and end (HH:MM), or minutes", index,
           start_given ? "start" : "end", start_given ? "end" : "start");
    } else if (start && end) {
      if (*end < *start) {
        fail("input.time-invalid", "services[{}].end {} is before start {}", index,
             format_time_of_day(*end), format_time_of_day(*start));
      } else if (service.minutes && *service.minutes != *end - *start) {
        fail("input.minutes-conflict",
             "services[{}].minutes is {} but start {} to end {} is {} minutes", index,
             *service.minutes, format_time_of_day(*start), format_time_of_day(*end), *end - *start);
      } else {
        service.minutes = *end - *start;
      }
    }
    return simdjson::SUCCESS;
  }

  error_code read_minutes(od::value& value, std::size_t index,
                          std::optional<std::int64_t>& minutes) {
    od::json_type type{};
    if (auto e = value.type().get(type))
      return e;
    if (type == od::json_type::null) {
      minutes.reset();
      return walk(value, 4);
    }
    if (type != od::json_type::number) {
      fail("input.minutes-not-integer",
           "services[{}].minutes must be a non-negative whole number, got {}", index,
           got(value, type));
      return walk(value, 4);
    }
    // The common case first: a whole number of a day's minutes or fewer, which simdjson reads
    // (and checks to be a JSON integer) without the text being looked at twice. Anything else,
    // or a failure, takes the general path below, which quotes the number as written.
    std::int64_t plain = 0;
    if (value.get_int64().get(plain) == simdjson::SUCCESS && plain >= 0 &&
        plain <= kMaxDayMinutes) {
      minutes = plain;
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
          fail("input.minutes-not-integer",
               "services[{}].minutes must be a non-negative whole number, got {}", index,
               excerpt(token));
          return simdjson::SUCCESS;
        }
      } else if (ec == std::errc()) {
        if (number < 0) {
          fail("input.minutes-negative",
               "services[{}].minutes must be a non-negative whole number, got {}", index,
               excerpt(token));
          return simdjson::SUCCESS;
        }
        if (number != std::floor(number)) {
          fail("input.minutes-not-integer",
               "services[{}].minutes must be a non-negative whole number, got {}", index,
               excerpt(token));
          return simdjson::SUCCESS;
        }
        if (number > static_cast<double>(kMaxDayMinutes)) {
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
      fail("input.minutes-negative",
           "services[{}].minutes must be a non-negative whole number, got {}", index,
           excerpt(token));
    } else if (out_of_range || !whole_ok || whole > kMaxDayMinutes) {
      fail("input.minutes-too-large",
           "services[{}].minutes must be at most {}, got {}: more than 24 hours in a day", index,
           kMaxDayMinutes, excerpt(token));
    } else {
      minutes = whole;
    }
    return simdjson::SUCCESS;
  }

  error_code read_modifiers(od::value& value, std::size_t index,
                            std::vector<std::string>& modifiers) {
    od::json_type type{};
    if (auto e = value.type().get(type))
      return e;
    if (type == od::json_type::null) {
      modifiers.clear();
      return walk(value, 4);
    }
    if (type != od::json_type::array) {
      fail("input.field-type", "services[{}].modifiers must be an array of strings, got {}", index,
           got(value, type));
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
        fail("input.field-type", "services[{}].modifiers[{}] must be a string, got {}", index,
             position, got(element, type));
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

  error_code read_time(od::value& value, std::size_t index, std::string_view which,
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
    if (!time) {
      fail("input.time-invalid", "services[{}].{} must be a time HH:MM (00:00 to 23:59), got {}",
           index, which, quoted);
    }
    return simdjson::SUCCESS;
  }

  // lang::parse_date's answers for the 10-byte texts seen last: a batch holds few dates. Two
  // ways per set, the older one replaced.
  class DateMemo {
   public:
    std::optional<lang::Date> parse(std::string_view text) {
      if (text.size() != 10)
        return lang::parse_date(text);
      std::uint64_t head = 0;
      std::uint16_t tail = 0;
      std::memcpy(&head, text.data(), 8);
      std::memcpy(&tail, text.data() + 8, 2);
      const std::uint64_t h = (head ^ (std::uint64_t{tail} << 48)) * 0x9E3779B97F4A7C15ULL;
      Slot* set = &slots_[2 * static_cast<std::size_t>(h >> 55)];  // kSets == 512
      for (int way = 0; way < 2; ++way) {
        const Slot& slot = set[way];
        if (slot.used && slot.head == head && slot.tail == tail) {
          if (!slot.valid)
            return std::nullopt;
          return lang::Date{slot.days};
        }
      }
      const std::optional<lang::Date> date = lang::parse_date(text);
      set[1] = set[0];
      set[0] = {head, tail, true, date.has_value(), date ? date->days : 0};
      return date;
    }

   private:
    static constexpr std::size_t kSets = 512;
    struct Slot {
      std::uint64_t head = 0;
      std::uint16_t tail = 0;
      bool used = false;
      bool valid = false;  // parse_date gave a date
      std::int32_t days = 0;
    };
    std::array<Slot, 2 * kSets> slots_{};
  };

  od::parser parser_;
  od::document doc_;
  DateMemo dates_;
  std::vector<Service> spare_services_;  // see end()
  ReadItem* item_ = nullptr;
  std::int64_t n_ = 0;
  bool id_given_ = false;
  std::size_t service_count_ = 0;
  std::int64_t plain_count_ = 0;
};

enum class Mode { detect, lines, array, done };

enum class LineKind { line, too_long, end };

// Parses one line of JSON Lines as encounter `n`: by the fast path when `plain_path` is set and
// the line has the plain shape, else copied into `line_buf` with simdjson's padding and parsed
// by simdjson. Returns false if it is not valid JSON (the item then says so).
bool parse_json_line(JsonReader& json, std::vector<char>& line_buf, std::string_view line,
                     std::int64_t n, ReadItem& item, bool plain_path) {
  const std::size_t capacity = line.size() + simdjson::SIMDJSON_PADDING;
  if (line_buf.size() < capacity)
    line_buf.resize(capacity);
  std::memcpy(line_buf.data(), line.data(), line.size());
  json.begin(item, n);
  if (plain_path) {
    line_buf[line.size()] = '\0';  // the fast path's sentinel
    if (json.read_plain(PlainJson(line_buf.data(), line.size()))) {
      json.count_plain();
      json.end();
      return true;
    }
    json.begin(item, n);
  }
  std::memset(line_buf.data() + line.size(), ' ', simdjson::SIMDJSON_PADDING);
  const error_code error = json.parse_text(line_buf.data(), line.size(), line_buf.size(), "line");
  if (error) {
    json.json_failed("line", error);
    json.rescue_id(line);
  }
  json.end();
  return !error;
}

// Makes `item` the error record `id` of encounter `n`.
void fill_error_item(JsonReader& json, ReadItem& item, std::int64_t n, const char* id,
                     std::string message) {
  json.begin(item, n);
  json.end();
  item.ok = false;
  item.error.id.assign(id);
  item.error.message = std::move(message);
}

// The message of an `input.line-too-long` record.
std::string line_too_long_message(std::size_t max_line_bytes) {
  return fmt::format(
      "line is longer than {} bytes; each encounter of JSON Lines must fit on one line",
      max_line_bytes);
}

}  // namespace

const char* shape_name(InputShape shape) {
  switch (shape) {
    case InputShape::unknown:
      return "unknown";
    case InputShape::empty:
      return "empty";
    case InputShape::object:
      return "object";
    case InputShape::array:
      return "array";
    case InputShape::json_lines:
      return "json-lines";
  }
  return "unknown";
}

struct EncounterReader::State {
  // The source: a file (through its descriptor when it has one) or an in-memory text.
  std::FILE* file = nullptr;
  int fd = -1;
  std::string text;
  std::size_t text_pos = 0;
  std::string name;
  ReaderOptions options;

  // Unconsumed input is buf[begin, end); buf always has SIMDJSON_PADDING bytes beyond end.
  std::vector<char> buf;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool eof = false;
  int read_errno = 0;
  bool read_error_reported = false;
  bool too_large = false;    // read_all() stopped at options.max_whole_bytes
  std::int64_t line_no = 0;  // lines consumed so far
  bool long_line_blank = false;

  Mode mode = Mode::detect;
  InputShape shape = InputShape::unknown;

  JsonReader json;
  std::vector<char> line_buf;  // one line, padded for simdjson
  od::array array;
  od::array_iterator array_it;
  od::array_iterator array_end;
  std::int64_t array_position = 0;

  std::size_t read_source(char* dst, std::size_t n) {
    if (file == nullptr) {
      const std::size_t count = std::min(n, text.size() - text_pos);
      std::memcpy(dst, text.data() + text_pos, count);
      text_pos += count;
      return count;
    }
    if (fd >= 0) {
      for (;;) {
        const ssize_t got = ::read(fd, dst, n);
        if (got >= 0)
          return static_cast<std::size_t>(got);
        if (errno == EINTR)
          continue;
        read_errno = errno;
        return 0;
      }
    }
    const std::size_t got = std::fread(dst, 1, n, file);
    if (got == 0 && std::ferror(file))
      read_errno = errno != 0 ? errno : EIO;
    return got;
  }

  // Moves unconsumed bytes to the front and reads one more chunk after them.
  void fill() {
    if (eof)
      return;
    if (begin > 0) {
      std::memmove(buf.data(), buf.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    const std::size_t want = std::max<std::size_t>(options.chunk_bytes, 1);
    if (buf.size() < end + want + simdjson::SIMDJSON_PADDING) {
      buf.resize(end + want + simdjson::SIMDJSON_PADDING);
    }
    const std::size_t got = read_source(buf.data() + end, want);
    if (got == 0)
      eof = true;
    end += got;
  }

  void read_all() {
    struct stat status {};
    if (fd >= 0 && ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode)) {
      const off_t offset = ::lseek(fd, 0, SEEK_CUR);
      if (offset >= 0 && status.st_size > offset) {
        const std::size_t rest =
            std::min(static_cast<std::size_t>(status.st_size - offset), options.max_whole_bytes);
        buf.reserve(end - begin + rest + options.chunk_bytes + simdjson::SIMDJSON_PADDING);
      }
    }
    while (!eof && end - begin <= options.max_whole_bytes)
      fill();
    too_large = end - begin > options.max_whole_bytes;
  }

  // Discards the rest of a line longer than the limit, up to and including its newline.
  LineKind skip_long_line() {
    bool blank = is_blank({buf.data() + begin, end - begin});
    begin = end = 0;
    for (;;) {
      if (eof)
        break;
      fill();
      const char* data = buf.data();
      if (const void* found = std::memchr(data + begin, '\n', end - begin)) {
        const std::size_t newline =
            static_cast<std::size_t>(static_cast<const char*>(found) - data);
        blank = blank && is_blank({data + begin, newline - begin});
        begin = newline + 1;
        break;
      }
      blank = blank && is_blank({data + begin, end - begin});
      begin = end = 0;
    }
    ++line_no;
    long_line_blank = blank;
    return LineKind::too_long;
  }

  // The next line, without its line end ("\n" or "\r\n"); valid until the next call.
  LineKind next_line(std::string_view& line) {
    std::size_t scanned = 0;  // bytes after `begin` known to hold no newline
    const std::size_t max_line = options.max_line_bytes;
    for (;;) {
      const char* data = buf.data();
      const void* found = end > begin + scanned
                              ? std::memchr(data + begin + scanned, '\n', end - begin - scanned)
                              : nullptr;
      std::size_t length = 0;
      if (found != nullptr) {
        const std::size_t newline =
            static_cast<std::size_t>(static_cast<const char*>(found) - data);
        length = newline - begin;
        line = {data + begin, length};
        begin = newline + 1;
      } else {
        scanned = end - begin;
        if (scanned > max_line + 1)
          return skip_long_line();
        if (!eof) {
          fill();
          continue;
        }
        if (scanned == 0)
          return LineKind::end;
        line = {data + begin, scanned};
        begin = end;
      }
      ++line_no;
      if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
      if (line.size() > max_line) {
        long_line_blank = is_blank(line);
        return LineKind::too_long;
      }
      return LineKind::line;
    }
  }

  // Parses one line as an encounter. Returns false if it is not valid JSON (item then says so).
  bool parse_line(std::string_view line, std::int64_t n, ReadItem& item) {
    return parse_json_line(json, line_buf, line, n, item, options.plain_fast_path);
  }

  void error_item(ReadItem& item, std::int64_t n, const char* id, std::string message) {
    fill_error_item(json, item, n, id, std::move(message));
  }

  // Reports a read error once, as a last item.
  bool finish(ReadItem& item) {
    mode = Mode::done;
    if (read_errno != 0 && !read_error_reported) {
      read_error_reported = true;
      error_item(item, line_no + 1, "input.read-failed",
                 fmt::format("reading {} failed: {}", name, std::strerror(read_errno)));
      return true;
    }
    return false;
  }

  // The next line that gives a record: blank lines, and over-long lines that are blank, are
  // skipped. `line` is set for LineKind::line only; line_no is the line's number.
  LineKind next_record_line(std::string_view& line) {
    for (;;) {
      switch (next_line(line)) {
        case LineKind::end:
          return LineKind::end;
        case LineKind::too_long:
          if (long_line_blank)
            continue;
          return LineKind::too_long;
        case LineKind::line:
          if (is_blank(line))
            continue;
          return LineKind::line;
      }
    }
  }

  bool next_json_line(ReadItem& item) {
    std::string_view line;
    switch (next_record_line(line)) {
      case LineKind::end:
        return finish(item);
      case LineKind::too_long:
        error_item(item, line_no, "input.line-too-long",
                   line_too_long_message(options.max_line_bytes));
        return true;
      case LineKind::line:
        parse_line(line, line_no, item);
        return true;
    }
    return false;
  }

  bool next_array_element(ReadItem& item) {
    if (!(array_it != array_end))
      return finish(item);
    od::value value;
    const error_code error = (*array_it).get(value);
    ++array_position;
    json.begin(item, array_position);
    if (error) {
      json.json_failed("input", error);
      json.end();
      mode = Mode::done;
      return true;
    }
    if (const error_code e = json.read_element(value, array_position)) {
      json.json_failed("input", e);
      json.end();
      mode = Mode::done;
      return true;
    }
    json.end();
    ++array_it;
    return true;
  }

  // Pads the whole input held in buf for simdjson.
  void pad_buffer() {
    if (buf.size() < end + simdjson::SIMDJSON_PADDING)
      buf.resize(end + simdjson::SIMDJSON_PADDING);
    std::memset(buf.data() + end, ' ', simdjson::SIMDJSON_PADDING);
  }

  bool start_array(ReadItem& item) {
    shape = InputShape::array;
    read_all();
    if (read_errno != 0)
      return finish(item);
    if (too_large) {
      error_item(item, 1, "input.too-large",
                 fmt::format("the input is a JSON array of more than {} bytes, which would be read "
                             "whole; give the encounters as JSON Lines (one per line), which are "
                             "read as they come",
                             options.max_whole_bytes));
      mode = Mode::done;
      return true;
    }
    pad_buffer();
    error_code error = json.start_array(buf.data() + begin, end - begin, buf.size() - begin, array);
    if (!error)
      error = array.begin().get(array_it);
    if (!error)
      error = array.end().get(array_end);
    if (error) {
      json.begin(item, 1);
      json.json_failed("input", error);
      json.end();
      mode = Mode::done;
      return true;
    }
    mode = Mode::array;
    return next_array_element(item);
  }

  // Starts with `{`: JSON Lines if the first line alone is one JSON value, else one object
  // spread over lines, else JSON Lines after all (each line then its own error record).
  bool start_brace(ReadItem& item) {
    std::size_t scanned = 0;
    std::size_t line_end = 0;
    bool found = false;
    for (;;) {
      const char* data = buf.data();
      if (const void* hit = end > begin + scanned
                                ? std::memchr(data + begin + scanned, '\n', end - begin - scanned)
                                : nullptr) {
        line_end = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
        found = true;
        break;
      }
      scanned = end - begin;
      if (scanned > options.max_line_bytes + 1 || eof)
        break;
      fill();
    }
    if (found || eof) {
      const std::size_t stop = found ? line_end : end;
      std::string_view line{buf.data() + begin, stop - begin};
      if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
      if (line.size() <= options.max_line_bytes && parse_line(line, line_no + 1, item)) {
        begin = found ? line_end + 1 : end;
        ++line_no;
        shape = InputShape::json_lines;
        mode = Mode::lines;
        return true;
      }
    }
    read_all();
    if (read_errno != 0)
      return finish(item);
    // An object spread over lines is read whole up to the limit; past it, the input can only be
    // JSON Lines (whose first line then is an error record).
    error_code error = simdjson::CAPACITY;
    if (!too_large) {
      pad_buffer();
      json.begin(item, 1);
      error = json.parse_text(buf.data() + begin, end - begin, buf.size() - begin, "input");
      json.end();
    }
    if (!error) {
      shape = InputShape::object;
      mode = Mode::done;
      return true;
    }
    shape = InputShape::json_lines;
    mode = Mode::lines;
    return next_json_line(item);
  }

  bool detect(ReadItem& item) {
    while (end - begin < 3 && !eof)
      fill();
    if (end - begin >= 3 && std::memcmp(buf.data() + begin, "\xEF\xBB\xBF", 3) == 0)
      begin += 3;
    for (;;) {
      while (begin < end && is_json_space(buf[begin])) {
        if (buf[begin] == '\n')
          ++line_no;
        ++begin;
      }
      if (begin < end || eof)
        break;
      fill();
    }
    if (begin == end) {
      shape = InputShape::empty;
      return finish(item);
    }
    switch (buf[begin]) {
      case '[':
        return start_array(item);
      case '{':
        return start_brace(item);
      default:
        shape = InputShape::json_lines;
        mode = Mode::lines;
        return next_json_line(item);
    }
  }
};

EncounterReader::EncounterReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
EncounterReader::EncounterReader(EncounterReader&& other) noexcept = default;
EncounterReader& EncounterReader::operator=(EncounterReader&& other) noexcept = default;
EncounterReader::~EncounterReader() = default;

EncounterReader EncounterReader::from_file(std::FILE* file, std::string name,
                                           ReaderOptions options) {
  auto state = std::make_unique<State>();
  state->file = file;
  state->fd = file != nullptr ? ::fileno(file) : -1;
  state->name = std::move(name);
  state->options = options;
  if (file == nullptr)
    state->eof = true;
  return EncounterReader(std::move(state));
}

EncounterReader EncounterReader::from_string(std::string text, std::string name,
                                             ReaderOptions options) {
  auto state = std::make_unique<State>();
  state->text = std::move(text);
  state->name = std::move(name);
  state->options = options;
  return EncounterReader(std::move(state));
}

bool EncounterReader::next(ReadItem& item) {
  State& s = *state_;
  switch (s.mode) {
    case Mode::detect:
      return s.detect(item);
    case Mode::lines:
      return s.next_json_line(item);
    case Mode::array:
      return s.next_array_element(item);
    case Mode::done:
      return s.finish(item);
  }
  return false;
}

InputShape EncounterReader::shape() const {
  return state_->shape;
}

std::string EncounterReader::describe_shape() const {
  switch (state_->shape) {
    case InputShape::unknown:
      return "not read yet";
    case InputShape::empty:
      return "empty input";
    case InputShape::object:
      return "a single JSON object";
    case InputShape::array:
      return "a JSON array";
    case InputShape::json_lines:
      return "JSON Lines";
  }
  return "not read yet";
}

const std::string& EncounterReader::name() const {
  return state_->name;
}

bool EncounterReader::next_raw_line(RawLine& line) {
  State& s = *state_;
  if (s.mode != Mode::lines)
    return false;
  std::string_view text;
  const LineKind kind = s.next_record_line(text);
  if (kind == LineKind::end)
    return false;  // next() then gives the last item of a read error, if there was one
  line.text = kind == LineKind::line ? text : std::string_view();
  line.number = s.line_no;
  line.too_long = kind == LineKind::too_long;
  return true;
}

struct LineParser::Impl {
  ReaderOptions options;
  JsonReader json;
  std::vector<char> line_buf;
};

LineParser::LineParser(ReaderOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
LineParser::LineParser(LineParser&& other) noexcept = default;
LineParser& LineParser::operator=(LineParser&& other) noexcept = default;
LineParser::~LineParser() = default;

bool LineParser::parse(std::string_view line, std::int64_t line_number, ReadItem& item) {
  Impl& p = *impl_;
  if (is_blank(line))
    return false;
  if (line.size() > p.options.max_line_bytes) {
    too_long(line_number, item);
    return true;
  }
  parse_json_line(p.json, p.line_buf, line, line_number, item, p.options.plain_fast_path);
  return true;
}

std::int64_t LineParser::plain_lines() const {
  return impl_->json.plain_count();
}

void LineParser::too_long(std::int64_t line_number, ReadItem& item) {
  Impl& p = *impl_;
  fill_error_item(p.json, item, line_number, "input.line-too-long",
                  line_too_long_message(p.options.max_line_bytes));
}

bool LineParser::parse(const RawLine& line, ReadItem& item) {
  if (line.too_long) {
    too_long(line.number, item);
    return true;
  }
  return parse(line.text, line.number, item);
}

}  // namespace cptrules::interp
