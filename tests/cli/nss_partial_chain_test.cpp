// NSS takes any certificate it trusts as an anchor, a cross-certificate included: the
// real NSS (vfychain, libnss3-tools) accepts a leaf whose only trusted issuer is the
// cross-certificate of its root, and rejects it with nothing trusted. So an NSS database
// trusting only Amazon Root CA 1's cross-certificate (C,,) is ready for the ATS chains.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"
#include "support/test_pki.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::real_cert;
using testing::run;

void ok(const testing::CommandResult& r) { ASSERT_EQ(r.exit_code, 0) << r.out << r.err; }

/// An NSS database at `dir` trusting `cert` for TLS (certutil -t C,,) and nothing else.
void nss_db_trusting(const std::string& dir, const std::string& cert) {
  testing::make_dirs(dir);
  ASSERT_NO_FATAL_FAILURE(ok(run("certutil -N -d sql:" + quote(dir) + " --empty-password")));
  ASSERT_NO_FATAL_FAILURE(ok(run("certutil -A -d sql:" + quote(dir) + " -n anchor -t C,, -i " + quote(cert))));
}

TEST(NssPartialChain, VfychainAcceptsALeafWhoseOnlyTrustedIssuerIsItsRootsCrossCertificate) {
  TRUSTREADY_REQUIRE_TOOL("certutil");
  TRUSTREADY_REQUIRE_TOOL("vfychain");
  testing::TempDir dir;
  testing::TestPki pki(dir);
  pki.make_ats_shaped();  // leaf <- Server CA <- Root CA 1, whose key Services G2 cross-signs
  ASSERT_NO_FATAL_FAILURE(nss_db_trusting(dir / "db", pki.path("root1_x_sfsg2.pem")));
  testing::make_dirs(dir / "empty");
  ASSERT_NO_FATAL_FAILURE(ok(run("certutil -N -d sql:" + quote(dir / "empty") + " --empty-password")));
  const std::string chain = " -u 1 -a " + quote(pki.path("leaf.pem")) + " -a " + quote(pki.path("Server CA.pem"));
  const auto trusted = run("vfychain -d sql:" + quote(dir / "db") + chain);
  EXPECT_EQ(trusted.exit_code, 0) << trusted.out << trusted.err;
  EXPECT_NE((trusted.out + trusted.err).find("Chain is good!"), std::string::npos) << trusted.out << trusted.err;
  EXPECT_NE(run("vfychain -d sql:" + quote(dir / "empty") + chain).exit_code, 0);
}

TEST(NssPartialChain, ADatabaseTrustingOnlyAmazonRootCa1sCrossCertificateIsReady) {
  TRUSTREADY_REQUIRE_TOOL("certutil");
  testing::TempDir root;
  testing::write_bundle(root / "etc/ssl/certs/ca-certificates.crt",
                        {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem",
                         "Starfield_Services_Root_Certificate_Authority_-_G2.pem", "Starfield_Class_2_CA.pem"});
  ASSERT_NO_FATAL_FAILURE(nss_db_trusting(root / "srv/profile", real_cert("amazon1_x_sfsg2.pem")));
  const auto r = run(quote(testing::binary()) + " check --system-only --root " + quote(root.path()) +
                     " --store /srv/profile --at " + testing::kTestDate + " --format json");
  const auto j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  json store;
  for (const auto& s : j.at("stores"))
    if (s.at("path") == "/srv/profile") store = s;
  ASSERT_FALSE(store.is_null()) << j.dump(2);
  EXPECT_EQ(store.at("verifier"), "nss");
  EXPECT_EQ(store.at("certificates"), 1);
  EXPECT_EQ(store.at("verdict"), "ready") << store.dump(2);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

}  // namespace
}  // namespace trustready
