// Server::handle: the protocol's methods, each answered from the workspace's last check.
#include "server.hpp"

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "completion.hpp"
#include "formatter.hpp"
#include "hover.hpp"
#include "message_reader.hpp"
#include "stdlib.hpp"
#include "text_position.hpp"

namespace cptrules::lsp {

using json = nlohmann::json;
namespace ast = lang::ast;

namespace {

// A request's error, thrown by a handler and answered with its code.
struct RequestError {
  int code;
  std::string message;
};

json position_json(Position p) {
  return {{"line", p.line}, {"character", p.character}};
}

json range_json(const Range& r) {
  return {{"start", position_json(r.start)}, {"end", position_json(r.end)}};
}

Position position_param(const json& params) {
  const json& p = params.at("position");
  const auto line = p.at("line").get<std::int64_t>();
  const auto character = p.at("character").get<std::int64_t>();
  if (line < 0 || character < 0 || line > UINT32_MAX || character > UINT32_MAX)
    throw RequestError{kInvalidParams, "the position is out of range"};
  return {static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(character)};
}

std::string path_param(const json& params) {
  const std::string uri = params.at("textDocument").at("uri").get<std::string>();
  std::optional<std::string> path = path_of_uri(uri);
  if (!path)
    throw RequestError{kInvalidParams, "only file: URIs are served: " + uri};
  return *path;
}

json message_json(const json& id, const json& result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", result}};
}

json error_json(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

// The suggestion of a did-you-mean ("did you mean 'cms-8-minute'?"), if the text has one.
std::optional<std::string> suggestion(const std::string& text) {
  static const std::regex pattern("did you mean '?([^'?\\s]+)'?\\?");
  std::smatch m;
  if (std::regex_search(text, m, pattern))
    return m[1].str();
  return std::nullopt;
}

int symbol_kind(const ast::Decl& decl) {
  // LSP SymbolKind: Class 5, Method 6, Enum 10, Function 12, Constant 14, Number 16,
  // EnumMember 22, Event 24, Operator 25; one for each alternative of ast::Decl, in its order.
  constexpr int kinds[] = {14, 12, 5, 24, 22, 16, 10, 6, 5, 25};
  static_assert(std::size(kinds) == std::variant_size_v<ast::Decl>);
  return kinds[decl.index()];
}

}  // namespace

struct Server::Impl {
  Server& s;

  std::string shown_uri(const std::string& name) {
    return uri_of_path(s.workspace_.shown_path(name));
  }

  std::string file_name(const json& params) {
    return s.workspace_.name_of_shown(path_param(params));
  }

  // The file a request names and the byte offset of its position.
  std::pair<std::shared_ptr<const lang::SourceFile>, std::uint32_t> located(const json& params) {
    const std::string name = file_name(params);
    auto file = s.workspace_.file(name);
    if (!file)
      throw RequestError{kInvalidParams, "the document is not open: " + name};
    const std::optional<std::uint32_t> offset = offset_of(file->text(), position_param(params));
    if (!offset)
      throw RequestError{kInvalidParams, "the position is past the end of the document"};
    return {file, *offset};
  }

  json location_json(const Occurrence& o) {
    return {{"uri", shown_uri(o.file->name())},
            {"range", range_json(range_of(o.file->text(), o.span))}};
  }

  // Every file's diagnostics as the protocol gives them, by file name.
  std::map<std::string, json> diagnostics() {
    std::map<std::string, json> out;
    const Analysis& a = s.workspace_.analysis();
    for (const lang::Diagnostic& d : a.loaded.diagnostics.items()) {
      if (!d.file)
        continue;
      std::string message = d.message;
      json related = json::array();
      for (const lang::Note& n : d.notes) {
        message += "\nnote: " + n.message;
        if (n.span) {
          related.push_back({{"location",
                              {{"uri", shown_uri(d.file->name())},
                               {"range", range_json(range_of(d.file->text(), *n.span))}}},
                             {"message", n.message}});
        }
      }
      json j = {{"range", range_json(range_of(d.file->text(), d.span))},
                {"severity", d.severity == lang::Severity::error ? 1 : 2},
                {"code", d.id},
                {"source", "cptrules"},
                {"message", message}};
      if (!related.empty())
        j["relatedInformation"] = related;
      out[d.file->name()].push_back(j);
    }
    for (const auto& [name, failures] : a.failures) {
      const auto file = s.workspace_.file(name);
      if (!file)
        continue;
      for (const interp::CaseOutcome& c : failures) {
        const auto colon = c.where.rfind(':');
        const auto line = static_cast<std::uint32_t>(std::stoul(c.where.substr(colon + 1)));
        std::string problems;
        for (const std::string& p : c.problems)
          problems += (problems.empty() ? "" : "; ") + p;
        const std::string_view text = file->line_text(line);
        Range r{{line - 1, 0}, position_of(file->text(), 0)};
        r.end = {line - 1,
                 static_cast<std::uint32_t>(
                     position_of(text, static_cast<std::uint32_t>(text.size())).character)};
        out[name].push_back({{"range", range_json(r)},
                             {"severity", 1},
                             {"code", "test-failed"},
                             {"source", "cptrules"},
                             {"message", "test \"" + c.test + "\" fails: " + problems}});
      }
    }
    return out;
  }

