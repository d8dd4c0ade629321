// RuleSet: the checked declarations of all loaded files, grouped by name into dated versions.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast.hpp"
#include "program.hpp"

namespace cptrules::interp {

// A declaration together with the file it came from.
template <typename Decl>
struct Located {
  const Decl* decl = nullptr;
  std::shared_ptr<const lang::SourceFile> file;
};

// Every version of one name, sorted by effective date (a missing date sorts first).
template <typename Decl>
using Versions = std::vector<Located<Decl>>;

// The output of `check`: declarations known to be well-formed and consistent. It owns the
// modules they point into. Immutable once built.
struct RuleSet {
  std::vector<lang::ast::Module> modules;
  std::map<std::string, Versions<lang::ast::CodeDecl>, std::less<>> codes;
  std::map<std::string, Versions<lang::ast::PolicyDecl>, std::less<>> policies;
  std::map<std::string, Versions<lang::ast::PayerDecl>, std::less<>> payers;
  std::map<std::string, Versions<lang::ast::EditDecl>, std::less<>> edits;
  std::map<std::string, Versions<lang::ast::ModifierDecl>, std::less<>> modifiers;
  std::map<std::string, Versions<lang::ast::LimitDecl>, std::less<>> limits;
  std::map<std::string, Versions<lang::ast::FamilyDecl>, std::less<>> families;
  std::map<std::string, Versions<lang::ast::ProviderDecl>, std::less<>> providers;
  std::map<std::string, Versions<lang::ast::CheckDecl>, std::less<>> checks;
  // `payer NAME also { counts ... }`: clauses added to a payer declared elsewhere, in file order.
  std::vector<Located<lang::ast::PayerDecl>> payer_extensions;
  std::vector<Located<lang::ast::TestDecl>> tests;
  // Every number expression of the policies, compiled once by the checker when it types it; the
  // checker's lints run them and the planner copies them into the plan.
  std::unordered_map<const lang::ast::Expr*, Program> programs;
};

// The names a map of declarations holds, for did-you-mean and lists of known names.
template <typename Map>
std::vector<std::string> keys_of(const Map& map) {
  std::vector<std::string> out;
  for (const auto& [key, value] : map)
    out.push_back(key);
  return out;
}

}  // namespace cptrules::interp
