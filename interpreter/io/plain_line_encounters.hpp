// Plain-line encounters: the fast path that reads a plain line of JSON Lines without simdjson.
#pragma once

#include "plain_json.hpp"
#include "reader_internal.hpp"

namespace cptrules::interp::reader {

// Reads one line of JSON Lines into the item begun in `out` when the line is an encounter of
// the plain shape (plain_json.hpp: printable ASCII strings without escapes, small whole minutes;
// each known field at most once, no other field; nothing that would be an error record) and
// returns true. Returns false as soon as the line is anything else; the caller then reads it
// with simdjson (JsonEncounters), beginning the item again: the item is never decided here
// unless it comes out exactly as simdjson's reading would make it.
bool read_plain_line(PlainJson in, EncounterBuilder& out);

}  // namespace cptrules::interp::reader
