// The PEGTL grammar of rule files; each rule has its production above it (docs/language.md).
#pragma once

#include <cstddef>
#include <utility>

#include <tao/pegtl.hpp>

#include "lexicon.hpp"

namespace cptrules::lang::grammar {

using namespace tao::pegtl;  // NOLINT(google-build-using-namespace): grammar DSL

// ---------------------------------------------------------------------------------------------
// Lexical structure

// comment <- '#' (!'\n' .)*
struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};
// blank <- ' ' / '\t' / '\r' / comment
struct blank_char : sor<one<' ', '\t', '\r'>, comment> {};
// _ <- blank*
struct _ : star<blank_char> {};
// newline <- '\n'
struct newline : one<'\n'> {};
// gap <- (blank / newline)*
struct gap : star<sor<blank_char, newline>> {};
// end_of_clause <- newline / &'}' / end of file
struct end_of_clause : sor<newline, at<one<'}'>>, eof> {};

// word_char <- [A-Za-z0-9_] / '-' !'>'      (`min->` is `min` and an arrow)
struct word_char : sor<alnum, one<'_'>, seq<one<'-'>, not_at<one<'>'>>>> {};

// spelled<W>: the text of word W of the lexicon (lexicon.hpp), the only place words are spelled.
template <lexicon::Word W, typename = std::make_index_sequence<lexicon::spelling(W).size()>>
struct spelled;
template <lexicon::Word W, std::size_t... I>
struct spelled<W, std::index_sequence<I...>> : string<lexicon::spelling(W)[I]...> {
  static constexpr lexicon::Word word = W;
};
// kw<W>: the keyword W, a whole word (`codes` is no `code`).
template <lexicon::Word W>
struct kw : seq<spelled<W>, not_at<word_char>> {};

// need<R>: R, or else a parse error with R's message (grammar_errors.hpp). The wrapper keeps
// R itself free to fail quietly where it is optional.
template <typename R>
struct req : seq<R> {};
template <typename R>
using need = must<req<R>>;

#define CPTRULES_KW(name, word) \
  struct name : kw<lexicon::Word::word> {}

