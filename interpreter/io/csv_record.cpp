// The `csv` format: a header, then one row a line of each record (one for a record without
// lines), fields quoted where they must be.
#include <string_view>

#include "date_text.hpp"
#include "json_text.hpp"
#include "result_writer.hpp"
#include "utf8_text.hpp"

namespace cptrules::interp {

namespace {

using namespace std::string_view_literals;

void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    append_valid_utf8(out, text);
    return;
  }
  out.push_back('"');
  std::size_t start = 0;
  for (std::size_t quote = text.find('"'); quote != std::string_view::npos;
       quote = text.find('"', start)) {
    append_valid_utf8(out, text.substr(start, quote - start));
    out.append("\"\""sv);
    start = quote + 1;
  }
  append_valid_utf8(out, text.substr(start));
  out.push_back('"');
}

}  // namespace

void ResultWriter::write_csv(const Result& result, const Explanation* explanation) {
  if (!started_) {
    buf_.append(kCsvHeader);
    buf_.append(options_.explain ? ",explanation\n"sv : "\n"sv);
    started_ = true;
  }
  // The row's end: the summary of the explanation when explanations are asked for.
  const auto end_row = [&] {
    if (options_.explain) {
      buf_.push_back(',');
      append_csv_field(buf_, explanation ? explanation->summary : std::string());
    }
    buf_.push_back('\n');
  };
  const auto prefix = [&] {
    append_csv_field(buf_, result.id);
    buf_.append(result.ok ? ",true," : ",false,");
    append_number(buf_, result.input_line);
    buf_.push_back(',');
  };
  if (!result.ok) {
    prefix();
    buf_.append(",,,,,,,,,,,,"sv);
    append_csv_field(buf_, result.error.id);
    buf_.push_back(',');
    append_csv_field(buf_, result.error.message);
    end_row();
    return;
  }
  const auto suffix = [&] {
    buf_.push_back(',');
    append_number(buf_, result.total_units);
    buf_.push_back(',');
    append_number(buf_, result.alternatives.size());
    buf_.push_back(',');
    std::string findings;
    for (std::size_t f = 0; f < result.findings.size(); ++f) {
      if (f > 0)
        findings.push_back(';');
      findings.append(result.findings[f].id);
    }
    append_csv_field(buf_, findings);
    buf_.append(",,"sv);
    end_row();
  };
  const auto encounter_columns = [&] {
    prefix();
    append_csv_field(buf_, result.payer);
    buf_.push_back(',');
    append_csv_field(buf_, result.policy);
    buf_.push_back(',');
    if (result.date)
      append_date(buf_, *result.date);
    buf_.push_back(',');
  };
  if (result.lines.empty()) {
    encounter_columns();
    buf_.append(",,,,,"sv);
    suffix();
    return;
  }
  for (const Line& line : result.lines) {
    encounter_columns();
    append_csv_field(buf_, line.code);
    buf_.push_back(',');
    append_csv_field(buf_, line.discipline);
    buf_.push_back(',');
    std::string modifiers;
    for (const std::string& m : line.modifiers) {
      if (!modifiers.empty())
        modifiers.push_back(';');
      modifiers.append(m);
    }
    append_csv_field(buf_, modifiers);
    buf_.push_back(',');
    if (line.minutes)
      append_number(buf_, *line.minutes);
    buf_.push_back(',');
    if (line.priced)
      append_number(buf_, line.units);
    buf_.push_back(',');
    if (line.billed_units)
      append_number(buf_, *line.billed_units);
    suffix();
  }
}

}  // namespace cptrules::interp
