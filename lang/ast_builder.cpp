// AstBuilder's declarations: values, meta clauses, codes, policies, payers, edits, modifiers,
// limits and tests (expressions are in ast_builder_expressions.cpp).
#include "ast_builder.hpp"

#include <charconv>
#include <cstdint>

#include <fmt/format.h>

#include "parse_limits.hpp"

namespace cptrules::lang {

namespace g = grammar;

namespace {

// A phrase with each run of blanks made one space.
std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == ' ' || ch == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty())
      out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

// A table row case is complete as written; `expect` may not follow it.
bool last_case_closed(const ast::TestDecl& d) {
  const ast::TestCase& tc = d.cases.back();
  return tc.given.size() == 1 && tc.span.begin == tc.given.front().span.begin &&
         !tc.allocations.empty() && tc.allocations.front().span.begin == tc.span.begin;
}

}  // namespace

std::optional<ast::Decl> AstBuilder::declaration(const Node& n) {
  rejected_ = false;
  std::optional<ast::Decl> d = build(n);
  if (rejected_)
    return std::nullopt;
  return d;
}

std::optional<ast::Decl> AstBuilder::build(const Node& n) {
  if (n.is_type<g::code_decl>())
    return code(n);
  if (n.is_type<g::policy_decl>())
    return policy(n);
  if (n.is_type<g::payer_decl>())
    return payer(n);
  if (n.is_type<g::test_decl>())
    return test(n);
  if (n.is_type<g::edit_decl>())
    return edit(n);
  if (n.is_type<g::modifier_decl>())
    return modifier_decl(n);
  if (n.is_type<g::limit_decl>())
    return limit(n);
  if (n.is_type<g::family_decl>())
    return family(n);
  if (n.is_type<g::provider_decl>())
    return provider(n);
  if (n.is_type<g::check_decl>())
    return check_decl(n);
  return std::nullopt;
}

ast::Name AstBuilder::name(const Node& n) {
  check_length(n);
  return {n.string(), span_of(n)};
}

// Reports an identifier longer than kMaxIdentifierBytes (E0111) and rejects its declaration.
void AstBuilder::check_length(const Node& n) {
  const std::size_t size = n.m_end.byte - n.m_begin.byte;
  if (size <= kMaxIdentifierBytes)
    return;
  diagnostics_.error("E0111", file_, span_of(n),
                     fmt::format("identifier too long: {} bytes, at most {} are allowed", size,
                                 kMaxIdentifierBytes));
  rejected_ = true;
}

ast::Number AstBuilder::number(const Node& n) {
  const std::string_view text = n.string_view();
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value > kMaxLiteral) {
    diagnostics_.error("E0103", file_, span_of(n),
                       fmt::format("number too large: at most {} is allowed", kMaxLiteral));
    value = 0;
  }
  return {value, span_of(n)};
}

ast::StringLit AstBuilder::string(const Node& n) {
  const std::string_view raw = n.string_view();
  std::string value;
  value.reserve(raw.size());
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 2 < raw.size())
      ++i;
    value += raw[i];
  }
  return {std::move(value), span_of(n)};
}

ast::DateLit AstBuilder::date(const Node& n) {
  auto value = parse_date(n.string_view());
  if (!value) {
    diagnostics_.error("E0104", file_, span_of(n),
                       fmt::format("'{}' is not a calendar date", n.string_view()));
  }
  return {value.value_or(Date{}), span_of(n)};
}

// A meta clause (effective, expires, source, note); false when `n` is none of them.
bool AstBuilder::meta(const Node& n, ast::Meta& m) {
  if (n.is_type<g::effective_clause>()) {
    m.effective = date(*n.children.at(0));
  } else if (n.is_type<g::expires_clause>()) {
    m.expires = date(*n.children.at(0));
  } else if (n.is_type<g::source_clause>()) {
    m.sources.push_back(string(*n.children.at(0)));
  } else if (n.is_type<g::note_clause>()) {
    m.notes.push_back(string(*n.children.at(0)));
  } else {
    return false;
  }
  return true;
}

