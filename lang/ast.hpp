// The typed syntax tree of rule files: codes, policies, payers, edits and tests, each with spans.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "date.hpp"
#include "lexicon.hpp"
#include "source.hpp"

namespace cptrules::lang::ast {

// A name as written: a code number (97140, G0283), a policy, payer, discipline or modifier.
struct Name {
  std::string text;
  Span span;
};

struct StringLit {
  std::string value;
  Span span;
};

struct DateLit {
  Date value;
  Span span;
};

struct Number {
  std::int64_t value = 0;
  Span span;
};

enum class Op {
  add,
  sub,
  mul,
  div,
  mod,  // arithmetic on whole numbers
  neg,  // unary minus
  lt,
  le,
  gt,
  ge,
  eq,
  ne,  // comparisons
  and_,
  or_,
  not_,  // boolean logic
  min,
  max,  // min(a, b), max(a, b)
  cond  // if a then b else c
};

enum class ExprKind { number, variable, unary, binary, call, conditional };

// An expression: whole-number arithmetic, comparisons, boolean logic and conditionals.
// `args` holds the operands (1 for unary, 2 for binary and calls, 3 for conditionals).
struct Expr {
  ExprKind kind = ExprKind::number;
  Span span;
  std::int64_t number = 0;
  std::string name;  // variable name
  Op op = Op::add;
  std::vector<Expr> args;
};

// Facts every declaration may carry: when it is in force and where it comes from.
struct Meta {
  std::optional<DateLit> effective;
  std::optional<DateLit> expires;  // the last day in force (inclusive)
  std::vector<StringLit> sources;
  std::vector<StringLit> notes;
};

// A descriptive fact of a code definition, kept for people and for `:show`:
// `contact direct one-on-one`, `techniques { ... }`, `not device-based, ...`.
struct Fact {
  std::string key;  // "contact", "regions", "techniques", "not", "performed by"
  std::vector<std::string> phrases;
  Span span;
};

enum class Timing { unspecified, timed, untimed };

// `timed 16..37 min`, `timed 53 min or more`: the minutes for which a code of a family is the one
// billed.
struct TimeRange {
  Span span;
  std::int64_t from = 0;
  std::optional<std::int64_t> to;  // nullopt: `or more`
};

// code 97140 "Manual therapy techniques" { ... }
struct CodeDecl {
  Span span;
  Name code;
  std::optional<StringLit> title;
  std::optional<StringLit> descriptor;
  Timing timing = Timing::unspecified;
  Span timing_span;
  std::int64_t unit_minutes = 0;  // the unit length of a timed code
  bool first_block_only = false;  // `timed first N min`: at most one unit, the first block
  std::optional<Name> addon_to;   // `add-on to 97129`
  // `add-on to 97550 after its first 30 min`: the initial code's first block, as the add-on
  // states it (the time after it is the add-on's, counted alone at its own unit length).
  std::optional<Number> addon_after;
  std::optional<TimeRange> range;  // `timed 38..52 min`: chosen by time range in its family
  std::optional<Name> family;      // `family psychotherapy`
  std::optional<Name> replaces;    // `replaces 97762`: the code this one took over from
  std::vector<Name> disciplines;
  std::vector<Fact> facts;
  Meta meta;
};

enum class PoolKind { none, each_code, together };

struct PoolClause {
  Span span;
  PoolKind kind = PoolKind::none;
  std::vector<Name> keys;  // "day", "discipline"
};

// One row of a threshold table: `8..22 min -> 1`, `113 min or more -> 8 + (minutes - 113) / 15`.
struct TableRow {
  Span span;
  std::int64_t from = 0;
  std::optional<std::int64_t> to;  // nullopt: `or more`
  Expr units;
};

struct UnitsClause {
  Span span;
  bool is_table = false;
  Expr formula;
  std::vector<TableRow> rows;
  std::optional<StringLit> because;
};

enum class RestOrder { leftover, minutes };

struct AllocateClause {
  Span span;
  std::optional<Expr> full_units;  // `each code gets EXPR`
  Span full_span;
  std::optional<StringLit> full_because;
  bool has_rest = false;
  RestOrder rest = RestOrder::leftover;
  Span rest_span;
  std::optional<StringLit> rest_because;
  bool ties_alternatives = false;
  Span ties_span;
  std::optional<StringLit> ties_because;
  bool ties_fewest_units = false;  // `ties by units, fewest first`
  Span ties_order_span;
  std::optional<StringLit> ties_order_because;
};

// `let start = 23`: a named number of a policy, which its formulas may read like a variable.
struct LetClause {
  Span span;
  Name name;
  Expr value;
};

// policy cms-8-minute "..." { pool ...  units = ...  allocate { ... } }
struct PolicyDecl {
  Span span;
  Name name;
  std::optional<StringLit> title;
  std::optional<PoolClause> pool;
  std::optional<UnitsClause> units;
  std::optional<AllocateClause> allocate;
  std::vector<LetClause> lets;
  Meta meta;
};

// `discipline modifier GP for PT`: lines of that discipline must carry that modifier.
struct DisciplineModifier {
  Span span;
  Name modifier;
  Name discipline;
};

// A code or an inclusive range of codes of the same length: `97140`, `98940..98942`.
struct CodeRange {
  Span span;
  Name from;
  std::optional<Name> to;
};

enum class CountedKind { codes, family, discipline };

// `counts 99497, 99498 with cpt-midpoint`, `counts family NAME with P`, `counts discipline SLP
// with P`: the policy that counts these codes for the payer, instead of its own `policy`.
struct CountsClause {
  Span span;
  CountedKind kind = CountedKind::codes;
  std::vector<CodeRange> codes;  // kind codes
  Name name;                     // kind family or discipline
  Name policy;
  std::optional<StringLit> because;
};

// payer NAME "Title" { policy POLICY-NAME  counts ... with POLICY }; with `also`
// (`payer medicare also { counts ... }`) it adds `counts` clauses to a payer declared elsewhere.
struct PayerDecl {
  Span span;
  Name name;
  bool also = false;
  Span also_span;
  std::optional<StringLit> title;
  std::optional<Name> policy;
  std::vector<CountsClause> counts;
  std::vector<DisciplineModifier> discipline_modifiers;
  std::optional<Name> default_discipline;  // `default discipline PT`
  std::vector<StringLit> aliases;          // `aliases "Acme Health Plan", "ACME"`
  Meta meta;
};

// edit cmt-97140 "..." { column 1 98940..98942  column 2 97140  bypass with 59, XS ... }
struct EditDecl {
  Span span;
  Name name;
  std::optional<StringLit> title;
  std::vector<CodeRange> column1;
  std::vector<CodeRange> column2;
  std::vector<Name> bypass;    // modifiers on the column 2 code that allow the pair
  bool bypass_either = false;  // `... on either line`: on the column 1 code too
  bool no_bypass = false;      // `no bypass`: no modifier allows the pair
  std::optional<StringLit> when;
  std::optional<StringLit> message;
  std::vector<Name> payers;  // empty: every payer
  std::optional<Name> severity;
  Meta meta;
};

// modifier 59 "Distinct procedural service" { source "..." }
struct ModifierDecl {
  Span span;
  Name modifier;
  std::optional<StringLit> title;
  Meta meta;
};

// limit mue-97035 "..." { codes 97035  at most 2 units per day  payers medicare }
struct LimitDecl {
  Span span;
  Name name;
  std::optional<StringLit> title;
  std::vector<CodeRange> codes;
  std::optional<Number> max_units;
  std::vector<Name> payers;
  std::optional<StringLit> message;
  Meta meta;
};

// provider PTA "Physical therapist assistant" { source "..." }: a kind of provider that input
// may name as who rendered a service.
struct ProviderDecl {
  Span span;
  Name name;
  std::optional<StringLit> title;
  Meta meta;
};

// One side of a check's condition: a number, a value of the line (`minutes`,
// `assistant_minutes`, `units`), or a share of one (`10% of minutes`: percent 10, name minutes).
struct CheckOperand {
  Span span;
  std::optional<Number> number;  // a number, or the percentage of `name`
  std::optional<Name> name;      // the line's value, when not a plain number
  bool percent = false;          // `N% of name`
};

// `when assistant_minutes > 10% of minutes`.
struct CheckCondition {
  Span span;
  CheckOperand left;
  Op op = Op::gt;  // lt, le, gt, ge, eq or ne
  CheckOperand right;
};

// check cq-missing "..." { codes ...  discipline PT  without CQ  when ...  message "..." }: a
// finding `check.NAME` on each line it matches.
struct CheckDecl {
  Span span;
  Name name;
  std::optional<StringLit> title;
  std::vector<CodeRange> codes;            // empty: every code
  std::vector<Name> payers;                // empty: every payer
  std::vector<Name> disciplines;           // empty: any discipline
  std::vector<Name> providers;             // empty: any provider (or none)
  std::vector<std::vector<Name>> with;     // each: the line carries one of them
  std::vector<std::vector<Name>> without;  // each: the line carries none of them
  std::vector<CheckCondition> conditions;  // all hold
  std::optional<Name> severity;
  std::optional<StringLit> message;
  std::optional<StringLit> because;
  Meta meta;
};

// family advance-care-planning "..." { codes 99497, 99498 }: codes a payer may count together.
struct FamilyDecl {
  Span span;
  Name name;
  std::optional<StringLit> title;
  std::vector<CodeRange> codes;
  Meta meta;
};

// A service in a test: `97110 33 min`, `97161`, `97530 10 min with 59 and GP`.
// `97110 20 min in OT billed 2 with GO`, or `97110 from 10:00 to 10:20`: a service as a claim
// states it. `start` and `end` are minutes after midnight (`from`/`to`); `minutes` is then
// their difference.
struct GivenService {
  Span span;
  Name code;
  std::optional<Number> minutes;
  std::vector<Name> modifiers;
  std::optional<Number> start;
  std::optional<Number> end;
  std::optional<Name> discipline;           // `in OT`
  std::optional<Number> billed;             // `billed 2`
  std::optional<Name> provider;             // `by PTA`
  std::optional<Number> assistant_minutes;  // `assistant 10 min`
};

// `97110 x2`, or `97110 in OT x1` for the line of one discipline.
struct ExpectedUnits {
  Name code;
  std::int64_t units = 0;
  Span span;
  std::optional<Name> discipline;
};

// `expect finding ID`, or `expect finding ID on CODE` (`in DISCIPLINE`) for a finding that
// names that line.
struct ExpectedFinding {
  Name id;
  std::optional<Name> code;
  std::optional<Name> discipline;
};

// One allocation a test accepts: `97110 x2, 97140 x1`.
struct ExpectedAllocation {
  Span span;
  std::vector<ExpectedUnits> lines;
};

// One case: the services given and what must come out. With several allocations (`or`), the
// first must be the chosen one and all of them together must be exactly the valid ones.
struct TestCase {
  Span span;
  std::vector<GivenService> given;
  std::vector<ExpectedAllocation> allocations;
  std::optional<Number> total;
  std::vector<ExpectedFinding> findings;     // `expect finding ID`: the result must have it
  std::vector<ExpectedFinding> no_findings;  // `expect no finding ID`: the result must not
};

// test "CMS Example 3" { payer medicare  given ...  expect ... }
struct TestDecl {
  Span span;
  StringLit title;
  std::optional<Name> payer;
  std::optional<DateLit> date;
  std::optional<Name> discipline;
  std::vector<CodeDecl> codes;  // codes that exist only inside this test
  std::vector<TestCase> cases;
};

using Decl = std::variant<CodeDecl, PolicyDecl, PayerDecl, EditDecl, ModifierDecl, LimitDecl,
                          FamilyDecl, TestDecl, ProviderDecl, CheckDecl>;

// A declaration that did not parse (`code 97140` with a syntax error, or `polcy p {`): later
// phases do not report its name as unknown a second time.
struct BrokenDecl {
  lexicon::Declaration kind = lexicon::Declaration::code;  // a misspelt keyword: the nearest
  std::string name;                                        // as written
  Span span;                                               // of the name
};

// One parsed rule file.
struct Module {
  std::shared_ptr<const SourceFile> file;
  std::vector<Decl> decls;
  std::vector<BrokenDecl> broken;  // in the order of the file
};

}  // namespace cptrules::lang::ast