CPTRULES_KW(kw_code, code);
CPTRULES_KW(kw_policy, policy);
CPTRULES_KW(kw_payer, payer);
CPTRULES_KW(kw_test, test);
CPTRULES_KW(kw_descriptor, descriptor);
CPTRULES_KW(kw_timed, timed);
CPTRULES_KW(kw_untimed, untimed);
CPTRULES_KW(kw_every, every);
CPTRULES_KW(kw_first, first);
CPTRULES_KW(kw_min, min);
CPTRULES_KW(kw_addon, add_on);
CPTRULES_KW(kw_to, to);
CPTRULES_KW(kw_disciplines, disciplines);
CPTRULES_KW(kw_contact, contact);
CPTRULES_KW(kw_regions, regions);
CPTRULES_KW(kw_techniques, techniques);
CPTRULES_KW(kw_not, not_);
CPTRULES_KW(kw_performed, performed);
CPTRULES_KW(kw_by, by);
CPTRULES_KW(kw_effective, effective);
CPTRULES_KW(kw_expires, expires);
CPTRULES_KW(kw_source, source);
CPTRULES_KW(kw_note, note);
CPTRULES_KW(kw_pool, pool);
CPTRULES_KW(kw_each, each);
CPTRULES_KW(kw_minutes, minutes);
CPTRULES_KW(kw_per, per);
CPTRULES_KW(kw_and, and_);
CPTRULES_KW(kw_or, or_);
CPTRULES_KW(kw_units, units);
CPTRULES_KW(kw_table, table);
CPTRULES_KW(kw_more, more);
CPTRULES_KW(kw_because, because);
CPTRULES_KW(kw_allocate, allocate);
CPTRULES_KW(kw_gets, gets);
CPTRULES_KW(kw_rest, rest);
CPTRULES_KW(kw_leftover, leftover);
CPTRULES_KW(kw_largest, largest);
CPTRULES_KW(kw_fewest, fewest);
CPTRULES_KW(kw_ties, ties);
CPTRULES_KW(kw_are, are);
CPTRULES_KW(kw_alternatives, alternatives);
CPTRULES_KW(kw_date, date);
CPTRULES_KW(kw_discipline, discipline);
CPTRULES_KW(kw_given, given);
CPTRULES_KW(kw_with, with);
CPTRULES_KW(kw_expect, expect);
CPTRULES_KW(kw_total, total);
CPTRULES_KW(kw_if, if_);
CPTRULES_KW(kw_then, then);
CPTRULES_KW(kw_else, else_);
CPTRULES_KW(kw_min_fn, min);
CPTRULES_KW(kw_replaces, replaces);
CPTRULES_KW(kw_modifier, modifier);
CPTRULES_KW(kw_for, for_);
CPTRULES_KW(kw_default, default_);
CPTRULES_KW(kw_edit, edit);
CPTRULES_KW(kw_column, column);
CPTRULES_KW(kw_bypass, bypass);
CPTRULES_KW(kw_no, no);
CPTRULES_KW(kw_when, when);
CPTRULES_KW(kw_message, message);
CPTRULES_KW(kw_payers, payers);
CPTRULES_KW(kw_severity, severity);
CPTRULES_KW(kw_limit, limit);
CPTRULES_KW(kw_codes, codes);
CPTRULES_KW(kw_at, at);
CPTRULES_KW(kw_most, most);
CPTRULES_KW(kw_day, day);
CPTRULES_KW(kw_finding, finding);
CPTRULES_KW(kw_max_fn, max);
CPTRULES_KW(kw_family, family);
CPTRULES_KW(kw_after, after);
CPTRULES_KW(kw_its, its);
CPTRULES_KW(kw_in, in);
CPTRULES_KW(kw_from, from);
CPTRULES_KW(kw_billed, billed);
CPTRULES_KW(kw_on, on);
CPTRULES_KW(kw_counts, counts);
CPTRULES_KW(kw_let, let);
CPTRULES_KW(kw_aliases, aliases);
CPTRULES_KW(kw_also, also);
CPTRULES_KW(kw_either, either);
CPTRULES_KW(kw_line, line);
CPTRULES_KW(kw_provider, provider);
CPTRULES_KW(kw_check, check);
CPTRULES_KW(kw_without, without);
CPTRULES_KW(kw_of, of);
CPTRULES_KW(kw_assistant, assistant);

#undef CPTRULES_KW

// number <- [0-9]+
struct number : plus<digit> {};
// minute_word <- 'min' / 'mins' / 'minute' / 'minutes'     (after a number; fmt writes 'min')
template <std::size_t K, typename = std::make_index_sequence<lexicon::kMinuteWords[K].size()>>
struct minute_spelling;
template <std::size_t K, std::size_t... I>
struct minute_spelling<K, std::index_sequence<I...>>
    : seq<string<lexicon::kMinuteWords[K][I]...>, not_at<word_char>>{};
struct minute_word : sor<kw_min, kw_minutes, minute_spelling<1>, minute_spelling<2>> {};
// code_name <- [A-Z0-9]+
struct code_name : seq<plus<sor<digit, upper>>, not_at<word_char>> {};
// name <- [A-Za-z] [A-Za-z0-9_-]*
struct name : seq<alpha, star<word_char>> {};
// modifier <- [A-Za-z0-9]+
struct modifier : seq<plus<alnum>, not_at<word_char>> {};
// quoted <- '"' (escape / !["\\\n] .)* '"'
struct string_escape : seq<one<'\\'>, one<'"', '\\'>> {};
struct string_body : star<sor<string_escape, not_one<'"', '\\', '\n'>>> {};
struct string_close : one<'"'> {};
struct quoted : seq<one<'"'>, string_body, need<string_close>> {};
// date <- [0-9]{4} '-' [0-9]{2} '-' [0-9]{2}
struct date : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>> {};
// phrase <- phrase_word (' '+ phrase_word)*      (a phrase_word: letters, digits, - / ' ( ) .)
struct phrase_word : plus<sor<alnum, one<'-', '/', '\'', '(', ')', '.', '_'>>> {};
struct phrase : seq<phrase_word, star<plus<one<' ', '\t'>>, phrase_word>> {};
// phrase_list <- phrase (',' phrase)*
struct phrase_list : seq<phrase, star<_, one<','>, _, phrase>> {};

