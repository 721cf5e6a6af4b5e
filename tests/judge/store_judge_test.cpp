// Judging stores against the real ATS and Let's Encrypt certificates. Where a verdict
// rests on a cross-sign, the real openssl CLI verifies the same certificates against
// the same store, and the test asserts the two agree.
#include "judge/store_judge.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "cert/parse.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::real_cert;
using testing::TempDir;

const catalog::Catalog& embedded_catalog() {
  static const catalog::Catalog c = catalog::Catalog::embedded().value();
  return c;
}
const catalog::Migration& ats() { return *embedded_catalog().find("aws-ats"); }
const catalog::Migration& letsencrypt() { return *embedded_catalog().find("letsencrypt-isrg"); }

TimePoint at(const char* text) { return parse_time(text).value(); }

stores::Store store_of(const std::vector<std::string>& files) {
  stores::Store s;
  s.location.path = "/test/bundle.pem";
  for (const auto& f : files) {
    auto parsed = cert::parse_certificates(testing::read_file(real_cert(f)));
    for (auto& c : parsed.value().certificates) s.certificates.push_back(c);
  }
  return s;
}

const judge::ChainJudgement& chain(const judge::StoreJudgement& j, const std::string& id) {
  for (const auto& c : j.chains)
    if (c.chain->id == id) return c;
  throw std::runtime_error("no chain " + id);
}

std::vector<std::string> names(const std::vector<const catalog::Anchor*>& anchors) {
  std::vector<std::string> out;
  for (const auto* a : anchors) out.push_back(a->name);
  return out;
}

/// What the real openssl CLI says about the RSA chain's cross-certificates against a
/// store holding exactly `files` (no system paths), at `when` (seconds since epoch).
bool openssl_verifies_cross_chain(const std::vector<std::string>& files, TimePoint when) {
  TempDir dir;
  testing::write_bundle(dir / "store.pem", files);
  const auto r = testing::run("openssl verify -no-CApath -no-CAstore -attime " +
                              std::to_string(when.time_since_epoch().count()) + " -CAfile " +
                              testing::quote(dir / "store.pem") + " -untrusted " +
                              testing::quote(real_cert("sfsg2_x_sfclass2.pem")) + " " +
                              testing::quote(real_cert("amazon1_x_sfsg2.pem")));
  return r.exit_code == 0;
}

const judge::JudgeOptions kDec2026{at("2026-12-01"), std::chrono::days{365}};

const std::vector<std::string> kAllAts = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                          "Amazon_Root_CA_4.pem",
                                          "Starfield_Services_Root_Certificate_Authority_-_G2.pem",
                                          "Starfield_Class_2_CA.pem"};

TEST(AtsJudge, StoreWithAllSixAnchorsIsReadyThroughAmazonRootCa1Itself) {
  const auto j = judge::judge_store(store_of(kAllAts), ats(), kDec2026);
  EXPECT_EQ(j.verdict, judge::Verdict::Ready) << j.reason;
  EXPECT_EQ(j.present.size(), 6u);
  EXPECT_TRUE(j.missing.empty());
  const auto& rsa = chain(j, "rsa-root-ca-1");
  ASSERT_FALSE(rsa.paths.empty());
  EXPECT_TRUE(rsa.paths.front().direct);
  EXPECT_EQ(rsa.paths.front().anchor_name, "Amazon Root CA 1");
  // Every route exists: the root itself, Starfield Services G2, Starfield Class 2.
  EXPECT_EQ(rsa.paths.size(), 3u);
}

TEST(AtsJudge, StoreWithoutAnyAtsAnchorIsBrokenAndSaysWhatIsMissing) {
  const std::vector<std::string> files = {"ISRG_Root_X1.pem", "ISRG_Root_X2.pem"};
  const auto j = judge::judge_store(store_of(files), ats(), kDec2026);
  EXPECT_EQ(j.verdict, judge::Verdict::Broken);
  EXPECT_FALSE(openssl_verifies_cross_chain(files, kDec2026.at));
  const auto& rsa = chain(j, "rsa-root-ca-1");
  EXPECT_EQ(rsa.status, judge::ChainStatus::Fails);
  for (const char* name : {"Amazon Root CA 1", "Starfield Services Root CA G2", "Starfield Class 2 CA"})
    EXPECT_NE(rsa.reason.find(name), std::string::npos) << rsa.reason;
  // amazontrust.com lists these five for custom stores.
  const std::vector<std::string> five = {"Amazon Root CA 1", "Amazon Root CA 2", "Amazon Root CA 3", "Amazon Root CA 4",
                                         "Starfield Services Root CA G2"};
  EXPECT_EQ(names(j.missing), five);
  EXPECT_TRUE(j.present.empty());
}

