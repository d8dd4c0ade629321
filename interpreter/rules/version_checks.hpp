// Checks of the dated versions of one name: duplicates, overlapping ranges and gaps between them.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "ast.hpp"
#include "diagnostic.hpp"

namespace cptrules::interp {

// One version of a declared name: its dates, and where its name is written.
struct VersionRange {
  const lang::ast::Meta* meta = nullptr;
  std::shared_ptr<const lang::SourceFile> file;
  lang::Span name;
};

// Reports, for the versions of `what` `name` given in load order:
//   E0201 when two versions are in force on the same day: "defined twice" when their dates are
//         the same, else the days they share and the `expires` or `effective` that would part
//         them; the later loaded version is blamed, a note points at the other;
//   W0420 when days between two versions have none in force.
void check_version_ranges(std::string_view what, std::string_view name,
                          std::vector<VersionRange> versions, lang::Diagnostics& out);

}  // namespace cptrules::interp