// clauses<Item> <- '{' gap (Item end_of_clause gap)* '}'
struct open_brace : one<'{'> {};
struct close_brace : one<'}'> {};
template <typename Item>
struct clauses : seq<open_brace, gap, star<Item, _, need<end_of_clause>, gap>, need<close_brace>> {
};

// ---------------------------------------------------------------------------------------------
// Expressions: whole-number arithmetic, comparisons, boolean logic, conditionals

struct expr;
// reserved <- 'and' / 'or' / 'not' / 'if' / 'then' / 'else' / 'because'
struct reserved : sor<kw_and, kw_or, kw_not, kw_if, kw_then, kw_else, kw_because> {};
// variable <- !reserved name
struct variable : seq<not_at<reserved>, name> {};
struct close_paren : one<')'> {};
struct comma : one<','> {};
// call <- ('min' / 'max') '(' expr ',' expr ')'
struct call_name : sor<kw_min_fn, kw_max_fn> {};
struct call : seq<call_name, _, one<'('>, _, need<expr>, _, need<comma>, _, need<expr>, _,
                  need<close_paren>> {};
// paren <- '(' expr ')'
struct paren : seq<one<'('>, _, need<expr>, _, need<close_paren>> {};
// primary <- number / call / variable / paren
struct primary : sor<number, call, variable, paren> {};
struct unary_expr;
// negation <- '-' unary_expr
struct negation : seq<one<'-'>, not_at<one<'>'>>, _, need<unary_expr>> {};
// unary_expr <- negation / primary
struct unary_expr : sor<negation, primary> {};
// product <- unary_expr (('*' / '/' / '%') unary_expr)*
struct product_op : one<'*', '/', '%'> {};
struct product : seq<unary_expr, star<_, product_op, _, need<unary_expr>>> {};
// sum <- product (('+' / '-') product)*
struct sum_op : seq<one<'+', '-'>, not_at<one<'>'>>> {};
struct sum : seq<product, star<_, sum_op, _, need<product>>> {};
// comparison <- sum (('<=' / '>=' / '==' / '!=' / '<' / '>') sum)?
struct comparison_op : sor<string<'<', '='>, string<'>', '='>, string<'=', '='>, string<'!', '='>,
                           one<'<'>, one<'>'>> {};
struct comparison : seq<sum, opt<_, comparison_op, _, need<sum>>> {};
struct logic_not;
// negated <- 'not' negated / comparison
struct negated : sor<logic_not, comparison> {};
struct logic_not : seq<kw_not, _, need<negated>> {};
// conjunction <- negated ('and' negated)*
struct conjunction : seq<negated, star<_, kw_and, _, need<negated>>> {};
// disjunction <- conjunction ('or' conjunction)*
struct disjunction : seq<conjunction, star<_, kw_or, _, need<conjunction>>> {};
// conditional <- 'if' expr 'then' expr 'else' expr
struct conditional
    : seq<kw_if, _, need<expr>, _, need<kw_then>, _, need<expr>, _, need<kw_else>, _, need<expr>> {
};
// expr <- conditional / disjunction
struct expr : sor<conditional, disjunction> {};

// because <- 'because' quoted
struct because : seq<kw_because, _, need<quoted>> {};

// ---------------------------------------------------------------------------------------------
// Facts every declaration may carry

// effective_clause <- 'effective' date
struct effective_clause : seq<kw_effective, _, need<date>> {};
// expires_clause <- 'expires' date
struct expires_clause : seq<kw_expires, _, need<date>> {};
// source_clause <- 'source' quoted
struct source_clause : seq<kw_source, _, need<quoted>> {};
// note_clause <- 'note' quoted
struct note_clause : seq<kw_note, _, need<quoted>> {};
// meta_clause <- effective_clause / expires_clause / source_clause / note_clause
struct meta_clause : sor<effective_clause, expires_clause, source_clause, note_clause> {};

