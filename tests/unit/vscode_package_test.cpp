// docs/editors/vscode/ against itself and the program: package.json names files that exist, the
// grammar's scope, the project's version and settings the client reads; the language
// configuration is valid JSON; package-lock.json pins what package.json asks for; the client
// starts `cptrules lsp` with options the program has.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <cstddef>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <string_view>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

using cptrules::test::read_file;

const fs::path kRoot(CPTRULES_SOURCE_DIR);
const fs::path kExtension = kRoot / "docs" / "editors" / "vscode";

std::string text(simdjson::dom::element e) {
  std::string_view s;
  return e.get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

// The single element of the array `key` of `object` (package.json contributes one language and
// one grammar).
simdjson::dom::object only(simdjson::dom::object object, const char* key) {
  simdjson::dom::array array;
  REQUIRE(object[key].get(array) == simdjson::SUCCESS);
  REQUIRE(array.size() == 1);
  simdjson::dom::object first;
  REQUIRE(array.at(0).get(first) == simdjson::SUCCESS);
  return first;
}

// The file a "./relative/path" of package.json names.
fs::path named(simdjson::dom::object object, const char* key) {
  const std::string relative = text(object[key]);
  INFO(key << ": " << relative);
  REQUIRE(relative.rfind("./", 0) == 0);
  return kExtension / relative.substr(2);
}

// The version of `project(cptrules VERSION x.y.z ...)` in CMakeLists.txt.
std::string project_version() {
  const std::string cmake = read_file(kRoot / "CMakeLists.txt");
  std::smatch m;
  REQUIRE(std::regex_search(cmake, m, std::regex(R"(project\(cptrules VERSION ([0-9.]+))")));
  return m[1];
}

// What `cptrules ARGS` prints on standard output and standard error together.
std::string cptrules_output(const std::string& args) {
  return cptrules::test::run_shell(std::string("'") + CPTRULES_BINARY + "' " + args + " 2>&1").out;
}

}  // namespace

TEST_CASE("vscode extension: package.json contributes the language, its grammar and settings",
          "[editors]") {
  simdjson::dom::parser parser;
  simdjson::dom::object package;
  REQUIRE(parser.load((kExtension / "package.json").string()).get(package) == simdjson::SUCCESS);
  CHECK(text(package["version"]) == project_version());
  // The documentation names the .vsix that scripts/package-vscode.sh writes.
  const std::string vsix = "build/vscode/cptrules-" + project_version() + ".vsix";
  CHECK(read_file(kRoot / "docs" / "editors" / "README.md").find(vsix) != std::string::npos);
  CHECK(fs::is_regular_file(named(package, "main")));
  simdjson::dom::object contributes;
  REQUIRE(package["contributes"].get(contributes) == simdjson::SUCCESS);

  const simdjson::dom::object language = only(contributes, "languages");
  CHECK(text(language["id"]) == "cptrules");
  simdjson::dom::array extensions;
  REQUIRE(language["extensions"].get(extensions) == simdjson::SUCCESS);
  REQUIRE(extensions.size() == 1);
  CHECK(text(extensions.at(0)) == ".rules");

  // The language configuration: strict JSON (VS Code also reads comments; this file has none),
  // `#` comments, and the brackets of the language.
  simdjson::dom::parser config_parser;
  simdjson::dom::object config;
  const fs::path config_path = named(language, "configuration");
  REQUIRE(config_parser.load(config_path.string()).get(config) == simdjson::SUCCESS);
  CHECK(text(config["comments"]["lineComment"]) == "#");
  std::set<std::string> brackets;
  simdjson::dom::array pairs;
  REQUIRE(config["brackets"].get(pairs) == simdjson::SUCCESS);
  for (simdjson::dom::element pair : pairs)
    brackets.insert(text(pair.at(0)) + text(pair.at(1)));
  CHECK(brackets == std::set<std::string>{"{}", "()"});
  std::set<std::string> closing;
  REQUIRE(config["autoClosingPairs"].get(pairs) == simdjson::SUCCESS);
  for (simdjson::dom::element pair : pairs)
    closing.insert(text(pair["open"]) + text(pair["close"]));
  CHECK(closing == std::set<std::string>{"{}", "()", "\"\""});

  // The grammar: the file exists, for this language, under the scope it declares itself.
  const simdjson::dom::object grammar = only(contributes, "grammars");
  CHECK(text(grammar["language"]) == "cptrules");
  const fs::path grammar_path = named(grammar, "path");
  CHECK(grammar_path == kExtension / "syntaxes" / "cptrules.tmLanguage.json");
  simdjson::dom::parser grammar_parser;
  simdjson::dom::object tm;
  REQUIRE(grammar_parser.load(grammar_path.string()).get(tm) == simdjson::SUCCESS);
  CHECK(text(grammar["scopeName"]) == text(tm["scopeName"]));
  CHECK(text(tm["scopeName"]) == "source.cptrules");

  // The settings, with their defaults, and the client reads each one.
  const std::string client = read_file(kExtension / "extension.js");
  simdjson::dom::object properties;
  REQUIRE(contributes["configuration"]["properties"].get(properties) == simdjson::SUCCESS);
  CHECK(text(properties["cptrules.path"]["default"]) == "cptrules");
  bool standard = false;
  REQUIRE(properties["cptrules.useStandardRules"]["default"].get(standard) == simdjson::SUCCESS);
  CHECK(standard);
  CHECK(text(properties["cptrules.stdlibDir"]["default"]).empty());
  for (const char* setting : {"path", "useStandardRules", "stdlibDir"}) {
    INFO(setting);
    CHECK(client.find(std::string("config.get('") + setting + "'") != std::string::npos);
    CHECK(client.find(std::string("'cptrules.") + setting + "'") != std::string::npos);
  }
  // Every command the extension contributes is registered by the client.
  simdjson::dom::array commands;
  REQUIRE(contributes["commands"].get(commands) == simdjson::SUCCESS);
  for (simdjson::dom::element command : commands) {
    const std::string id = text(command["command"]);
    INFO(id);
    CHECK(client.find("registerCommand('" + id + "'") != std::string::npos);
  }
}