ast::CodeDecl AstBuilder::code(const Node& n) {
  return titled(n, &ast::CodeDecl::code, [this](const Node& c, ast::CodeDecl& d) {
    if (c.is_type<g::descriptor_clause>()) {
      d.descriptor = string(*c.children.at(0));
    } else if (c.is_type<g::timed_every>() || c.is_type<g::timed_first>()) {
      if (d.timing != ast::Timing::unspecified) {
        diagnostics_.error("E0105", file_, span_of(c), "the timing of a code is given twice")
            .notes.push_back({"first given here", d.timing_span});
      }
      d.timing = ast::Timing::timed;
      d.timing_span = span_of(c);
      d.unit_minutes = number(*c.children.at(0)).value;
      d.first_block_only = c.is_type<g::timed_first>();
    } else if (c.is_type<g::time_range>()) {
      if (d.timing != ast::Timing::unspecified) {
        diagnostics_.error("E0105", file_, span_of(c), "the timing of a code is given twice")
            .notes.push_back({"first given here", d.timing_span});
      }
      d.timing = ast::Timing::timed;
      d.timing_span = span_of(c);
      ast::TimeRange range;
      range.span = span_of(c);
      range.from = number(*c.children.at(0)).value;
      if (c.children.size() > 1 && c.children[1]->is_type<g::number>())
        range.to = number(*c.children[1]).value;
      d.range = range;
    } else if (c.is_type<g::untimed_clause>()) {
      if (d.timing != ast::Timing::unspecified) {
        diagnostics_.error("E0105", file_, span_of(c), "the timing of a code is given twice")
            .notes.push_back({"first given here", d.timing_span});
      }
      d.timing = ast::Timing::untimed;
      d.timing_span = span_of(c);
    } else if (c.is_type<g::addon_clause>()) {
      d.addon_to = name(*c.children.at(0));
      if (c.children.size() > 1)
        d.addon_after = number(*c.children[1]->children.at(0));
    } else if (c.is_type<g::family_clause>()) {
      if (d.family)
        duplicate_clause(c, "family", d.family->span);
      d.family = name(*c.children.at(0));
    } else if (c.is_type<g::replaces_clause>()) {
      d.replaces = name(*c.children.at(0));
    } else if (c.is_type<g::disciplines_clause>()) {
      for (const auto& item : c.children)
        d.disciplines.push_back(name(*item));
    } else if (c.is_type<g::fact_clause>()) {
      ast::Fact fact;
      fact.span = span_of(c);
      fact.key = collapse_spaces(c.children.at(0)->string_view());
      for (std::size_t k = 1; k < c.children.size(); ++k) {
        fact.phrases.push_back(collapse_spaces(c.children[k]->string_view()));
      }
      d.facts.push_back(std::move(fact));
    }
  });
}

ast::PolicyDecl AstBuilder::policy(const Node& n) {
  return titled(n, &ast::PolicyDecl::name, [this](const Node& c, ast::PolicyDecl& d) {
    if (c.is_type<g::pool_each>() || c.is_type<g::pool_together>()) {
      if (d.pool)
        duplicate_clause(c, "pool", d.pool->span);
      ast::PoolClause pool;
      pool.span = span_of(c);
      pool.kind = c.is_type<g::pool_each>() ? ast::PoolKind::each_code : ast::PoolKind::together;
      for (const auto& key : c.children)
        pool.keys.push_back(name(*key));
      d.pool = std::move(pool);
    } else if (c.is_type<g::units_formula>() || c.is_type<g::units_table>()) {
      if (d.units)
        duplicate_clause(c, "units", d.units->span);
      d.units = units(c);
    } else if (c.is_type<g::allocate_clause>()) {
      if (d.allocate)
        duplicate_clause(c, "allocate", d.allocate->span);
      d.allocate = allocate(c);
    } else if (c.is_type<g::let_clause>()) {
      d.lets.push_back({span_of(c), name(*c.children.at(0)), expr(*c.children.at(1))});
    }
  });
}

void AstBuilder::duplicate_clause(const Node& n, std::string_view what, Span first) {
  diagnostics_.error("E0106", file_, span_of(n), fmt::format("'{}' is given twice", what))
      .notes.push_back({"first given here", first});
}

