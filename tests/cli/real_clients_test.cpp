// The client engines of `trustready paths` against the real clients, over TLS: a real
// nginx on 127.0.0.1 serves an ATS-shaped chain (leaf, intermediate, Root CA 1 cross-signed
// by Services G2, Services G2 cross-signed by Class 2), and openssl s_client, curl,
// gnutls-cli and Debian's python3 connect with each store variant. Every engine must give
// its real client's verdict; a disagreement names both.
#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "support/real_clients.h"
#include "support/test_pki.h"
#include "support/tls_servers.h"

namespace trustready {
namespace {

class RealClients : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::tool_available("nginx") || !testing::tool_available("openssl")) return;
    dir_ = new testing::TempDir();
    pki_ = new testing::TestPki(*dir_);
    pki_->make_ats_shaped();
    // Four shapes, one server each: as ATS servers send it, in the wrong order, without
    // the intermediate, and with an expired cross-certificate of Services G2 by Class 2.
    pki_->bundle("chain-wrong-order.pem", {"leaf", "sfsg2_x_class2", "Server CA", "root1_x_sfsg2"});
    pki_->bundle("chain-no-intermediate.pem", {"leaf", "root1_x_sfsg2", "sfsg2_x_class2"});
    pki_->ca("Services G2", "Class 2", -400, -10, "sfsg2_x_class2_expired.pem");
    pki_->bundle("chain-expired-cross.pem", {"leaf", "Server CA", "root1_x_sfsg2", "sfsg2_x_class2_expired"});
    std::vector<testing::ServedChain> served;
    for (const auto& chain : kChains) served.push_back({pki_->path(chain), pki_->path("leaf.key")});
    servers_ = new testing::TlsServers(dir_->path(), served);
  }
  static void TearDownTestSuite() {
    delete servers_;
    servers_ = nullptr;
    delete pki_;
    delete dir_;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_REAL_CLIENTS();
    ASSERT_NE(servers_, nullptr);
    ASSERT_TRUE(servers_->started()) << "nginx did not start: " << servers_->log();
    serve(0);  // each test starts at the chain as servers send it, whatever ran before
  }

  /// The server the next checks talk to: 0 as sent, 1 wrong order, 2 no intermediate,
  /// 3 an expired cross-certificate.
  static void serve(std::size_t variant) { current_ = variant; }
  static testing::Connection to(const std::string& store) { return {servers_->port(current_), "example.test", store}; }
  static bool s_client(const std::string& store) { return testing::s_client_accepts(to(store)); }
  /// Every engine against its real client for one store; returns what differs.
  static std::string compare(const std::string& store) {
    return testing::engines_against_clients(pki_->path(kChains[current_]), to(store));
  }

  static testing::TempDir* dir_;
  static testing::TestPki* pki_;
  static testing::TlsServers* servers_;
  static inline const std::vector<std::string> kChains = {"chain.pem", "chain-wrong-order.pem",
                                                          "chain-no-intermediate.pem", "chain-expired-cross.pem"};
  static std::size_t current_;
};
testing::TempDir* RealClients::dir_ = nullptr;
testing::TestPki* RealClients::pki_ = nullptr;
testing::TlsServers* RealClients::servers_ = nullptr;
std::size_t RealClients::current_ = 0;

TEST_F(RealClients, StoreWithTheNewRootOnly) {
  const std::string store = pki_->path("Root CA 1.pem");
  EXPECT_EQ(compare(store), "");
  EXPECT_TRUE(s_client(store));  // the shape of the case: OpenSSL stops at the new root
}

TEST_F(RealClients, StoreWithTheOldestRootOnly) {
  const std::string store = pki_->path("Class 2.pem");
  EXPECT_EQ(compare(store), "");
  EXPECT_TRUE(s_client(store));
}

TEST_F(RealClients, StoreWhoseOnlyAnchorIsACrossCertificate) {
  const std::string store = pki_->path("root1_x_sfsg2.pem");
  EXPECT_EQ(compare(store), "");
  EXPECT_FALSE(s_client(store));
}

TEST_F(RealClients, StoreWithoutAnyOfTheRoots) {
  pki_->root("Unrelated");
  const std::string store = pki_->path("Unrelated.pem");
  EXPECT_EQ(compare(store), "");
  EXPECT_FALSE(s_client(store));
}

TEST_F(RealClients, ChainInTheWrongOrder) {
  serve(1);
  EXPECT_EQ(compare(pki_->path("Class 2.pem")), "");
  EXPECT_EQ(compare(pki_->path("Root CA 1.pem")), "");
}

// The cross-certificate to Class 2 has expired: a store with only Class 2 has no valid
// path left; one with Services G2 still has one, below the expired certificate, which
// the server keeps sending.
TEST_F(RealClients, ChainWithAnExpiredCrossCertificate) {
  serve(3);
  EXPECT_EQ(compare(pki_->path("Class 2.pem")), "");
  EXPECT_FALSE(s_client(pki_->path("Class 2.pem")));
  EXPECT_EQ(compare(pki_->path("Services G2.pem")), "");
  EXPECT_TRUE(s_client(pki_->path("Services G2.pem")));
  EXPECT_EQ(compare(pki_->path("Root CA 1.pem")), "");
}

TEST_F(RealClients, ChainWithoutItsIntermediate) {
  serve(2);
  const std::string store = pki_->path("Root CA 1.pem");
  EXPECT_EQ(compare(store), "");
  EXPECT_FALSE(s_client(store));  // nobody fetches the missing intermediate
}

}  // namespace
}  // namespace trustready