TEST_CASE("vscode extension: package-lock.json pins the packages package.json names", "[editors]") {
  simdjson::dom::parser parser;
  simdjson::dom::object package;
  REQUIRE(parser.load((kExtension / "package.json").string()).get(package) == simdjson::SUCCESS);
  simdjson::dom::parser lock_parser;
  simdjson::dom::object lock;
  REQUIRE(lock_parser.load((kExtension / "package-lock.json").string()).get(lock) ==
          simdjson::SUCCESS);
  CHECK(text(lock["name"]) == text(package["name"]));
  CHECK(text(lock["version"]) == text(package["version"]));
  simdjson::dom::object packages;
  REQUIRE(lock["packages"].get(packages) == simdjson::SUCCESS);

  std::size_t pinned = 0;
  for (const char* group : {"dependencies", "devDependencies"}) {
    simdjson::dom::object wanted;
    REQUIRE(package[group].get(wanted) == simdjson::SUCCESS);
    for (auto field : wanted) {
      const std::string name(field.key);
      const std::string version = text(field.value);
      INFO(group << ": " << name << " " << version);
      // An exact version, the same in the lock file's root and in the installed tree.
      CHECK(std::regex_match(version, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+")));
      CHECK(text(packages[""][group][name]) == version);
      CHECK(text(packages["node_modules/" + name]["version"]) == version);
      ++pinned;
    }
  }
  CHECK(pinned == 2);
  CHECK(text(package["dependencies"]["vscode-languageclient"]).rfind("9.", 0) == 0);
  CHECK(!text(package["devDependencies"]["@vscode/vsce"]).empty());

  // Every installed package has a version and a checksum: `npm ci` installs exactly these.
  std::size_t installed = 0;
  for (auto field : packages) {
    if (field.key.empty())
      continue;
    INFO(field.key);
    CHECK(!text(field.value["version"]).empty());
    CHECK(text(field.value["integrity"]).rfind("sha512-", 0) == 0);
    ++installed;
  }
  CHECK(installed >= 5);
}

TEST_CASE("vscode extension: the client starts cptrules lsp with options the program has",
          "[editors]") {
  const std::string client = read_file(kExtension / "extension.js");
  CHECK(client.find("const args = ['lsp'];") != std::string::npos);
  for (const char* option : {"--no-stdlib", "--stdlib-dir", "--stdio"}) {
    INFO(option);
    CHECK(client.find(std::string("'") + option + "'") != std::string::npos);
  }
  // `--no-stdlib` means what it means for every command that loads rules.
  CHECK(cptrules_output("check --help").find("--no-stdlib") != std::string::npos);
  // The server's own options, once the program has the `lsp` command.
  if (cptrules_output("--help").find("\n  lsp ") != std::string::npos) {
    const std::string lsp_help = cptrules_output("lsp --help");
    for (const char* option : {"--no-stdlib", "--stdlib-dir", "--stdio"}) {
      INFO(option);
      CHECK(lsp_help.find(option) != std::string::npos);
    }
  }
}
