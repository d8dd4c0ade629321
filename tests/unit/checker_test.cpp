// Unit tests of check: one test per diagnostic id, no cascades, every file's errors in one load.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "loader.hpp"
#include "test_support.hpp"

namespace {

using cptrules::interp::load_rules;
using cptrules::interp::LoadedRules;
using cptrules::interp::LoadOptions;
using cptrules::lang::Severity;
using cptrules::lang::SourceFile;

// A diagnostic as the tests compare it.
struct Diag {
  std::string id;
  std::string message;
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::vector<std::string> notes;
  bool error = true;
};

LoadedRules load_files(const std::vector<std::pair<std::string, std::string>>& files,
                       bool stdlib = false) {
  LoadOptions options;
  options.stdlib = stdlib;
  for (const auto& [name, text] : files) {
    options.extra.push_back(std::make_shared<SourceFile>(name, text));
  }
  return load_rules(options);
}

std::vector<Diag> diags_of(const LoadedRules& loaded) {
  std::vector<Diag> out;
  for (const auto& d : loaded.diagnostics.items()) {
    Diag x;
    x.id = d.id;
    x.message = d.message;
    x.error = d.severity == Severity::error;
    if (d.file) {
      x.file = d.file->name();
      const auto loc = d.file->locate(d.span.begin);
      x.line = loc.line;
      x.column = loc.column;
    }
    for (const auto& n : d.notes)
      x.notes.push_back(n.message);
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<Diag> check_text(const std::string& text) {
  const LoadedRules loaded = load_files({{"t.rules", text}});
  return diags_of(loaded);
}

// How many of the diagnostics are errors.
std::size_t loaded_errors(const std::vector<Diag>& all) {
  std::size_t n = 0;
  for (const Diag& d : all)
    n += d.error ? 1 : 0;
  return n;
}

// Every diagnostic with this id.
std::vector<Diag> with_id(const std::vector<Diag>& all, const std::string& id) {
  std::vector<Diag> out;
  for (const Diag& d : all) {
    if (d.id == id)
      out.push_back(d);
  }
  return out;
}

std::string ids_of(const std::vector<Diag>& all) {
  std::string out;
  for (const Diag& d : all) {
    out += d.id + " " + std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.message;
    for (const auto& n : d.notes)
      out += " [" + n + "]";
    out += "\n";
  }
  return out;
}

// The only diagnostic of a check.
Diag only(const std::string& text) {
  const std::vector<Diag> all = check_text(text);
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  return all.front();
}

// A valid policy and a payer that uses it, to build on.
const std::string kBase =
    "policy p {\n"                    // 1
    "  pool each code\n"              // 2
    "  units = (minutes + 7) / 15\n"  // 3
    "}\n"                             // 4
    "payer y {\n"                     // 5
    "  policy p\n"                    // 6
    "}\n"                             // 7
    "code 97140 {\n"                  // 8
    "  timed every 15 min\n"          // 9
    "}\n";                            // 10

}  // namespace

TEST_CASE("check: valid rules give no diagnostics and a plan", "[checker]") {
  const LoadedRules loaded = load_files({{"t.rules", kBase}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.plan);
  CHECK(loaded.rules);
}

TEST_CASE("check: the standard rules load without errors", "[checker]") {
  const LoadedRules loaded = load_files({}, true);
  INFO(ids_of(diags_of(loaded)));
  CHECK_FALSE(loaded.diagnostics.has_errors());
  CHECK(loaded.plan);
}

TEST_CASE("check E0201: a name defined twice", "[checker]") {
  const Diag d = only(kBase + "code 97140 {\n  untimed\n}\n");
  CHECK(d.id == "E0201");
  CHECK(d.message == "code '97140' is defined twice");
  CHECK(d.line == 11);
  CHECK(d.column == 6);
  CHECK(d.notes == std::vector<std::string>{
                       "the other definition is at t.rules:8:6",
                       "give each version 'effective' and 'expires' dates that do not overlap"});
}

TEST_CASE("check E0201: versions whose dates overlap", "[checker]") {
  const Diag d = only(kBase +
                      "code 97110 {\n  timed every 15 min\n  effective 2020-01-01\n"
                      "  expires 2021-06-30\n}\n"
                      "code 97110 {\n  timed every 15 min\n  effective 2021-06-30\n}\n");
  CHECK(d.id == "E0201");
  CHECK(d.message ==
        "code '97110' is in force twice on 2021-06-30: the dates of two versions overlap");
  CHECK(d.line == 16);
  CHECK(d.notes ==
        std::vector<std::string>{"the other definition is at t.rules:11:6",
                                 "add 'expires 2021-06-29' to the earlier version (t.rules:11:6)"});
}

TEST_CASE("check: versions that follow each other do not overlap", "[checker]") {
  const LoadedRules loaded = load_files(
      {{"t.rules", kBase + "code 97110 {\n  timed every 15 min\n  effective 2021-07-01\n}\n"
                           "code 97110 {\n  timed every 15 min\n  expires 2021-06-30\n}\n"
                           "payer y2 {\n  policy p\n  expires 2019-12-31\n}\n"
                           "payer y2 {\n  policy p\n  effective 2020-01-01\n}\n"}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
}

TEST_CASE("check E0201: a test-local code defined twice in one test", "[checker]") {
  const Diag d = only(kBase +
                      "test \"t\" {\n  payer y\n  code T30 {\n    timed every 30 min\n  }\n"
                      "  code T30 {\n    untimed\n  }\n"
                      "  given T30 16 min\n  expect T30 x1\n}\n");
  CHECK(d.id == "E0201");
  CHECK(d.message == "code 'T30' is defined twice in this test");
  CHECK(d.line == 16);
  CHECK(d.column == 8);
}

TEST_CASE("check: a test-local code may stand in for a loaded code of the same name", "[checker]") {
  const LoadedRules loaded =
      load_files({{"t.rules", kBase + "test \"t\" {\n  payer y\n  code 97140 {\n    untimed\n  }\n"
                                      "  given 97140 8 min\n  expect 97140 x1\n}\n"}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.plan);
}

TEST_CASE("check E0202: an unknown policy, with did-you-mean", "[checker]") {
  const std::vector<Diag> all = check_text(
      "policy cms-8-minute {\n  pool each code\n  units = minutes / 15\n}\n"
      "payer y {\n  policy cms-8-minutes\n}\n");
  INFO(ids_of(all));
  const auto errors = with_id(all, "E0202");
  REQUIRE(errors.size() == 1);
  const Diag& d = errors.front();
  CHECK(d.message == "unknown policy 'cms-8-minutes'");
  CHECK(d.line == 6);
  CHECK(d.column == 10);
  CHECK(d.notes == std::vector<std::string>{"did you mean 'cms-8-minute'?"});
}

TEST_CASE("check E0202: an unknown policy with nothing close", "[checker]") {
  const std::vector<Diag> all = check_text(
      "policy p {\n  pool each code\n  units = minutes / 15\n}\npayer y {\n  policy zzzzzz\n}\n");
  const auto e = with_id(all, "E0202");
  INFO(ids_of(all));
  REQUIRE(e.size() == 1);
  CHECK(e[0].notes == std::vector<std::string>{"the known policies are: p"});
  // The policy nobody can use is also reported as unused.
  CHECK(with_id(all, "W0404").size() == 1);
}

TEST_CASE("check E0202: did-you-mean regardless of letter case", "[checker]") {
  const std::vector<Diag> all = check_text(
      "policy cpt-midpoint {\n  pool each code\n  units = minutes / 15\n}\n"
      "payer y {\n  policy CPT-Midpoint\n}\n");
  const auto e = with_id(all, "E0202");
  REQUIRE(e.size() == 1);
  CHECK(e[0].notes == std::vector<std::string>{"did you mean 'cpt-midpoint'?"});
  // The payer meant it: it is not also reported as unused.
  CHECK(with_id(all, "W0404").empty());
}

TEST_CASE("check E0301: a subtraction written without spaces", "[checker]") {
  const std::vector<Diag> all = check_text(
      "policy p {\n  pool each code\n  units = 4 + (minutes-53) / 15\n}\n"
      "payer y {\n  policy p\n}\n");
  const auto e = with_id(all, "E0301");
  REQUIRE(e.size() == 1);
  CHECK(e[0].message == "unknown name 'minutes-53' in expression");
  CHECK(e[0].notes ==
        std::vector<std::string>{"a name may contain '-': to subtract, put spaces around it: "
                                 "'minutes - 53'"});
  // A name whose parts are not all known gets no such note.
  const auto other = with_id(check_text("policy p {\n  pool each code\n  units = cms-8\n}\n"
                                        "payer y {\n  policy p\n}\n"),
                             "E0301");
  REQUIRE(other.size() == 1);
  CHECK(other[0].notes.size() == 1);
  CHECK(other[0].notes[0].find("spaces") == std::string::npos);
}

TEST_CASE("check E0203: an unknown code in a test, with did-you-mean", "[checker]") {
  const Diag d =
      only(kBase + "test \"t\" {\n  payer y\n  given 97410 8 min\n  expect total 1\n}\n");
  CHECK(d.id == "E0203");
  CHECK(d.message == "unknown code '97410'");
  CHECK(d.line == 13);
  CHECK(d.column == 9);
  CHECK(d.notes == std::vector<std::string>{"did you mean 97140?"});
}

TEST_CASE("check E0203: an add-on to an unknown code", "[checker]") {
  const Diag d = only(kBase + "code A15 {\n  timed every 15 min\n  add-on to I30\n}\n");
  CHECK(d.id == "E0203");
  CHECK(d.message == "unknown code 'I30'");
  CHECK(d.line == 13);
  CHECK(d.column == 13);
}

TEST_CASE("check E0204: an unknown payer in a test, with did-you-mean", "[checker]") {
  const Diag d =
      only(kBase + "test \"t\" {\n  payer why\n  given 97140 8 min\n  expect total 1\n}\n");
  CHECK(d.id == "E0204");
  CHECK(d.message == "unknown payer 'why'");
  CHECK(d.line == 12);
  CHECK(d.column == 9);
  // 'y' is too short to be a likely misspelling of 'why': the known payers are listed.
  CHECK(d.notes == std::vector<std::string>{"the known payers are: y"});

  const LoadedRules loaded = load_files({{"t.rules",
                                          "test \"t\" {\n  payer medicar\n  given 97140 8 min\n"
                                          "  expect 97140 x1\n}\n"}},
                                        true);
  const auto all = diags_of(loaded);
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0204");
  CHECK(all[0].message == "unknown payer 'medicar'");
  CHECK(all[0].notes == std::vector<std::string>{"did you mean 'medicare'?"});
}

TEST_CASE("check E0205: a code that does not say whether it is timed", "[checker]") {
  const Diag d = only(kBase + "code 97110 \"x\" {\n  disciplines PT\n}\n");
  CHECK(d.id == "E0205");
  CHECK(d.message == "code 97110 does not say whether it is timed");
  CHECK(d.line == 11);
  CHECK(d.column == 6);
  CHECK(d.notes ==
        std::vector<std::string>{"add 'timed every 15 min' (or another unit length) or 'untimed'"});
}

TEST_CASE("check E0206: a unit of no minutes", "[checker]") {
  const Diag d = only(kBase + "code 97110 {\n  timed every 0 min\n}\n");
  CHECK(d.id == "E0206");
  CHECK(d.message == "a unit must last at least 1 minute");
  CHECK(d.line == 12);
  CHECK(d.column == 9);
}

TEST_CASE("check E0207: expires before effective", "[checker]") {
  const Diag d = only(kBase +
                      "code 97110 {\n  timed every 15 min\n  effective 2020-01-02\n"
                      "  expires 2020-01-01\n}\n");
  CHECK(d.id == "E0207");
  CHECK(d.message == "'expires' is before 'effective': the definition is never in force");
  CHECK(d.line == 14);
  CHECK(d.column == 11);
}

TEST_CASE("check: a version in force for a single day is fine", "[checker]") {
  const LoadedRules loaded =
      load_files({{"t.rules", kBase + "code 97110 {\n  timed every 15 min\n  effective 2020-01-01\n"
                                      "  expires 2020-01-01\n}\n"}});
  CHECK(loaded.diagnostics.empty());
}

TEST_CASE("check E0208: an add-on to a code that bills more than its first block", "[checker]") {
  const Diag d = only(kBase + "code A15 {\n  timed every 15 min\n  add-on to 97140\n}\n");
  CHECK(d.id == "E0208");
  CHECK(d.message ==
        "A15 is an add-on to 97140, which is timed every 15 min: it must bill only "
        "its first block ('timed first N min')");
  CHECK(d.line == 13);
  CHECK(d.column == 13);
}

TEST_CASE("check E0208: two add-ons to one initial code", "[checker]") {
  const Diag d = only(kBase +
                      "code I30 {\n  timed first 30 min\n}\n"
                      "code A15 {\n  timed every 15 min\n  add-on to I30\n}\n"
                      "code B15 {\n  timed every 15 min\n  add-on to I30\n}\n");
  CHECK(d.id == "E0208");
  CHECK(d.message == "I30 already has another add-on code");
  CHECK(d.line == 20);
}

TEST_CASE("check E0301: an unknown name in an expression", "[checker]") {
  Diag d = only(kBase +
                "policy q {\n  pool each code\n  units = minute / 15\n}\n"
                "payer z {\n  policy q\n}\n");
  CHECK(d.id == "E0301");
  CHECK(d.message == "unknown name 'minute' in expression");
  CHECK(d.line == 13);
  CHECK(d.column == 11);
  CHECK(d.notes == std::vector<std::string>{"did you mean 'minutes'?"});

  d = only(kBase +
           "policy q {\n  pool each code\n  units = duration / 15\n}\n"
           "payer z {\n  policy q\n}\n");
  CHECK(d.id == "E0301");
  CHECK(d.message == "unknown name 'duration' in expression");
  CHECK(d.notes == std::vector<std::string>{"an expression can use 'minutes' and 'unit'"});
}

TEST_CASE("check E0302: type errors", "[checker]") {
  const auto policy_with = [](const std::string& formula) {
    return kBase + "policy q {\n  pool each code\n  units = " + formula +
           "\n}\npayer z {\n  policy q\n}\n";
  };
  struct Case {
    const char* formula;
    const char* message;
    std::uint32_t column;
  };
  const Case cases[] = {
      {"minutes > 7", "expected a number here, but this is a condition", 11},
      {"if minutes then 1 else 0", "expected a condition here, but this is a number", 14},
      {"if minutes > 7 then 1 else minutes > 8",
       "both branches must be a number, but this one is a condition", 38},
      {"if minutes > 7 then minutes > 8 else 0",
       "both branches must be a condition, but this one is a number", 48},
      {"minutes and 1 > 0", "expected a condition here, but this is a number", 11},
      {"not minutes", "expected a condition here, but this is a number", 15},
      {"(minutes > 7) + 1", "expected a number here, but this is a condition", 11},
      {"min(minutes > 1, 2)", "expected a number here, but this is a condition", 15},
      {"1 < (2 < 3)", "expected a number here, but this is a condition", 15},
  };
  for (const Case& c : cases) {
    INFO(c.formula);
    const Diag d = only(policy_with(c.formula));
    CHECK(d.id == "E0302");
    CHECK(d.message == c.message);
    CHECK(d.line == 13);
    CHECK(d.column == c.column);
  }
}

TEST_CASE("check E0302: the full units of an allocation are a number", "[checker]") {
  const Diag d =
      only(kBase +
           "policy q {\n  pool timed minutes\n  units = minutes / 15\n  allocate {\n"
           "    each code gets minutes > 15\n    rest by leftover minutes, largest first\n"
           "  }\n}\npayer z {\n  policy q\n}\n");
  CHECK(d.id == "E0302");
  CHECK(d.message == "expected a number here, but this is a condition");
  CHECK(d.line == 15);
}

TEST_CASE("check: a type error inside an unknown name is not reported twice", "[checker]") {
  const Diag d = only(kBase +
                      "policy q {\n  pool each code\n  units = if bogus then 1 else 0\n}\n"
                      "payer z {\n  policy q\n}\n");
  CHECK(d.id == "E0301");
}

namespace {

std::string chain(int binaries) {
  std::string expr = "minutes";
  for (int i = 0; i < binaries; ++i)
    expr = "0 + (" + expr + ")";
  return expr;
}

}  // namespace

TEST_CASE("check E0303: the deepest allowed expression passes", "[checker]") {
  const LoadedRules loaded =
      load_files({{"t.rules", kBase + "policy q {\n  pool each code\n  units = " + chain(63) +
                                  "\n}\npayer z {\n  policy q\n}\n"}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
}

TEST_CASE("check E0303: an expression nested too deeply", "[checker]") {
  // 100 unary minus signs: no parentheses, 100 operators, 101 levels.
  Diag d = only(kBase + "policy q {\n  pool each code\n  units = " + std::string(100, '-') +
                "minutes\n}\npayer z {\n  policy q\n}\n");
  CHECK(d.id == "E0303");
  CHECK(d.message == "expression nested too deeply (at most 64 levels)");
  CHECK(d.line == 13);
  CHECK(d.column == 11 + 64);  // the operand at level 65

  // A flat sum of 100 terms is a chain of 99 additions, deeper than 64.
  std::string sum = "minutes";
  for (int i = 0; i < 99; ++i) {
    sum += " + 1";
  }
  d = only(kBase + "policy q {\n  pool each code\n  units = " + sum +
           "\n}\npayer z {\n  policy q\n}\n");
  CHECK(d.id == "E0303");
  CHECK(d.line == 13);

  // Inside an allocation's full units too.
  d = only(kBase +
           "policy q {\n  pool timed minutes\n  units = minutes / 15\n  allocate {\n"
           "    each code gets " +
           std::string(70, '-') +
           "1\n"
           "    rest by leftover minutes, largest first\n  }\n}\npayer z {\n  policy q\n}\n");
  CHECK(d.id == "E0303");
  CHECK(d.line == 15);
}

TEST_CASE("check E0303: one expression too deep is reported once", "[checker]") {
  // The node at the limit has two operands beyond it; each is reported today.
  const std::vector<Diag> all =
      check_text(kBase + "policy q {\n  pool each code\n  units = " + chain(64) +
                 "\n}\npayer z {\n  policy q\n}\n");
  INFO(ids_of(all));
  CHECK(all.size() == 1);
}

TEST_CASE("check E0304, E0305: a policy without units or pool", "[checker]") {
  const std::vector<Diag> all =
      check_text(kBase + "policy q {\n  source \"s\"\n}\npayer z {\n  policy q\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "E0304");
  CHECK(all[0].message == "policy 'q' does not say how minutes become units");
  CHECK(all[0].line == 11);
  CHECK(all[0].column == 8);
  CHECK(all[0].notes ==
        std::vector<std::string>{"add 'units = (minutes + 7) / 15' or a 'units by table { ... }'"});
  CHECK(all[1].id == "E0305");
  CHECK(all[1].message == "policy 'q' does not say how minutes are pooled");
  CHECK(all[1].line == 11);
  CHECK(all[1].notes == std::vector<std::string>{
                            "add 'pool each code' or 'pool timed minutes per day and discipline'"});
}

TEST_CASE("check E0306: pooled minutes without a rest rule", "[checker]") {
  Diag d = only(kBase +
                "policy q {\n  pool timed minutes per day\n  units = minutes / 15\n}\n"
                "payer z {\n  policy q\n}\n");
  CHECK(d.id == "E0306");
  CHECK(d.message == "pooled minutes need an 'allocate' block with a 'rest by' rule");
  CHECK(d.line == 12);
  CHECK(d.notes ==
        std::vector<std::string>{"add 'allocate { rest by leftover minutes, largest first }'"});

  d = only(kBase +
           "policy q {\n  pool timed minutes\n  units = minutes / 15\n  allocate {\n"
           "    ties are alternatives\n  }\n}\npayer z {\n  policy q\n}\n");
  CHECK(d.id == "E0306");
}

TEST_CASE("check E0307: a payer that names no policy", "[checker]") {
  const Diag d = only(kBase + "payer z \"Z\" {\n  note \"n\"\n}\n");
  CHECK(d.id == "E0307");
  CHECK(d.message == "payer 'z' names no policy");
  CHECK(d.line == 11);
  CHECK(d.column == 7);
  CHECK(d.notes == std::vector<std::string>{"add 'policy NAME'"});
}

TEST_CASE("check E0308: a test that names no payer", "[checker]") {
  const Diag d = only(kBase + "test \"no payer\" {\n  given 97140 8 min\n  expect 97140 x1\n}\n");
  CHECK(d.id == "E0308");
  CHECK(d.message == "the test names no payer");
  CHECK(d.line == 11);
  CHECK(d.column == 6);
  CHECK(d.notes == std::vector<std::string>{"add 'payer NAME'"});
}

TEST_CASE("check E0309: a case without an expect line", "[checker]") {
  const Diag d = only(kBase +
                      "test \"t\" {\n  payer y\n  given 97140 8 min\n  given 97140 9 min\n"
                      "  expect 97140 x1\n}\n");
  CHECK(d.id == "E0309");
  CHECK(d.message == "this case has no 'expect' line");
  CHECK(d.line == 13);
  CHECK(d.column == 3);
}

TEST_CASE("check E0310: expected codes must be exactly the codes given", "[checker]") {
  const std::vector<Diag> wrong =
      check_text(kBase +
                 "code 97110 {\n  timed every 15 min\n}\n"
                 "test \"t\" {\n  payer y\n  given 97140 8 min\n  expect 97110 x1\n}\n");
  INFO(ids_of(wrong));
  REQUIRE(wrong.size() == 2);
  CHECK(wrong[0].id == "E0310");
  CHECK(wrong[0].message == "97110 is not among the services given");
  CHECK(wrong[0].line == 17);
  CHECK(wrong[0].column == 10);
  CHECK(wrong[1].id == "E0310");
  CHECK(wrong[1].message ==
        "the expected allocation leaves out 97140 (write 97140 x0 if it gets no units)");

  const std::vector<Diag> all =
      check_text(kBase +
                 "code 97110 {\n  timed every 15 min\n}\n"
                 "test \"t\" {\n  payer y\n  given 97140 8 min, 97110 8 min\n"
                 "  expect 97140 x1\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0310");
  CHECK(all[0].message ==
        "the expected allocation leaves out 97110 (write 97110 x0 if it gets no units)");
  CHECK(all[0].line == 17);
}

TEST_CASE("check E0311: an empty table row", "[checker]") {
  const std::vector<Diag> all =
      check_text(kBase +
                 "policy q {\n  pool each code\n  units by table {\n    22..8 min -> 1\n"
                 "    23 min or more -> 2\n  }\n}\npayer z {\n  policy q\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0311");
  CHECK(all[0].message == "the row's range 22..8 is empty");
  CHECK(all[0].line == 14);
  CHECK(all[0].column == 5);
}

TEST_CASE("check W0401, W0402: gaps and overlaps in a table", "[checker]") {
  const LoadedRules loaded = load_files(
      {{"t.rules", kBase + "policy q {\n  pool each code\n  units by table {\n    8..22 min -> 1\n"
                           "    25..37 min -> 2\n    30..52 min -> 3\n    53 min or more -> 4\n"
                           "    60 min -> 9\n  }\n}\npayer z {\n  policy q\n}\n"}});
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  REQUIRE(all.size() == 3);
  CHECK(all[0].id == "W0401");
  CHECK_FALSE(all[0].error);
  CHECK(all[0].message == "no row covers 23..24 min (0 units there)");
  CHECK(all[0].line == 15);
  CHECK(all[1].id == "W0402");
  CHECK(all[1].message == "this row overlaps the row at t.rules:15:5 (the first match is used)");
  CHECK(all[1].line == 16);
  CHECK(all[2].id == "W0402");
  CHECK(all[2].message == "this row overlaps the row at t.rules:17:5 (the first match is used)");
  CHECK(all[2].line == 18);
  CHECK(loaded.plan);  // warnings only
}

TEST_CASE("check W0403: units that fall as minutes grow", "[checker]") {
  const LoadedRules loaded = load_files(
      {{"t.rules", kBase + "policy q {\n  pool each code\n  units = 10 - minutes / 15\n}\n"
                           "payer z {\n  policy q\n}\n"}});
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "W0409");  // 10 units at 0 minutes, too
  CHECK(all[1].id == "W0403");
  CHECK_FALSE(all[1].error);
  CHECK(all[1].message ==
        "units fall from 10 to 9 when minutes grow from 14 to 15 (unit length 15 min)");
  CHECK(all[1].line == 13);
  CHECK(loaded.plan);
}

TEST_CASE("check W0409: units at 0 minutes", "[checker]") {
  const auto one = [](const std::string& units) {
    return load_files({{"t.rules", kBase + "policy q {\n  pool each code\n  units " + units +
                                       "\n}\npayer z {\n  policy q\n}\n"}});
  };
  SECTION("a formula with a constant added") {
    const std::vector<Diag> all = diags_of(one("= 1 + minutes / 15"));
    REQUIRE(all.size() == 1);
    CHECK(all[0].id == "W0409");
    CHECK_FALSE(all[0].error);
    CHECK(all[0].message == "this gives 1 unit at 0 minutes (unit length 15 min)");
    CHECK(all[0].line == 13);
    CHECK(all[0].column == 11);
  }
  SECTION("only at some unit lengths: the first is named") {
    const std::vector<Diag> all = diags_of(one("= if unit == 30 then 2 + minutes else minutes"));
    REQUIRE(all.size() == 1);
    CHECK(all[0].message == "this gives 2 units at 0 minutes (unit length 30 min)");
  }
  SECTION("a table row that covers 0 minutes") {
    const std::vector<Diag> all =
        diags_of(one("by table {\n    0..7 min -> 1\n    8 min or more -> 1\n  }"));
    REQUIRE(all.size() == 1);
    CHECK(all[0].id == "W0409");
    CHECK(all[0].line == 14);
  }
  SECTION("division rounds down: a first unit from 10 minutes gives nothing at 0") {
    CHECK(diags_of(one("= 1 + (minutes - 10) / 15")).empty());
    CHECK(diags_of(one("by table {\n    0..7 min -> 0\n    8 min or more -> 1\n  }")).empty());
  }
}

TEST_CASE("check W0403: a table whose units fall at a row", "[checker]") {
  const LoadedRules loaded = load_files(
      {{"t.rules", kBase + "policy q {\n  pool each code\n  units by table {\n"
                           "    8..22 min -> 2\n    23..37 min -> 1\n    38 min or more -> 3\n"
                           "  }\n}\npayer z {\n  policy q\n}\n"}});
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "W0403");
  CHECK_FALSE(all[0].error);
  // No row uses `unit`: the message names no unit length.
  CHECK(all[0].message == "units fall from 2 to 1 when minutes grow from 22 to 23");
  CHECK(all[0].line == 15);
  CHECK(all[0].column == 5);
  CHECK(loaded.plan);
}

TEST_CASE("check W0403: a table without 'or more' falls to 0 after its last row", "[checker]") {
  const Diag d =
      only(kBase +
           "policy q {\n  pool each code\n  units by table {\n"
           "    8..22 min -> 1\n    23..37 min -> 2\n  }\n}\npayer z {\n  policy q\n}\n");
  CHECK(d.id == "W0403");
  CHECK(d.message ==
        "units fall from 2 to 0 when minutes grow from 37 to 38: no row covers 38 min or more");
  CHECK(d.line == 15);  // the last row
}

TEST_CASE("check W0403: a table row that uses unit names the unit length", "[checker]") {
  // 0..59 min -> minutes / unit gives 3 at 59 minutes of a 15-minute code, the next row 2.
  const Diag d = only(kBase +
                      "policy q {\n  pool each code\n  units by table {\n"
                      "    0..59 min -> minutes / unit\n    60 min or more -> 2\n  }\n}\n"
                      "payer z {\n  policy q\n}\n");
  CHECK(d.id == "W0403");
  CHECK(d.message == "units fall from 3 to 2 when minutes grow from 59 to 60 (unit length 15 min)");
  CHECK(d.line == 15);
}

TEST_CASE("check W0403: a fall across a gap is W0401 and W0403, a gap alone only W0401",
          "[checker]") {
  const std::vector<Diag> falls =
      check_text(kBase +
                 "policy q {\n  pool each code\n  units by table {\n    8..22 min -> 2\n"
                 "    30 min or more -> 1\n  }\n}\npayer z {\n  policy q\n}\n");
  INFO(ids_of(falls));
  REQUIRE(falls.size() == 2);
  CHECK(falls[0].id == "W0401");
  CHECK(falls[1].id == "W0403");
  CHECK(falls[1].message == "units fall from 2 to 1 when minutes grow from 22 to 30");
  CHECK(falls[1].line == 15);

  const std::vector<Diag> grows =
      check_text(kBase +
                 "policy q {\n  pool each code\n  units by table {\n    8..22 min -> 1\n"
                 "    30 min or more -> 2\n  }\n}\npayer z {\n  policy q\n}\n");
  INFO(ids_of(grows));
  REQUIRE(grows.size() == 1);
  CHECK(grows[0].id == "W0401");
  CHECK(grows[0].message == "no row covers 23..29 min (0 units there)");
}

TEST_CASE("check W0403: a table is read first row first, as the evaluator reads it", "[checker]") {
  // `30..40 min -> 0` would fall, but the row before it covers those minutes: only W0402.
  const Diag d = only(kBase +
                      "policy q {\n  pool each code\n  units by table {\n"
                      "    8 min or more -> (minutes + 7) / 15\n    30..40 min -> 0\n  }\n}\n"
                      "payer z {\n  policy q\n}\n");
  CHECK(d.id == "W0402");
}

TEST_CASE("check: a table that covers every minute once and grows gives no warning", "[checker]") {
  const LoadedRules loaded =
      load_files({{"t.rules", kBase + "policy q {\n  pool each code\n  units by table {\n"
                                      "    0..7 min -> 0\n    8..22 min -> 1\n    23..37 min -> 2\n"
                                      "    38 min or more -> 3 + (minutes - 38) / unit\n  }\n}\n"
                                      "payer z {\n  policy q\n}\n"}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.plan);
}

TEST_CASE("check: a table row with a type error gets E0302, not also W0403", "[checker]") {
  const std::vector<Diag> all =
      check_text(kBase +
                 "policy q {\n  pool each code\n  units by table {\n    8..22 min -> 2\n"
                 "    23 min or more -> minutes > 7\n  }\n}\npayer z {\n  policy q\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0302");
}

TEST_CASE("check W0404: a policy no payer uses", "[checker]") {
  const LoadedRules loaded = load_files(
      {{"t.rules", kBase + "policy unused {\n  pool each code\n  units = minutes / 15\n}\n"}});
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "W0404");
  CHECK_FALSE(all[0].error);
  CHECK(all[0].message == "no payer uses policy 'unused'");
  CHECK(all[0].line == 11);
  CHECK(all[0].column == 8);
  CHECK(loaded.plan);
}

TEST_CASE("check W0405: allocate has no effect when each code is its own pool", "[checker]") {
  const Diag d = only(kBase +
                      "policy q {\n  pool each code\n  units = minutes / 15\n  allocate {\n"
                      "    ties are alternatives\n  }\n}\npayer z {\n  policy q\n}\n");
  CHECK(d.id == "W0405");
  CHECK_FALSE(d.error);
  CHECK(d.message == "'allocate' has no effect when each code is its own pool");
  CHECK(d.line == 14);
}

TEST_CASE("check E0312, E0313, W0406: code-pair edits", "[checker]") {
  const std::vector<Diag> all =
      check_text(kBase +
                 "edit half {\n  column 1 97140\n}\n"                        // 11
                 "edit both {\n  column 1 97140\n  column 2 98940..98942\n"  // 14
                 "  bypass with 59\n  no bypass\n}\n");
  INFO(ids_of(all));
  // Edits are checked in name order: 'both' before 'half'.
  REQUIRE(all.size() == 3);
  CHECK(all[0].id == "W0406");
  CHECK_FALSE(all[0].error);
  CHECK(all[0].message == "no defined code falls in 98940..98942");
  CHECK(all[0].line == 16);
  CHECK(all[0].column == 12);
  CHECK(all[1].id == "E0313");
  CHECK(all[1].message == "an edit cannot both list bypass modifiers and say 'no bypass'");
  CHECK(all[1].line == 14);
  CHECK(all[2].id == "E0312");
  CHECK(all[2].message == "edit 'half' needs both 'column 1' and 'column 2' codes");
  CHECK(all[2].line == 11);
  CHECK(all[2].column == 6);
}

TEST_CASE("check E0314: a limit without codes or units", "[checker]") {
  const Diag d = only(kBase + "limit mue {\n  codes 97140\n}\n");
  CHECK(d.id == "E0314");
  CHECK(d.message == "limit 'mue' needs 'codes' and 'at most N units per day'");
  CHECK(d.line == 11);
}

TEST_CASE("check E0203, E0204 in edits and limits", "[checker]") {
  const std::vector<Diag> all =
      check_text(kBase + "limit mue {\n  codes 97410\n  at most 2 units per day\n  payers yy\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "E0203");
  CHECK(all[0].notes == std::vector<std::string>{"did you mean 97140?"});
  CHECK(all[1].id == "E0204");
  CHECK(all[1].message == "unknown payer 'yy'");
}

TEST_CASE("check W0407: a modifier that is not declared", "[checker]") {
  const std::vector<Diag> all = check_text(kBase +
                                           "code 97110 {\n  timed every 15 min\n}\n"    // 11
                                           "modifier XS \"Separate structure\" {\n}\n"  // 14
                                           "edit e {\n  column 1 97110\n  column 2 97140\n"
                                           "  bypass with XS, XT\n}\n");  // 19
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "W0407");
  CHECK_FALSE(all[0].error);
  CHECK(all[0].message == "modifier XT is not declared");
  CHECK(all[0].line == 19);
  CHECK(all[0].column == 19);
  CHECK(all[0].notes == std::vector<std::string>{"did you mean XS?"});
}

TEST_CASE("check W0407: a payer's discipline modifier that is not declared", "[checker]") {
  const std::vector<Diag> all = check_text(
      kBase + "modifier GP {\n}\npayer z {\n  policy p\n  discipline modifier GQ for PT\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "W0407");
  CHECK(all[0].message == "modifier GQ is not declared");
  CHECK(all[0].line == 15);
  CHECK(all[0].notes == std::vector<std::string>{"did you mean GP?"});
}

// A policy that gives units to 15-minute codes only, and a payer that uses it.
const std::string kFifteenOnly =
    "policy fifteen-only {\n"                                   // 1
    "  pool each code\n"                                        // 2
    "  units = if unit == 15 then (minutes + 7) / 15 else 0\n"  // 3
    "}\n"                                                       // 4
    "payer y {\n"                                               // 5
    "  policy fifteen-only\n"                                   // 6
    "}\n";                                                      // 7

TEST_CASE("check W0408: a timed code whose unit length no policy prices", "[checker]") {
  const LoadedRules loaded =
      load_files({{"t.rules", kFifteenOnly + "code 97140 {\n  timed every 15 min\n}\n"      // 8
                                             "code X3001 {\n  timed every 30 min\n}\n"}});  // 11
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "W0408");
  CHECK_FALSE(all[0].error);
  CHECK(all[0].message == "no payer's policy can give timed code X3001 a unit");
  CHECK(all[0].line == 11);
  CHECK(all[0].column == 6);
  REQUIRE(all[0].notes.size() == 1);
  CHECK(all[0].notes[0] ==
        "policy 'fifteen-only' (payer y) gives 0 units to a 30-minute code for 1 to 1440 minutes");
  CHECK(loaded.plan);  // a warning only
}

TEST_CASE("check W0408: one note per policy, with every payer that uses it", "[checker]") {
  const std::vector<Diag> all =
      check_text(kFifteenOnly +
                 "payer x {\n  policy fifteen-only\n}\n"
                 "policy none {\n  pool each code\n  units = 0\n}\npayer w {\n  policy none\n}\n"
                 "code X3001 {\n  timed every 30 min\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "W0408");
  REQUIRE(all[0].notes.size() == 2);
  CHECK(all[0].notes[0] ==
        "policy 'fifteen-only' (payers x, y) gives 0 units to a 30-minute code for 1 to 1440 "
        "minutes");
  CHECK(all[0].notes[1] ==
        "policy 'none' (payer w) gives 0 units to a 30-minute code for 1 to "
        "1440 minutes");
}

TEST_CASE("check W0408: a code version in force before any payer", "[checker]") {
  // The payer starts in 2010; the first version of X1 ended before, the second is priced.
  const std::vector<Diag> all = check_text(
      "policy p {\n  pool each code\n  units = (minutes + 7) / 15\n}\n"
      "payer y {\n  policy p\n  effective 2010-01-01\n}\n"
      "code X1 {\n  timed every 15 min\n  expires 2009-12-31\n}\n"      // 9
      "code X1 {\n  timed every 15 min\n  effective 2010-01-01\n}\n");  // 13
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "W0408");
  CHECK(all[0].message == "no payer's policy can give timed code X1 a unit");
  CHECK(all[0].line == 9);
  REQUIRE(all[0].notes.size() == 1);
  CHECK(all[0].notes[0] ==
        "the code is in force through 2009-12-31; no payer and its policy are in force on any "
        "of those dates");
}

TEST_CASE("check W0408: the payer's policy must be in force too", "[checker]") {
  // The payer is always in force, its policy only until 2019: a code from 2020 gets nothing.
  const std::vector<Diag> all = check_text(
      "policy p {\n  pool each code\n  units = (minutes + 7) / 15\n  expires 2019-12-31\n}\n"
      "payer y {\n  policy p\n}\n"
      "code X1 {\n  timed every 15 min\n  effective 2020-01-01\n}\n"
      "code X2 {\n  timed every 15 min\n  expires 2019-12-31\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "W0408");
  CHECK(all[0].message == "no payer's policy can give timed code X1 a unit");
  REQUIRE(all[0].notes.size() == 1);
  CHECK(all[0].notes[0] ==
        "the code is in force from 2020-01-01; no payer and its policy are in force on any of "
        "those dates");
}

TEST_CASE("check W0408: a timed code with no payer loaded", "[checker]") {
  const Diag d = only("code X1 {\n  timed every 15 min\n}\ncode X2 {\n  untimed\n}\n");
  CHECK(d.id == "W0408");
  CHECK(d.message == "no payer's policy can give timed code X1 a unit");
  CHECK(d.line == 1);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0] == "no payer is loaded");
}

TEST_CASE("check W0408: a table in minutes prices codes of every unit length", "[checker]") {
  const LoadedRules loaded = load_files(
      {{"t.rules",
        "policy chart {\n  pool each code\n  units by table {\n    8..22 min -> 1\n"
        "    23 min or more -> 2\n  }\n}\npayer y {\n  policy chart\n}\n"
        "code X3001 {\n  timed every 30 min\n}\ncode X6001 {\n  timed every 60 min\n}\n"}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
}

TEST_CASE("check W0408: in a shared pool, full units alone price a code", "[checker]") {
  // The pool earns nothing, but each code keeps its full units (the evaluator then reports
  // policy.full-units-exceed-pool): the code does get units.
  const LoadedRules loaded = load_files(
      {{"t.rules",
        "policy p {\n  pool timed minutes per day\n  units = 0\n  allocate {\n"
        "    each code gets minutes / unit\n    rest by leftover minutes, largest first\n"
        "  }\n}\npayer y {\n  policy p\n}\ncode X1 {\n  timed every 15 min\n}\n"}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
}

TEST_CASE("check W0408: codes declared inside a test are not checked", "[checker]") {
  const LoadedRules loaded =
      load_files({{"t.rules", kFifteenOnly + "test \"t\" {\n  payer y\n  code T30 {\n"
                                             "    timed every 30 min\n  }\n  given T30 20 min\n"
                                             "  expect T30 x0\n}\n"}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
}

TEST_CASE("check W0408: not given when the rules have errors", "[checker]") {
  // The payer's policy is unknown: E0202 says so, and the code is not also reported.
  const std::vector<Diag> all =
      check_text("payer y {\n  policy nope\n}\ncode X1 {\n  timed every 15 min\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0202");
}

TEST_CASE("check W0408: never on the standard rules and the examples", "[checker]") {
  const std::string root = CPTRULES_SOURCE_DIR;
  const std::vector<std::vector<std::string>> with_stdlib{
      {},
      {root + "/examples/researcher-code"},
      {root + "/examples/advance-care-planning"},
      {root + "/examples/check-and-test"},
      {root + "/examples/tutorial/acme-3"},
  };
  for (const auto& paths : with_stdlib) {
    LoadOptions options;
    options.paths = paths;
    const LoadedRules loaded = load_rules(options);
    INFO(ids_of(diags_of(loaded)));
    CHECK(loaded.plan);
    CHECK(with_id(diags_of(loaded), "W0408").empty());
  }
  LoadOptions tutorial;
  tutorial.stdlib = false;
  tutorial.paths = {root + "/examples/tutorial/rules"};
  const LoadedRules loaded = load_rules(tutorial);
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.plan);
  CHECK(loaded.diagnostics.empty());
}

TEST_CASE("check: without any modifier declared, modifiers are not checked", "[checker]") {
  const LoadedRules loaded = load_files(
      {{"t.rules", kBase + "payer z {\n  policy p\n  discipline modifier GQ for PT\n}\n"}});
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
}

// ---------------------------------------------------------------------------------------------
// No cascades

TEST_CASE("check: a payer whose policy failed to parse reports only the parse error", "[checker]") {
  const std::vector<Diag> all = check_text(
      "policy p {\n  pool each code\n  units = (minutes + 7 / 15\n}\n"
      "payer y {\n  policy p\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0101");
  CHECK(all[0].line == 3);
}

TEST_CASE("check: a test whose payer or code failed to parse reports only the parse errors",
          "[checker]") {
  const std::vector<Diag> all = check_text(
      "code 97140 {\n  timed every fifteen min\n}\n"
      "policy p {\n  pool each code\n  units = minutes / 15\n}\n"
      "payer y {\n  policy p\n  oops\n}\n"
      "test \"t\" {\n  payer y\n  given 97140 8 min\n  expect 97140 x1\n}\n");
  INFO(ids_of(all));
  const auto errors = with_id(all, "E0101");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 2);
  CHECK(errors[1].line == 10);
  CHECK(loaded_errors(all) == 2);
}

TEST_CASE("check: a payer that failed to parse does not make its policy look unused", "[checker]") {
  // The broken payer names policy p; W0404 "no payer uses policy 'p'" follows from the parse
  // error alone.
  const std::vector<Diag> all = check_text(
      "policy p {\n  pool each code\n  units = minutes / 15\n}\n"
      "payer y {\n  policy p\n  oops\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0101");
}

TEST_CASE("check: a misspelled policy name does not also warn that the policy is unused",
          "[checker]") {
  // One typo, two diagnostics: E0202 (with did-you-mean) and W0404 for the policy meant.
  const std::vector<Diag> all = check_text(
      "policy cms-8-minute {\n  pool each code\n  units = minutes / 15\n}\n"
      "payer y {\n  policy cms-8-minutes\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0202");
}

TEST_CASE("check: an add-on to a code that failed to parse is not reported", "[checker]") {
  const std::vector<Diag> all =
      check_text(kBase +
                 "code I30 {\n  timed first thirty min\n}\n"
                 "code A15 {\n  timed every 15 min\n  add-on to I30\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0101");
}

TEST_CASE("check: a bad number or date does not also make the declaration unknown", "[checker]") {
  const std::vector<Diag> all = check_text(
      "policy p {\n  pool each code\n  units = 99999999999\n}\n"
      "payer y {\n  policy p\n  effective 2023-02-30\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "E0103");
  CHECK(all[1].id == "E0104");
}

TEST_CASE("check: a policy after an unclosed brace is not reported as unknown", "[checker]") {
  // The unclosed code swallows the policy after it (see the parser test of the same name).
  const std::vector<Diag> all = check_text(
      "code 97140 {\n  timed every 15 min\n\npolicy p {\n  pool each code\n"
      "  units = minutes / 15\n}\npayer y {\n  policy p\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0102");
}

TEST_CASE("check: a user code may share its name with a standard test's local code", "[checker]") {
  // stdlib-rules/policies/cpt-midpoint-tests.rules declares T30 and T60 inside its tests. A
  // user's own code T30 is reported as E0201 "code 'T30' is already defined" in that built-in
  // file, which the user cannot change, and the rules do not load.
  const LoadedRules loaded = load_files(
      {{"mine.rules", "code T30 \"my 30-minute code\" {\n  timed every 30 min\n}\n"}}, true);
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.plan);
}

TEST_CASE("check: a misspelled code in a test table is reported once", "[checker]") {
  // Each row of a test table becomes a case of its own, and each case reports the unknown code
  // again: three identical E0203 at the same place for one typo.
  const std::vector<Diag> all =
      check_text(kBase +
                 "test \"t\" {\n  payer y\n  table 97410 {\n    7 min -> 0\n"
                 "    8 min -> 1\n    22 min -> 1\n  }\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0203");
  CHECK(all[0].line == 13);
}

TEST_CASE("check: a test-local code that is never in force is E0207", "[checker]") {
  // A test's own code is checked like a loaded one: 'expires' before 'effective' is E0207, not
  // a test that fails later with code.not-in-force.
  const std::vector<Diag> all =
      check_text(kBase +
                 "test \"t\" {\n  payer y\n  code L1 {\n    timed every 15 min\n"
                 "    effective 2020-01-02\n    expires 2020-01-01\n  }\n"
                 "  given L1 8 min\n  expect L1 x1\n}\n");
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0207");
  CHECK(all[0].line == 16);
}

// ---------------------------------------------------------------------------------------------
// Several files in one load

TEST_CASE("check: every file's errors are reported in one load", "[checker]") {
  const LoadedRules loaded = load_files({
      {"a.rules", "code 97140 {\n  timed every fifteen min\n}\n"},
      {"b.rules",
       "policy p {\n  pool each code\n  units = minutes / 15\n}\npayer y {\n  policy q\n}\n"},
      {"c.rules", "code 97110 {\n  disciplines PT\n}\n"},
      {"d.rules", "cod 97530 {\n  untimed\n}\n"},
      {"e.rules", "test \"t\" {\n  payer y\n  given 97110 8 min\n  expect total 1\n}\n"},
  });
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  CHECK_FALSE(loaded.plan);
  REQUIRE(all.size() == 5);
  // Syntax errors first, file by file, then the checker's findings across files.
  CHECK(all[0].id == "E0101");
  CHECK(all[0].file == "a.rules");
  CHECK(all[1].id == "E0101");
  CHECK(all[1].file == "d.rules");
  CHECK(all[2].id == "E0205");
  CHECK(all[2].file == "c.rules");
  CHECK(all[3].id == "E0202");
  CHECK(all[3].file == "b.rules");
  CHECK(all[3].message == "unknown policy 'q'");
  CHECK(all[4].id == "W0404");
  CHECK(all[4].file == "b.rules");
}

TEST_CASE("check: names resolve across files", "[checker]") {
  const LoadedRules loaded = load_files({
      {"codes.rules", "code 97140 {\n  timed every 15 min\n}\n"},
      {"payers.rules", "payer y {\n  policy p\n}\n"},
      {"policies.rules", "policy p {\n  pool each code\n  units = (minutes + 7) / 15\n}\n"},
      {"tests.rules", "test \"t\" {\n  payer y\n  given 97140 8 min\n  expect 97140 x1\n}\n"},
  });
  INFO(ids_of(diags_of(loaded)));
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.plan);
}

TEST_CASE("check: a name defined in two files names the other file", "[checker]") {
  const LoadedRules loaded = load_files({
      {"a.rules", kBase},
      {"b.rules", "\ncode 97140 {\n  untimed\n}\n"},
  });
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0201");
  CHECK(all[0].file == "b.rules");
  CHECK(all[0].line == 2);
  CHECK(all[0].notes.at(0) == "the other definition is at a.rules:8:6");
}

TEST_CASE("check: an unreadable path is E0001 and other files are still checked", "[checker]") {
  LoadOptions options;
  options.stdlib = false;
  options.paths.push_back("/nonexistent/cptrules/x.rules");
  options.extra.push_back(std::make_shared<SourceFile>("t.rules", "code 97110 {\n}\n"));
  const LoadedRules loaded = load_rules(options);
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  CHECK(loaded.io_error);
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "E0001");
  CHECK(all[0].message == "cannot read /nonexistent/cptrules/x.rules: no such file or folder");
  CHECK(all[1].id == "E0205");
}

TEST_CASE("check: a rule file over 4 MB is E0002 and is not read", "[checker]") {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / "cptrules-checker-test-large.rules";
  cptrules::test::write_file(path, std::string(4 * 1024 * 1024 + 1, '#'));
  LoadOptions options;
  options.stdlib = false;
  options.paths.push_back(path.string());
  const LoadedRules loaded = load_rules(options);
  fs::remove(path);
  const std::vector<Diag> all = diags_of(loaded);
  INFO(ids_of(all));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "E0002");
  CHECK(all[0].message == path.string() + ": rule file too large (4194305 bytes; at most 4194304)");
  CHECK(loaded.io_error);
  CHECK(loaded.files.empty());
}
