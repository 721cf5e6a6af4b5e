// `trustready paths` against a test PKI shaped like the ATS migration, made here with
// the openssl command line: Root CA 1 cross-signed by Services G2, itself cross-signed
// by Class 2. Each engine's verdict is checked against the real `openssl verify`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"
#include "support/test_pki.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::run;

class PathsCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    pki_ = new testing::TestPki(*dir_);
    pki_->make_ats_shaped();
    pki_->ca("Services G2", "Class 2", -400, -10, "sfsg2_x_class2_expired.pem");
    pki_->bundle("chain-expired-cross.pem", {"leaf", "Server CA", "root1_x_sfsg2", "sfsg2_x_class2_expired"});
    pki_->bundle("intermediates.pem", {"Server CA", "root1_x_sfsg2", "sfsg2_x_class2"});
    // Revocation: a CRL of Server CA made before and one made after revoking a leaf.
    pki_->leaf("revoked-leaf", "Server CA", "example.test");
    pki_->crl("server-ca-before.crl", "Server CA", {});
    pki_->crl("server-ca-after.crl", "Server CA", {"revoked-leaf"});
    pki_->bundle("chain-revoked.pem", {"revoked-leaf", "Server CA"});
    // Wildcards over public suffixes: an ICANN one, and a private-section one that is
    // also the real shape of Amazon S3's certificate.
    pki_->leaf("co-uk-leaf", "Server CA", "*.co.uk");
    pki_->bundle("chain-co-uk.pem", {"co-uk-leaf", "Server CA"});
    pki_->leaf("s3-leaf", "Server CA", "*.s3.amazonaws.com");
    pki_->bundle("chain-s3.pem", {"s3-leaf", "Server CA"});
    pki_->root("Unrelated Root");
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete dir_;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("certtool");  // GnuTLS's own verdict, beside the gnutls engine's
  }

  static testing::CommandResult paths(const std::string& args) {
    return run(quote(testing::binary()) + " paths --no-color --no-cross-signs " + args);
  }
  static json paths_json(const std::string& args, int expected_exit) {
    const auto r = paths(args + " --format json");
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    return json::parse(r.out, nullptr, false);
  }
  static bool accepts(const json& j, const std::string& client) {
    for (const auto& c : j.at("clients"))
      if (c.at("client") == client) return c.at("accepts").get<bool>();
    throw std::runtime_error("no client " + client);
  }
  /// The real `openssl verify` of the leaf with the presented intermediates.
  static bool openssl_verify(const std::string& ca_file, bool partial_chain) {
    return run("openssl verify -no-CApath -no-CAstore " + std::string(partial_chain ? "-partial_chain " : "") + "-CAfile " + quote(ca_file) +
               " -untrusted " + quote(pki_->path("intermediates.pem")) + " " + quote(pki_->path("leaf.pem")))
               .exit_code == 0;
  }
  /// The real GnuTLS verifier (certtool, gnutls-bin) on the chain file as sent.
  static bool certtool_verify(const std::string& ca_file, const std::string& chain_file) {
    return run("certtool --verify --load-ca-certificate " + quote(ca_file) + " --infile " + quote(chain_file))
               .exit_code == 0;
  }
  static std::string chain() { return quote(pki_->path("chain.pem")); }

  static testing::TempDir* dir_;
  static testing::TestPki* pki_;
};
testing::TempDir* PathsCommand::dir_ = nullptr;
testing::TestPki* PathsCommand::pki_ = nullptr;

