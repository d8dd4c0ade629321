// Plain-line encounters: an encounter of the plain shape read straight from its line's bytes.
#include "plain_line_encounters.hpp"

#include <cstdint>
#include <string_view>

#include "encounter_fields.hpp"

namespace cptrules::interp::reader {

namespace {

// The `"key":` of an object, as `k`; false at a key the reader does not know (Key::other) and at
// one given before in the object (`seen` marks them): simdjson's reading decides those cases.
// A key is matched where it stands, against the names that start with its first byte, rather
// than scanned first and looked up.
bool plain_key(PlainJson& in, unsigned& seen, Key& k) {
  if (!in.take('"'))
    return false;
  k = find_field(in.peek(), [&in](std::string_view name) { return in.take_rest_of_string(name); });
  return k != Key::other && in.take(':') && !given_before(k, seen);
}

// The fields of one service after its `{`, up to its `}`.
bool read_plain_service(PlainJson& in, Service& service) {
  unsigned seen = 0;
  do {
    Key k = Key::other;
    std::string_view text;
    if (!plain_key(in, seen, k))
      return false;
    if (k == Key::code) {
      if (!in.string(text) || text.empty())
        return false;
      service.code.assign(text);
    } else if (k == Key::minutes) {
      std::int64_t minutes = 0;
      if (!in.whole_number(kMaxDayMinutes, minutes))
        return false;
      service.minutes = minutes;
    } else if (k == Key::modifiers) {
      if (!in.take('['))
        return false;
      if (!in.take(']')) {
        do {
          if (!in.string(text))
            return false;
          service.modifiers.emplace_back(text);
        } while (in.take(','));
        if (!in.take(']'))
          return false;
      }
    } else if (k == Key::discipline) {
      if (!in.string(text))
        return false;
      service.discipline.emplace(text);
    } else if (k == Key::billed_units) {
      std::int64_t units = 0;
      if (!in.whole_number(kMaxBilledUnits, units))
        return false;
      service.billed_units = units;
    } else if (k == Key::provider) {
      if (!in.string(text))
        return false;
      service.provider.emplace(text);
    } else if (k == Key::assistant_minutes) {
      std::int64_t minutes = 0;
      if (!in.whole_number(kMaxDayMinutes, minutes))
        return false;
      service.assistant_minutes = minutes;
    } else {
      return false;
    }
  } while (in.take(','));
  return in.take('}') && (seen & key_bit(Key::code)) != 0;
}

// The services array.
bool read_plain_services(PlainJson& in, EncounterBuilder& out) {
  out.restart_services();
  if (!in.take('['))
    return false;
  if (in.take(']'))
    return true;
  do {
    Service& service = out.next_service();
    if (!in.take('{') || !read_plain_service(in, service))
      return false;
  } while (in.take(','));
  return in.take(']');
}

}  // namespace

bool read_plain_line(PlainJson in, EncounterBuilder& out) {
  Encounter& enc = out.encounter();
  if (!in.take('{'))
    return false;
  unsigned seen = 0;
  do {
    Key k = Key::other;
    std::string_view text;
    if (!plain_key(in, seen, k))
      return false;
    if (k == Key::services) {
      if (!read_plain_services(in, out))
        return false;
      continue;
    }
    if (!in.string(text))
      return false;
    if (k == Key::id) {
      if (text.size() > kMaxIdBytes)
        return false;
      out.take_id(text);
    } else if (k == Key::date) {
      enc.date = out.dates().parse(text);
      if (!enc.date)
        return false;
    } else if (k == Key::payer) {
      enc.payer.emplace(text);
    } else if (k == Key::discipline) {
      enc.discipline.emplace(text);
    } else if (k == Key::provider) {
      enc.provider.emplace(text);
    } else {
      return false;
    }
  } while (in.take(','));
  return in.take('}') && in.at_end() && (seen & key_bit(Key::services)) != 0;
}

}  // namespace cptrules::interp::reader
