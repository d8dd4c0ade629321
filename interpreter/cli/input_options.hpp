// InputOptions: --input-format and --columns, of the commands that read encounters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "encounter_reader.hpp"

namespace cptrules::cli {

// How the inputs of `eval` and `diff` are read: JSON unless a file's name ends in .csv or
// --input-format csv is given; --columns maps the header names of CSV input.
struct InputOptions {
  std::string format;   // "", "json" or "csv"
  std::string columns;  // FIELD=HEADER,...

  void add_to(CLI::App& command);

  // The reader options of each input of `names`, in order; nullopt after printing a usage error
  // (prefixed with `command`, e.g. "cptrules eval").
  std::optional<std::vector<interp::ReaderOptions>> reader_options(
      const std::vector<std::string>& names, std::string_view command) const;
};

// Reads the start of each input (the header of CSV), so that an input that cannot be read as
// asked is a usage error before any output; prints it and returns false.
bool start_inputs(std::vector<interp::EncounterReader>& readers, std::string_view command);

}  // namespace cptrules::cli
