// BatchSummary: what a batch adds up to per payer, code, finding and error, for `--format summary`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "record_counts.hpp"
#include "result.hpp"

namespace cptrules::interp {

// Counters over the records of a batch, for a report that people read at its end: encounters
// and units per payer, lines and units per code (with the audit of billed units), findings per
// id, records that could not be evaluated per error id with a few of their ids. Its memory grows
// with the distinct payers, codes and ids, never with the number of records.
class BatchSummary {
 public:
  // Record ids shown for each error id.
  static constexpr std::size_t kExamples = 3;

  void add(const Result& result);

  // Adds what `later` counted, as if its records had been added after this one's (its error
  // examples come after this one's, up to kExamples): the summaries of the chunks of a batch,
  // merged in order, are the batch's.
  void merge(const BatchSummary& later);

  // Forgets every record added.
  void clear();

  // Appends the report: plain text, aligned, 80 columns wide for ids of usual length. `counts`
  // are the batch's counts (RecordCounts::add of every record added).
  void append_report(std::string& out, const RecordCounts& counts) const;

 private:
  struct PayerTally {
    std::int64_t encounters = 0;
    std::int64_t units = 0;
  };
  struct CodeTally {
    std::int64_t lines = 0;
    std::int64_t units = 0;
    std::int64_t not_priced = 0;  // lines of a code that the rules do not define
    std::int64_t billed = 0;      // billed_units over the lines that give them
    std::int64_t over = 0;        // units billed over what any valid allocation gives
    std::int64_t under = 0;       // units billed under what every valid allocation gives
  };
  struct FindingTally {
    FindingSeverity severity = FindingSeverity::info;  // the most severe seen
    std::int64_t encounters = 0;
    std::int64_t lines = 0;  // findings that name a line
  };
  struct ErrorTally {
    std::int64_t records = 0;
    std::vector<std::string> examples;  // the first kExamples record ids
  };
  template <typename T>
  using Tallies = std::map<std::string, T, std::less<>>;

  void append_payers(std::string& out) const;
  void append_codes(std::string& out) const;
  void append_findings(std::string& out) const;
  void append_errors(std::string& out) const;

  Tallies<PayerTally> payers_;
  Tallies<CodeTally> codes_;
  Tallies<FindingTally> findings_;
  Tallies<ErrorTally> errors_;
  bool billed_ = false;  // a line gave billed_units
};

}  // namespace cptrules::interp
