// The compiled rules of one rule text ("test.rules"), alone or beside the standard rules, for
// tests that drive the evaluator directly.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "loader.hpp"

namespace cptrules::test {

// Loads `text` (none when empty); the test fails, with the diagnostics, on any error.
inline std::shared_ptr<const interp::Plan> plan_of_text(const std::string& text, bool stdlib) {
  interp::LoadOptions options;
  options.stdlib = stdlib;
  if (!text.empty())
    options.extra.push_back(std::make_shared<lang::SourceFile>("test.rules", text));
  const auto loaded = interp::load_rules(options);
  INFO(lang::render(loaded.diagnostics));
  REQUIRE(loaded.plan);
  REQUIRE_FALSE(loaded.diagnostics.has_errors());
  return loaded.plan;
}

}  // namespace cptrules::test