ast::UnitsClause AstBuilder::units(const Node& n) {
  ast::UnitsClause u;
  u.span = span_of(n);
  u.is_table = n.is_type<g::units_table>();
  for (const auto& child : n.children) {
    const Node& c = *child;
    if (c.is_type<g::because>()) {
      u.because = string(*c.children.at(0));
    } else if (c.is_type<g::table_row>()) {
      ast::TableRow row;
      row.span = span_of(c);
      row.from = number(*c.children.at(0)).value;
      row.to = row.from;
      for (std::size_t k = 1; k < c.children.size(); ++k) {
        const Node& part = *c.children[k];
        if (part.is_type<g::row_to>()) {
          row.to = number(*part.children.at(0)).value;
        } else if (part.is_type<g::or_more>()) {
          row.to.reset();
        } else {
          row.units = expr(part);
        }
      }
      u.rows.push_back(std::move(row));
    } else {
      u.formula = expr(c);
    }
  }
  return u;
}

std::optional<ast::StringLit> AstBuilder::because_of(const Node& n) {
  for (const auto& c : n.children) {
    if (c->is_type<g::because>())
      return string(*c->children.at(0));
  }
  return std::nullopt;
}

ast::AllocateClause AstBuilder::allocate(const Node& n) {
  ast::AllocateClause a;
  a.span = span_of(n);
  for (const auto& child : n.children) {
    const Node& c = *child;
    if (c.is_type<g::full_units>()) {
      if (a.full_units)
        duplicate_clause(c, "each code gets", a.full_span);
      a.full_units = expr(*c.children.at(0));
      a.full_span = span_of(c);
      a.full_because = because_of(c);
    } else if (c.is_type<g::rest_rule>()) {
      if (a.has_rest)
        duplicate_clause(c, "rest by", a.rest_span);
      a.has_rest = true;
      a.rest = c.children.at(0)->is_type<g::rest_leftover>() ? ast::RestOrder::leftover
                                                             : ast::RestOrder::minutes;
      a.rest_span = span_of(c);
      a.rest_because = because_of(c);
    } else if (c.is_type<g::ties_order>()) {
      if (a.ties_fewest_units)
        duplicate_clause(c, "ties by units", a.ties_order_span);
      a.ties_fewest_units = true;
      a.ties_order_span = span_of(c);
      a.ties_order_because = because_of(c);
    } else if (c.is_type<g::ties_rule>()) {
      if (a.ties_alternatives)
        duplicate_clause(c, "ties are alternatives", a.ties_span);
      a.ties_alternatives = true;
      a.ties_span = span_of(c);
      a.ties_because = because_of(c);
    }
  }
  return a;
}

ast::PayerDecl AstBuilder::payer(const Node& n) {
  return titled(n, &ast::PayerDecl::name, [this](const Node& c, ast::PayerDecl& d) {
    if (c.is_type<g::policy_ref>()) {
      if (d.policy)
        duplicate_clause(c, "policy", d.policy->span);
      d.policy = name(*c.children.at(0));
    } else if (c.is_type<g::discipline_modifier>()) {
      d.discipline_modifiers.push_back(
          {span_of(c), name(*c.children.at(0)), name(*c.children.at(1))});
    } else if (c.is_type<g::default_discipline>()) {
      if (d.default_discipline)
        duplicate_clause(c, "default discipline", d.default_discipline->span);
      d.default_discipline = name(*c.children.at(0));
    } else if (c.is_type<g::counts_clause>()) {
      d.counts.push_back(counts(c));
    } else if (c.is_type<g::payer_aliases>()) {
      for (const auto& alias : c.children)
        d.aliases.push_back(string(*alias));
    } else if (c.is_type<g::payer_also>()) {
      d.also = true;
      d.also_span = span_of(c);
    }
  });
}

