// Each check of a path that decides a verdict has a test of its own, with the verdict of
// the real `openssl verify` on a test PKI made here (or of x509-limbo's case, for the one
// rule OpenSSL does not apply): pathLenConstraint, an intermediate that is no CA, the
// leaf's serverAuth purpose, a wildcard that could match an excluded name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cert/parse.h"
#include "paths/path_builder.h"
#include "support/fixtures.h"
#include "support/test_pki.h"
#include "util/time.h"

namespace trustready {
namespace {

using testing::quote;
using testing::run;

constexpr const char* kCa = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
                            "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid";
constexpr const char* kLeafKeys = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,"
                                  "keyEncipherment\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";

cert::Certificate load(const std::string& file) {
  auto parsed = cert::parse_certificates(testing::read_file(file));
  if (!parsed || parsed->certificates.empty()) throw std::runtime_error("cannot read " + file);
  return parsed->certificates.front();
}

class PathChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    pki.root("Root");
  }
  /// The real openssl verify of `leaf` through `intermediates` to Root, for a TLS server.
  bool openssl_accepts(const std::string& leaf, const std::vector<std::string>& intermediates) {
    pki.bundle("untrusted.pem", intermediates);
    return run("openssl verify -no-CApath -no-CAstore -purpose sslserver -CAfile " + quote(pki.path("Root.pem")) +
               (intermediates.empty() ? "" : " -untrusted " + quote(pki.path("untrusted.pem"))) + " " +
               quote(pki.path(leaf + ".pem")))
               .exit_code == 0;
  }
  /// trustready's builder on the same question.
  paths::PathReport ideal(const std::string& leaf, const std::vector<std::string>& intermediates) {
    paths::PathInput in;
    in.leaf = load(pki.path(leaf + ".pem"));
    for (const auto& i : intermediates) in.presented.push_back(load(pki.path(i + ".pem")));
    in.anchors = {load(pki.path("Root.pem"))};
    in.at = now();
    return paths::build_paths(in);
  }
  std::string leaf_under(const std::string& name, const std::string& issuer, const std::string& eku = "serverAuth") {
    return pki.custom(name, issuer, std::string(kLeafKeys) + "extendedKeyUsage=" + eku + "\nsubjectAltName=DNS:a.test");
  }
  testing::TempDir dir;
  testing::TestPki pki{dir};
};

TEST_F(PathChecks, PathLenZeroForbidsAnIntermediateBelowItAsOpensslDoes) {
  pki.custom("CA pathlen 0", "Root", "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,"
                                     "cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid");
  pki.custom("Sub CA", "CA pathlen 0", kCa);
  leaf_under("leaf", "Sub CA");
  const std::vector<std::string> chain = {"Sub CA", "CA pathlen 0"};
  ASSERT_FALSE(openssl_accepts("leaf", chain));
  const auto report = ideal("leaf", chain);
  EXPECT_FALSE(report.any_valid());
  ASSERT_FALSE(report.paths.empty());
  ASSERT_FALSE(report.paths[0].problems.empty()) << "the path is taken as valid";
  EXPECT_NE(report.paths[0].problems.front().find("allows 0 intermediates below it"), std::string::npos)
      << report.paths[0].problems.front();
}

TEST_F(PathChecks, PathLenOneAllowsOneIntermediateBelowItAsOpensslDoes) {
  pki.custom("CA pathlen 1", "Root", "basicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,"
                                     "cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid");
  pki.custom("Sub CA", "CA pathlen 1", kCa);
  leaf_under("leaf", "Sub CA");
  const std::vector<std::string> chain = {"Sub CA", "CA pathlen 1"};
  ASSERT_TRUE(openssl_accepts("leaf", chain));
  EXPECT_TRUE(ideal("leaf", chain).any_valid());
}

TEST_F(PathChecks, AnIntermediateThatIsNoCaCannotIssueAsOpensslSays) {
  pki.custom("Not a CA", "Root", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyCertSign,digitalSignature\n"
                                 "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid");
  leaf_under("leaf", "Not a CA");
  ASSERT_FALSE(openssl_accepts("leaf", {"Not a CA"}));
  const auto report = ideal("leaf", {"Not a CA"});
  EXPECT_FALSE(report.any_valid());
  ASSERT_FALSE(report.paths.empty());
  ASSERT_FALSE(report.paths[0].problems.empty()) << "the path is taken as valid";
  EXPECT_NE(report.paths[0].problems.front().find("is not a CA"), std::string::npos) << report.paths[0].problems.front();
}

TEST_F(PathChecks, ALeafForClientsOnlyIsNoTlsServerAsOpensslSays) {
  pki.custom("CA", "Root", kCa);
  leaf_under("client leaf", "CA", "clientAuth");
  leaf_under("server leaf", "CA", "serverAuth");
  ASSERT_FALSE(openssl_accepts("client leaf", {"CA"}));
  ASSERT_TRUE(openssl_accepts("server leaf", {"CA"}));
  const auto report = ideal("client leaf", {"CA"});
  EXPECT_FALSE(report.any_valid());
  ASSERT_FALSE(report.paths.empty());
  ASSERT_FALSE(report.paths[0].problems.empty()) << "the path is taken as valid";
  EXPECT_NE(report.paths[0].problems.front().find("lacks serverAuth"), std::string::npos)
      << report.paths[0].problems.front();
  EXPECT_TRUE(ideal("server leaf", {"CA"}).any_valid());
}

/// One x509-limbo case, judged alone, with the suite's own expected result.
void expect_limbo_case(const std::string& id) {
  using nlohmann::json;
  const json suite = json::parse(testing::read_file(testing::source_dir() + "/tests/data/conformance/limbo.json"));
  for (const auto& tc : suite.at("testcases")) {
    if (tc.at("id") != id) continue;
    auto pem = [](const json& text) { return cert::parse_certificates(text.get<std::string>())->certificates; };
    paths::PathInput in;
    in.leaf = pem(tc.at("peer_certificate")).front();
    for (const auto& p : tc.at("untrusted_intermediates")) in.presented.push_back(pem(p).front());
    for (const auto& p : tc.at("trusted_certs")) in.anchors.push_back(pem(p).front());
    in.at = tc.at("validation_time").is_null() ? now() : parse_time(tc.at("validation_time").get<std::string>()).value();
    if (tc.at("expected_peer_name").is_object()) in.host = tc.at("expected_peer_name").at("value");
    const auto report = paths::build_paths(in);
    EXPECT_EQ(report.any_valid(), tc.at("expected_result") == "SUCCESS")
        << id << ": " << tc.at("description").get<std::string>()
        << (report.paths.empty() ? report.no_path_reason : report.paths[0].problems.empty() ? "" : report.paths[0].problems[0]);
    return;
  }
  ADD_FAILURE() << id << " is not in limbo.json";
}

// root -> ICA (excluded: bar.example.com) -> EE (SAN *.example.com): the wildcard could
// name bar.example.com, so the path fails (CVE-2025-61727; `openssl verify` 3.0 says OK).
TEST(NameConstraints, AWildcardThatCouldMatchAnExcludedNameFailsAsX509LimboSays) {
  expect_limbo_case("rfc5280::nc::nc-forbids-dnsname-wildcard-san");
}

}  // namespace
}  // namespace trustready