// The store holds the new root itself; the server still sends both cross-certificates.
// OpenSSL, curl and Java stop at the trusted Root CA 1; GnuTLS (3.7) verifies the chain
// as sent, finds no issuer for its last certificate, and rejects: the ATS failure mode
// of GnuTLS clients, confirmed by the real certtool.
TEST_F(PathsCommand, StoreWithTheNewRootIsValidThroughTheShortestPathExceptForGnutls) {
  const auto j = paths_json(chain() + " --store " + quote(pki_->path("Root CA 1.pem")) + " --host example.test", 1);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_TRUE(j.at("any_valid").get<bool>());
  const auto& first = j.at("paths").at(0);
  EXPECT_TRUE(first.at("valid").get<bool>());
  ASSERT_EQ(first.at("certificates").size(), 3u);  // leaf, Server CA, Root CA 1 from the store
  EXPECT_EQ(first.at("certificates").at(2).at("subject"), "CN=Root CA 1");
  EXPECT_EQ(first.at("certificates").at(2).at("source"), "store");
  for (const auto* c : {"ideal", "openssl", "curl", "java"}) EXPECT_TRUE(accepts(j, c)) << c;
  EXPECT_TRUE(openssl_verify(pki_->path("Root CA 1.pem"), false));
  EXPECT_FALSE(accepts(j, "gnutls"));
  EXPECT_EQ(accepts(j, "gnutls"), certtool_verify(pki_->path("Root CA 1.pem"), pki_->path("chain.pem")));
}

// A store none of whose certificates is named above the chain: openssl verify finds no
// issuer ("unable to get local issuer certificate"); the no-path line says which issuer
// name the store lacks, the last one the chain's names lead to (Class 2, above the
// Services G2 cross-certificate), and does so once.
TEST_F(PathsCommand, AnUnrelatedStoreSaysWhichIssuerItLacks) {
  const auto v = run("openssl verify -no-CApath -no-CAstore -CAfile " + quote(pki_->path("Unrelated Root.pem")) +
                     " -untrusted " + quote(pki_->path("intermediates.pem")) + " " + quote(pki_->path("leaf.pem")));
  ASSERT_NE(v.exit_code, 0);
  EXPECT_NE((v.out + v.err).find("unable to get local issuer certificate"), std::string::npos) << v.out << v.err;
  const auto r = paths(chain() + " --store " + quote(pki_->path("Unrelated Root.pem")) + " --client ideal");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string line = "no path: no certificate in the store is named as the issuer of Services G2 (issuer CN=Class 2)\n";
  EXPECT_NE(r.out.find(line), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("warning:"), std::string::npos) << r.out;
}

TEST_F(PathsCommand, StoreWithOnlyTheOldestRootIsValidThroughBothCrossSigns) {
  const auto j = paths_json(chain() + " --store " + quote(pki_->path("Class 2.pem")), 0);
  ASSERT_FALSE(j.is_discarded());
  const auto& first = j.at("paths").at(0);
  EXPECT_TRUE(first.at("valid").get<bool>()) << first.dump(2);
  ASSERT_EQ(first.at("certificates").size(), 5u);
  EXPECT_EQ(first.at("certificates").at(4).at("subject"), "CN=Class 2");
  EXPECT_EQ(accepts(j, "openssl"), openssl_verify(pki_->path("Class 2.pem"), false));
  EXPECT_EQ(accepts(j, "gnutls"), certtool_verify(pki_->path("Class 2.pem"), pki_->path("chain.pem")));
  EXPECT_TRUE(accepts(j, "ideal"));
}

// A store whose only anchor is a cross-certificate (not self-signed): OpenSSL's default
// verification needs a self-signed root; curl's partial chains and Java's PKIX do not.
TEST_F(PathsCommand, StoreWhoseOnlyAnchorIsACrossCertificateSplitsTheClients) {
  const std::string store = pki_->path("root1_x_sfsg2.pem");
  const auto j = paths_json(chain() + " --store " + quote(store), 1);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(accepts(j, "openssl"), openssl_verify(store, false));
  EXPECT_FALSE(accepts(j, "openssl"));
  EXPECT_EQ(accepts(j, "curl"), openssl_verify(store, true));
  EXPECT_TRUE(accepts(j, "curl"));
  EXPECT_TRUE(accepts(j, "java"));
  EXPECT_TRUE(accepts(j, "ideal"));
  EXPECT_EQ(accepts(j, "gnutls"), certtool_verify(store, pki_->path("chain.pem")));
  const auto text = paths(chain() + " --store " + quote(store));
  EXPECT_NE(text.out.find("the clients disagree"), std::string::npos) << text.out;
}

