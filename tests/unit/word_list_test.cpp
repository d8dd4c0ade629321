// Lists of names in messages: "a", "a and b", "a, b and c", or with "or".
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "suggest.hpp"

using cptrules::lang::word_list;
using Names = std::vector<std::string>;

TEST_CASE("names are listed as a sentence lists them", "[suggest]") {
  CHECK(word_list(Names{}).empty());
  CHECK(word_list(Names{"PT"}) == "PT");
  CHECK(word_list(Names{"PT", "OT"}) == "PT and OT");
  CHECK(word_list(Names{"PT", "OT", "SLP"}) == "PT, OT and SLP");
  CHECK(word_list(Names{"59", "XS", "XU", "XE"}, "or") == "59, XS, XU or XE");
  CHECK(word_list(Names{"59"}, "or") == "59");
}
