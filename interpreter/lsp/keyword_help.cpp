// The one-line summaries of the language's keywords that hover shows, after docs/language.md.
#include "keyword_help.hpp"

#include <array>
#include <utility>

#include "lexicon.hpp"

namespace cptrules::lsp {

namespace {

using lang::lexicon::Word;

// clang-format off
constexpr std::array<std::pair<Word, std::string_view>, 62> kHelp{{
    {Word::code, "`code CODE \"TITLE\" { ... }`: a billing code: timed or untimed, its unit length, its facts"},
    {Word::policy, "`policy NAME \"TITLE\" { ... }`: a timing policy: how minutes are pooled, how many units they earn, who gets them"},
    {Word::payer, "`payer NAME \"TITLE\" { policy P ... }`: a payer, the policy it uses, and the policies it uses for some codes; in a test, the payer of its cases"},
    {Word::edit, "`edit NAME \"TITLE\" { column 1 ... column 2 ... }`: a code-pair edit: two codes not billed together"},
    {Word::modifier, "`modifier NAME \"TITLE\" { ... }`: a claim modifier the rules know; in a payer, `discipline modifier M for D`"},
    {Word::limit, "`limit NAME \"TITLE\" { codes ... at most N units per day }`: a per-day limit of units"},
    {Word::family, "`family NAME \"TITLE\" { codes ... }`: a named family of codes; in a code, the family it belongs to"},
    {Word::test, "`test \"TITLE\" { payer P  given ...  expect ... }`: cases that must hold: services given, units expected"},
    {Word::provider, "`provider NAME \"TITLE\" { ... }`: a type of provider who may render a service (`provider` in the input); in a check, the providers it is about"},
    {Word::check, "`check NAME \"TITLE\" { codes ...  without M  when ...  message \"...\" }`: a rule about one line; a line it matches gets the finding check.NAME"},
    {Word::descriptor, "`descriptor \"TEXT\"`: the code's descriptor, as published; it does not change units"},
    {Word::timed, "`timed every N min` (unit length N), `timed first N min` (an initial code's first block), `timed A..B min` (chosen by time range)"},
    {Word::untimed, "`untimed`: 1 unit per date of service, whatever the time spent"},
    {Word::add_on, "`add-on to CODE`: this code takes CODE's minutes after CODE's first block"},
    {Word::replaces, "`replaces CODE`: this code replaced CODE"},
    {Word::disciplines, "`disciplines NAME, NAME`: the disciplines (plans of care) that bill the code"},
    {Word::contact, "`contact PHRASES`: how the patient is attended"},
    {Word::regions, "`regions PHRASES`: which body regions one unit may cover"},
    {Word::techniques, "`techniques PHRASES`: the techniques the code covers"},
    {Word::not_, "`not PHRASES`: what the code is not; in an expression, logical negation"},
    {Word::performed, "`performed by PHRASES`: who may perform the service"},
    {Word::effective, "`effective DATE`: the first day this declaration is in force"},
    {Word::expires, "`expires DATE`: the last day this declaration is in force"},
    {Word::source, "`source \"TEXT\"`: where a fact comes from; repeat as often as needed"},
    {Word::note, "`note \"TEXT\"`: a remark for readers"},
    {Word::pool, "`pool each code` or `pool together by day` (`by day, discipline`): which minutes are counted together"},
    {Word::units, "`units = EXPR` or `units table { A..B min -> N }`: the units a pool's minutes earn"},
    {Word::allocate, "`allocate { each code gets EXPR  rest by leftover  ties are alternatives }`: who gets a pool's units"},
    {Word::each, "`each code gets EXPR`: the full units each code gets before the rest is allocated"},
    {Word::rest, "`rest by leftover` or `rest by minutes`: the order in which the remaining units go to codes"},
    {Word::ties, "`ties are alternatives`: equal claims to a unit are listed as alternatives"},
    {Word::date, "`date YYYY-MM-DD`: a test's date of service"},
    {Word::discipline, "`discipline NAME`: a test's discipline; in a payer, `discipline modifier M for D`"},
    {Word::given, "`given CODE N min, CODE ...`: the services of a test case"},
    {Word::expect, "`expect CODE xN`, `expect total N`, `expect finding ID`, `expect no finding ID`: what a test case must give"},
    {Word::table, "`units table { A..B min -> N  C min or more -> EXPR }`: units by rows of minutes"},
    {Word::because, "`because \"TEXT\"`: the reason shown in explanations"},
    {Word::column, "`column 1 CODES`, `column 2 CODES`: the two sides of a code-pair edit"},
    {Word::bypass, "`bypass with M, M` (`on either line`), or `no bypass`: the modifiers that allow the pair"},
    {Word::when, "`when \"TEXT\"`: when the edit applies, in words; in a check, a condition on the line (`when assistant_minutes > 10% of minutes`)"},
    {Word::message, "`message \"TEXT\"`: the finding's message"},
    {Word::payers, "`payers NAME, NAME`: the payers an edit or limit applies to (all when left out)"},
    {Word::severity, "`severity error|warning|info`: the severity of the edit's finding"},
    {Word::codes, "`codes CODE, A..B`: the codes of a limit or family"},
    {Word::at, "`at most N units per day`: a limit's maximum"},
    {Word::counts, "`counts CODES with POLICY` (`counts family F`, `counts discipline D`): a policy the payer uses for those lines"},
    {Word::let, "`let NAME = EXPR`: a named number of a policy, read by its formulas"},
    {Word::aliases, "`aliases \"NAME\", \"NAME\"`: other names by which encounters may name the payer"},
    {Word::default_, "`default discipline NAME`: the discipline of a payer's lines that name none"},
    {Word::every, "`timed every N min`: the unit length of a timed code"},
    {Word::first, "`timed first N min`: an initial code billing only its first block"},
    {Word::minutes, "`minutes`: in an expression, the pool's minutes"},
    {Word::unit, "`unit`: in an expression, the unit length of the pool's codes"},
    {Word::finding, "`expect finding ID` (`on CODE`): a test case's result must have that finding"},
    {Word::also, "`payer NAME also { ... }`: adds `counts` clauses to a payer declared elsewhere"},
    {Word::with, "`with`: the modifiers of a service, or the policy of a `counts` clause"},
    {Word::min, "`min`: minutes; in an expression, `min(a, b)`"},
    {Word::max, "`max(a, b)`: the larger of two numbers"},
    {Word::if_, "`if A then B else C`: a conditional expression"},
    {Word::without, "`without M, M`: in a check, the line carries none of these modifiers"},
    {Word::fewest, "`ties by units, fewest first`: among codes tied for a unit, the one with fewer units comes first"},
    {Word::assistant, "`given CODE N min assistant M min`: the minutes of a service an assistant furnished"},
}};
// clang-format on

}  // namespace

std::optional<std::string_view> keyword_help(std::string_view word) {
  const std::optional<Word> w = lang::lexicon::find(word);
  if (!w)
    return std::nullopt;
  for (const auto& [key, text] : kHelp) {
    if (key == *w)
      return text;
  }
  return std::nullopt;
}

}  // namespace cptrules::lsp