// ---------------------------------------------------------------------------------------------
// Code definitions

// descriptor_clause <- 'descriptor' quoted
struct descriptor_clause : seq<kw_descriptor, _, need<quoted>> {};
// timing <- time_range / ('every' / 'first') number minute_word
struct timed_every : seq<kw_every, _, need<number>, _, need<minute_word>> {};
struct timed_first : seq<kw_first, _, need<number>, _, need<minute_word>> {};
// time_range <- number ('..' number minute_word / minute_word 'or' 'more')
struct or_more : seq<kw_or, _, need<kw_more>> {};
// (Only '..' or 'min or' commit to a range: `timed 15 min` is a misspelt `timed every 15 min`.)
struct range_upper : seq<string<'.', '.'>, _, need<number>, _, need<minute_word>> {};
struct range_open : seq<minute_word, _, or_more> {};
struct range_end : sor<range_upper, range_open> {};
struct time_range : seq<number, _, range_end> {};
struct timing : sor<time_range, timed_every, timed_first> {};  // a failed range rewinds
// timed_clause <- 'timed' timing
struct timed_clause : seq<kw_timed, _, need<timing>> {};
// untimed_clause <- 'untimed'
struct untimed_clause : kw_untimed {};
// addon_clause <- 'add-on' 'to' code_name ('after' 'its' 'first' number minute_word)?
struct addon_after
    : seq<kw_after, _, need<kw_its>, _, need<kw_first>, _, need<number>, _, need<minute_word>> {};
struct addon_clause : seq<kw_addon, _, need<kw_to>, _, need<code_name>, opt<_, addon_after>> {};
// family_clause <- 'family' name
struct family_clause : seq<kw_family, _, need<name>> {};
// replaces_clause <- 'replaces' code_name
struct replaces_clause : seq<kw_replaces, _, need<code_name>> {};
// disciplines_clause <- 'disciplines' name (',' name)*
struct name_list : seq<name, star<_, one<','>, _, need<name>>> {};
struct disciplines_clause : seq<kw_disciplines, _, need<name_list>> {};
// fact_key <- 'contact' / 'regions' / 'techniques' / 'not' / 'performed' 'by'
struct performed_by : seq<kw_performed, _, need<kw_by>> {};
struct fact_key : sor<kw_contact, kw_regions, kw_techniques, kw_not, performed_by> {};
// phrase_block <- '{' gap (phrase ','? gap)* '}'
struct phrase_block : seq<open_brace, gap, star<phrase, _, opt<one<','>>, gap>, need<close_brace>> {
};
// fact_clause <- fact_key (phrase_block / phrase_list)
struct fact_value : sor<phrase_block, phrase_list> {};
struct fact_clause : seq<fact_key, _, need<fact_value>> {};
// code_clause <- descriptor_clause / timed_clause / untimed_clause / addon_clause
//              / family_clause / replaces_clause / disciplines_clause / fact_clause
//              / meta_clause
struct code_clause
    : sor<descriptor_clause, timed_clause, untimed_clause, addon_clause, family_clause,
          replaces_clause, disciplines_clause, fact_clause, meta_clause> {};
// code_decl <- 'code' code_name quoted? '{' code_clause* '}'
struct code_body : clauses<code_clause> {};
struct code_decl : seq<kw_code, _, need<code_name>, _, opt<quoted, _>, need<code_body>> {};

// ---------------------------------------------------------------------------------------------
// Timing policies