TEST(AtsJudge, OnlyStarfieldServicesG2IsReadyThroughCrossSign) {
  const std::vector<std::string> files = {"Starfield_Services_Root_Certificate_Authority_-_G2.pem"};
  ASSERT_TRUE(openssl_verifies_cross_chain(files, kDec2026.at));
  const auto j = judge::judge_store(store_of(files), ats(), kDec2026);
  EXPECT_EQ(j.verdict, judge::Verdict::Ready) << j.reason;
  const auto& rsa = chain(j, "rsa-root-ca-1");
  ASSERT_EQ(rsa.paths.size(), 1u);
  EXPECT_FALSE(rsa.paths[0].direct);
  EXPECT_EQ(rsa.paths[0].anchor_name, "Starfield Services Root CA G2");
  ASSERT_EQ(rsa.paths[0].certificates.size(), 2u);
  EXPECT_EQ(rsa.paths[0].certificates[0].sha256().hex(),
            "87dcd4dc74640a322cd205552506d1be64f12596258096544986b4850bc72706");  // shared/facts/certs/README.md
  // No cross-certificate of Amazon Root CA 2 or 4 is known: those chains fail, but
  // they are optional, so the verdict stays ready and says nothing false.
  EXPECT_EQ(chain(j, "rsa4096-root-ca-2").status, judge::ChainStatus::Fails);
  EXPECT_EQ(chain(j, "ecdsa-root-ca-3").status, judge::ChainStatus::Verifies);
}

TEST(AtsJudge, OnlyStarfieldClass2IsReadyThroughBothCrossSigns) {
  const std::vector<std::string> files = {"Starfield_Class_2_CA.pem"};
  ASSERT_TRUE(openssl_verifies_cross_chain(files, kDec2026.at));
  const auto j = judge::judge_store(store_of(files), ats(), kDec2026);
  EXPECT_EQ(j.verdict, judge::Verdict::Ready) << j.reason;
  const auto& rsa = chain(j, "rsa-root-ca-1");
  ASSERT_EQ(rsa.paths.size(), 1u);
  EXPECT_EQ(rsa.paths[0].certificates.size(), 3u);
  EXPECT_EQ(rsa.paths[0].anchor_name, "Starfield Class 2 CA");
}

TEST(AtsJudge, OnlyTheEcdsaRootsSaysTheRsaChainBreaksAndWhy) {
  const std::vector<std::string> files = {"Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem"};
  EXPECT_FALSE(openssl_verifies_cross_chain(files, kDec2026.at));
  const auto j = judge::judge_store(store_of(files), ats(), kDec2026);
  EXPECT_EQ(j.verdict, judge::Verdict::Broken);
  EXPECT_EQ(chain(j, "rsa-root-ca-1").status, judge::ChainStatus::Fails);
  EXPECT_NE(j.reason.find("RSA chain to Amazon Root CA 1"), std::string::npos) << j.reason;
  EXPECT_NE(j.reason.find("Starfield Services Root CA G2"), std::string::npos) << j.reason;
  EXPECT_EQ(chain(j, "ecdsa-root-ca-3").status, judge::ChainStatus::Verifies);
  EXPECT_EQ(chain(j, "ecdsa-p384-root-ca-4").status, judge::ChainStatus::Verifies);
  EXPECT_EQ(chain(j, "rsa4096-root-ca-2").status, judge::ChainStatus::Fails);
  EXPECT_EQ(names(j.present), (std::vector<std::string>{"Amazon Root CA 3", "Amazon Root CA 4"}));
}

TEST(AtsJudge, OnlyStarfieldClass2IsAtRiskWithinAYearOfItsExpiry) {
  // The cross-certificate expires 2034-06-28, Starfield Class 2 itself 2034-06-29
  // (shared/facts/certs/README.md, roots.tsv).
  const std::vector<std::string> files = {"Starfield_Class_2_CA.pem"};
  const judge::JudgeOptions jan2034{at("2034-01-01"), std::chrono::days{365}};
  ASSERT_TRUE(openssl_verifies_cross_chain(files, jan2034.at));
  const auto j = judge::judge_store(store_of(files), ats(), jan2034);
  EXPECT_EQ(j.verdict, judge::Verdict::AtRisk) << j.reason;
  EXPECT_NE(j.reason.find("2034-06-28"), std::string::npos) << j.reason;
}

TEST(AtsJudge, OnlyStarfieldClass2IsBrokenOnceTheCrossSignHasExpired) {
  const std::vector<std::string> files = {"Starfield_Class_2_CA.pem"};
  const judge::JudgeOptions jul2034{at("2034-07-01"), std::chrono::days{365}};
  EXPECT_FALSE(openssl_verifies_cross_chain(files, jul2034.at));
  const auto j = judge::judge_store(store_of(files), ats(), jul2034);
  EXPECT_EQ(j.verdict, judge::Verdict::Broken);
  const auto& rsa = chain(j, "rsa-root-ca-1");
  ASSERT_FALSE(rsa.failures.empty());
  EXPECT_NE(rsa.failures.front().find("expired"), std::string::npos) << rsa.failures.front();
}