TEST_F(PathsCommand, ExpiredCrossSignToTheOnlyTrustedRootIsRejectedWithTheReason) {
  const auto j = paths_json(quote(pki_->path("chain-expired-cross.pem")) + " --store " +
                                quote(pki_->path("Class 2.pem")),
                            1);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_FALSE(j.at("any_valid").get<bool>());
  ASSERT_FALSE(j.at("paths").empty());
  const auto problems = j.at("paths").at(0).at("problems").dump();
  EXPECT_NE(problems.find("Services G2 expired on"), std::string::npos) << problems;
  for (const auto* c : {"ideal", "openssl", "curl", "java"}) EXPECT_FALSE(accepts(j, c)) << c;
  EXPECT_EQ(accepts(j, "gnutls"),
            certtool_verify(pki_->path("Class 2.pem"), pki_->path("chain-expired-cross.pem")));
}

TEST_F(PathsCommand, WrongHostIsRejectedByEveryClient) {
  const auto j = paths_json(chain() + " --store " + quote(pki_->path("Root CA 1.pem")) + " --host other.test", 1);
  ASSERT_FALSE(j.is_discarded());
  for (const auto* c : {"ideal", "openssl", "curl", "gnutls", "java"}) EXPECT_FALSE(accepts(j, c)) << c;
  EXPECT_NE(j.at("paths").at(0).at("problems").dump().find("not valid for other.test"), std::string::npos);
}

TEST_F(PathsCommand, DotDrawsTheChosenPathGreenAndAnchorsAsDoubleBoxes) {
  const auto r = paths(chain() + " --store " + quote(pki_->path("Class 2.pem")) + " --format dot");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("digraph paths {")) << r.out;
  EXPECT_NE(r.out.find("color=green"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("peripheries=2"), std::string::npos) << r.out;
  TRUSTREADY_REQUIRE_TOOL("dot");  // Graphviz reads what we drew
  testing::write_file(pki_->path("paths.dot"), r.out);
  EXPECT_EQ(run("dot -Tsvg " + quote(pki_->path("paths.dot")) + " -o /dev/null").exit_code, 0);
}

// `--crl`: the ideal engine rejects a revoked leaf, as `openssl verify -crl_check` does
// with the same CRL; the client engines do not fetch or check CRLs, as real clients
// configured by default do not.
TEST_F(PathsCommand, RevokedLeafIsRejectedByIdealAsOpensslCrlCheckRejectsIt) {
  const std::string store = pki_->path("Root CA 1.pem");
  auto openssl_crl_check = [&](const std::string& crl) {
    return run("openssl verify -no-CApath -no-CAstore -crl_check -CAfile " + quote(store) + " -untrusted " + quote(pki_->path("Server CA.pem")) +
               " -CRLfile " + quote(pki_->path(crl)) + " " + quote(pki_->path("revoked-leaf.pem")))
               .exit_code == 0;
  };
  const std::string base = quote(pki_->path("chain-revoked.pem")) + " --store " + quote(store) + " --crl ";
  auto before = paths_json(base + quote(pki_->path("server-ca-before.crl")), 0);
  ASSERT_FALSE(before.is_discarded());
  EXPECT_TRUE(accepts(before, "ideal"));
  EXPECT_EQ(accepts(before, "ideal"), openssl_crl_check("server-ca-before.crl"));

  auto after = paths_json(base + quote(pki_->path("server-ca-after.crl")), 1);
  ASSERT_FALSE(after.is_discarded());
  EXPECT_FALSE(accepts(after, "ideal"));
  EXPECT_EQ(accepts(after, "ideal"), openssl_crl_check("server-ca-after.crl"));
  EXPECT_TRUE(accepts(after, "openssl"));  // s_client and friends check no CRL by default
  EXPECT_NE(after.at("paths").at(0).at("problems").dump().find("revoked-leaf is revoked"), std::string::npos)
      << after.dump(2);

  testing::write_file(pki_->path("not-a-crl.crl"), "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
  const auto bad = paths(base + quote(pki_->path("not-a-crl.crl")));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("not-a-crl.crl"), std::string::npos) << bad.err;
}