// pool_key <- 'day' / 'discipline'
struct pool_key : sor<kw_day, kw_discipline> {};
// pool_each <- 'each' 'code'
struct pool_each : seq<kw_each, _, need<kw_code>> {};
// pool_together <- 'timed' 'minutes' ('per' pool_key ('and' pool_key)*)?
struct pool_together : seq<kw_timed, _, need<kw_minutes>,
                           opt<_, kw_per, _, need<pool_key>, star<_, kw_and, _, need<pool_key>>>> {
};
struct pool_spec : sor<pool_each, pool_together> {};
// pool_clause <- 'pool' (pool_each / pool_together)
struct pool_clause : seq<kw_pool, _, need<pool_spec>> {};
// units_formula <- '=' expr because?
struct units_formula : seq<one<'='>, _, need<expr>, _, opt<because>> {};
// table_row <- number ('..' number)? minute_word ('or' 'more')? '->' expr
struct arrow : string<'-', '>'> {};
struct row_to : seq<string<'.', '.'>, _, need<number>> {};
struct table_row : seq<number, _, opt<row_to, _>, need<minute_word>, _, opt<or_more, _>,
                       need<arrow>, _, need<expr>> {};
struct table_item : sor<table_row, because> {};
struct table_body : clauses<table_item> {};
// units_table <- 'by' 'table' '{' (table_row / because)* '}'
struct units_table : seq<kw_by, _, need<kw_table>, _, need<table_body>> {};
struct units_spec : sor<units_formula, units_table> {};
// units_clause <- 'units' (units_formula / units_table)
struct units_clause : seq<kw_units, _, need<units_spec>> {};
// full_units <- 'each' 'code' 'gets' expr because?
struct full_units
    : seq<kw_each, _, need<kw_code>, _, need<kw_gets>, _, need<expr>, _, opt<because>> {};
// rest_order <- 'leftover' 'minutes' / 'minutes'
struct rest_leftover : seq<kw_leftover, _, need<kw_minutes>> {};
struct rest_minutes : kw_minutes {};
struct rest_order : sor<rest_leftover, rest_minutes> {};
struct largest_first : seq<one<','>, _, need<kw_largest>, _, need<kw_first>> {};
// rest_rule <- 'rest' 'by' rest_order ',' 'largest' 'first' because?
struct rest_rule
    : seq<kw_rest, _, need<kw_by>, _, need<rest_order>, _, need<largest_first>, _, opt<because>> {};
// ties_order <- 'ties' 'by' 'units' ',' 'fewest' 'first' because?
struct fewest_first : seq<one<','>, _, need<kw_fewest>, _, need<kw_first>> {};
struct ties_order
    : seq<kw_ties, _, kw_by, _, need<kw_units>, _, need<fewest_first>, _, opt<because>> {};
// ties_rule <- 'ties' 'are' 'alternatives' because?
struct ties_rule : seq<kw_ties, _, need<kw_are>, _, need<kw_alternatives>, _, opt<because>> {};
struct allocate_item : sor<full_units, rest_rule, ties_order, ties_rule> {};
struct allocate_body : clauses<allocate_item> {};
// allocate_clause <- 'allocate' '{' (full_units / rest_rule / ties_order / ties_rule)* '}'
struct allocate_clause : seq<kw_allocate, _, need<allocate_body>> {};
// let_clause <- 'let' name '=' expr
struct let_equals : one<'='> {};
struct let_clause : seq<kw_let, _, need<name>, _, need<let_equals>, _, need<expr>> {};
// policy_clause <- pool_clause / units_clause / allocate_clause / let_clause / meta_clause
struct policy_clause : sor<pool_clause, units_clause, allocate_clause, let_clause, meta_clause> {};
// policy_decl <- 'policy' name quoted? '{' policy_clause* '}'
struct policy_body : clauses<policy_clause> {};
struct policy_decl : seq<kw_policy, _, need<name>, _, opt<quoted, _>, need<policy_body>> {};

// ---------------------------------------------------------------------------------------------
// Payers

