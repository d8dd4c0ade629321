// An Engine of one rule text alone (no standard rules), for tests that evaluate rules of their own.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include <cptrules/engine.hpp>

namespace cptrules::test {

// Loads `text` as the file `name`; the test fails, with the diagnostics, when it does not load.
inline Engine engine_of_text(const std::string& name, const std::string& text) {
  RuleSources sources;
  sources.stdlib = false;
  sources.texts.push_back({name, text});
  auto result = Engine::load(sources);
  INFO(result.diagnostics);
  REQUIRE(result);
  return *result.engine;
}

}  // namespace cptrules::test
