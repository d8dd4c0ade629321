// Embedding cptrules: load the standard rules and one rule text, evaluate two encounters.
#include <cstdio>
#include <string>

#include <cptrules/engine.hpp>

int main() {
  // The built-in standard rules, and a payer of our own given as text.
  cptrules::RuleSources sources;
  sources.texts.push_back({"acme.rules",
                           "payer acme \"Acme Health\" {\n"
                           "  policy cpt-midpoint\n"
                           "}\n"});
  cptrules::LoadResult loaded = cptrules::Engine::load(sources);
  if (!loaded) {
    std::fputs(loaded.diagnostics.c_str(), stderr);
    return 1;
  }
  cptrules::Evaluator evaluator = loaded.engine->evaluator();
  cptrules::Result result;

  // An encounter built in C++: CMS Example 3 (33 + 7 minutes under Medicare: 3 units).
  cptrules::Encounter visit;
  visit.id = "built-in-cpp";
  visit.date = cptrules::lang::parse_date("2025-01-15");
  visit.payer = "medicare";
  visit.services.push_back({.code = "97110", .minutes = 33, .modifiers = {"GP"}});
  visit.services.push_back({.code = "97140", .minutes = 7, .modifiers = {"GP"}});
  evaluator.evaluate(visit, result);
  std::fputs(cptrules::json_line(result).c_str(), stdout);

  // An encounter read from JSON, as `cptrules eval` reads it, for the payer defined above.
  cptrules::EncounterParser parser;
  const std::string json =
      R"({"id": "from-json", "date": "2025-01-15", "payer": "acme", )"
      R"("services": [{"code": "97110", "minutes": 33}, {"code": "97140", "minutes": 7}]})";
  cptrules::Encounter read;
  if (parser.parse(json, read, result)) {
    evaluator.evaluate(read, result);
  }
  std::fputs(cptrules::json_line(result).c_str(), stdout);
  return 0;
}