// policy_ref <- 'policy' name
struct policy_ref : seq<kw_policy, _, need<name>> {};
// discipline_modifier <- 'discipline' 'modifier' modifier 'for' name
struct discipline_modifier
    : seq<kw_discipline, _, need<kw_modifier>, _, need<modifier>, _, need<kw_for>, _, need<name>> {
};
// default_discipline <- 'default' 'discipline' name
struct default_discipline : seq<kw_default, _, need<kw_discipline>, _, need<name>> {};
// counted_family <- 'family' name
struct counted_family : seq<kw_family, _, need<name>> {};
// counted_discipline <- 'discipline' name
struct counted_discipline : seq<kw_discipline, _, need<name>> {};
// counted <- counted_family / counted_discipline / code_set
struct code_set;
struct counted : sor<counted_family, counted_discipline, code_set> {};
// counts_clause <- 'counts' counted 'with' name because?
struct counts_with : seq<kw_with, _, need<name>> {};
struct counts_clause : seq<kw_counts, _, need<counted>, _, need<counts_with>, _, opt<because>> {};
// payer_aliases <- 'aliases' quoted (',' quoted)*
struct payer_aliases : seq<kw_aliases, _, need<quoted>, star<_, one<','>, _, need<quoted>>> {};
// payer_clause <- policy_ref / counts_clause / discipline_modifier / default_discipline
//               / payer_aliases / meta_clause
struct payer_clause : sor<policy_ref, counts_clause, discipline_modifier, default_discipline,
                          payer_aliases, meta_clause> {};
// payer_also <- 'also'
struct payer_also : kw_also {};
// payer_decl <- 'payer' name payer_also? quoted? '{' payer_clause* '}'
struct payer_body : clauses<payer_clause> {};
struct payer_decl
    : seq<kw_payer, _, need<name>, _, opt<payer_also, _>, opt<quoted, _>, need<payer_body>> {};

// ---------------------------------------------------------------------------------------------
// Code-pair edits, modifiers and per-day unit limits

// code_range <- code_name ('..' code_name)?
struct code_range_to : seq<string<'.', '.'>, _, need<code_name>> {};
struct code_range : seq<code_name, opt<_, code_range_to>> {};
// code_set <- code_range (',' code_range)*
struct code_set : seq<code_range, star<_, one<','>, _, need<code_range>>> {};
// modifier_list <- modifier (',' modifier)*
struct modifier_list : seq<modifier, star<_, one<','>, _, need<modifier>>> {};
// column_clause <- 'column' ('1' / '2') code_set
struct column_number : one<'1', '2'> {};
struct column_clause : seq<kw_column, _, need<column_number>, _, need<code_set>> {};
// bypass_clause <- 'bypass' 'with' modifier_list ('on' 'either' 'line')?
struct either_line : seq<kw_on, _, need<kw_either>, _, need<kw_line>> {};
struct bypass_clause
    : seq<kw_bypass, _, need<kw_with>, _, need<modifier_list>, opt<_, either_line>> {};
// no_bypass <- 'no' 'bypass'
struct no_bypass : seq<kw_no, _, need<kw_bypass>> {};
// when_clause <- 'when' quoted
struct when_clause : seq<kw_when, _, need<quoted>> {};
// message_clause <- 'message' quoted
struct message_clause : seq<kw_message, _, need<quoted>> {};
// payers_clause <- 'payers' name (',' name)*
struct payers_clause : seq<kw_payers, _, need<name_list>> {};
// severity_clause <- 'severity' ('error' / 'warning' / 'info')
template <lexicon::Word W>
struct severity_word : seq<spelled<W>, not_at<identifier_other>> {};
struct severity_level
    : sor<severity_word<lexicon::Word::error>, severity_word<lexicon::Word::warning>,
          severity_word<lexicon::Word::info>> {};
struct severity_clause : seq<kw_severity, _, need<severity_level>> {};
// edit_clause <- column_clause / bypass_clause / no_bypass / when_clause / message_clause
//              / payers_clause / severity_clause / meta_clause
struct edit_clause : sor<column_clause, bypass_clause, no_bypass, when_clause, message_clause,
                         payers_clause, severity_clause, meta_clause> {};
// edit_decl <- 'edit' name quoted? '{' edit_clause* '}'
struct edit_body : clauses<edit_clause> {};
struct edit_decl : seq<kw_edit, _, need<name>, _, opt<quoted, _>, need<edit_body>> {};

// modifier_decl <- 'modifier' modifier quoted? '{' meta_clause* '}'
struct modifier_body : clauses<meta_clause> {};
struct modifier_decl : seq<kw_modifier, _, need<modifier>, _, opt<quoted, _>, need<modifier_body>> {
};

