// AWS SDK and CLI versions against the aws-ats cutoffs of the embedded catalog. The
// expected cutoff versions are the ones shared/facts/migrations-research.md section 4
// traced in git history, not the catalog's JSON:
//   - "released prior to February 5, 2015": aws-cli 1.7.5 and botocore 0.86.0, both
//     tagged 2015-02-05;
//   - "Python SDK/CLI before October 29, 2013": botocore 0.23.0 (first to vendor the
//     requests bundle with both Starfield roots) and aws-cli 1.2.3 (first to require it);
//   - boto v2: 2.9.0 (2013-04-18), the first release whose cacerts.txt has Starfield
//     Class 2 and Starfield Services G2;
//   - boto3: not checked there; it takes its trust from botocore;
//   - Java, JavaScript, .NET, PHP: not checked.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "judge/sdk_judge.h"

namespace trustready {
namespace {

using judge::Verdict;

class SdkJudge : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog = catalog::Catalog::embedded();
    ASSERT_TRUE(catalog) << catalog.error();
    catalog_.emplace(std::move(*catalog));
    migration_ = catalog_->find("aws-ats");
    ASSERT_NE(migration_, nullptr);
  }
  judge::SdkJudgement judge(const std::string& name, const std::string& version) {
    software::InstalledSdk sdk{name, version, "/usr/lib/python3/dist-packages/x", "test"};
    auto j = judge::judge_sdk(sdk, *migration_);
    EXPECT_EQ(j.sdk.name, name);
    EXPECT_EQ(j.sdk.version, version);
    EXPECT_FALSE(j.reason.empty()) << name << " " << version;
    return j;
  }
  void expect_broken(const std::string& name, const std::string& version, const std::string& upgrade_to) {
    SCOPED_TRACE(name + " " + version);
    const auto j = judge(name, version);
    ASSERT_TRUE(j.verdict.has_value()) << j.reason;
    EXPECT_EQ(*j.verdict, Verdict::Broken) << j.reason;
    EXPECT_EQ(j.upgrade_to, upgrade_to);
    // The operator reads which version to install and what the installed one is.
    EXPECT_NE(j.reason.find(upgrade_to), std::string::npos) << j.reason;
    EXPECT_NE(j.reason.find(version), std::string::npos) << j.reason;
  }
  void expect_ready(const std::string& name, const std::string& version) {
    SCOPED_TRACE(name + " " + version);
    const auto j = judge(name, version);
    ASSERT_TRUE(j.verdict.has_value()) << j.reason;
    EXPECT_EQ(*j.verdict, Verdict::Ready) << j.reason;
    EXPECT_TRUE(j.upgrade_to.empty()) << j.upgrade_to;
  }
  std::optional<catalog::Catalog> catalog_;
  const catalog::Migration* migration_ = nullptr;
};

TEST_F(SdkJudge, AwsCliJustBeforeThe2015CutoffMustUpgradeTo175) {
  expect_broken("aws-cli", "1.7.4", "1.7.5");
  const auto j = judge("aws-cli", "1.7.4");
  EXPECT_NE(j.reason.find("2015-02-05"), std::string::npos) << j.reason;
}

TEST_F(SdkJudge, AwsCliFailingBothCutoffsGetsTheHighestFix) {
  // 1.2.2 predates both the 2013-10-29 cutoff (fixed in 1.2.3) and the 2015-02-05 one
  // (fixed in 1.7.5): 1.2.3 would still be broken, so the advice is 1.7.5.
  expect_broken("aws-cli", "1.2.2", "1.7.5");
  expect_broken("aws-cli", "1.0.0", "1.7.5");
  // Between the two cutoffs only the later one fails.
  expect_broken("aws-cli", "1.2.3", "1.7.5");
}

TEST_F(SdkJudge, AwsCliFromTheFixOnIsReady) {
  expect_ready("aws-cli", "1.7.5");
  expect_ready("aws-cli", "1.7.6");
  expect_ready("aws-cli", "1.10.0");  // numerically after 1.7.5, textually before
  expect_ready("aws-cli", "1.45.11");
}

TEST_F(SdkJudge, BotocoreCutoffs) {
  expect_broken("botocore", "0.22.0", "0.86.0");  // fails both; the later fix wins
  expect_broken("botocore", "0.23.0", "0.86.0");
  expect_broken("botocore", "0.85.0", "0.86.0");
  expect_ready("botocore", "0.86.0");
  expect_ready("botocore", "0.100.0");
  expect_ready("botocore", "1.29.27");  // Debian 12's python3-botocore
}

TEST_F(SdkJudge, BotoV2BeforeTheStarfieldRootsMustUpgradeTo290) {
  expect_broken("boto", "2.8.0", "2.9.0");
  expect_broken("boto", "2.0rc1", "2.9.0");
  expect_ready("boto", "2.9.0");
  expect_ready("boto", "2.49.0");
}

TEST_F(SdkJudge, AwsCliV2IsReady) {
  expect_ready("aws-cli", "2.0.0");
  expect_ready("aws-cli", "2.9.19");  // Debian 12's awscli
  expect_ready("aws-cli", "2.15.0");
}

TEST_F(SdkJudge, Boto3IsReadyAndTheReasonPointsAtBotocore) {
  expect_ready("boto3", "1.0.0");
  const auto j = judge("boto3", "1.0.0");
  EXPECT_NE(j.reason.find("botocore"), std::string::npos) << j.reason;
}

TEST_F(SdkJudge, AnSdkTheCatalogHasNoVersionForGetsNoVerdictAndSaysSo) {
  // The facts file did not check Java or JavaScript: no cutoff version exists for them.
  for (const auto& [name, version] : {std::pair<std::string, std::string>{"aws-sdk-java", "1.9.16"},
                                      {"aws-sdk-java", "1.9.0"},
                                      {"aws-sdk-js", "2.1.9"}}) {
    SCOPED_TRACE(name + " " + version);
    const auto j = judge(name, version);
    EXPECT_FALSE(j.verdict.has_value()) << judge::to_string(*j.verdict);
    EXPECT_TRUE(j.upgrade_to.empty()) << j.upgrade_to;
    EXPECT_NE(j.reason.find(name), std::string::npos) << j.reason;
    EXPECT_NE(j.reason.find("aws-ats"), std::string::npos) << j.reason;
  }
}

}  // namespace
}  // namespace trustready
