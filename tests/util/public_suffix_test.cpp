// The Public Suffix List as libpsl gives it: expected values are the list's own entries
// (ICANN "com", "co.uk"; private "s3.amazonaws.com"), not this code's.
#include <gtest/gtest.h>

#include "util/public_suffix.h"

namespace trustready {
namespace {

TEST(PublicSuffix, IcannSuffixesAreListed) {
  EXPECT_TRUE(is_public_suffix("com", false));
  EXPECT_TRUE(is_public_suffix("co.uk", false));
  EXPECT_FALSE(is_public_suffix("example.com", false));
  EXPECT_FALSE(is_public_suffix("example.co.uk", true));
}

TEST(PublicSuffix, PrivateSectionOnlyWhenAskedFor) {
  EXPECT_FALSE(is_public_suffix("s3.amazonaws.com", false));
  EXPECT_TRUE(is_public_suffix("s3.amazonaws.com", true));
}

// Without the "*" rule an unlisted TLD of a private PKI is no public suffix, so an
// internal "*.corp" certificate is not refused for it.
TEST(PublicSuffix, UnlistedNamesAreNotPublicSuffixes) {
  EXPECT_FALSE(is_public_suffix("corp", true));
  EXPECT_FALSE(is_public_suffix("", true));
}

}  // namespace
}  // namespace trustready
