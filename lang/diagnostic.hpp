// Diagnostic and Diagnostics: located errors and warnings about rule files, and their rendering.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source.hpp"

namespace cptrules::lang {

enum class Severity { error, warning };

// A secondary remark attached to a diagnostic, optionally pointing at its own span.
struct Note {
  std::string message;
  std::optional<Span> span;
};

// One problem found in a rule file. `id` is a stable identifier documented in
// docs/diagnostics.md (E.... for errors, W.... for warnings).
struct Diagnostic {
  Severity severity = Severity::error;
  std::string id;
  std::string message;
  std::shared_ptr<const SourceFile> file;
  Span span;
  std::vector<Note> notes;
};

// An ordered collection of diagnostics. Adding never throws away earlier ones.
class Diagnostics {
 public:
  Diagnostic& error(std::string id, std::shared_ptr<const SourceFile> file, Span span,
                    std::string message);
  Diagnostic& warning(std::string id, std::shared_ptr<const SourceFile> file, Span span,
                      std::string message);
  void append(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return items_.size() - errors_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

// Renders one diagnostic as
//   file:line:col: error[E0101]: message
//      3 | source line
//        |      ^^^^^
//   note: ...
// with ANSI colours when `color` is set.
std::string render(const Diagnostic& diagnostic, bool color = false);

// Renders every diagnostic in order, followed by nothing else.
std::string render(const Diagnostics& diagnostics, bool color = false);

}  // namespace cptrules::lang