// A wildcard over an ICANN public suffix is refused; Amazon S3's own "*.s3.amazonaws.com"
// (a private-section suffix) is accepted by default and refused by the strict webpki profile.
TEST_F(PathsCommand, WildcardOverAPublicSuffixIsRefusedButS3sOwnWildcardOnlyUnderWebpki) {
  const std::string store = " --store " + quote(pki_->path("Root CA 1.pem"));
  auto co_uk = paths_json(quote(pki_->path("chain-co-uk.pem")) + store + " --host example.co.uk", 1);
  ASSERT_FALSE(co_uk.is_discarded());
  EXPECT_FALSE(accepts(co_uk, "ideal"));
  EXPECT_NE(co_uk.at("paths").at(0).at("problems").dump().find("*.co.uk over a public suffix"), std::string::npos)
      << co_uk.dump(2);

  const std::string s3 = quote(pki_->path("chain-s3.pem")) + store + " --host bucket.s3.amazonaws.com";
  auto by_default = paths_json(s3, 0);
  ASSERT_FALSE(by_default.is_discarded());
  EXPECT_TRUE(accepts(by_default, "ideal")) << by_default.dump(2);
  auto webpki = paths_json(s3 + " --profile webpki", 1);
  ASSERT_FALSE(webpki.is_discarded());
  EXPECT_FALSE(accepts(webpki, "ideal"));
}

// The test PKI's leaf has CN "leaf" and SAN example.test: fine for RFC 5280 and every
// client, but the Baseline Requirements want the CN to be one of the SAN values.
TEST_F(PathsCommand, WebpkiProfileRefusesACommonNameThatIsNoSanValue) {
  const std::string args = chain() + " --store " + quote(pki_->path("Root CA 1.pem")) + " --host example.test";
  EXPECT_TRUE(accepts(paths_json(args, 1), "ideal"));  // 1: gnutls rejects (see above)
  auto webpki = paths_json(args + " --profile webpki", 1);
  ASSERT_FALSE(webpki.is_discarded());
  EXPECT_FALSE(accepts(webpki, "ideal"));
  EXPECT_NE(webpki.at("paths").at(0).at("problems").dump().find("common name 'leaf'"), std::string::npos)
      << webpki.dump(2);
  EXPECT_TRUE(accepts(webpki, "openssl"));  // a profile is ours; libraries do not apply it
  const auto text = paths(args + " --profile webpki --client ideal --client openssl");
  EXPECT_NE(text.out.find("only ideal rejects: it applies the webpki profile"), std::string::npos) << text.out;
  EXPECT_EQ(paths(args + " --profile strictest").exit_code, 2);
}

// Under --root the default store is the system bundle; an empty one is no store to judge
// against, so the command says so instead of calling every path broken.
TEST_F(PathsCommand, EmptySystemBundleUnderRootIsAUsageError) {
  testing::TempDir root;
  testing::write_file(root / "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  testing::write_file(root / "etc/ssl/certs/ca-certificates.crt", "");
  auto r = paths(chain() + " --root " + quote(root.path()));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("no system trust bundle under " + root.path()), std::string::npos) << r.err;
  testing::write_file(root / "etc/ssl/certs/ca-certificates.crt", testing::read_file(pki_->path("Root CA 1.pem")));
  r = paths(chain() + " --root " + quote(root.path()) + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.err;  // gnutls rejects: see the first test
  EXPECT_NE(r.out.find("/etc/ssl/certs/ca-certificates.crt"), std::string::npos) << r.out;
}

TEST_F(PathsCommand, GarbageChainOrMissingStoreIsAUsageErrorNamingTheFile) {
  testing::write_file(pki_->path("garbage.pem"), std::string(5000, 'x'));
  auto r = paths(quote(pki_->path("garbage.pem")) + " --store " + quote(pki_->path("Class 2.pem")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("garbage.pem"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  r = paths(chain() + " --store " + quote(pki_->path("missing.pem")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.pem"), std::string::npos) << r.err;
  // A missing chain file: one line, the name as typed, the reason once.
  r = paths(quote(pki_->path("missing-chain.pem")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "trustready: " + pki_->path("missing-chain.pem") + ": No such file or directory\n");
}

}  // namespace
}  // namespace trustready