TEST(AtsJudge, ExpiredAmazonRootCa1IsNotAnAnchor) {
  // Amazon Root CA 1 expires 2038-01-17 (roots.tsv); Starfield Services G2 2037-12-31.
  const std::vector<std::string> files = {"Amazon_Root_CA_1.pem"};
  const auto j = judge::judge_store(store_of(files), ats(), {at("2038-02-01"), std::chrono::days{365}});
  EXPECT_EQ(j.verdict, judge::Verdict::Broken);
  const auto& rsa = chain(j, "rsa-root-ca-1");
  ASSERT_FALSE(rsa.failures.empty());
  EXPECT_NE(rsa.failures.front().find("expired on 2038-01-17"), std::string::npos) << rsa.failures.front();
}

TEST(AtsJudge, ACrossCertificateInAPemBundleIsNoAnchorForOpenSsl) {
  // A store holding the Amazon Root CA 1 cross-certificate (not self-issued): the key
  // and name are there, but OpenSSL's default verification needs a self-issued anchor,
  // so for OpenSSL's clients Amazon Root CA 1 is missing, not present.
  const std::vector<std::string> files = {"amazon1_x_sfsg2.pem"};
  const auto j = judge::judge_store(store_of(files), ats(), kDec2026);
  EXPECT_EQ(j.verdict, judge::Verdict::Broken);
  EXPECT_TRUE(names(j.present).empty());
  const auto missing = names(j.missing);
  EXPECT_NE(std::find(missing.begin(), missing.end(), "Amazon Root CA 1"), missing.end());
  const auto& rsa = chain(j, "rsa-root-ca-1");
  ASSERT_FALSE(rsa.failures.empty());
  EXPECT_NE(rsa.failures.front().find("partial-chain"), std::string::npos) << rsa.failures.front();
}

TEST(AtsJudge, ACrossCertificateInAJavaKeystoreIsAnAnchor) {
  // Java's PKIX stops at any trusted certificate: the same store read by Java is ready.
  auto store = store_of({"amazon1_x_sfsg2.pem"});
  store.location.verifier = stores::Verifier::Java;
  const auto j = judge::judge_store(store, ats(), kDec2026);
  EXPECT_EQ(names(j.present), std::vector<std::string>{"Amazon Root CA 1"});
  EXPECT_EQ(chain(j, "rsa-root-ca-1").status, judge::ChainStatus::Verifies);
}

TEST(AtsJudge, EmptyOrUnreadableStoreIsAnErrorVerdictNamingThePath) {
  stores::Store empty;
  empty.location.path = "/etc/ssl/certs/ca-certificates.crt";
  auto j = judge::judge_store(empty, ats(), kDec2026);
  EXPECT_EQ(j.verdict, judge::Verdict::Error);
  EXPECT_NE(j.reason.find("/etc/ssl/certs/ca-certificates.crt"), std::string::npos);
  stores::Store unreadable;
  unreadable.error = "/x.pem: Permission denied";
  j = judge::judge_store(unreadable, ats(), kDec2026);
  EXPECT_EQ(j.verdict, judge::Verdict::Error);
  EXPECT_EQ(j.reason, "/x.pem: Permission denied");
}

TEST(LetsEncryptJudge, OnlyDstRootX3WasAtRiskBeforeItsExpiryAndBrokenAfter) {
  // DST Root CA X3 expired 2021-09-30; in 2021 servers sent the long chain by default.
  const std::vector<std::string> files = {"DST_Root_CA_X3.pem"};
  auto j = judge::judge_store(store_of(files), letsencrypt(), {at("2021-06-01"), std::chrono::days{365}});
  EXPECT_EQ(j.verdict, judge::Verdict::AtRisk) << j.reason;
  EXPECT_NE(j.reason.find("2021-09-30"), std::string::npos) << j.reason;
  j = judge::judge_store(store_of(files), letsencrypt(), {at("2021-10-01"), std::chrono::days{365}});
  EXPECT_EQ(j.verdict, judge::Verdict::Broken) << j.reason;
}

TEST(LetsEncryptJudge, IsrgRootX1IsReadyBeforeAndAfterTheLongChainWasDropped) {
  const std::vector<std::string> files = {"ISRG_Root_X1.pem"};
  for (const char* when : {"2021-06-01", "2026-12-01"}) {
    const auto j = judge::judge_store(store_of(files), letsencrypt(), {at(when), std::chrono::days{365}});
    EXPECT_EQ(j.verdict, judge::Verdict::Ready) << when << ": " << j.reason;
  }
  const auto j = judge::judge_store(store_of(files), letsencrypt(), kDec2026);
  EXPECT_EQ(chain(j, "rsa-isrg-x1-long").status, judge::ChainStatus::NotServed);
}

}  // namespace
}  // namespace trustready