  // Checks the workspace again and publishes the diagnostics that changed (every open file's
  // when `all`), the standard rules' aside.
  void publish(std::vector<std::string>& out, const std::string& force = "") {
    s.workspace_.analyse();
    std::map<std::string, json> by_file = diagnostics();
    std::set<std::string> names;
    for (const auto& f : s.workspace_.analysis().loaded.files)
      names.insert(f->name());
    for (const auto& [name, sent] : s.sent_)
      names.insert(name);
    for (const std::string& name : names) {
      if (name.rfind(interp::kStdlibPrefix, 0) == 0)
        continue;
      const json& list = by_file.count(name) ? by_file[name] : json::array();
      const std::string text = list.is_null() ? "[]" : list.dump();
      const auto it = s.sent_.find(name);
      const std::string before = it == s.sent_.end() ? "[]" : it->second;
      if (text == before && name != force)
        continue;
      s.sent_[name] = text;
      json message = {{"jsonrpc", "2.0"},
                      {"method", "textDocument/publishDiagnostics"},
                      {"params", {{"uri", uri_of_path(name)}, {"diagnostics", json::parse(text)}}}};
      out.push_back(message.dump());
    }
  }

  json initialize(const json& params) {
    std::vector<std::string> folders;
    if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array()) {
      for (const json& f : params["workspaceFolders"]) {
        if (auto path = path_of_uri(f.at("uri").get<std::string>()))
          folders.push_back(*path);
      }
    }
    if (folders.empty() && params.contains("rootUri") && params["rootUri"].is_string()) {
      if (auto path = path_of_uri(params["rootUri"].get<std::string>()))
        folders.push_back(*path);
    }
    if (folders.empty() && params.contains("rootPath") && params["rootPath"].is_string())
      folders.push_back(params["rootPath"].get<std::string>());
    s.workspace_.set_folders(folders);
    return {{"capabilities",
             {{"textDocumentSync", {{"openClose", true}, {"change", 1}}},
              {"hoverProvider", true},
              {"completionProvider", {{"triggerCharacters", json::array({" "})}}},
              {"definitionProvider", true},
              {"referencesProvider", true},
              {"documentFormattingProvider", true},
              {"documentSymbolProvider", true},
              {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}}}},
            {"serverInfo", {{"name", "cptrules"}}}};
  }

  void did_change(const json& params, std::vector<std::string>& out) {
    const std::string name = file_name(params);
    const auto file = s.workspace_.file(name);
    std::string text = file ? file->text() : std::string();
    if (s.workspace_.is_open(name))
      text = s.workspace_.open_files().at(name);
    for (const json& change : params.at("contentChanges")) {
      const std::string replacement = change.at("text").get<std::string>();
      if (!change.contains("range")) {
        text = replacement;
        continue;
      }
      const json& r = change["range"];
      const auto begin = offset_of(text, position_param({{"position", r.at("start")}}));
      const auto end = offset_of(text, position_param({{"position", r.at("end")}}));
      if (!begin || !end || *end < *begin)
        throw RequestError{kInvalidParams, "a change's range is outside the document"};
      text.replace(*begin, *end - *begin, replacement);
    }
    s.workspace_.open(name, std::move(text));
    publish(out);
  }

  json hover(const json& params) {
    const auto [file, offset] = located(params);
    const auto h = hover_text(s.workspace_, file->name(), offset);
    if (!h)
      return nullptr;
    return {{"contents", {{"kind", "markdown"}, {"value", h->markdown}}},
            {"range", range_json(range_of(file->text(), h->span))}};
  }

  json locations(const json& params, bool references) {
    const auto [file, offset] = located(params);
    json out = json::array();
    const Occurrence* o = s.workspace_.analysis().index.at(file->name(), offset);
    if (!o)
      return references ? out : json(nullptr);
    bool declarations = !references;
    if (references && params.contains("context"))
      declarations = params["context"].value("includeDeclaration", true);
    for (const Occurrence* found :
         s.workspace_.analysis().index.find(o->kind, o->name, !references)) {
      if (references && found->declaration && !declarations)
        continue;
      out.push_back(location_json(*found));
    }
    return out;
  }

