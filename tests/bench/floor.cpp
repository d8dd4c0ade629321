// The hand-written floor: the benchmark corpus parsed with simdjson, units computed by hand.
//
// bench_floor FILE reads JSON Lines encounters of the benchmark's shape and writes, for each, a
// record shaped like `cptrules eval`'s (id, payer, policy, date, minutes, units per line): the
// Medicare 8-minute rule (pooled minutes per discipline, full units per code, the rest by
// leftover minutes) or, for other payers, CPT's per-code midpoint rule. Each line says its
// discipline (the service's GP/GO/GN modifier, else the encounter's, else PT) and its modifiers,
// as the answer's lines do. No rule files, no checks beyond what the arithmetic needs, no
// findings: the least work that gives the answer, as a bound for the interpreter's speed.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

namespace {

namespace od = simdjson::ondemand;

// The timed codes of the corpus (every 15 minutes); any other code is untimed.
bool is_timed(std::string_view code) {
  static constexpr std::array<std::string_view, 13> kTimed = {
      "97110", "97112", "97116", "97140", "97530", "97035", "97124",
      "97032", "97033", "97535", "97542", "97760", "97750"};
  return std::find(kTimed.begin(), kTimed.end(), code) != kTimed.end();
}

struct Line {
  std::string_view code;  // points into the parser's string buffer, valid for the document
  std::int64_t minutes = 0;
  bool has_minutes = false;
  bool timed = false;
  std::int64_t units = 0;
  std::string_view discipline;
  std::array<std::string_view, 4> modifiers{};  // the first four, as given
  std::size_t modifier_count = 0;
};

// The discipline a therapy modifier names, or empty.
std::string_view modifier_discipline(std::string_view m) {
  return m == "GP" ? "PT" : m == "GO" ? "OT" : m == "GN" ? "SLP" : std::string_view();
}

void append_number(std::string& out, std::int64_t value) {
  const fmt::format_int text(value);
  out.append(text.data(), text.size());
}

// Medicare: the day's timed minutes pooled, (T + 7) / 15 units; every full 15 minutes of a code
// is its unit; the units left go to the codes with the most minutes left over.
void medicare_units(std::vector<Line>& lines, std::int64_t total) {
  const std::int64_t units = (total + 7) / 15;
  std::int64_t given = 0;
  for (Line& line : lines) {
    if (!line.timed)
      continue;
    line.units = line.minutes / 15;
    given += line.units;
  }
  std::int64_t rest = units - given;
  while (rest > 0) {
    Line* best = nullptr;
    for (Line& line : lines) {
      if (!line.timed || line.minutes - 15 * line.units <= 0)
        continue;
      const std::int64_t left = line.minutes - 15 * line.units;
      if (best == nullptr || left > best->minutes - 15 * best->units ||
          (left == best->minutes - 15 * best->units && line.minutes > best->minutes)) {
        best = &line;
      }
    }
    if (best == nullptr)
      break;
    ++best->units;
    --rest;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: bench_floor FILE > records.jsonl\n", stderr);
    return 64;
  }
  const int fd = ::open(argv[1], O_RDONLY);
  if (fd < 0) {
    std::perror(argv[1]);
    return 66;
  }
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  std::vector<char> buf(2 * kChunk + simdjson::SIMDJSON_PADDING);
  std::vector<char> line_buf(kChunk + simdjson::SIMDJSON_PADDING);
  std::size_t begin = 0;
  std::size_t end = 0;
  bool eof = false;
  od::parser parser;
  std::vector<Line> lines;
  std::string out;
  out.reserve(kChunk + 4096);
  std::int64_t line_no = 0;
  std::int64_t errors = 0;
  for (;;) {
    const char* newline =
        static_cast<const char*>(std::memchr(buf.data() + begin, '\n', end - begin));
    if (newline == nullptr) {
      if (eof) {
        if (begin == end)
          break;
        newline = buf.data() + end;  // a last line without its line end
      } else {
        std::memmove(buf.data(), buf.data() + begin, end - begin);
        end -= begin;
        begin = 0;
        const ssize_t got =
            ::read(fd, buf.data() + end, buf.size() - simdjson::SIMDJSON_PADDING - end);
        if (got <= 0)
          eof = true;
        else
          end += static_cast<std::size_t>(got);
        continue;
      }
    }
    const std::size_t length = static_cast<std::size_t>(newline - (buf.data() + begin));
    std::memcpy(line_buf.data(), buf.data() + begin, length);
    std::memset(line_buf.data() + length, ' ', simdjson::SIMDJSON_PADDING);
    begin = std::min(end, begin + length + 1);
    ++line_no;
    if (length == 0)
      continue;

    std::string_view id;
    std::string_view date;
    std::string_view payer;
    std::string_view discipline;
    lines.clear();
    od::document doc;
    bool ok =
        parser.iterate(line_buf.data(), length, line_buf.size()).get(doc) == simdjson::SUCCESS;
    od::object encounter;
    ok = ok && doc.get_object().get(encounter) == simdjson::SUCCESS;
    if (ok) {
      for (auto field : encounter) {
        std::string_view key;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS) {
          ok = false;
          break;
        }
        if (key == "id") {
          ok = field.value().get_string().get(id) == simdjson::SUCCESS;
        } else if (key == "date") {
          ok = field.value().get_string().get(date) == simdjson::SUCCESS;
        } else if (key == "payer") {
          ok = field.value().get_string().get(payer) == simdjson::SUCCESS;
        } else if (key == "discipline") {
          ok = field.value().get_string().get(discipline) == simdjson::SUCCESS;
        } else if (key == "services") {
          od::array services;
          ok = field.value().get_array().get(services) == simdjson::SUCCESS;
          for (auto service : services) {
            if (!ok)
              break;
            od::object object;
            ok = service.get_object().get(object) == simdjson::SUCCESS;
            std::string_view code;
            std::int64_t minutes = 0;
            bool has_minutes = false;
            std::array<std::string_view, 4> modifiers{};
            std::size_t modifier_count = 0;
            std::string_view by_modifier;
            for (auto member : object) {
              if (!ok)
                break;
              std::string_view name;
              ok = member.unescaped_key().get(name) == simdjson::SUCCESS;
              if (name == "code") {
                ok = ok && member.value().get_string().get(code) == simdjson::SUCCESS;
              } else if (name == "minutes") {
                ok = ok && member.value().get_int64().get(minutes) == simdjson::SUCCESS;
                has_minutes = true;
              } else if (name == "modifiers") {
                od::array list;
                ok = ok && member.value().get_array().get(list) == simdjson::SUCCESS;
                for (auto m : list) {
                  std::string_view text;
                  ok = ok && m.get_string().get(text) == simdjson::SUCCESS;
                  if (!ok)
                    break;
                  if (by_modifier.empty())
                    by_modifier = modifier_discipline(text);
                  if (modifier_count < modifiers.size())
                    modifiers[modifier_count++] = text;
                }
              }
            }
            auto it = std::find_if(lines.begin(), lines.end(),
                                   [&](const Line& l) { return l.code == code; });
            if (it == lines.end()) {
              lines.push_back(
                  {code, 0, false, is_timed(code), 0, by_modifier, modifiers, modifier_count});
              it = lines.end() - 1;
            }
            if (has_minutes) {
              it->minutes += minutes;
              it->has_minutes = true;
            }
          }
        }
        if (!ok)
          break;
      }
    }
    if (!ok) {
      ++errors;
      out.append("{\"id\": \"#");
      append_number(out, line_no);
      out.append("\", \"ok\": false, \"input_line\": ");
      append_number(out, line_no);
      out.append(", \"error\": {\"id\": \"input.json-malformed\"}}\n");
      continue;
    }

    for (Line& line : lines) {
      if (line.discipline.empty())
        line.discipline = discipline.empty() ? std::string_view("PT") : discipline;
    }
    const bool medicare = payer == "medicare";
    std::int64_t timed_minutes = 0;
    for (Line& line : lines) {
      if (!line.timed) {
        line.units = 1;
        continue;
      }
      timed_minutes += line.minutes;
      if (!medicare)
        line.units = (line.minutes + 7) / 15;
    }
    if (medicare)
      medicare_units(lines, timed_minutes);
    std::int64_t total_units = 0;
    for (const Line& line : lines)
      total_units += line.units;

    out.append("{\"id\": \"");
    out.append(id);
    out.append(medicare
                   ? "\", \"ok\": true, \"payer\": \"medicare\", \"policy\": \"cms-8-minute\""
                   : "\", \"ok\": true, \"payer\": \"commercial\", \"policy\": \"cpt-midpoint\"");
    out.append(", \"date\": \"");
    out.append(date);
    out.append("\", \"timed_minutes\": ");
    append_number(out, timed_minutes);
    out.append(", \"total_units\": ");
    append_number(out, total_units);
    out.append(", \"lines\": [");
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out.append(i == 0 ? "{\"code\": \"" : ", {\"code\": \"");
      out.append(lines[i].code);
      out.append("\", \"discipline\": \"");
      out.append(lines[i].discipline);
      if (lines[i].modifier_count > 0) {
        out.append("\", \"modifiers\": [\"");
        for (std::size_t m = 0; m < lines[i].modifier_count; ++m) {
          out.append(m == 0 ? "" : "\", \"");
          out.append(lines[i].modifiers[m]);
        }
        out.append("\"]");
      } else {
        out.push_back('"');
      }
      if (lines[i].has_minutes) {
        out.append(", \"minutes\": ");
        append_number(out, lines[i].minutes);
        out.append(", \"units\": ");
      } else {
        out.append(", \"units\": ");
      }
      append_number(out, lines[i].units);
      out.push_back('}');
    }
    out.append("], \"alternatives\": [], \"findings\": []}\n");
    if (out.size() >= 64 * 1024) {
      if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size())
        return 74;
      out.clear();
    }
  }
  if (!out.empty() && std::fwrite(out.data(), 1, out.size(), stdout) != out.size())
    return 74;
  ::close(fd);
  return errors > 0 ? 65 : 0;
}
