// The test block that :save-test writes: the scenario, its findings as comments, what to
// expect; and appending it to a rule file.
#include "saved_test.hpp"

#include <fstream>

#include <fmt/format.h>

#include "scenario.hpp"
#include "test_runner.hpp"
#include "text.hpp"

namespace cptrules::repl {

std::string test_block_text(const SavedTest& test, const interp::Result& r) {
  std::string block = fmt::format("test {} {{\n", quote(test.name));
  block += fmt::format("  # saved by cptrules repl\n");
  block += fmt::format("  payer {}\n", test.payer);
  block += fmt::format("  date {}\n", lang::format_date(test.date));
  if (test.discipline != "PT")
    block += fmt::format("  discipline {}\n", test.discipline);
  block += fmt::format("  given {}\n", services_text(test.services));
  for (const interp::Finding& f : r.findings) {
    block += fmt::format("  # {} {}: {}\n", interp::severity_name(f.severity), f.id, f.message);
  }
  std::vector<std::string> allocations;
  std::vector<std::int64_t> chosen;
  for (const interp::Line& l : r.lines)
    chosen.push_back(l.units);
  allocations.push_back(interp::allocation_text(r, chosen));
  for (const interp::Allocation& alt : r.alternatives) {
    allocations.push_back(interp::allocation_text(r, alt));
  }
  block += fmt::format("  expect {}\n", fmt::join(allocations, "  or  "));
  block += fmt::format("  expect total {}\n", r.total_units);
  block += "}\n";
  return block;
}

bool uses_file(const interp::Plan& plan, const std::string& payer,
               const std::vector<interp::Service>& services,
               const std::shared_ptr<const lang::SourceFile>& file) {
  bool used = false;
  if (const auto id = plan.find_payer(payer)) {
    for (const auto& v : plan.payers[*id].versions)
      used = used || v.origin.file == file;
  }
  for (const interp::Service& s : services) {
    if (const auto id = plan.find_code(s.code)) {
      for (const auto& v : plan.codes[*id].versions)
        used = used || v.origin.file == file;
    }
  }
  return used;
}

bool append_to_file(const std::string& file, const std::string& block) {
  std::string separator;
  {
    std::ifstream existing(file, std::ios::binary | std::ios::ate);
    if (existing && existing.tellg() > 0) {
      existing.seekg(-1, std::ios::end);
      const char last = static_cast<char>(existing.get());
      separator = last == '\n' ? "\n" : "\n\n";
    }
  }
  std::ofstream stream(file, std::ios::binary | std::ios::app);
  if (stream)
    stream << separator << block;
  stream.close();
  return static_cast<bool>(stream);
}

}  // namespace cptrules::repl