  json formatting(const json& params) {
    const std::string name = file_name(params);
    const auto file = s.workspace_.file(name);
    if (!file)
      throw RequestError{kInvalidParams, "the document is not open: " + name};
    lang::Diagnostics diagnostics;
    const std::optional<std::string> formatted = lang::format_rules(file, diagnostics);
    if (!formatted || *formatted == file->text())
      return json::array();
    const Range whole{{0, 0},
                      position_of(file->text(), static_cast<std::uint32_t>(file->text().size()))};
    return json::array({{{"range", range_json(whole)}, {"newText", *formatted}}});
  }

  json symbols(const json& params) {
    const std::string name = file_name(params);
    const auto parse = s.workspace_.parse_of(name);
    if (!parse)
      throw RequestError{kInvalidParams, "the document is not open: " + name};
    const std::string& text = parse->module.file->text();
    json out = json::array();
    for (const ast::Decl& decl : parse->module.decls) {
      std::visit(
          [&](const auto& d) {
            using T = std::decay_t<decltype(d)>;
            std::string title;
            lang::Span name_span;
            std::string shown;
            if constexpr (std::is_same_v<T, ast::TestDecl>) {
              shown = "test \"" + d.title.value + "\"";
              name_span = d.title.span;
            } else {
              const ast::Name& n = [&]() -> const ast::Name& {
                if constexpr (std::is_same_v<T, ast::CodeDecl>)
                  return d.code;
                else if constexpr (std::is_same_v<T, ast::ModifierDecl>)
                  return d.modifier;
                else
                  return d.name;
              }();
              shown =
                  std::string(lang::lexicon::spelling(lang::lexicon::kDeclarations[decl.index()])) +
                  " " + n.text;
              if constexpr (std::is_same_v<T, ast::PayerDecl>) {
                if (d.also)
                  shown += " also";
              }
              name_span = n.span;
              if (d.title)
                title = d.title->value;
            }
            json sym = {{"name", shown},
                        {"kind", symbol_kind(decl)},
                        {"range", range_json(range_of(text, d.span))},
                        {"selectionRange", range_json(range_of(text, name_span))}};
            if (!title.empty())
              sym["detail"] = title;
            out.push_back(sym);
          },
          decl);
    }
    return out;
  }

  json code_actions(const json& params) {
    const std::string name = file_name(params);
    const auto file = s.workspace_.file(name);
    if (!file)
      throw RequestError{kInvalidParams, "the document is not open: " + name};
    const json& r = params.at("range");
    const auto begin = offset_of(file->text(), position_param({{"position", r.at("start")}}));
    const auto end = offset_of(file->text(), position_param({{"position", r.at("end")}}));
    json out = json::array();
    if (!begin || !end)
      return out;
    const std::map<std::string, json> all = diagnostics();
    for (const lang::Diagnostic& d : s.workspace_.analysis().loaded.diagnostics.items()) {
      if (!d.file || d.file->name() != name || d.span.end < *begin || d.span.begin > *end)
        continue;
      std::optional<std::string> near = suggestion(d.message);
      for (const lang::Note& n : d.notes) {
        if (!near)
          near = suggestion(n.message);
      }
      const std::string_view written = file->slice(d.span);
      if (!near || written.empty() || written == *near ||
          written.find_first_of(" \t\r\n") != std::string_view::npos)
        continue;
      json diagnostic;
      for (const json& j : all.count(name) ? all.at(name) : json::array()) {
        if (j["code"] == d.id && j["range"] == range_json(range_of(file->text(), d.span)))
          diagnostic = j;
      }
      json edit = {{"range", range_json(range_of(file->text(), d.span))}, {"newText", *near}};
      json action = {{"title", "Change '" + std::string(written) + "' to '" + *near + "'"},
                     {"kind", "quickfix"},
                     {"isPreferred", true},
                     {"edit", {{"changes", {{uri_of_path(name), json::array({edit})}}}}}};
      if (!diagnostic.is_null())
        action["diagnostics"] = json::array({diagnostic});
      out.push_back(action);
    }
    return out;
  }

