// Encounter fields: the one table of the input's field names, and the Key that recognises them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace cptrules::interp::reader {

// The fields the reader knows, of an encounter and of a service; `other` is any other key.
enum class Key : std::uint8_t {
  other,
  id,
  date,
  payer,
  discipline,
  services,
  code,
  minutes,
  modifiers,
  start,
  end,
  billed_units,
  provider,
  assistant_minutes
};

struct FieldName {
  Key key;
  std::string_view name;
};

// Every known field with its name as the input spells it, in the order of Key. Both readers (the
// simdjson one and the plain-line fast path) recognise keys through this table only; to read a
// new field, add its Key and its row here, then read its value in both.
inline constexpr std::array<FieldName, 14> kFieldNames = {{
    {Key::other, ""},
    {Key::id, "id"},                                // of the encounter
    {Key::date, "date"},                            // of the encounter
    {Key::payer, "payer"},                          // of the encounter
    {Key::discipline, "discipline"},                // of the encounter or of a service
    {Key::services, "services"},                    // of the encounter
    {Key::code, "code"},                            // of a service
    {Key::minutes, "minutes"},                      // of a service
    {Key::modifiers, "modifiers"},                  // of a service
    {Key::start, "start"},                          // of a service
    {Key::end, "end"},                              // of a service
    {Key::billed_units, "billed_units"},            // of a service
    {Key::provider, "provider"},                    // of the encounter or of a service
    {Key::assistant_minutes, "assistant_minutes"},  // of a service
}};

// The name of a known field ("" for Key::other).
constexpr std::string_view field_name(Key key) {
  return kFieldNames[static_cast<std::size_t>(key)].name;
}

namespace field_lookup {

// True when the rows are in the order of Key.
constexpr bool rows_in_key_order() {
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    if (static_cast<std::size_t>(kFieldNames[i].key) != i)
      return false;
  }
  return true;
}
static_assert(rows_in_key_order(), "kFieldNames: each row's place is its Key");

constexpr char first_byte(std::size_t row) {
  return kFieldNames[row].name[0];
}

// True when `row` is the first row whose name starts with its first byte.
constexpr bool leads_its_byte(std::size_t row) {
  for (std::size_t before = 1; before < row; ++before) {
    if (first_byte(before) == first_byte(row))
      return false;
  }
  return true;
}

// The same, as constants of each row (so that they are folded even where nothing is inlined).
template <std::size_t Row>
inline constexpr char kFirstByte = first_byte(Row);
template <std::size_t Row>
inline constexpr bool kLeadsItsByte = leads_its_byte(Row);
template <std::size_t Row>
inline constexpr std::string_view kName = kFieldNames[Row].name;

// The field among the rows whose name starts as row `Lead`'s does that `is_name` accepts.
template <std::size_t Lead, typename IsName, std::size_t... Row>
constexpr Key accepted_among(IsName& is_name, std::index_sequence<Row...>) {
  Key found = Key::other;
  static_cast<void>(((kFirstByte<Row + 1> == kFirstByte<Lead> && is_name(kName<Row + 1>)
                          ? (found = kFieldNames[Row + 1].key, true)
                          : false) ||
                     ...));
  return found;
}

template <typename IsName, std::size_t... Row>
constexpr Key accepted(char first, IsName& is_name, std::index_sequence<Row...> rows) {
  Key found = Key::other;
  static_cast<void>(((kLeadsItsByte<Row + 1> && first == kFirstByte<Row + 1>
                          ? (found = accepted_among<Row + 1>(is_name, rows), true)
                          : false) ||
                     ...));
  return found;
}

template <typename IsName, std::size_t... Row>
constexpr Key accepted(IsName& is_name, std::index_sequence<Row...>) {
  Key found = Key::other;
  static_cast<void>(
      ((is_name(kName<Row + 1>) ? (found = kFieldNames[Row + 1].key, true) : false) || ...));
  return found;
}

}  // namespace field_lookup

// The known field whose name `is_name(name)` accepts; Key::other when none. Each name is given
// to `is_name` as a constant, so that a comparison compiles to a few loads rather than a call
// to memcmp.
template <typename IsName>
constexpr Key find_field(IsName is_name) {
  return field_lookup::accepted(is_name, std::make_index_sequence<kFieldNames.size() - 1>{});
}

// The same among the names that start with the byte `first`: the first byte is tested against
// each known one (a switch, once compiled) and only those names are given to `is_name`. Both
// readers compare a key as it stands in the input this way, without measuring it first.
template <typename IsName>
constexpr Key find_field(char first, IsName is_name) {
  return field_lookup::accepted(first, is_name, std::make_index_sequence<kFieldNames.size() - 1>{});
}

// Which known field `key` names (exactly, byte for byte); Key::other for any other text.
constexpr Key key_of(std::string_view key) {
  return find_field([key](std::string_view name) { return key == name; });
}

static_assert(key_of("services") == Key::services && key_of("end") == Key::end &&
              key_of("billed_units") == Key::billed_units && key_of("ends") == Key::other &&
              key_of("") == Key::other);

// The bit of `k` in a set of the fields an object gave.
constexpr unsigned key_bit(Key k) {
  return 1U << static_cast<unsigned>(k);
}

// True when the known field `k` is in `seen`, the fields the object gave before it; adds it.
// A field the reader does not know (Key::other) is never given before: it is not read.
constexpr bool given_before(Key k, unsigned& seen) {
  if (k == Key::other)
    return false;
  const bool before = (seen & key_bit(k)) != 0;
  seen |= key_bit(k);
  return before;
}

}  // namespace cptrules::interp::reader
