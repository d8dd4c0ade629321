// CSV input: cutting rows into cells, comparing header names, and mapping the header's columns.
#include "csv_input.hpp"

#include <cstring>
#include <iterator>

#include <fmt/format.h>

namespace cptrules::interp::reader {

namespace {

constexpr std::array<std::string_view, kCsvFieldCount> kDefaultNames = {
    "encounter_id", "date",  "payer", "discipline",   "code",     "minutes",
    "modifiers",    "start", "end",   "billed_units", "provider", "assistant_minutes"};

// kDefaultNames is in the order of the table below, which is that of CsvField.
constexpr std::array<CsvField, kCsvFieldCount> kNamedFields = {
    CsvField::encounter_id, CsvField::date,     CsvField::payer,
    CsvField::discipline,   CsvField::code,     CsvField::minutes,
    CsvField::modifiers,    CsvField::start,    CsvField::end,
    CsvField::billed_units, CsvField::provider, CsvField::assistant_minutes};

// Fields read only from a column that --columns names: an export's own "Provider" column usually
// holds a person's name, not a provider type of the rules, and would otherwise turn every row
// into an error record.
constexpr bool read_only_when_mapped(CsvField field) {
  return field == CsvField::provider || field == CsvField::assistant_minutes;
}

char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ignored_in_name(char c) {
  return c == ' ' || c == '_' || c == '\t';
}

// The fields' names: all of them, or only those found by their default names.
std::string field_list(bool found_by_default_only) {
  std::string out;
  for (std::size_t i = 0; i < kCsvFieldCount; ++i) {
    if (found_by_default_only && read_only_when_mapped(kNamedFields[i]))
      continue;
    if (!out.empty())
      out += ", ";
    out += kDefaultNames[i];
  }
  return out;
}

}  // namespace

std::string_view csv_field_name(CsvField field) {
  for (std::size_t i = 0; i < kCsvFieldCount; ++i) {
    if (kNamedFields[i] == field)
      return kDefaultNames[i];
  }
  return {};
}

std::optional<CsvField> csv_field_of(std::string_view name) {
  for (std::size_t i = 0; i < kCsvFieldCount; ++i) {
    if (same_column_name(name, kDefaultNames[i]))
      return kNamedFields[i];
  }
  return std::nullopt;
}

bool same_column_name(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  for (;;) {
    while (i < a.size() && ignored_in_name(a[i]))
      ++i;
    while (j < b.size() && ignored_in_name(b[j]))
      ++j;
    if (i == a.size() || j == b.size())
      return i == a.size() && j == b.size();
    if (fold(a[i]) != fold(b[j]))
      return false;
    ++i;
    ++j;
  }
}

std::optional<std::string> parse_csv_column_map(std::string_view text, CsvColumnMap& out) {
  out.clear();
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view pair = trim_cell(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (pair.empty())
      continue;
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return fmt::format(
          "'{}' must be FIELD=HEADER, e.g. code=CPT (the header of the column that "
          "holds the field)",
          pair);
    }
    const std::string_view field = trim_cell(pair.substr(0, eq));
    const std::string_view header = trim_cell(pair.substr(eq + 1));
    const std::optional<CsvField> known = csv_field_of(field);
    if (!known)
      return fmt::format("'{}' is not a field of CSV input; the fields are {}", field,
                         field_list(false));
    if (header.empty())
      return fmt::format("'{}' names no header: write {}=HEADER", pair, field);
    for (const auto& [f, h] : out) {
      if (f == *known)
        return fmt::format("{} is mapped twice", csv_field_name(*known));
    }
    out.emplace_back(*known, std::string(header));
  }
  return std::nullopt;
}

