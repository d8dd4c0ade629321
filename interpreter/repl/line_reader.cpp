// LineReader with libedit (terminal) and with getline (pipes and files), and the history path.
#include "line_reader.hpp"

#include <histedit.h>
#include <sys/types.h>

#include <csignal>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

namespace cptrules::repl {

namespace {

// Lines from a FILE, without prompts (or echoed with them).
class PlainReader : public LineReader {
 public:
  PlainReader(std::FILE* in, bool echo) : in_(in), echo_(echo) {}
  ~PlainReader() override { std::free(buffer_); }
  PlainReader(const PlainReader&) = delete;
  PlainReader& operator=(const PlainReader&) = delete;

  ReadStatus read(const std::string& prompt, std::string& line) override {
    const ssize_t n = ::getline(&buffer_, &capacity_, in_);
    if (n < 0)
      return ReadStatus::end;
    line.assign(buffer_, static_cast<std::size_t>(n));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.pop_back();
    if (echo_)
      fmt::print("{}{}\n", prompt, line);
    return ReadStatus::line;
  }

  void remember(const std::string&) override {}

 private:
  std::FILE* in_;
  bool echo_;
  char* buffer_ = nullptr;
  std::size_t capacity_ = 0;
};

// The longest common prefix of `words` (not empty).
std::string common_prefix(const std::vector<std::string>& words) {
  std::string prefix = words.front();
  for (const std::string& w : words) {
    std::size_t n = 0;
    while (n < prefix.size() && n < w.size() && prefix[n] == w[n])
      ++n;
    prefix.resize(n);
  }
  return prefix;
}

// Lines from a terminal through libedit.
class EditReader : public LineReader {
 public:
  EditReader(const Session& session, std::string history_path)
      : session_(session), history_path_(std::move(history_path)) {
    history_ = history_init();
    history(history_, &event_, H_SETSIZE, 1000);
    history(history_, &event_, H_SETUNIQUE, 1);
    if (!history_path_.empty())
      history(history_, &event_, H_LOAD, history_path_.c_str());

    el_ = el_init("cptrules", stdin, stdout, stderr);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_SIGNAL, 1);
    el_set(el_, EL_PROMPT, &EditReader::prompt_of);
    el_set(el_, EL_HIST, history, history_);
    // Ctrl-C reaches the editor as a key (not SIGINT) while a line is edited: it cancels it.
    el_set(el_, EL_SETTY, "-d", "-isig", nullptr);
    el_set(el_, EL_ADDFN, "cptrules-complete", "Complete a command, code, payer or policy",
           &EditReader::complete);
    el_set(el_, EL_ADDFN, "cptrules-cancel", "Cancel the line", &EditReader::cancel);
    el_set(el_, EL_BIND, "^I", "cptrules-complete", nullptr);
    el_set(el_, EL_BIND, "^C", "cptrules-cancel", nullptr);
    el_set(el_, EL_BIND, "^R", "em-inc-search-prev", nullptr);
    // Without ISIG, Ctrl-Z is a key too: it suspends as usual (libedit restores the terminal).
    el_set(el_, EL_ADDFN, "cptrules-suspend", "Suspend", &EditReader::suspend);
    el_set(el_, EL_BIND, "^Z", "cptrules-suspend", nullptr);
    el_source(el_, nullptr);  // the user's ~/.editrc, if any
  }

  ~EditReader() override {
    el_end(el_);
    history_end(history_);
  }
  EditReader(const EditReader&) = delete;
  EditReader& operator=(const EditReader&) = delete;

  ReadStatus read(const std::string& prompt, std::string& line) override {
    prompt_ = prompt;
    cancelled_ = false;
    int count = 0;
    const char* text = el_gets(el_, &count);
    if (cancelled_)
      return ReadStatus::interrupted;
    if (text == nullptr || count <= 0) {
      fmt::print("\n");
      std::fflush(stdout);
      return ReadStatus::end;
    }
    line.assign(text, static_cast<std::size_t>(count));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.pop_back();
    return ReadStatus::line;
  }

  void remember(const std::string& line) override {
    history(history_, &event_, H_ENTER, line.c_str());
    if (!history_path_.empty())
      history(history_, &event_, H_SAVE, history_path_.c_str());
  }

 private:
  static EditReader& self(EditLine* el) {
    void* data = nullptr;
    el_get(el, EL_CLIENTDATA, &data);
    return *static_cast<EditReader*>(data);
  }

  static char* prompt_of(EditLine* el) { return self(el).prompt_.data(); }

  static unsigned char cancel(EditLine* el, int) {
    self(el).cancelled_ = true;
    const LineInfo* info = el_line(el);
    el_cursor(el, static_cast<int>(info->lastchar - info->cursor));
    el_insertstr(el, "^C");
    el_push(el, "\n");  // ends the line through the usual newline key
    return CC_REFRESH;
  }

  static unsigned char suspend(EditLine*, int) {
    kill(0, SIGTSTP);
    return CC_REDISPLAY;
  }

  static unsigned char complete(EditLine* el, int) {
    EditReader& reader = self(el);
    const LineInfo* info = el_line(el);
    const std::string before(info->buffer, info->cursor);
    const Completion c = reader.session_.complete(before);
    if (c.candidates.empty())
      return CC_REFRESH_BEEP;
    const std::size_t typed = before.size() - std::min(c.start, before.size());
    auto replace_word = [&](const std::string& with) {
      if (typed > 0)
        el_deletestr(el, static_cast<int>(typed));
      el_insertstr(el, with.c_str());
    };
    if (c.candidates.size() == 1) {
      const std::string& only = c.candidates.front();
      replace_word(c.is_path && only.ends_with('/') ? only : only + " ");
      return CC_REFRESH;
    }
    const std::string prefix = common_prefix(c.candidates);
    if (prefix.size() > typed) {
      replace_word(prefix);
      return CC_REFRESH;
    }
    // Several candidates and nothing more in common: list them in columns under the line.
    std::size_t width = 0;
    for (const std::string& w : c.candidates)
      width = std::max(width, w.size());
    width += 2;
    int columns = 80;
    el_get(el, EL_GETTC, "co", &columns, nullptr);
    const std::size_t per_row =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::max(columns, 1)) / width);
    std::string out = "\n";
    for (std::size_t i = 0; i < c.candidates.size(); ++i) {
      const bool end_of_row = (i + 1) % per_row == 0 || i + 1 == c.candidates.size();
      out += end_of_row ? c.candidates[i] + "\n" : fmt::format("{:<{}}", c.candidates[i], width);
    }
    std::fputs(out.c_str(), stdout);
    std::fflush(stdout);
    return CC_REDISPLAY;
  }

  const Session& session_;
  std::string history_path_;
  History* history_ = nullptr;
  HistEvent event_{};
  EditLine* el_ = nullptr;
  std::string prompt_;
  bool cancelled_ = false;
};

}  // namespace

std::unique_ptr<LineReader> make_plain_reader(std::FILE* in, bool echo) {
  return std::make_unique<PlainReader>(in, echo);
}

std::unique_ptr<LineReader> make_edit_reader(const Session& session, std::string history_path) {
  return std::make_unique<EditReader>(session, std::move(history_path));
}

std::string history_path() {
  namespace fs = std::filesystem;
  fs::path dir;
  const char* state = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  if (state != nullptr && state[0] == '/') {
    dir = fs::path(state) / "cptrules";
  } else if (home != nullptr && home[0] != '\0') {
    dir = fs::path(home) / ".local" / "state" / "cptrules";
  } else {
    return {};
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return {};
  return (dir / "history").string();
}

}  // namespace cptrules::repl
