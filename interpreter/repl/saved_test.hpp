// The test block that :save-test writes for the last scenario, and where it is saved.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "encounter.hpp"
#include "plan.hpp"
#include "result.hpp"
#include "source.hpp"

namespace cptrules::repl {

// What a test block saved by :save-test states.
struct SavedTest {
  std::string_view name;
  const std::string& payer;
  lang::Date date;
  std::string_view discipline;  // written when not empty: the discipline the result used
  const std::vector<interp::Service>& services;
};

// The test block of `test`, expecting `r` (an ok result) with its findings as comments.
std::string test_block_text(const SavedTest& test, const interp::Result& r);

// The date a test saved without a date of service is given: the first day after every date
// the rules name (each version's effective and expiry dates), so that on it every entry is in
// its newest version, as the REPL evaluates without a date; never before kDefaultTestDate.
lang::Date newest_rules_date(const interp::Plan& plan);

// True when two results of the same scenario show the same: payer, policy, lines (code,
// discipline, modifiers, minutes, units, whether priced, billed units, policy), alternatives and
// findings (severity, id, line, message).
bool same_result(const interp::Result& a, const interp::Result& b);

// True when a version of `payer` or of a code of `services` is declared in `file`.
bool uses_file(const interp::Plan& plan, const std::string& payer,
               const std::vector<interp::Service>& services,
               const std::shared_ptr<const lang::SourceFile>& file);

// Appends `block` to `file`, a blank line after what the file holds; false (errno set) when
// it cannot be written.
bool append_to_file(const std::string& file, const std::string& block);

}  // namespace cptrules::repl