// limit_units <- 'at' 'most' number 'units' 'per' 'day'
struct limit_units : seq<kw_at, _, need<kw_most>, _, need<number>, _, need<kw_units>, _,
                         need<kw_per>, _, need<kw_day>> {};
// codes_clause <- 'codes' code_set
struct codes_clause : seq<kw_codes, _, need<code_set>> {};
// limit_clause <- codes_clause / limit_units / payers_clause / message_clause / meta_clause
struct limit_clause : sor<codes_clause, limit_units, payers_clause, message_clause, meta_clause> {};
// limit_decl <- 'limit' name quoted? '{' limit_clause* '}'
struct limit_body : clauses<limit_clause> {};
struct limit_decl : seq<kw_limit, _, need<name>, _, opt<quoted, _>, need<limit_body>> {};

// ---------------------------------------------------------------------------------------------
// Families of codes

// family_decl_clause <- codes_clause / meta_clause
struct family_decl_clause : sor<codes_clause, meta_clause> {};
// family_decl <- 'family' name quoted? '{' family_decl_clause* '}'
struct family_body : clauses<family_decl_clause> {};
struct family_decl : seq<kw_family, _, need<name>, _, opt<quoted, _>, need<family_body>> {};

// ---------------------------------------------------------------------------------------------
// Providers and checks of a line

// provider_decl <- 'provider' name quoted? '{' meta_clause* '}'
struct provider_body : clauses<meta_clause> {};
struct provider_decl : seq<kw_provider, _, need<name>, _, opt<quoted, _>, need<provider_body>> {};

// check_percent <- number '%' 'of' name
struct percent_sign : one<'%'> {};
struct check_percent : seq<number, _, percent_sign, _, need<kw_of>, _, need<name>> {};
// check_operand <- check_percent / number / name
struct check_operand : sor<check_percent, number, name> {};
// check_condition <- check_operand comparison_op check_operand
struct check_condition : seq<check_operand, _, need<comparison_op>, _, need<check_operand>> {};
// check_when <- 'when' check_condition
struct check_when : seq<kw_when, _, need<check_condition>> {};
// check_with <- 'with' modifier_list
struct check_with : seq<kw_with, _, need<modifier_list>> {};
// check_without <- 'without' modifier_list
struct check_without : seq<kw_without, _, need<modifier_list>> {};
// check_discipline <- 'discipline' name_list
struct check_discipline : seq<kw_discipline, _, need<name_list>> {};
// check_provider <- 'provider' name_list
struct check_provider : seq<kw_provider, _, need<name_list>> {};
// check_clause <- codes_clause / payers_clause / check_discipline / check_provider / check_with
//               / check_without / check_when / severity_clause / message_clause / because
//               / meta_clause
struct check_clause
    : sor<codes_clause, payers_clause, check_discipline, check_provider, check_with, check_without,
          check_when, severity_clause, message_clause, because, meta_clause> {};
// check_decl <- 'check' name quoted? '{' check_clause* '}'
struct check_body : clauses<check_clause> {};
struct check_decl : seq<kw_check, _, need<name>, _, opt<quoted, _>, need<check_body>> {};

// ---------------------------------------------------------------------------------------------
// Tests

