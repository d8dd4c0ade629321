// The message for every point where the grammar must match: a missing entry is a compile error.
#pragma once

#include "grammar.hpp"

namespace cptrules::lang::grammar {

// error_message<req<Rule>>: what the reader is told when `need<Rule>` fails.
template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define CPTRULES_ERROR(rule, text) \
  template <>                      \
  inline constexpr const char* error_message<req<rule>> = text

CPTRULES_ERROR(string_close, "unterminated string: expected '\"' before the end of the line");
CPTRULES_ERROR(end_of_clause, "expected the end of the clause (one clause per line)");
CPTRULES_ERROR(close_brace, "expected a clause or '}'");
CPTRULES_ERROR(expr, "expected an expression");
CPTRULES_ERROR(comma, "expected ','");
CPTRULES_ERROR(close_paren, "expected ')'");
CPTRULES_ERROR(unary_expr, "expected a number, a name or '('");
CPTRULES_ERROR(product, "expected a number, a name or '('");
CPTRULES_ERROR(sum, "expected a number, a name or '('");
CPTRULES_ERROR(negated, "expected an expression after 'not'");
CPTRULES_ERROR(conjunction, "expected an expression after 'or'");
CPTRULES_ERROR(kw_then, "expected 'then'");
CPTRULES_ERROR(kw_else, "expected 'else'");
CPTRULES_ERROR(quoted, "expected a quoted string");
CPTRULES_ERROR(date, "expected a date (YYYY-MM-DD)");
CPTRULES_ERROR(number, "expected a whole number");
CPTRULES_ERROR(minute_word, "expected 'min' after the number of minutes");
CPTRULES_ERROR(timing, "expected 'every N min' or 'first N min' after 'timed'");
CPTRULES_ERROR(kw_to, "expected 'to' after 'add-on'");
CPTRULES_ERROR(kw_its, "expected 'its first N min' after 'after'");
CPTRULES_ERROR(code_name, "expected a code (capital letters and digits, e.g. 97140 or G0283)");
CPTRULES_ERROR(name_list, "expected a list of names separated by ','");
CPTRULES_ERROR(name, "expected a name");
CPTRULES_ERROR(fact_value, "expected one or more phrases separated by ','");
CPTRULES_ERROR(kw_by, "expected 'by'");
CPTRULES_ERROR(code_body, "expected '{' to open the code definition");
CPTRULES_ERROR(kw_code, "expected 'code'");
CPTRULES_ERROR(kw_minutes, "expected 'minutes'");
CPTRULES_ERROR(pool_key, "expected 'day' or 'discipline'");
CPTRULES_ERROR(pool_spec, "expected 'each code' or 'timed minutes per ...' after 'pool'");
CPTRULES_ERROR(kw_table, "expected 'table' after 'units by'");
CPTRULES_ERROR(table_body, "expected '{' to open the table");
CPTRULES_ERROR(arrow, "expected '->'");
CPTRULES_ERROR(kw_more, "expected 'more' after 'or'");
CPTRULES_ERROR(units_spec, "expected '= expression' or 'by table' after 'units'");
CPTRULES_ERROR(kw_gets, "expected 'gets'");
CPTRULES_ERROR(rest_order, "expected 'leftover minutes' or 'minutes'");
CPTRULES_ERROR(largest_first, "expected ', largest first'");
CPTRULES_ERROR(kw_largest, "expected 'largest'");
CPTRULES_ERROR(fewest_first, "expected ', fewest first'");
CPTRULES_ERROR(kw_fewest, "expected 'fewest'");
CPTRULES_ERROR(kw_first, "expected 'first'");
CPTRULES_ERROR(kw_are, "expected 'are'");
CPTRULES_ERROR(kw_alternatives, "expected 'alternatives'");
CPTRULES_ERROR(allocate_body, "expected '{' to open the allocation rules");
CPTRULES_ERROR(policy_body, "expected '{' to open the policy");
CPTRULES_ERROR(payer_body, "expected '{' to open the payer");
CPTRULES_ERROR(modifier, "expected a modifier (e.g. 59, GP)");
CPTRULES_ERROR(given_service, "expected a service (a code, then optionally 'N min')");
CPTRULES_ERROR(given_list, "expected a service (a code, then optionally 'N min')");
CPTRULES_ERROR(times, "expected 'x' and a number of units (e.g. 97140 x2)");
CPTRULES_ERROR(expected_units, "expected a code and its units (e.g. 97140 x2)");
CPTRULES_ERROR(allocation, "expected a code and its units (e.g. 97140 x2)");
CPTRULES_ERROR(expect_spec, "expected 'total N' or codes with units (e.g. 97140 x2)");
CPTRULES_ERROR(table_cases, "expected '{' to open the table of cases");
CPTRULES_ERROR(test_body, "expected '{' to open the test");
CPTRULES_ERROR(declaration,
               "expected a declaration: 'code', 'policy', 'payer', 'edit', 'modifier', 'limit', "
               "'family', 'test', 'provider' or 'check'");
CPTRULES_ERROR(kw_modifier, "expected 'modifier'");
CPTRULES_ERROR(kw_discipline, "expected 'discipline'");
CPTRULES_ERROR(kw_for, "expected 'for'");
CPTRULES_ERROR(code_range, "expected a code or a range of codes (e.g. 98940..98942)");
CPTRULES_ERROR(code_set, "expected codes or ranges of codes separated by ','");
CPTRULES_ERROR(modifier_list, "expected modifiers separated by ','");
CPTRULES_ERROR(column_number, "expected 1 or 2 after 'column'");
CPTRULES_ERROR(kw_with, "expected 'with'");
CPTRULES_ERROR(kw_bypass, "expected 'bypass' after 'no'");
CPTRULES_ERROR(kw_either, "expected 'either line' after the bypass modifiers and 'on'");
CPTRULES_ERROR(kw_line, "expected 'line' after 'on either'");
CPTRULES_ERROR(severity_level, "expected 'error', 'warning' or 'info'");
CPTRULES_ERROR(edit_body, "expected '{' to open the edit");
CPTRULES_ERROR(modifier_body, "expected '{' to open the modifier");
CPTRULES_ERROR(limit_body, "expected '{' to open the limit");
CPTRULES_ERROR(kw_most, "expected 'most' after 'at'");
CPTRULES_ERROR(kw_units, "expected 'units'");
CPTRULES_ERROR(kw_per, "expected 'per'");
CPTRULES_ERROR(kw_day, "expected 'day'");
CPTRULES_ERROR(kw_finding, "expected 'finding'");
CPTRULES_ERROR(let_equals, "expected '=' after the name of the 'let'");
CPTRULES_ERROR(counted,
               "expected what the payer counts: codes (e.g. 99497, 99498), 'family NAME' or "
               "'discipline NAME'");
CPTRULES_ERROR(counts_with, "expected 'with' and the policy that counts them");
CPTRULES_ERROR(family_body, "expected '{' to open the family");
CPTRULES_ERROR(finding_id, "expected a finding id (e.g. code.not-in-force)");
CPTRULES_ERROR(clock_time, "expected a time of day HH:MM (e.g. 09:05)");
CPTRULES_ERROR(clock_to, "expected 'to' and the time the service ended (e.g. from 10:00 to 10:20)");

CPTRULES_ERROR(provider_body, "expected '{' to open the provider");
CPTRULES_ERROR(check_body, "expected '{' to open the check");
CPTRULES_ERROR(check_condition,
               "expected a condition over the line (e.g. assistant_minutes > 10% of minutes)");
CPTRULES_ERROR(check_operand,
               "expected a number, a percentage ('10% of minutes') or a value of the line "
               "(minutes, assistant_minutes, units)");
CPTRULES_ERROR(comparison_op, "expected a comparison: '<', '<=', '>', '>=', '==' or '!='");
CPTRULES_ERROR(kw_of, "expected 'of' after the percentage (e.g. 10% of minutes)");

#undef CPTRULES_ERROR

// The errors policy for must_if: a message for every rule used under must<>.
struct errors {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;
};

}  // namespace cptrules::lang::grammar