  json request(const std::string& method, const json& params, std::vector<std::string>& out) {
    (void)out;
    if (method == "textDocument/hover")
      return hover(params);
    if (method == "textDocument/definition")
      return locations(params, false);
    if (method == "textDocument/references")
      return locations(params, true);
    if (method == "textDocument/formatting")
      return formatting(params);
    if (method == "textDocument/documentSymbol")
      return symbols(params);
    if (method == "textDocument/codeAction")
      return code_actions(params);
    if (method == "textDocument/completion") {
      const auto [file, offset] = located(params);
      json items = json::array();
      for (const CompletionItem& c : complete(s.workspace_, file->name(), offset)) {
        json item = {{"label", c.label}, {"kind", c.kind}};
        if (!c.detail.empty())
          item["detail"] = c.detail;
        items.push_back(item);
      }
      return items;
    }
    throw RequestError{kMethodNotFound, "unknown method: " + method};
  }

  void notification(const std::string& method, const json& params, std::vector<std::string>& out) {
    if (method == "initialized") {
      publish(out);
    } else if (method == "textDocument/didOpen") {
      const json& doc = params.at("textDocument");
      const std::string name = file_name(params);
      s.workspace_.open(name, doc.at("text").get<std::string>());
      publish(out, name);
    } else if (method == "textDocument/didChange") {
      did_change(params, out);
    } else if (method == "textDocument/didClose") {
      s.workspace_.close(file_name(params));
      publish(out);
    } else if (method == "workspace/didChangeWatchedFiles") {
      s.workspace_.set_folders(s.workspace_.folders());
      publish(out);
    }
    // Any other notification (didSave, $/cancelRequest, ...) needs nothing.
  }
};

Server::Server(ServerOptions options) : workspace_(std::move(options)) {}

void Server::handle(std::string_view body, std::vector<std::string>& out) {
  json message;
  try {
    message = json::parse(body);
  } catch (const json::exception& e) {
    out.push_back(error_json(nullptr, kParseError, std::string("not JSON: ") + e.what()).dump());
    return;
  }
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    const json id = message.is_object() && message.contains("id") ? message["id"] : json(nullptr);
    if (message.is_object() && !message.contains("method") &&
        (message.contains("result") || message.contains("error")))
      return;  // an answer to a request of ours; the server sends none
    out.push_back(error_json(id, kInvalidRequest, "not a JSON-RPC request").dump());
    return;
  }
  const std::string method = message["method"].get<std::string>();
  const bool is_request = message.contains("id");
  const json id = is_request ? message["id"] : json(nullptr);
  if (is_request && !id.is_number_integer() && !id.is_string()) {
    out.push_back(
        error_json(nullptr, kInvalidRequest, "a request's id is a number or a string").dump());
    return;
  }
  const json params = message.contains("params") ? message["params"] : json::object();
  Impl impl{*this};
  try {
    if (method == "exit") {
      exited_ = true;
      return;
    }
    if (!is_request) {
      if (initialized_ && !shutdown_)
        impl.notification(method, params, out);
      return;
    }
    if (method == "initialize") {
      if (initialized_)
        throw RequestError{kInvalidRequest, "initialize was already received"};
      json result = impl.initialize(params);
      initialized_ = true;
      out.push_back(message_json(id, result).dump());
      return;
    }
    if (!initialized_)
      throw RequestError{kServerNotInitialized, "the server is not initialized"};
    if (shutdown_)
      throw RequestError{kInvalidRequest, "the server is shut down"};
    if (method == "shutdown") {
      shutdown_ = true;
      out.push_back(message_json(id, nullptr).dump());
      return;
    }
    std::vector<std::string> notes;
    json result = impl.request(method, params, notes);
    out.push_back(message_json(id, result).dump());
    out.insert(out.end(), notes.begin(), notes.end());
  } catch (const RequestError& e) {
    if (is_request)
      out.push_back(error_json(id, e.code, e.message).dump());
  } catch (const json::exception& e) {
    if (is_request)
      out.push_back(error_json(id, kInvalidParams, std::string("bad params: ") + e.what()).dump());
  } catch (const std::exception& e) {
    if (is_request)
      out.push_back(error_json(id, kInternalError, e.what()).dump());
  }
}

int serve(std::istream& in, std::ostream& out, ServerOptions options) {
  Server server(std::move(options));
  std::vector<std::string> answers;
  for (;;) {
    ReadResult r = read_message(in);
    if (r.status == ReadStatus::end)
      return server.exit_code();
    answers.clear();
    if (r.status == ReadStatus::malformed)
      answers.push_back(error_json(nullptr, kParseError, r.error).dump());
    else
      server.handle(r.body, answers);
    for (const std::string& a : answers)
      write_message(out, a);
    if (server.exited())
      return server.exit_code();
  }
}

}  // namespace cptrules::lsp
