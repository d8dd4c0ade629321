// The language server spoken to as an editor does: a scripted client over the protocol.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../fuzz/fuzz_lsp_target.hpp"
#include "hover.hpp"
#include "message_reader.hpp"
#include "server.hpp"
#include "test_support.hpp"
#include "text_position.hpp"

namespace {

using json = nlohmann::json;
using cptrules::test::TempDir;
namespace lsp = cptrules::lsp;

const char* const kPolicies = R"(policy half-up "Half a unit rounds up" {
  pool each code
  units = (minutes + (unit - 1) / 2) / unit
  source "test source"
}

payer acme "Acme Health" {
  policy half-up
}
)";

const char* const kCodes = R"(code 97110 "Therapeutic exercise" {
  timed every 15 min
  source "code source"
}

test "acme eight minutes" {
  payer acme
  given 97110 8 min
  expect 97110 x1
}
)";

// An editor's side of the protocol, talking to a Server in the same process.
class Client {
 public:
  explicit Client(lsp::ServerOptions options) : server_(std::move(options)) {}

  // Sends a request and returns its answer (the whole message); notifications that come with
  // it are kept.
  json request(const std::string& method, json params) {
    const int id = next_id_++;
    return send(
        {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  }
  void notify(const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  json send_text(const std::string& body) {
    std::vector<std::string> out;
    server_.handle(body, out);
    json answer;
    for (const std::string& text : out) {
      json j = json::parse(text);
      if (j.value("method", "") == "textDocument/publishDiagnostics") {
        diagnostics_[j["params"]["uri"]] = j["params"]["diagnostics"];
        ++published_;
      } else {
        answer = j;
      }
    }
    return answer;
  }
  json send(const json& message) { return send_text(message.dump()); }

  // The diagnostics last published for a file.
  json diagnostics(const std::string& path) {
    const auto it = diagnostics_.find(lsp::uri_of_path(path));
    return it == diagnostics_.end() ? json::array() : it->second;
  }
  int published() const { return published_; }
  lsp::Server& server() { return server_; }

  void initialize(const std::string& folder) {
    const json answer = request("initialize", {{"processId", nullptr},
                                               {"rootUri", lsp::uri_of_path(folder)},
                                               {"capabilities", json::object()}});
    REQUIRE(answer["result"]["capabilities"]["hoverProvider"] == true);
    notify("initialized", json::object());
  }
  void open(const std::string& path, const std::string& text) {
    notify("textDocument/didOpen", {{"textDocument",
                                     {{"uri", lsp::uri_of_path(path)},
                                      {"languageId", "cptrules"},
                                      {"version", 1},
                                      {"text", text}}}});
  }
  void change(const std::string& path, const std::string& text) {
    notify("textDocument/didChange",
           {{"textDocument", {{"uri", lsp::uri_of_path(path)}, {"version", ++version_}}},
            {"contentChanges", json::array({{{"text", text}}})}});
  }
  json at(const std::string& method, const std::string& path, int line, int character,
          json extra = json::object()) {
    json params = {{"textDocument", {{"uri", lsp::uri_of_path(path)}}},
                   {"position", {{"line", line}, {"character", character}}}};
    params.update(extra);
    return request(method, params);
  }

 private:
  lsp::Server server_;
  std::map<std::string, json> diagnostics_;
  int next_id_ = 1;
  int version_ = 1;
  int published_ = 0;
};

lsp::ServerOptions no_stdlib() {
  lsp::ServerOptions o;
  o.stdlib = false;
  return o;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

json range(int l1, int c1, int l2, int c2) {
  return {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}};
}

// A message as it goes over the wire: its header, then its JSON.
std::string framed(const json& message) {
  const std::string body = message.dump();
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// The first two messages of a session with the workspace `root`: initialize and initialized.
std::string opening(const std::string& root) {
  return framed({{"jsonrpc", "2.0"},
                 {"id", 1},
                 {"method", "initialize"},
                 {"params", {{"rootUri", lsp::uri_of_path(root)}}}}) +
         framed({{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}});
}

}  // namespace

TEST_CASE("lsp: diagnostics follow edits across the files of the workspace", "[lsp]") {
  TempDir dir("cptrules-lsp");
  const std::string policies = dir.write("policies.rules", kPolicies);
  const std::string codes = dir.write("codes.rules", kCodes);
  Client client(no_stdlib());
  client.initialize(dir.path().string());
  client.open(codes, kCodes);
  CHECK(client.diagnostics(codes).empty());
  CHECK(client.diagnostics(policies).empty());

  // The payer's policy misspelt in one file: the error is in that file, with check's id and
  // did-you-mean, although the file is not open.
  client.open(policies, kPolicies);
  client.change(policies, replace(kPolicies, "  policy half-up", "  policy half-upp"));
  json d = client.diagnostics(policies);
  REQUIRE(d.size() == 1);
  CHECK(d[0]["severity"] == 1);
  CHECK(d[0]["code"].get<std::string>().rfind("E", 0) == 0);
  CHECK(d[0]["range"] == range(7, 9, 7, 17));
  CHECK(d[0]["message"].get<std::string>().find("did you mean") != std::string::npos);

  // A payer misspelt in the other file is found from there.
  client.change(policies, kPolicies);
  CHECK(client.diagnostics(policies).empty());
  client.change(codes, replace(kCodes, "payer acme", "payer acmee"));
  d = client.diagnostics(codes);
  REQUIRE(d.size() == 1);
  CHECK(d[0]["range"]["start"]["line"] == 6);
  CHECK(d[0]["message"].get<std::string>().find("acme") != std::string::npos);

  // A failing test case of the open file, on its `given` line.
  client.change(codes, replace(kCodes, "expect 97110 x1", "expect 97110 x2"));
  d = client.diagnostics(codes);
  REQUIRE(d.size() == 1);
  CHECK(d[0]["code"] == "test-failed");
  CHECK(d[0]["range"] == range(7, 0, 7, 19));
  CHECK(d[0]["message"].get<std::string>().find("acme eight minutes") != std::string::npos);

  // Fixed: every diagnostic is withdrawn.
  client.change(codes, kCodes);
  CHECK(client.diagnostics(codes).empty());

  // A syntax error keeps the server answering, and closing the buffer goes back to the file.
  client.change(codes, "code 97110 {\n  timed every\n}\n");
  CHECK_FALSE(client.diagnostics(codes).empty());
  client.notify("textDocument/didClose", {{"textDocument", {{"uri", lsp::uri_of_path(codes)}}}});
  CHECK(client.diagnostics(codes).empty());
}

TEST_CASE("lsp: strings and comments, where words are not the language's", "[lsp]") {
  const std::string text = "code X \"timed \\\" code\" { # timed\n  timed every 15 min\n}\n";
  const auto at = [&](std::string_view word, std::size_t nth = 0) {
    std::size_t pos = text.find(word);
    for (; nth > 0; --nth)
      pos = text.find(word, pos + 1);
    REQUIRE(pos != std::string::npos);
    return lsp::in_string_or_comment(text, static_cast<std::uint32_t>(pos));
  };
  CHECK_FALSE(at("code"));      // the keyword at the start
  CHECK(at("timed"));           // in the title
  CHECK(at("code", 1));         // in the title, after an escaped quote
  CHECK_FALSE(at("{"));         // after the title's closing quote
  CHECK(at("timed", 1));        // in the comment
  CHECK_FALSE(at("timed", 2));  // on the next line, a keyword again
  CHECK_FALSE(lsp::in_string_or_comment(text, static_cast<std::uint32_t>(text.size())));
}

TEST_CASE("lsp: hover, definition, references, symbols and formatting", "[lsp]") {
  TempDir dir("cptrules-lsp");
  const std::string policies = dir.write("policies.rules", kPolicies);
  const std::string codes = dir.write("codes.rules", kCodes);
  Client client(no_stdlib());
  client.initialize(dir.path().string());
  client.open(codes, kCodes);

  // Hover on a code used in a test: its title, unit length, each payer's units, its sources.
  json h = client.at("textDocument/hover", codes, 7, 9);
  const std::string code_hover = h["result"]["contents"]["value"];
  CHECK(code_hover.find("**code 97110** Therapeutic exercise") != std::string::npos);
  CHECK(code_hover.find("unit length 15 min") != std::string::npos);
  CHECK(code_hover.find("| payer | 7 min | 8 min | 15 min | 23 min | 30 min |") !=
        std::string::npos);
  CHECK(code_hover.find("| acme | 0 | 1 | 1 | 2 | 2 |") != std::string::npos);
  CHECK(code_hover.find("code source") != std::string::npos);
  CHECK(h["result"]["range"] == range(7, 8, 7, 13));
  // On a payer: its summary, its policy and sources; on a keyword: the reference's line.
  h = client.at("textDocument/hover", codes, 6, 9);
  CHECK(h["result"]["contents"]["value"].get<std::string>().find("**payer acme** Acme Health") ==
        0);
  h = client.at("textDocument/hover", codes, 1, 4);
  CHECK(h["result"]["contents"]["value"].get<std::string>().find("`timed every N min`") !=
        std::string::npos);
  // Nothing to say on a number or blank space, or on a keyword's spelling inside a string.
  CHECK(client.at("textDocument/hover", codes, 4, 0)["result"].is_null());
  CHECK(client.at("textDocument/hover", codes, 2, 11)["result"].is_null());  // "code source"

  // Definition of the payer, in the other file; of a policy from its payer.
  json def = client.at("textDocument/definition", codes, 6, 9);
  REQUIRE(def["result"].size() == 1);
  CHECK(def["result"][0]["uri"] == lsp::uri_of_path(policies));
  CHECK(def["result"][0]["range"] == range(6, 6, 6, 10));
  client.open(policies, kPolicies);
  def = client.at("textDocument/definition", policies, 7, 12);
  REQUIRE(def["result"].size() == 1);
  CHECK(def["result"][0]["range"] == range(0, 7, 0, 14));

  // References of the code: its uses in the test (with its declaration when asked).
  json refs = client.at("textDocument/references", codes, 0, 6,
                        {{"context", {{"includeDeclaration", false}}}});
  REQUIRE(refs["result"].size() == 2);
  CHECK(refs["result"][0]["range"] == range(7, 8, 7, 13));
  CHECK(refs["result"][1]["range"] == range(8, 9, 8, 14));
  refs = client.at("textDocument/references", codes, 0, 6,
                   {{"context", {{"includeDeclaration", true}}}});
  CHECK(refs["result"].size() == 3);

  // The outline: each declaration with its title.
  json symbols = client.request("textDocument/documentSymbol",
                                {{"textDocument", {{"uri", lsp::uri_of_path(codes)}}}});
  REQUIRE(symbols["result"].size() == 2);
  CHECK(symbols["result"][0]["name"] == "code 97110");
  CHECK(symbols["result"][0]["detail"] == "Therapeutic exercise");
  CHECK(symbols["result"][0]["selectionRange"] == range(0, 5, 0, 10));
  CHECK(symbols["result"][1]["name"] == "test \"acme eight minutes\"");

  // Formatting: the text `cptrules fmt` writes, as one edit; none for a formatted file.
  const json format_params = {{"textDocument", {{"uri", lsp::uri_of_path(codes)}}},
                              {"options", {{"tabSize", 2}, {"insertSpaces", true}}}};
  CHECK(client.request("textDocument/formatting", format_params)["result"] == json::array());
  client.change(codes, replace(kCodes, "  timed every 15 min", "      timed   every 15 min"));
  json edits = client.request("textDocument/formatting", format_params)["result"];
  REQUIRE(edits.size() == 1);
  CHECK(edits[0]["newText"] == kCodes);
  CHECK(edits[0]["range"] == range(0, 0, 10, 0));
}

TEST_CASE("lsp: malformed messages, unknown methods and bad positions get protocol errors",
          "[lsp]") {
  TempDir dir("cptrules-lsp");
  const std::string codes = dir.write("codes.rules", kCodes);
  Client client(no_stdlib());
  // Before initialize.
  json answer = client.at("textDocument/hover", codes, 0, 0);
  CHECK(answer["error"]["code"] == lsp::kServerNotInitialized);
  client.initialize(dir.path().string());
  client.open(codes, kCodes);
  CHECK(client.send_text("{\"jsonrpc\": \"2.0\", \"id\": 1, ")["error"]["code"] ==
        lsp::kParseError);
  CHECK(client.send_text("[1, 2]")["error"]["code"] == lsp::kInvalidRequest);
  CHECK(client.request("workspace/frobnicate", json::object())["error"]["code"] ==
        lsp::kMethodNotFound);
  CHECK(client.request("textDocument/hover", {{"textDocument", 3}})["error"]["code"] ==
        lsp::kInvalidParams);
  // Positions past the end of a line are its end; past the last line, InvalidParams.
  CHECK(client.at("textDocument/hover", codes, 0, 5000)["error"].is_null());
  CHECK(client.at("textDocument/hover", codes, 5000, 0)["error"]["code"] == lsp::kInvalidParams);
  CHECK(client.at("textDocument/hover", codes, -1, 0)["error"]["code"] == lsp::kInvalidParams);
  CHECK(client.at("textDocument/definition", dir.path("other.rules"), 0, 0)["error"]["code"] ==
        lsp::kInvalidParams);
  // A notification never gets an answer, even a wrong one.
  CHECK(client.send({{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"}, {"params", 5}})
            .is_null());
  // shutdown, then requests are refused; exit ends with status 0.
  CHECK(client.request("shutdown", nullptr)["result"].is_null());
  CHECK(client.request("textDocument/hover", json::object())["error"]["code"] ==
        lsp::kInvalidRequest);
  client.notify("exit", nullptr);
  CHECK(client.server().exited());
  CHECK(client.server().exit_code() == 0);
}

TEST_CASE("lsp: the message reader frames messages and survives broken headers", "[lsp]") {
  auto framed = [](const std::string& body) {
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  std::istringstream in(framed("{}") + "Content-Type: x\r\ncontent-length: 2\r\n\r\n[]" +
                        "Content-Length: abc\r\n\r\n" + "no colon\r\nContent-Length: 1\r\n\r\nx" +
                        framed("{\"a\":1}") + "Content-Length: 10\r\n\r\nshort");
  CHECK(lsp::read_message(in).body == "{}");
  CHECK(lsp::read_message(in).body == "[]");
  CHECK(lsp::read_message(in).status == lsp::ReadStatus::malformed);
  const lsp::ReadResult no_colon = lsp::read_message(in);
  CHECK(no_colon.status == lsp::ReadStatus::malformed);
  CHECK(no_colon.error == "a header line has no ':'");
  CHECK(lsp::read_message(in).body == "{\"a\":1}");
  CHECK(lsp::read_message(in).status == lsp::ReadStatus::malformed);
  CHECK(lsp::read_message(in).status == lsp::ReadStatus::end);
}

TEST_CASE("lsp: serve answers a whole session over streams", "[lsp]") {
  TempDir dir("cptrules-lsp");
  const std::string codes = dir.write("codes.rules", kCodes);
  std::string input = opening(dir.path().string());
  auto add = [&](const json& j) { input += framed(j); };
  input += "Content-Length: 3\r\n\r\n{{{";
  add({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}});
  add({{"jsonrpc", "2.0"}, {"method", "exit"}});
  std::istringstream in(input);
  std::ostringstream out;
  CHECK(lsp::serve(in, out, no_stdlib()) == 0);
  std::istringstream answers(out.str());
  std::vector<json> got;
  for (lsp::ReadResult r = lsp::read_message(answers); r.status == lsp::ReadStatus::message;
       r = lsp::read_message(answers))
    got.push_back(json::parse(r.body));
  // initialize; the test file's diagnostics (codes.rules names payer acme, which is not there);
  // the parse error; shutdown.
  REQUIRE(got.size() == 4);
  CHECK(got[0]["id"] == 1);
  CHECK(got[1]["method"] == "textDocument/publishDiagnostics");
  CHECK(got[2]["error"]["code"] == lsp::kParseError);
  CHECK(got[3]["id"] == 2);
}

TEST_CASE("lsp: the cptrules lsp process over pipes", "[lsp]") {
  TempDir dir("cptrules-lsp");
  dir.write("policies.rules", kPolicies);
  const std::string codes = dir.write("codes.rules", kCodes);
  std::string input = opening(dir.path().string());
  auto add = [&](const json& j) { input += framed(j); };
  add({{"jsonrpc", "2.0"},
       {"method", "textDocument/didOpen"},
       {"params",
        {{"textDocument",
          {{"uri", lsp::uri_of_path(codes)},
           {"languageId", "cptrules"},
           {"version", 1},
           {"text", kCodes}}}}}});
  add({{"jsonrpc", "2.0"},
       {"id", 2},
       {"method", "textDocument/hover"},
       {"params",
        {{"textDocument", {{"uri", lsp::uri_of_path(codes)}}},
         {"position", {{"line", 6}, {"character", 9}}}}}});
  add({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "shutdown"}});
  add({{"jsonrpc", "2.0"}, {"method", "exit"}});
  cptrules::test::write_file(dir.path("in.txt"), input);
  const std::string command = "cat '" + dir.path("in.txt") + "' | '" + CPTRULES_BINARY +
                              "' lsp --stdio --no-stdlib > '" + dir.path("out.txt") + "'";
  CHECK(cptrules::test::exit_status(std::system(command.c_str())) == 0);
  std::istringstream answers(cptrules::test::read_file(dir.path("out.txt")));
  std::vector<json> got;
  for (lsp::ReadResult r = lsp::read_message(answers); r.status == lsp::ReadStatus::message;
       r = lsp::read_message(answers))
    got.push_back(json::parse(r.body));
  // initialize, the open file's (empty) diagnostics, hover, shutdown.
  REQUIRE(got.size() == 4);
  CHECK(got[1]["params"]["diagnostics"] == json::array());
  CHECK(got[2]["result"]["contents"]["value"].get<std::string>().find("**payer acme**") == 0);
  CHECK(got[3]["id"] == 3);
}

TEST_CASE("lsp: the fuzz target's seeds and regressions replay cleanly", "[lsp][fuzz]") {
  namespace fs = std::filesystem;
  int count = 0;
  for (const char* kind : {"seeds", "regressions"}) {
    const fs::path dir = fs::path(CPTRULES_SOURCE_DIR) / "tests" / "fuzz" / kind / "lsp";
    REQUIRE(fs::is_directory(dir));
    for (const auto& entry : fs::directory_iterator(dir)) {
      INFO(entry.path().string());
      CHECK(cptrules::fuzz::fuzz_lsp_one(cptrules::test::read_file(entry.path())) == "");
      ++count;
    }
  }
  CHECK(count >= 2);
}

namespace {

std::vector<std::string> labels(const json& answer) {
  std::vector<std::string> out;
  for (const json& item : answer["result"])
    out.push_back(item["label"]);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

}  // namespace

TEST_CASE("lsp: completion knows the clause it is in", "[lsp]") {
  TempDir dir("cptrules-lsp");
  dir.write("policies.rules", kPolicies);
  const std::string codes = dir.write("codes.rules", kCodes);
  Client client(no_stdlib());
  client.initialize(dir.path().string());
  client.open(codes, kCodes);

  // Between declarations: the declaration keywords.
  auto top = labels(client.at("textDocument/completion", codes, 4, 0));
  CHECK(top == std::vector<std::string>{"code", "policy", "payer", "edit", "modifier", "limit",
                                        "family", "test", "provider", "check"});
  // At the start of a line of a code: its clauses, by what is typed.
  CHECK(labels(client.at("textDocument/completion", codes, 1, 4)) ==
        std::vector<std::string>{"timed"});
  CHECK(has(labels(client.at("textDocument/completion", codes, 2, 2)), "disciplines"));
  CHECK_FALSE(has(labels(client.at("textDocument/completion", codes, 2, 2)), "given"));
  // In a test: its clauses; after `given`, the codes with their titles; after `payer`, payers.
  CHECK(has(labels(client.at("textDocument/completion", codes, 7, 2)), "expect"));
  const json given = client.at("textDocument/completion", codes, 7, 8);
  REQUIRE(given["result"].size() == 1);
  CHECK(given["result"][0]["label"] == "97110");
  CHECK(given["result"][0]["detail"] == "Therapeutic exercise");
  CHECK(labels(client.at("textDocument/completion", codes, 6, 8)) ==
        std::vector<std::string>{"acme"});

  // After `expect finding`: finding ids.
  const std::string with_finding =
      replace(kCodes, "  expect 97110 x1\n", "  expect 97110 x1\n  expect finding units.\n");
  client.change(codes, with_finding);
  const auto findings = labels(client.at("textDocument/completion", codes, 9, 23));
  CHECK(has(findings, "units.over-billed"));
  CHECK(has(findings, "units.under-billed"));
  CHECK_FALSE(has(findings, "code.not-in-rules"));
  // A policy after a payer's `policy`, even while the file has errors.
  client.open(dir.path("policies.rules"), replace(kPolicies, "  policy half-up", "  policy h"));
  CHECK(labels(client.at("textDocument/completion", dir.path("policies.rules"), 7, 10)) ==
        std::vector<std::string>{"half-up"});
}

TEST_CASE("lsp: a did-you-mean is a quick fix", "[lsp]") {
  TempDir dir("cptrules-lsp");
  const std::string policies = dir.write("policies.rules", kPolicies);
  dir.write("codes.rules", kCodes);
  Client client(no_stdlib());
  client.initialize(dir.path().string());
  client.open(policies, replace(kPolicies, "  policy half-up", "  policy half-upp"));
  REQUIRE(client.diagnostics(policies).size() == 1);
  const json params = {{"textDocument", {{"uri", lsp::uri_of_path(policies)}}},
                       {"range", range(7, 0, 8, 0)},
                       {"context", {{"diagnostics", json::array()}}}};
  json actions = client.request("textDocument/codeAction", params)["result"];
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["title"] == "Change 'half-upp' to 'half-up'");
  CHECK(actions[0]["kind"] == "quickfix");
  CHECK(actions[0]["diagnostics"][0]["code"] == client.diagnostics(policies)[0]["code"]);
  const json edit = actions[0]["edit"]["changes"][lsp::uri_of_path(policies)][0];
  CHECK(edit["range"] == range(7, 9, 7, 17));
  CHECK(edit["newText"] == "half-up");
  // No quick fix away from the diagnostic.
  json none = params;
  none["range"] = range(0, 0, 1, 0);
  CHECK(client.request("textDocument/codeAction", none)["result"] == json::array());
  // Applied, the error is gone.
  client.change(policies, kPolicies);
  CHECK(client.diagnostics(policies).empty());
}

TEST_CASE("lsp: with the standard rules, definitions lead into them and hover shows payers' units",
          "[lsp]") {
  TempDir dir("cptrules-lsp");
  const std::string mine =
      dir.write("mine.rules",
                "payer mine \"Mine\" {\n  policy cms-8-minute\n}\n\n"
                "test \"mine\" {\n  payer medicare\n  given 97110 8 min\n  expect 97110 x1\n}\n");
  lsp::ServerOptions options;
  options.stdlib_dir = std::string(CPTRULES_SOURCE_DIR) + "/stdlib-rules";
  // A copy of a standard rule file in the workspace is not read beside the standard rules.
  dir.write("copy.rules", cptrules::test::read_file(options.stdlib_dir + "/payers/medicare.rules"));
  Client client(options);
  client.initialize(dir.path().string());
  client.open(mine, cptrules::test::read_file(mine));
  CHECK(client.diagnostics(mine).empty());
  CHECK(client.diagnostics(dir.path("copy.rules")).empty());
  const json def = client.at("textDocument/definition", mine, 1, 12);
  REQUIRE(def["result"].size() == 1);
  CHECK(def["result"][0]["uri"] ==
        lsp::uri_of_path(options.stdlib_dir + "/policies/cms-8-minute.rules"));
  CHECK(def["result"][0]["range"]["start"]["line"] == 11);
  const std::string hover =
      client.at("textDocument/hover", mine, 6, 9)["result"]["contents"]["value"];
  CHECK(hover.find("| medicare | 0 | 1 | 1 | 2 | 2 |") != std::string::npos);
  // Opening a standard rule file where it is shown checks nothing twice, and hover works there.
  const std::string shown_policy = options.stdlib_dir + "/policies/cms-8-minute.rules";
  client.open(shown_policy, cptrules::test::read_file(shown_policy));
  CHECK(client.diagnostics(mine).empty());
  CHECK(client.diagnostics(shown_policy).empty());
  CHECK(client.at("textDocument/hover", shown_policy, 11, 10)["result"]["contents"]["value"]
            .get<std::string>()
            .find("**policy cms-8-minute**") == 0);
  // References of a standard payer reach into the standard rules' tests.
  CHECK(client.at("textDocument/references", mine, 5, 9)["result"].size() > 5);

  // Without --stdlib-dir, the standard rule files are written where the editor can open them.
  Client defaults{lsp::ServerOptions{}};
  defaults.initialize(dir.path().string());
  defaults.open(mine, cptrules::test::read_file(mine));
  const json shown = defaults.at("textDocument/definition", mine, 1, 12);
  REQUIRE(shown["result"].size() == 1);
  const std::optional<std::string> path =
      lsp::path_of_uri(shown["result"][0]["uri"].get<std::string>());
  REQUIRE(path);
  CHECK(cptrules::test::read_file(*path) ==
        cptrules::test::read_file(options.stdlib_dir + "/policies/cms-8-minute.rules"));
}

TEST_CASE("lsp: positions count UTF-16 code units and URIs are decoded", "[lsp]") {
  const std::string text =
      "a\xC3\xA9"
      "b\n\xF0\x9F\x98\x80x\n";
  CHECK(lsp::position_of(text, 3).character == 2);  // after "aé"
  CHECK(lsp::position_of(text, 9).character == 2);  // after the emoji (2 units)
  CHECK(lsp::offset_of(text, {1, 2}) == 9u);
  CHECK(lsp::offset_of(text, {0, 99}) == 4u);
  CHECK_FALSE(lsp::offset_of(text, {5, 0}));
  CHECK(lsp::path_of_uri("file:///a/b%20c.rules") == "/a/b c.rules");
  CHECK(lsp::uri_of_path("/a/b c.rules") == "file:///a/b%20c.rules");
  CHECK_FALSE(lsp::path_of_uri("untitled:Untitled-1"));
}

TEST_CASE("lsp: providers and checks are names like the others", "[lsp]") {
  TempDir dir("cptrules-lsp");
  dir.write("policies.rules", kPolicies);
  const std::string text = R"(modifier CQ "Assistant" {
}

provider PTA "Physical therapist assistant" {
}

check cq "An assistant's service: CQ" {
  provider PTA
  without CQ
  message "{code} needs CQ"
}

code 97110 "Therapeutic exercise" {
  timed every 15 min
}

test "cq" {
  payer acme
  given 97110 20 min by PTA
  expect finding check.cq on 97110
}
)";
  const std::string checks = dir.write("checks.rules", text);
  Client client(no_stdlib());
  client.initialize(dir.path().string());
  client.open(checks, text);
  CHECK(client.diagnostics(checks) == json::array());

  // From the check's `provider PTA` and from the test's `by PTA` to the provider; the check's
  // `without CQ` to the modifier.
  for (const auto& [line, character] : {std::pair{7, 12}, std::pair{18, 24}}) {
    const json def = client.at("textDocument/definition", checks, line, character);
    REQUIRE(def["result"].size() == 1);
    CHECK(def["result"][0]["range"] == range(3, 9, 3, 12));
  }
  const json def = client.at("textDocument/definition", checks, 8, 11);
  REQUIRE(def["result"].size() == 1);
  CHECK(def["result"][0]["range"] == range(0, 9, 0, 11));
  // Hover on the check's name: its title.
  const json h = client.at("textDocument/hover", checks, 6, 7);
  CHECK(h["result"]["contents"]["value"].get<std::string>().find(
            "**check cq** An assistant's service: CQ") == 0);
  // The outline names both declarations.
  const json symbols = client.request("textDocument/documentSymbol",
                                      {{"textDocument", {{"uri", lsp::uri_of_path(checks)}}}});
  REQUIRE(symbols["result"].size() == 5);
  CHECK(symbols["result"][1]["name"] == "provider PTA");
  CHECK(symbols["result"][2]["name"] == "check cq");
  // Completion: providers after `by`; the check's finding after `expect finding`; a check's
  // clauses.
  CHECK(labels(client.at("textDocument/completion", checks, 18, 25)) ==
        std::vector<std::string>{"PTA"});
  CHECK(has(labels(client.at("textDocument/completion", checks, 19, 23)), "check.cq"));
  client.change(checks, replace(text, "  without CQ\n", "  without CQ\n  wi\n"));
  const auto clauses = labels(client.at("textDocument/completion", checks, 9, 4));
  CHECK(has(clauses, "with"));
  CHECK(has(clauses, "without"));
}
