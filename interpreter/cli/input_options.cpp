// InputOptions: the format of each input (by flag or by the name's .csv ending) and --columns.
#include "input_options.hpp"

#include <fmt/format.h>

namespace cptrules::cli {

namespace {

bool ends_with_csv(std::string_view name) {
  if (name.size() < 4)
    return false;
  const std::string_view tail = name.substr(name.size() - 4);
  for (std::size_t i = 0; i < 4; ++i) {
    const char c = tail[i];
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != ".csv"[i])
      return false;
  }
  return true;
}

}  // namespace

void InputOptions::add_to(CLI::App& command) {
  command
      .add_option("--input-format", format,
                  "How the inputs are written: json (a single object, an array or JSON Lines) or "
                  "csv (one row per service line, a header first); default: csv for a file "
                  "whose name ends in .csv, else json")
      ->check(CLI::IsMember({"json", "csv"}));
  command
      .add_option("--columns", columns,
                  "The header names of a CSV export's columns that are not named as by default, "
                  "e.g. code=CPT,minutes=Mins (fields: encounter_id, date, payer, discipline, "
                  "code, minutes, start, end, modifiers, billed_units)")
      ->type_name("MAP");
}

std::optional<std::vector<interp::ReaderOptions>> InputOptions::reader_options(
    const std::vector<std::string>& names, std::string_view command) const {
  interp::reader::CsvColumnMap map;
  if (auto error = interp::reader::parse_csv_column_map(columns, map)) {
    fmt::print(stderr, "{}: --columns: {}\n", command, *error);
    return std::nullopt;
  }
  std::vector<interp::ReaderOptions> out;
  bool any_csv = false;
  for (const std::string& name : names) {
    interp::ReaderOptions options;
    const bool csv = format.empty() ? ends_with_csv(name) : format == "csv";
    if (csv) {
      options.format = interp::InputFormat::csv;
      options.columns = map;
      any_csv = true;
    }
    out.push_back(std::move(options));
  }
  if (!columns.empty() && !any_csv) {
    fmt::print(stderr,
               "{}: --columns maps the columns of CSV input, and no input is CSV: name the file "
               "*.csv or give --input-format csv\n",
               command);
    return std::nullopt;
  }
  return out;
}

bool start_inputs(std::vector<interp::EncounterReader>& readers, std::string_view command) {
  for (interp::EncounterReader& reader : readers) {
    if (auto error = reader.start()) {
      fmt::print(stderr, "{}: {}: {}\n", command, reader.name(), *error);
      return false;
    }
  }
  return true;
}

}  // namespace cptrules::cli