// test_payer <- 'payer' name
struct test_payer : seq<kw_payer, _, need<name>> {};
// test_date <- 'date' date
struct test_date : seq<kw_date, _, need<date>> {};
// test_discipline <- 'discipline' name
struct test_discipline : seq<kw_discipline, _, need<name>> {};
// clock_time <- [0-9]{2} ':' [0-9]{2}
struct clock_digits : seq<rep<2, digit>, one<':'>, rep<2, digit>> {};
struct clock_time : seq<at<clock_digits>, clock_digits> {};  // a syntax error points at its start
// line_discipline <- 'in' name
struct line_discipline : seq<kw_in, _, need<name>> {};
// given_service <- code_name (number minute_word / 'from' clock_time 'to' clock_time)?
//                  line_discipline? given_provider? given_assistant? ('billed' number)?
//                  ('with' modifier ('and' modifier)*)?
struct given_minutes : seq<number, _, need<minute_word>> {};
struct clock_to : kw_to {};
struct given_clock : seq<kw_from, _, need<clock_time>, _, need<clock_to>, _, need<clock_time>> {};
struct given_billed : seq<kw_billed, _, need<number>> {};
struct given_modifiers : seq<kw_with, _, need<modifier>, star<_, kw_and, _, need<modifier>>> {};
// given_provider <- 'by' name
struct given_provider : seq<kw_by, _, need<name>> {};
// given_assistant <- 'assistant' number minute_word
struct given_assistant : seq<kw_assistant, _, need<number>, _, need<minute_word>> {};
struct given_service : seq<code_name, opt<_, sor<given_minutes, given_clock>>,
                           opt<_, line_discipline>, opt<_, given_provider>, opt<_, given_assistant>,
                           opt<_, given_billed>, opt<_, given_modifiers>> {};
// given <- 'given' given_service (',' given_service)*
struct given_list : seq<given_service, star<_, one<','>, _, need<given_service>>> {};
struct given : seq<kw_given, _, need<given_list>> {};
// expected_units <- code_name line_discipline? 'x' number
struct times : seq<spelled<lexicon::Word::x>> {};
struct expected_units : seq<code_name, opt<_, line_discipline>, _, need<times>, _, need<number>> {};
// allocation <- expected_units (',' expected_units)*
struct allocation : seq<expected_units, star<_, one<','>, _, need<expected_units>>> {};
// finding_line <- 'on' code_name line_discipline?
struct finding_line : seq<kw_on, _, need<code_name>, opt<_, line_discipline>> {};
// expect <- 'expect' ('total' number / 'no'? 'finding' finding_id finding_line?
//           / allocation ('or' allocation)*)
struct expect_total : seq<kw_total, _, need<number>> {};
struct finding_id : plus<sor<alnum, one<'.', '-', '_'>>> {};
struct expect_finding : seq<kw_finding, _, need<finding_id>, opt<_, finding_line>> {};
struct expect_no_finding
    : seq<kw_no, _, need<kw_finding>, _, need<finding_id>, opt<_, finding_line>> {};
struct expect_allocations : seq<allocation, star<_, kw_or, _, need<allocation>>> {};
struct expect_spec : sor<expect_total, expect_finding, expect_no_finding, expect_allocations> {};
struct expect : seq<kw_expect, _, need<expect_spec>> {};
// test_table <- 'table' code_name '{' (number minute_word '->' number)* '}'
struct table_case : seq<number, _, need<minute_word>, _, need<arrow>, _, need<number>> {};
struct table_cases : clauses<table_case> {};
struct test_table : seq<kw_table, _, need<code_name>, _, need<table_cases>> {};
// test_clause <- test_payer / test_date / test_discipline / given / expect / test_table / code_decl
struct test_clause
    : sor<test_payer, test_date, test_discipline, given, expect, test_table, code_decl> {};
// test_decl <- 'test' quoted '{' test_clause* '}'
struct test_body : clauses<test_clause> {};
struct test_decl : seq<kw_test, _, need<quoted>, _, need<test_body>> {};

// ---------------------------------------------------------------------------------------------
// Files

// declaration <- code_decl / policy_decl / payer_decl / edit_decl / modifier_decl / limit_decl
//              / family_decl / test_decl / provider_decl / check_decl
struct declaration : sor<code_decl, policy_decl, payer_decl, edit_decl, modifier_decl, limit_decl,
                         family_decl, test_decl, provider_decl, check_decl> {};
// one_declaration <- declaration, parsed one at a time so that errors can be recovered from
struct one_declaration : need<declaration> {};
// file <- gap (declaration gap)* eof
struct file : seq<gap, star<declaration, gap>, eof> {};

// grammar_words.cpp fails to compile when a word of lexicon.hpp is spelled by no rule here.

}  // namespace cptrules::lang::grammar
