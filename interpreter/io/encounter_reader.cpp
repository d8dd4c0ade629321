// EncounterReader: tells the input's shape apart and gives its encounters one at a time;
// LineParser: the same per-line reading for other threads.
#include "encounter_reader.hpp"

#include <optional>
#include <string_view>
#include <utility>

#include <simdjson.h>

#include "encounter_parser.hpp"
#include "input_errors.hpp"
#include "input_source.hpp"
#include "reader_internal.hpp"

namespace cptrules::interp {

namespace {

namespace od = simdjson::ondemand;
using reader::InputSource;
using reader::LineKind;
using simdjson::error_code;

enum class Mode { detect, lines, array, done };

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
  explicit State(InputSource source) : in(std::move(source)) {}

  InputSource in;
  bool read_error_reported = false;
  Mode mode = Mode::detect;
  InputShape shape = InputShape::unknown;
  reader::EncounterParser parser;
  od::array array;
  od::array_iterator array_it;
  od::array_iterator array_end;
  std::int64_t array_position = 0;

  // Parses one line as an encounter. Returns false if it is not valid JSON (item then says so).
  bool parse_line(std::string_view line, std::int64_t n, ReadItem& item) {
    return parser.parse_line(line, n, item, in.options().plain_fast_path);
  }

  // Makes `item` the `input.json-malformed` record of encounter `n` of an array or a whole text.
  void json_failed(ReadItem& item, std::int64_t n, error_code error) {
    parser.builder().begin(item, n);
    input_error::json_malformed(parser.builder().fail(), "input", error);
    parser.builder().end();
  }

  // Reports a read error once, as a last item.
  bool finish(ReadItem& item) {
    mode = Mode::done;
    if (in.read_errno() != 0 && !read_error_reported) {
      read_error_reported = true;
      input_error::read_failed(parser.error_record(item, in.line_no() + 1), in.name(),
                               in.read_errno());
      return true;
    }
    return false;
  }

  bool next_json_line(ReadItem& item) {
    std::string_view line;
    switch (in.next_record_line(line)) {
      case LineKind::end:
        return finish(item);
      case LineKind::too_long:
        input_error::line_too_long(parser.error_record(item, in.line_no()),
                                   in.options().max_line_bytes);
        return true;
      case LineKind::line:
        parse_line(line, in.line_no(), item);
        return true;
    }
    return false;
  }

  bool next_array_element(ReadItem& item) {
    if (!(array_it != array_end))
      return finish(item);
    od::value value;
    error_code error = (*array_it).get(value);
    ++array_position;
    reader::EncounterBuilder& builder = parser.builder();
    builder.begin(item, array_position);
    if (!error)
      error = parser.json().read_element(value, array_position);
    if (error) {
      input_error::json_malformed(builder.fail(), "input", error);
      builder.end();
      mode = Mode::done;
      return true;
    }
    builder.end();
    ++array_it;
    return true;
  }

  bool start_array(ReadItem& item) {
    shape = InputShape::array;
    in.read_all();
    if (in.read_errno() != 0)
      return finish(item);
    if (in.too_large()) {
      input_error::too_large(parser.error_record(item, 1), in.options().max_whole_bytes);
      mode = Mode::done;
      return true;
    }
    const InputSource::Held held = in.padded();
    error_code error = parser.json().start_array(held.data, held.size, held.capacity, array);
    if (!error)
      error = array.begin().get(array_it);
    if (!error)
      error = array.end().get(array_end);
    if (error) {
      json_failed(item, 1, error);
      mode = Mode::done;
      return true;
    }
    mode = Mode::array;
    return next_array_element(item);
  }

  // Starts with `{`: JSON Lines if the first line alone is one JSON value, else one object
  // spread over lines, else JSON Lines after all (each line then its own error record).
  bool start_brace(ReadItem& item) {
    const std::optional<std::string_view> line = in.first_line();
    if (line && line->size() <= in.options().max_line_bytes &&
        parse_line(*line, in.line_no() + 1, item)) {
      in.take_first_line();
      shape = InputShape::json_lines;
      mode = Mode::lines;
      return true;
    }
    in.read_all();
    if (in.read_errno() != 0)
      return finish(item);
    // An object spread over lines is read whole up to the limit; past it, the input can only be
    // JSON Lines (whose first line then is an error record).
    error_code error = simdjson::CAPACITY;
    if (!in.too_large()) {
      const InputSource::Held held = in.padded();
      parser.builder().begin(item, 1);
      error = parser.json().parse_text(held.data, held.size, held.capacity, "input");
      parser.builder().end();
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
    switch (in.first_value_byte()) {
      case -1:
        shape = InputShape::empty;
        return finish(item);
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
  return EncounterReader(std::make_unique<State>(InputSource(file, std::move(name), options)));
}

EncounterReader EncounterReader::from_string(std::string text, std::string name,
                                             ReaderOptions options) {
  return EncounterReader(
      std::make_unique<State>(InputSource(std::move(text), std::move(name), options)));
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
  return state_->in.name();
}

bool EncounterReader::next_raw_line(RawLine& line) {
  State& s = *state_;
  if (s.mode != Mode::lines)
    return false;
  std::string_view text;
  const LineKind kind = s.in.next_record_line(text);
  if (kind == LineKind::end)
    return false;  // next() then gives the last item of a read error, if there was one
  line.text = kind == LineKind::line ? text : std::string_view();
  line.number = s.in.line_no();
  line.too_long = kind == LineKind::too_long;
  return true;
}

struct LineParser::Impl {
  ReaderOptions options;
  reader::EncounterParser parser;
};

LineParser::LineParser(ReaderOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
LineParser::LineParser(LineParser&& other) noexcept = default;
LineParser& LineParser::operator=(LineParser&& other) noexcept = default;
LineParser::~LineParser() = default;

bool LineParser::parse(std::string_view line, std::int64_t line_number, ReadItem& item) {
  Impl& p = *impl_;
  if (reader::is_blank(line))
    return false;
  if (line.size() > p.options.max_line_bytes) {
    too_long(line_number, item);
    return true;
  }
  p.parser.parse_line(line, line_number, item, p.options.plain_fast_path);
  return true;
}

std::int64_t LineParser::plain_lines() const {
  return impl_->parser.plain_lines();
}

void LineParser::too_long(std::int64_t line_number, ReadItem& item) {
  Impl& p = *impl_;
  input_error::line_too_long(p.parser.error_record(item, line_number), p.options.max_line_bytes);
}

bool LineParser::parse(const RawLine& line, ReadItem& item) {
  if (line.too_long) {
    too_long(line.number, item);
    return true;
  }
  return parse(line.text, line.number, item);
}

}  // namespace cptrules::interp