RowScan scan_csv_row(std::string_view text, bool at_eof, std::vector<CsvCell>& cells) {
  cells.clear();
  RowScan scan;
  const char* p = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  const auto need_more = [&] {
    scan.end = at_eof ? RowEnd::unclosed : RowEnd::need_more;
    scan.length = n;
    return scan;
  };
  for (;;) {
    CsvCell cell;
    if (i < n && p[i] == '"') {
      cell.quoted = true;
      cell.begin = static_cast<std::uint32_t>(++i);
      for (;;) {
        const void* hit = i < n ? std::memchr(p + i, '"', n - i) : nullptr;
        const std::size_t quote =
            hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - p) : n;
        if (scan.quoted_newline == std::string_view::npos) {
          if (const void* nl = quote > i ? std::memchr(p + i, '\n', quote - i) : nullptr)
            scan.quoted_newline = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
        }
        if (hit == nullptr)
          return need_more();
        if (quote + 1 < n && p[quote + 1] == '"') {
          cell.escapes = true;
          i = quote + 2;
          continue;
        }
        if (quote + 1 >= n && !at_eof) {
          scan.end = RowEnd::need_more;
          scan.length = n;
          return scan;
        }
        cell.end = static_cast<std::uint32_t>(quote);
        i = quote + 1;
        break;
      }
      // Anything between the closing quote and the separator (spaces, a CR) is not the cell's.
      while (i < n && p[i] != ',' && p[i] != '\n')
        ++i;
    } else {
      cell.begin = static_cast<std::uint32_t>(i);
      while (i < n && p[i] != ',' && p[i] != '\n')
        ++i;
      std::size_t end = i;
      if (end > cell.begin && p[end - 1] == '\r' && (i < n || at_eof))
        --end;
      cell.end = static_cast<std::uint32_t>(end);
    }
    if (i >= n && !at_eof) {
      scan.end = RowEnd::need_more;
      scan.length = n;
      return scan;
    }
    cells.push_back(cell);
    if (i >= n) {
      scan.length = n;
      return scan;
    }
    if (p[i] == ',') {
      ++i;
      continue;
    }
    scan.length = i + 1;  // the '\n'
    return scan;
  }
}

std::string_view cell_text(std::string_view row, const CsvCell& cell, std::string& scratch) {
  const std::string_view raw = row.substr(cell.begin, cell.end - cell.begin);
  if (!cell.escapes)
    return raw;
  scratch.clear();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    scratch.push_back(raw[i]);
    if (raw[i] == '"' && i + 1 < raw.size() && raw[i + 1] == '"')
      ++i;
  }
  return scratch;
}

std::string_view trim_cell(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool blank_csv_row(std::string_view row, const std::vector<CsvCell>& cells) {
  for (const CsvCell& cell : cells) {
    for (std::uint32_t i = cell.begin; i < cell.end; ++i) {
      const char c = row[i];
      if (c != ' ' && c != '\t' && c != '\r')
        return false;
    }
  }
  return true;
}

std::string_view CsvColumns::name(CsvField field) const {
  const std::int32_t i = column(field);
  if (i == kAbsent)
    return csv_field_name(field);
  return header[static_cast<std::size_t>(i)];
}

std::optional<std::string> map_csv_header(std::string_view row, const std::vector<CsvCell>& cells,
                                          const CsvColumnMap& map, CsvColumns& out) {
  out.index.fill(CsvColumns::kAbsent);
  out.header.clear();
  std::string scratch;
  for (const CsvCell& cell : cells)
    out.header.emplace_back(trim_cell(cell_text(row, cell, scratch)));
  const auto wanted = [&map](CsvField field) -> std::string_view {
    for (const auto& [f, header] : map) {
      if (f == field)
        return header;
    }
    return read_only_when_mapped(field) ? std::string_view() : csv_field_name(field);
  };
  for (std::size_t c = 0; c < out.header.size(); ++c) {
    for (const CsvField field : kNamedFields) {
      const std::string_view name = wanted(field);
      if (name.empty() || !same_column_name(out.header[c], name))
        continue;
      std::int32_t& index = out.index[static_cast<std::size_t>(field)];
      if (index != CsvColumns::kAbsent) {
        return fmt::format(
            "the header has two columns for {}: '{}' (column {}) and '{}' (column "
            "{}); rename one, or choose one with --columns {}=NAME",
            csv_field_name(field), out.header[static_cast<std::size_t>(index)], index + 1,
            out.header[c], c + 1, csv_field_name(field));
      }
      index = static_cast<std::int32_t>(c);
    }
  }
  std::string missing;
  std::string example;
  for (const CsvField field : {CsvField::encounter_id, CsvField::code}) {
    if (out.column(field) != CsvColumns::kAbsent)
      continue;
    if (!missing.empty())
      missing += " and ";
    fmt::format_to(std::back_inserter(missing), "{} (looked for '{}')", csv_field_name(field),
                   wanted(field));
    if (example.empty())
      example = fmt::format("{}=NAME", csv_field_name(field));
  }
  if (missing.empty())
    return std::nullopt;
  std::string found;
  for (const std::string& name : out.header) {
    if (found.size() > 200) {
      found += ", ...";
      break;
    }
    if (!found.empty())
      found += ", ";
    fmt::format_to(std::back_inserter(found), "'{}'", name);
  }
  return fmt::format(
      "the first row must be a header naming the columns, and it has no column for {}; its "
      "cells are {}. Name the columns as the defaults do ({}), or map them with --columns, e.g. "
      "--columns {}",
      missing, found, field_list(true), example);
}

}  // namespace cptrules::interp::reader
