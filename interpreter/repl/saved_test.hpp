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
  const std::string& discipline;
  const std::vector<interp::Service>& services;
};

// The test block of `test`, expecting `r` (an ok result) with its findings as comments.
std::string test_block_text(const SavedTest& test, const interp::Result& r);

// True when a version of `payer` or of a code of `services` is declared in `file`.
bool uses_file(const interp::Plan& plan, const std::string& payer,
               const std::vector<interp::Service>& services,
               const std::shared_ptr<const lang::SourceFile>& file);

// Appends `block` to `file`, a blank line after what the file holds; false (errno set) when
// it cannot be written.
bool append_to_file(const std::string& file, const std::string& block);

}  // namespace cptrules::repl
