// Which endpoints the ATS migration affects, from their names, as the AWS knowledge-center
// article on the S3 and CloudFront move says (shared/facts/aws-ats.md, "Not affected" and
// "Affected"): the catalog's impact rules must give the article's answer for each.
#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "catalog/impact.h"

namespace trustready {
namespace {

const catalog::Migration& ats() {
  static const auto c = catalog::Catalog::embedded();
  return *c->find("aws-ats");
}

bool affected(const std::string& host, bool plain_http = false) {
  const auto impact = catalog::impact_of(ats(), host, plain_http);
  EXPECT_TRUE(impact.affected.has_value()) << host;
  EXPECT_FALSE(impact.reason.empty()) << host;
  return impact.affected.value_or(false);
}

TEST(CatalogImpact, PlainHttpIsNotAffected) {
  EXPECT_FALSE(affected("my-bucket.s3.us-east-1.amazonaws.com", true));
  EXPECT_FALSE(affected("d111111abcdef8.cloudfront.net", true));
}

TEST(CatalogImpact, S3InTheRegionsAlreadyOnAtsIsNotAffected) {
  for (const std::string region : {"eu-west-3", "eu-north-1", "me-south-1", "ap-northeast-3", "ap-east-1", "us-gov-east-1"}) {
    EXPECT_FALSE(affected("my-bucket.s3." + region + ".amazonaws.com")) << region;
    EXPECT_FALSE(affected("s3." + region + ".amazonaws.com")) << region;
    EXPECT_FALSE(affected("my.dotted.bucket.s3-" + region + ".amazonaws.com")) << region;
  }
  // The research note's S3 test object, in eu-west-3.
  EXPECT_FALSE(affected("s3-ats-migration-test.s3.eu-west-3.amazonaws.com"));
}

TEST(CatalogImpact, S3ElsewhereCloudFrontNamesAndSesSmtpAreAffected) {
  EXPECT_TRUE(affected("my-bucket.s3.us-east-1.amazonaws.com"));
  EXPECT_TRUE(affected("my-bucket.s3.amazonaws.com"));
  EXPECT_TRUE(affected("s3.amazonaws.com"));
  EXPECT_TRUE(affected("my.dotted.bucket.s3.eu-west-1.amazonaws.com"));
  EXPECT_TRUE(affected("D111111ABCDEF8.cloudfront.net."));  // case and a trailing dot do not matter
  EXPECT_TRUE(affected("email-smtp.eu-west-1.amazonaws.com"));
  EXPECT_TRUE(affected("good.sca1a.amazontrust.com"));
}

TEST(CatalogImpact, ACustomDomainIsNotAffectedAndSaysHowItIsRecognised) {
  EXPECT_FALSE(affected("www.example.com"));
  EXPECT_FALSE(affected("cloudfront.net.example.com"));  // a suffix elsewhere is not *.cloudfront.net
  const auto impact = catalog::impact_of(ats(), "www.example.com", false);
  EXPECT_NE(impact.reason.find("*.cloudfront.net"), std::string::npos) << impact.reason;
}

TEST(CatalogImpact, AMigrationWithoutEndpointsSaysItDoesNotKnow) {
  static const auto c = catalog::Catalog::embedded();
  const auto* le = c->find("letsencrypt-isrg");
  ASSERT_NE(le, nullptr);
  const auto impact = catalog::impact_of(*le, "example.com", false);
  EXPECT_FALSE(impact.affected.has_value());
  EXPECT_FALSE(impact.reason.empty());
}

TEST(CatalogImpact, ALeadingStarTakesOneOrMoreLabelsAndAnInnerOneExactlyOne) {
  EXPECT_TRUE(catalog::host_matches("*.s3.amazonaws.com", "a.b.s3.amazonaws.com"));
  EXPECT_FALSE(catalog::host_matches("*.s3.amazonaws.com", "s3.amazonaws.com"));
  EXPECT_TRUE(catalog::host_matches("s3.*.amazonaws.com", "s3.us-east-1.amazonaws.com"));
  EXPECT_FALSE(catalog::host_matches("s3.*.amazonaws.com", "s3.a.b.amazonaws.com"));
  EXPECT_TRUE(catalog::host_matches("s3-*.amazonaws.com", "s3-eu-west-1.amazonaws.com"));
  EXPECT_FALSE(catalog::host_matches("s3-*.amazonaws.com", "s3-.amazonaws.com.evil"));
}

}  // namespace
}  // namespace trustready
