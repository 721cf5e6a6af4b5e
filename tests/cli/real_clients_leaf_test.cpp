// Purpose and names, as each client library checks them, over TLS: nginx on 127.0.0.1
// serves one leaf per shape (keyUsage, extendedKeyUsage, nsCertType, where the host name
// is), directly under a test root, and every engine must give the verdict of its real
// clients (openssl s_client and python3 ssl, curl, gnutls-cli, Java 17) for the host the
// clients ask for. Each test also pins what the real clients said when it was written.
#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "support/real_clients.h"
#include "support/test_pki.h"
#include "support/tls_servers.h"

namespace trustready {
namespace {

constexpr const char* kServer =
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
    "extendedKeyUsage=serverAuth\n";

struct Leaf {
  std::string name;        ///< also its subject CN
  std::string extensions;  ///< openssl x509v3_config lines
};

// The leaves, one server each; the index is the server's.
const std::vector<Leaf> kLeaves = {
    {"crl-sign-only", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,cRLSign\nextendedKeyUsage=serverAuth\n"
                      "subjectAltName=DNS:example.test"},
    {"key-encipherment-only", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n"
                              "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:example.test"},
    {"client-auth-only", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                         "extendedKeyUsage=clientAuth\nsubjectAltName=DNS:example.test"},
    {"ns-client", std::string(kServer) + "nsCertType=client\nsubjectAltName=DNS:example.test"},
    {"example.test", kServer},  // no SAN: the host is the CN only
    {"example.test", std::string(kServer) + "subjectAltName=IP:127.0.0.2"},
    {"example.test", std::string(kServer) + "subjectAltName=DNS:other.test"},
    {"plain", std::string(kServer) + "subjectAltName=DNS:example.test"},
    {"dotted-san", std::string(kServer) + "subjectAltName=DNS:example.test."},
    {"partial-wildcard", std::string(kServer) + "subjectAltName=DNS:ex*.test.dom"},
    {"ip-san", std::string(kServer) + "subjectAltName=IP:127.0.0.1"},
    {"127.0.0.1", kServer},  // no SAN: the address is the CN only
    {"ip-as-dns-san", std::string(kServer) + "subjectAltName=DNS:127.0.0.1"},
};
enum Shape {
  kCrlSignOnly, kKeyEnciphermentOnly, kClientAuthOnly, kNsClient, kCnOnly, kCnAndIpSan, kCnAndOtherSan,
  kPlain, kDottedSan, kPartialWildcard, kIpSan, kIpInCnOnly, kIpAsDnsSan,
};

class RealClientsLeaf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::tool_available("nginx") || !testing::tool_available("openssl")) return;
    dir_ = new testing::TempDir();
    testing::TestPki pki(*dir_);
    pki.root("Root");
    std::vector<testing::ServedChain> served;
    for (std::size_t i = 0; i < kLeaves.size(); ++i) {
      // Two leaves may share a name (their CN): each gets its own directory.
      testing::TempDir* sub = dirs_.emplace_back(new testing::TempDir());
      const std::string pem = pki.custom(kLeaves[i].name, "Root", kLeaves[i].extensions);
      const std::string key = pki.path(kLeaves[i].name + ".key");
      testing::run("mv " + testing::quote(pem) + " " + testing::quote(key) + " " + testing::quote(sub->path()));
      served.push_back({sub->path() + "/" + kLeaves[i].name + ".pem", sub->path() + "/" + kLeaves[i].name + ".key"});
      chains_.push_back(served.back().chain);
    }
    store_ = pki.path("Root.pem");
    servers_ = new testing::TlsServers(dir_->path(), served);
  }
  static void TearDownTestSuite() {
    delete servers_;
    servers_ = nullptr;
    for (auto* d : dirs_) delete d;
    dirs_.clear();
    delete dir_;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_REAL_CLIENTS();
    ASSERT_NE(servers_, nullptr);
    ASSERT_TRUE(servers_->started()) << "nginx did not start: " << servers_->log();
  }
  static testing::Connection to(Shape s, const std::string& host) { return {servers_->port(s), host, store_}; }
  /// Every engine against its real clients for the leaf of shape `s` and `host`.
  static std::string compare(Shape s, const std::string& host) {
    return testing::engines_against_clients(chains_[s], to(s, host));
  }

  static testing::TempDir* dir_;
  static std::vector<testing::TempDir*> dirs_;
  static std::vector<std::string> chains_;
  static std::string store_;
  static testing::TlsServers* servers_;
};
testing::TempDir* RealClientsLeaf::dir_ = nullptr;
std::vector<testing::TempDir*> RealClientsLeaf::dirs_;
std::vector<std::string> RealClientsLeaf::chains_;
std::string RealClientsLeaf::store_;
testing::TlsServers* RealClientsLeaf::servers_ = nullptr;

// --- purpose ---

TEST_F(RealClientsLeaf, ALeafWhoseKeyUsageIsOnlyCrlSignIsRefusedByEveryEngineAsEveryClientRefusesIt) {
  EXPECT_EQ(compare(kCrlSignOnly, "example.test"), "");
  EXPECT_FALSE(testing::s_client_accepts(to(kCrlSignOnly, "example.test")));  // unsuitable certificate purpose
  EXPECT_FALSE(testing::gnutls_cli_accepts(to(kCrlSignOnly, "example.test")));  // Key usage violation
}

