// EncounterReader: tells the input's shape apart and gives its encounters one at a time;
// LineParser: the same per-line reading for other threads.
#include "encounter_reader.hpp"

#include <optional>
#include <string_view>
#include <utility>

#include <simdjson.h>

#include "csv_encounters.hpp"
#include "csv_stream.hpp"
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

enum class Mode { detect, lines, array, csv, done };

// True when the first line of JSON input is a row of comma-separated names (a CSV header): it
// has a comma and none of the characters that JSON Lines need ({}[]:).
bool looks_like_csv(std::string_view line) {
  return line.find(',') != std::string_view::npos &&
         line.find_first_of("{}[]:") == std::string_view::npos;
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
    case InputShape::csv:
      return "csv";
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
  std::unique_ptr<reader::CsvStream> csv;  // CSV input
  reader::CsvEncounters csv_rows{parser.builder()};
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
      const std::int64_t n = csv ? csv->next_row() : in.line_no() + 1;
      input_error::read_failed(parser.error_record(item, n), in.name(), in.read_errno());
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

  // The next encounter of CSV input: its rows read, or the error the reading found.
  bool next_csv(ReadItem& item) {
    if (!csv->peek())
      return finish(item);
    const reader::CsvStream::Group& group = csv->group();
    reader::EncounterBuilder& builder = parser.builder();
    builder.begin(item, group.first_row);
    if (group.failed) {
      if (!group.id.empty() && group.id.size() <= kMaxIdBytes)
        builder.take_id(group.id);
      builder.fail() = group.error;
    } else {
      csv_rows.read(group.rows, group.first_row, csv->columns());
    }
    builder.end();
    csv->take();
    return true;
  }

  bool start_csv(ReadItem& item) {
    if (!csv)
      csv = std::make_unique<reader::CsvStream>(in, in.options().columns);
    switch (csv->start()) {
      case reader::CsvStream::Start::empty:
        shape = InputShape::empty;
        return finish(item);
      case reader::CsvStream::Start::looks_like_json:
        shape = InputShape::csv;
        input_error::csv_format_mismatch(parser.error_record(item, in.line_no() + 1), true);
        mode = Mode::done;
        return true;
      case reader::CsvStream::Start::bad_header: {
        shape = InputShape::csv;
        ErrorInfo& error = parser.error_record(item, in.line_no() + 1);
        input_error::csv_header_invalid(error, csv->header_error());
        mode = Mode::done;
        return true;
      }
      case reader::CsvStream::Start::ok:
        break;
    }
    shape = InputShape::csv;
    mode = Mode::csv;
    return next_csv(item);
  }

  bool detect(ReadItem& item) {
    if (in.options().format == InputFormat::csv)
      return start_csv(item);
    const int first = in.first_value_byte();
    if (first != -1 && first != '[' && first != '{') {
      if (const auto line = in.first_line(); line && looks_like_csv(*line)) {
        shape = InputShape::json_lines;
        input_error::csv_format_mismatch(parser.error_record(item, in.line_no() + 1), false);
        mode = Mode::done;
        return true;
      }
    }
    switch (first) {
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
    case Mode::csv:
      return s.next_csv(item);
    case Mode::done:
      return s.finish(item);
  }
  return false;
}

std::optional<std::string> EncounterReader::start() {
  State& s = *state_;
  if (s.in.options().format != InputFormat::csv)
    return std::nullopt;
  if (!s.csv)
    s.csv = std::make_unique<reader::CsvStream>(s.in, s.in.options().columns);
  if (s.csv->start() == reader::CsvStream::Start::bad_header)
    return s.csv->header_error();
  return std::nullopt;
}

InputShape EncounterReader::shape() const {
  return state_->shape;
}

bool EncounterReader::gives_raw_lines() const {
  return state_->mode == Mode::lines || state_->mode == Mode::csv;
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
    case InputShape::csv:
      return "CSV";
  }
  return "not read yet";
}

const std::string& EncounterReader::name() const {
  return state_->in.name();
}

bool EncounterReader::next_raw_line(RawLine& line) {
  State& s = *state_;
  if (s.mode == Mode::csv) {
    if (!s.csv->peek() || s.csv->group().failed)
      return false;  // next() gives the end, or the error record
    line.text = s.csv->group().rows;
    line.number = s.csv->group().first_row;
    line.too_long = false;
    line.csv = &s.csv->columns();
    s.csv->take();
    return true;
  }
  if (s.mode != Mode::lines)
    return false;
  std::string_view text;
  const LineKind kind = s.in.next_record_line(text);
  if (kind == LineKind::end)
    return false;  // next() then gives the last item of a read error, if there was one
  line.text = kind == LineKind::line ? text : std::string_view();
  line.number = s.in.line_no();
  line.too_long = kind == LineKind::too_long;
  line.csv = nullptr;
  return true;
}

struct LineParser::Impl {
  ReaderOptions options;
  reader::EncounterParser parser;
  reader::CsvEncounters csv_rows{parser.builder()};
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
  if (line.csv != nullptr) {
    reader::EncounterBuilder& builder = impl_->parser.builder();
    builder.begin(item, line.number);
    impl_->csv_rows.read(line.text, line.number, *line.csv);
    builder.end();
    return true;
  }
  if (line.too_long) {
    too_long(line.number, item);
    return true;
  }
  return parse(line.text, line.number, item);
}

}  // namespace cptrules::interp
