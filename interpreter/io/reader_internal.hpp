// Reader internals: the encounter being filled (EncounterBuilder) and JSON whitespace helpers.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "date_cache.hpp"
#include "encounter_reader.hpp"

namespace cptrules::interp::reader {

inline bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

inline bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_json_space);
}

inline std::string_view trim_right(std::string_view text) {
  while (!text.empty() && is_json_space(text.back()))
    text.remove_suffix(1);
  return text;
}

// The ReadItem being filled with one encounter, shared by both readers of a text (the plain-line
// fast path and simdjson): begin() it, fill its encounter, end() it. Keeps the buffers of the
// services an encounter did not use, so that a steady stream allocates next to nothing.
class EncounterBuilder {
 public:
  // Prepares `item` for encounter number `n`.
  void begin(ReadItem& item, std::int64_t n) {
    item_ = &item;
    n_ = n;
    id_given_ = false;
    service_count_ = 0;
    item.ok = true;
    item.error.id.clear();
    item.error.message.clear();
    item.input_line = n;
    Encounter& enc = item.encounter;
    enc.input_line = n;
    enc.id.clear();
    enc.date.reset();
    enc.payer.reset();
    enc.discipline.reset();
    enc.provider.reset();
  }

  // Completes the item: trims unused service slots and fills in the default id.
  void end() {
    Encounter& enc = item_->encounter;
    // The service slots this encounter did not use are kept aside with their buffers (moved, not
    // destroyed), so that a later, longer encounter does not allocate them again.
    while (enc.services.size() > service_count_) {
      spare_services_.push_back(std::move(enc.services.back()));
      enc.services.pop_back();
    }
    if (!id_given_) {
      enc.id.assign("#");
      fmt::format_to(std::back_inserter(enc.id), "{}", n_);
    }
  }

  ReadItem& item() { return *item_; }
  Encounter& encounter() { return item_->encounter; }

  // Whether the encounter's id was given; end() names the record "#N" when it was not.
  bool& id_given() { return id_given_; }

  // Takes `id` as the encounter's id.
  void take_id(std::string_view id) {
    item_->encounter.id.assign(id);
    id_given_ = true;
  }

  // The dates read so far, cached in front of lang::parse_date.
  DateCache& dates() { return dates_; }

  // Makes the item an error record and gives its error to fill, replacing any error before.
  ErrorInfo& fail() {
    item_->ok = false;
    return item_->error;
  }

  // Like fail(), but only for the first error of the item: nullptr when it has one already.
  ErrorInfo* fail_first() {
    if (!item_->ok)
      return nullptr;
    item_->ok = false;
    return &item_->error;
  }

  // Forgets the services read so far (a services array starts).
  void restart_services() { service_count_ = 0; }

  // The next reusable service slot of the encounter, emptied.
  Service& next_service() {
    std::vector<Service>& services = item_->encounter.services;
    if (service_count_ == services.size()) {
      if (spare_services_.empty()) {
        services.emplace_back();
      } else {
        services.push_back(std::move(spare_services_.back()));
        spare_services_.pop_back();
      }
    }
    Service& service = services[service_count_++];
    service.code.clear();
    service.minutes.reset();
    service.modifiers.clear();
    service.discipline.reset();
    service.clock.reset();
    service.billed_units.reset();
    service.provider.reset();
    service.assistant_minutes.reset();
    return service;
  }

 private:
  DateCache dates_;
  std::vector<Service> spare_services_;  // see end()
  ReadItem* item_ = nullptr;
  std::int64_t n_ = 0;
  bool id_given_ = false;
  std::size_t service_count_ = 0;
};

}  // namespace cptrules::interp::reader