TEST_F(RealClientsLeaf, ALeafThatMayOnlyEncipherKeysIsTakenByOpensslAndCurlButNotByGnutlsAndJavaAsTheySay) {
  EXPECT_EQ(compare(kKeyEnciphermentOnly, "example.test"), "");
  EXPECT_TRUE(testing::curl_accepts(to(kKeyEnciphermentOnly, "example.test")));
  EXPECT_FALSE(testing::gnutls_cli_accepts(to(kKeyEnciphermentOnly, "example.test")));  // TLS 1.3 signs
}

TEST_F(RealClientsLeaf, ALeafForClientAuthOnlyIsRefusedByEveryEngineAsEveryClientRefusesIt) {
  EXPECT_EQ(compare(kClientAuthOnly, "example.test"), "");
  EXPECT_FALSE(testing::curl_accepts(to(kClientAuthOnly, "example.test")));
}

TEST_F(RealClientsLeaf, ANetscapeClientTypeLeafIsRefusedByOpensslCurlAndJavaButTakenByGnutlsAsTheySay) {
  EXPECT_EQ(compare(kNsClient, "example.test"), "");
  EXPECT_FALSE(testing::s_client_accepts(to(kNsClient, "example.test")));
  EXPECT_TRUE(testing::gnutls_cli_accepts(to(kNsClient, "example.test")));
}

// --- host names ---

TEST_F(RealClientsLeaf, ALeafWithoutSanIsTakenForTheNameInItsCommonNameAsEveryClientDoes) {
  EXPECT_EQ(compare(kCnOnly, "example.test"), "");
  EXPECT_TRUE(testing::s_client_accepts(to(kCnOnly, "example.test")));
  EXPECT_TRUE(testing::curl_accepts(to(kCnOnly, "example.test")));
}

TEST_F(RealClientsLeaf, AnIpAddressSanStopsCurlsAndGnutlsCommonNameFallbackButNotOpensslsOrJavasAsTheySay) {
  EXPECT_EQ(compare(kCnAndIpSan, "example.test"), "");
  EXPECT_TRUE(testing::s_client_accepts(to(kCnAndIpSan, "example.test")));
  EXPECT_FALSE(testing::curl_accepts(to(kCnAndIpSan, "example.test")));
}

TEST_F(RealClientsLeaf, ADnsSanStopsEveryCommonNameFallbackAsEveryClientSays) {
  EXPECT_EQ(compare(kCnAndOtherSan, "example.test"), "");
  EXPECT_FALSE(testing::s_client_accepts(to(kCnAndOtherSan, "example.test")));
}

TEST_F(RealClientsLeaf, AHostWithATrailingDotIsTakenByCurlGnutlsAndJavaButNotByOpensslAsTheySay) {
  EXPECT_EQ(compare(kPlain, "example.test."), "");
  EXPECT_TRUE(testing::curl_accepts(to(kPlain, "example.test.")));
  EXPECT_FALSE(testing::s_client_accepts(to(kPlain, "example.test.")));
  EXPECT_EQ(compare(kCnOnly, "example.test."), "");
}

TEST_F(RealClientsLeaf, ASanWithATrailingDotMatchesTheNameWithoutItForCurlOnlyAsTheySay) {
  EXPECT_EQ(compare(kDottedSan, "example.test"), "");
  EXPECT_TRUE(testing::curl_accepts(to(kDottedSan, "example.test")));
  EXPECT_EQ(compare(kDottedSan, "example.test."), "");
  EXPECT_FALSE(testing::gnutls_cli_accepts(to(kDottedSan, "example.test.")));
}

// s_client (default host flags) and Java take a wildcard inside a label; Python's ssl
// (X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS), curl and gnutls do not. The openssl engine is
// s_client's: Python differs here, and only here.
TEST_F(RealClientsLeaf, APartialWildcardIsTakenByOpensslAndJavaButNotByCurlOrGnutlsAsTheySay) {
  const auto c = to(kPartialWildcard, "exa.test.dom");
  const std::string& chain = chains_[kPartialWildcard];
  ASSERT_TRUE(testing::s_client_accepts(c));
  EXPECT_FALSE(testing::python_accepts(c));
  EXPECT_TRUE(testing::engine_accepts(chain, store_, c.host, "openssl"));
  EXPECT_EQ(testing::engine_accepts(chain, store_, c.host, "curl"), testing::curl_accepts(c));
  EXPECT_EQ(testing::engine_accepts(chain, store_, c.host, "gnutls"), testing::gnutls_cli_accepts(c));
  EXPECT_EQ(testing::engine_accepts(chain, store_, c.host, "java"), testing::java_accepts(c));
}

// --- IP addresses ---

TEST_F(RealClientsLeaf, AnIpAddressSanIsTakenForThatAddressByEveryClient) {
  EXPECT_EQ(compare(kIpSan, "127.0.0.1"), "");
  EXPECT_TRUE(testing::python_accepts(to(kIpSan, "127.0.0.1")));
}

TEST_F(RealClientsLeaf, AnAddressInTheCommonNameOnlyIsTakenByCurlAloneAsTheClientsSay) {
  EXPECT_EQ(compare(kIpInCnOnly, "127.0.0.1"), "");
  EXPECT_TRUE(testing::curl_accepts(to(kIpInCnOnly, "127.0.0.1")));
  EXPECT_FALSE(testing::python_accepts(to(kIpInCnOnly, "127.0.0.1")));
}

TEST_F(RealClientsLeaf, AnAddressWrittenAsADnsSanMatchesNoClientAsTheySay) {
  EXPECT_EQ(compare(kIpAsDnsSan, "127.0.0.1"), "");
  EXPECT_FALSE(testing::curl_accepts(to(kIpAsDnsSan, "127.0.0.1")));
}

}  // namespace
}  // namespace trustready