ast::CountsClause AstBuilder::counts(const Node& n) {
  ast::CountsClause c;
  c.span = span_of(n);
  for (const auto& child : n.children) {
    const Node& part = *child;
    if (part.is_type<g::counted_family>() || part.is_type<g::counted_discipline>()) {
      c.kind = part.is_type<g::counted_family>() ? ast::CountedKind::family
                                                 : ast::CountedKind::discipline;
      c.name = name(*part.children.at(0));
    } else if (part.is_type<g::code_range>()) {
      c.kind = ast::CountedKind::codes;
    } else if (part.is_type<g::name>()) {
      c.policy = name(part);
    } else if (part.is_type<g::because>()) {
      c.because = string(*part.children.at(0));
    }
  }
  if (c.kind == ast::CountedKind::codes)
    c.codes = code_set(n);
  return c;
}

std::vector<ast::CodeRange> AstBuilder::code_set(const Node& clause) {
  std::vector<ast::CodeRange> out;
  for (const auto& child : clause.children) {
    if (!child->is_type<g::code_range>())
      continue;
    ast::CodeRange r;
    r.span = span_of(*child);
    r.from = name(*child->children.at(0));
    if (child->children.size() > 1)
      r.to = name(*child->children[1]->children.at(0));
    if (r.to && (r.to->text.size() != r.from.text.size() || r.to->text < r.from.text)) {
      diagnostics_.error("E0108", file_, r.span,
                         fmt::format("the range {}..{} is empty: write the lower code first, "
                                     "both of the same length",
                                     r.from.text, r.to->text));
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ast::Name> AstBuilder::names_in(const Node& clause) {
  std::vector<ast::Name> out;
  for (const auto& child : clause.children)
    out.push_back(name(*child));
  return out;
}

ast::EditDecl AstBuilder::edit(const Node& n) {
  return titled(n, &ast::EditDecl::name, [this](const Node& c, ast::EditDecl& d) {
    if (c.is_type<g::column_clause>()) {
      const bool first = c.children.at(0)->string_view() == "1";
      auto& column = first ? d.column1 : d.column2;
      if (!column.empty())
        duplicate_clause(c, first ? "column 1" : "column 2", column.front().span);
      column = code_set(c);
    } else if (c.is_type<g::bypass_clause>()) {
      for (const auto& child : c.children) {
        if (child->is_type<g::either_line>())
          d.bypass_either = true;
        else
          d.bypass.push_back(name(*child));
      }
    } else if (c.is_type<g::no_bypass>()) {
      d.no_bypass = true;
    } else if (c.is_type<g::when_clause>()) {
      d.when = string(*c.children.at(0));
    } else if (c.is_type<g::message_clause>()) {
      d.message = string(*c.children.at(0));
    } else if (c.is_type<g::payers_clause>()) {
      d.payers = names_in(c);
    } else if (c.is_type<g::severity_level>()) {
      d.severity = name(c);
    }
  });
}

ast::ModifierDecl AstBuilder::modifier_decl(const Node& n) {
  return titled(n, &ast::ModifierDecl::modifier, [](const Node&, ast::ModifierDecl&) {});
}

ast::LimitDecl AstBuilder::limit(const Node& n) {
  return titled(n, &ast::LimitDecl::name, [this](const Node& c, ast::LimitDecl& d) {
    if (c.is_type<g::codes_clause>()) {
      d.codes = code_set(c);
    } else if (c.is_type<g::limit_units>()) {
      d.max_units = number(*c.children.at(0));
    } else if (c.is_type<g::payers_clause>()) {
      d.payers = names_in(c);
    } else if (c.is_type<g::message_clause>()) {
      d.message = string(*c.children.at(0));
    }
  });
}

ast::ProviderDecl AstBuilder::provider(const Node& n) {
  return titled(n, &ast::ProviderDecl::name, [](const Node&, ast::ProviderDecl&) {});
}

// `10% of minutes`, `10`, or `assistant_minutes`.
ast::CheckOperand AstBuilder::check_operand(const Node& n) {
  ast::CheckOperand o;
  o.span = span_of(n);
  if (n.is_type<g::check_percent>()) {
    o.percent = true;
    o.number = number(*n.children.at(0));
    o.name = name(*n.children.at(1));
  } else if (n.is_type<g::number>()) {
    o.number = number(n);
  } else {
    o.name = name(n);
  }
  return o;
}

ast::CheckDecl AstBuilder::check_decl(const Node& n) {
  return titled(n, &ast::CheckDecl::name, [this](const Node& c, ast::CheckDecl& d) {
    if (c.is_type<g::codes_clause>()) {
      if (!d.codes.empty())
        duplicate_clause(c, "codes", d.codes.front().span);
      d.codes = code_set(c);
    } else if (c.is_type<g::payers_clause>()) {
      d.payers = names_in(c);
    } else if (c.is_type<g::check_discipline>()) {
      d.disciplines = names_in(c);
    } else if (c.is_type<g::check_provider>()) {
      d.providers = names_in(c);
    } else if (c.is_type<g::check_with>()) {
      d.with.push_back(names_in(c));
    } else if (c.is_type<g::check_without>()) {
      d.without.push_back(names_in(c));
    } else if (c.is_type<g::check_when>()) {
      const Node& cond = *c.children.at(0);
      ast::CheckCondition k;
      k.span = span_of(cond);
      k.left = check_operand(*cond.children.at(0));
      const std::string_view op = cond.children.at(1)->string_view();
      k.op = op == "<"    ? ast::Op::lt
             : op == "<=" ? ast::Op::le
             : op == ">"  ? ast::Op::gt
             : op == ">=" ? ast::Op::ge
             : op == "==" ? ast::Op::eq
                          : ast::Op::ne;
      k.right = check_operand(*cond.children.at(2));
      d.conditions.push_back(std::move(k));
    } else if (c.is_type<g::severity_level>()) {
      d.severity = name(c);
    } else if (c.is_type<g::message_clause>()) {
      d.message = string(*c.children.at(0));
    } else if (c.is_type<g::because>()) {
      d.because = string(*c.children.at(0));
    }
  });
}

// `HH:MM` as minutes after midnight; E0112 (and nothing) unless it is a time of day (00:00 to
// 23:59).
std::optional<ast::Number> AstBuilder::clock(const Node& n) {
  const std::string_view text = n.string_view();
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) {
    diagnostics_.error("E0112", file_, span_of(n),
                       fmt::format("'{}' is not a time of day (00:00 to 23:59)", text));
    return std::nullopt;
  }
  return ast::Number{hours * 60 + minutes, span_of(n)};
}

ast::FamilyDecl AstBuilder::family(const Node& n) {
  return titled(n, &ast::FamilyDecl::name, [this](const Node& c, ast::FamilyDecl& d) {
    if (c.is_type<g::codes_clause>()) {
      if (!d.codes.empty())
        duplicate_clause(c, "codes", d.codes.front().span);
      d.codes = code_set(c);
    }
  });
}

ast::GivenService AstBuilder::given_service(const Node& n) {
  ast::GivenService s;
  s.span = span_of(n);
  s.code = name(*n.children.at(0));
  for (std::size_t i = 1; i < n.children.size(); ++i) {
    const Node& c = *n.children[i];
    if (c.is_type<g::given_minutes>()) {
      s.minutes = number(*c.children.at(0));
    } else if (c.is_type<g::given_clock>()) {
      const std::optional<ast::Number> start = clock(*c.children.at(0));
      const std::optional<ast::Number> end = clock(*c.children.at(1));
      if (start && end && end->value < start->value) {
        diagnostics_.error(
            "E0112", file_, span_of(c),
            fmt::format("the service ends at {} before it starts at {}",
                        c.children.at(1)->string_view(), c.children.at(0)->string_view()));
      } else if (start && end) {
        s.start = start;
        s.end = end;
        s.minutes = ast::Number{end->value - start->value, span_of(c)};
      }
    } else if (c.is_type<g::line_discipline>()) {
      s.discipline = name(*c.children.at(0));
    } else if (c.is_type<g::given_billed>()) {
      s.billed = number(*c.children.at(0));
    } else if (c.is_type<g::given_provider>()) {
      s.provider = name(*c.children.at(0));
    } else if (c.is_type<g::given_assistant>()) {
      s.assistant_minutes = number(*c.children.at(0));
    } else if (c.is_type<g::given_modifiers>()) {
      for (const auto& m : c.children)
        s.modifiers.push_back(name(*m));
    }
  }
  return s;
}

ast::ExpectedAllocation AstBuilder::allocation(const Node& n) {
  ast::ExpectedAllocation a;
  a.span = span_of(n);
  for (const auto& c : n.children) {
    ast::ExpectedUnits line{name(*c->children.at(0)), number(*c->children.back()).value,
                            span_of(*c), std::nullopt};
    if (c->children.size() == 3)
      line.discipline = name(*c->children.at(1)->children.at(0));
    a.lines.push_back(std::move(line));
  }
  return a;
}

ast::ExpectedFinding AstBuilder::expected_finding(const Node& n) {
  // `finding ID (on CODE (in DISCIPLINE)?)?`; `no finding ...` has the same children.
  ast::ExpectedFinding f{name(*n.children.at(0)), std::nullopt, std::nullopt};
  if (n.children.size() > 1) {
    const Node& line = *n.children.at(1);
    f.code = name(*line.children.at(0));
    if (line.children.size() > 1)
      f.discipline = name(*line.children.at(1)->children.at(0));
  }
  return f;
}

ast::TestDecl AstBuilder::test(const Node& n) {
  ast::TestDecl d;
  d.span = span_of(n);
  d.title = string(*n.children.at(0));
  for (std::size_t i = 1; i < n.children.size(); ++i) {
    const Node& c = *n.children[i];
    if (c.is_type<g::test_payer>()) {
      d.payer = name(*c.children.at(0));
    } else if (c.is_type<g::test_date>()) {
      d.date = date(*c.children.at(0));
    } else if (c.is_type<g::test_discipline>()) {
      d.discipline = name(*c.children.at(0));
    } else if (c.is_type<g::code_decl>()) {
      d.codes.push_back(code(c));
    } else if (c.is_type<g::given>()) {
      ast::TestCase tc;
      tc.span = span_of(c);
      for (const auto& s : c.children)
        tc.given.push_back(given_service(*s));
      d.cases.push_back(std::move(tc));
    } else if (c.is_type<g::expect_total>() || c.is_type<g::expect_allocations>() ||
               c.is_type<g::expect_finding>() || c.is_type<g::expect_no_finding>()) {
      expect(c, d);
    } else if (c.is_type<g::test_table>()) {
      const ast::Name code_name = name(*c.children.at(0));
      for (std::size_t k = 1; k < c.children.size(); ++k) {
        const Node& row = *c.children[k];
        ast::TestCase tc;
        tc.span = span_of(row);
        ast::GivenService service;
        service.span = span_of(row);
        service.code = code_name;
        service.minutes = number(*row.children.at(0));
        tc.given.push_back(std::move(service));
        tc.allocations.push_back(
            {span_of(row),
             {{code_name, number(*row.children.at(1)).value, span_of(row), std::nullopt}}});
        d.cases.push_back(std::move(tc));
      }
    }
  }
  return d;
}

void AstBuilder::expect(const Node& c, ast::TestDecl& d) {
  if (d.cases.empty() || d.cases.back().given.empty() || last_case_closed(d)) {
    diagnostics_.error("E0107", file_, span_of(c), "'expect' needs a 'given' line before it");
    return;
  }
  ast::TestCase& tc = d.cases.back();
  if (c.is_type<g::expect_finding>()) {
    tc.findings.push_back(expected_finding(c));
    return;
  }
  if (c.is_type<g::expect_no_finding>()) {
    tc.no_findings.push_back(expected_finding(c));
    return;
  }
  if (c.is_type<g::expect_total>()) {
    tc.total = number(*c.children.at(0));
    return;
  }
  if (!tc.allocations.empty()) {
    diagnostics_.error("E0107", file_, span_of(c),
                       "a case expects its allocations once; join them with 'or'");
    return;
  }
  for (const auto& a : c.children)
    tc.allocations.push_back(allocation(*a));
}

}  // namespace cptrules::lang
