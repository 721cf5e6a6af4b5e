// The client engines of `trustready paths` against the real clients, over TLS: a real
// nginx on 127.0.0.1 serves an ATS-shaped chain (leaf, intermediate, Root CA 1 cross-signed
// by Services G2, Services G2 cross-signed by Class 2), and openssl s_client, curl,
// gnutls-cli and Debian's python3 connect with each store variant. Every engine must give
// its real client's verdict; a disagreement names both.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <thread>

#include "support/child_process.h"
#include "support/fixtures.h"
#include "support/test_pki.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::run;

/// A port the kernel says is free now (bound to 0, then closed).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

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
    const std::string d = dir_->path();
    for (int attempt = 0; attempt < 5 && !started_; ++attempt) {
      std::string servers;
      for (std::size_t v = 0; v < kChains.size(); ++v) {
        ports_[v] = free_port();
        servers += " server {\n  listen 127.0.0.1:" + std::to_string(ports_[v]) +
                   " ssl;\n  server_name example.test;\n  ssl_certificate " + d + "/" + kChains[v] +
                   ";\n  ssl_certificate_key " + d + "/leaf.key;\n  location / { return 200 \"ok\\n\"; }\n }\n";
      }
      // In the foreground, as this process's child: it dies with the test (ChildProcess).
      testing::write_file(d + "/nginx.conf", "daemon off; master_process off; pid " + d + "/nginx.pid; error_log " + d +
                                                 "/error.log;\nevents {}\nhttp {\n access_log off;\n client_body_temp_path " +
                                                 d + "/t1; proxy_temp_path " + d + "/t2; fastcgi_temp_path " + d +
                                                 "/t3; uwsgi_temp_path " + d + "/t4; scgi_temp_path " + d + "/t5;\n" +
                                                 servers + "}\n");
      nginx_ = new testing::ChildProcess({"nginx", "-p", d, "-c", d + "/nginx.conf"}, d + "/nginx.out");
      for (int i = 0; i < 100 && !started_ && nginx_->running(); ++i) {  // at most 5 s
        started_ = std::all_of(std::begin(ports_), std::end(ports_), [](int p) { return accepts_connections(p); });
        if (!started_) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (!started_) {  // a port taken meanwhile: stop it and try others
        delete nginx_;
        nginx_ = nullptr;
      }
    }
  }
  static void TearDownTestSuite() {
    delete nginx_;
    nginx_ = nullptr;
    delete pki_;
    delete dir_;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("nginx");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    // Every real client is compared: none of them is optional.
    TRUSTREADY_REQUIRE_TOOL("/usr/bin/python3");
    TRUSTREADY_REQUIRE_TOOL("curl");
    TRUSTREADY_REQUIRE_TOOL("gnutls-cli");
    if (!java_usable()) TRUSTREADY_SKIP_OUTSIDE_CI("no java with the jdk.compiler module (default-jdk-headless)");
    ASSERT_TRUE(started_) << "nginx did not start: " << testing::read_file(dir_->path() + "/error.log");
    serve(0);  // each test starts at the chain as servers send it, whatever ran before
  }

  /// The server the next checks talk to: 0 as sent, 1 wrong order, 2 no intermediate,
  /// 3 an expired cross-certificate.
  static void serve(std::size_t variant) { current_ = variant; }
  static std::string port() { return std::to_string(ports_[current_]); }
  static bool engine(const std::string& store, const std::string& client) {
    const auto r = run(quote(testing::binary()) + " paths --no-cross-signs --format json --host example.test " +
                       quote(pki_->path(kChains[current_])) + " --store " + quote(store) + " --client " + client);
    const auto j = json::parse(r.out, nullptr, false);
    if (j.is_discarded()) throw std::runtime_error("trustready paths: " + r.out + r.err);
    return j.at("clients").at(0).at("accepts").get<bool>();
  }
  static bool s_client(const std::string& store) {
    return run("timeout 10 openssl s_client -connect 127.0.0.1:" + port() + " -servername example.test "
               "-verify_hostname example.test -verify_return_error -CAfile " + quote(store) + " < /dev/null")
               .exit_code == 0;
  }
  static bool curl(const std::string& store) {
    return run("timeout 10 curl -sS --max-time 5 --cacert " + quote(store) + " --resolve example.test:" + port() +
               ":127.0.0.1 https://example.test:" + port() + "/")
               .exit_code == 0;
  }
  static bool gnutls_cli(const std::string& store) {
    return run("timeout 10 gnutls-cli --x509cafile=" + quote(store) + " --port=" + port() +
               " --verify-hostname=example.test 127.0.0.1 < /dev/null")
               .exit_code == 0;
  }
  static bool python(const std::string& store) {
    return run("timeout 10 /usr/bin/python3 -c " +
               quote("import socket, ssl, sys\n"
                     "ctx = ssl.create_default_context(cafile=sys.argv[1])\n"
                     "with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=5) as s:\n"
                     "    with ctx.wrap_socket(s, server_hostname='example.test'):\n"
                     "        pass\n") +
               " " + quote(store) + " " + port())
               .exit_code == 0;
  }

  /// A Java 17 client (tests/data/java/TlsClient.java, run from source) over a PKCS#12
  /// trust store made by keytool from the PEM store. Java's own path building.
  static bool java(const std::string& store) {
    const std::string p12 = store + ".p12";
    run("rm -f " + quote(p12));
    const auto imported = run("keytool -importcert -noprompt -storetype PKCS12 -storepass changeit -keystore " +
                              quote(p12) + " -alias anchor -file " + quote(store));
    if (imported.exit_code != 0) throw std::runtime_error("keytool: " + imported.out + imported.err);
    return run("timeout 60 java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 " +
               quote(testing::source_dir() + "/tests/data/java/TlsClient.java") + " " + quote(p12) + " " + port() +
               " example.test")
               .exit_code == 0;
  }
  /// Java runs a client from source only with the compiler module (a JDK, or a JRE that has it).
  static bool java_usable() {
    static const bool usable = testing::tool_available("java") && testing::tool_available("keytool") &&
                               run("java --list-modules | grep -q '^jdk.compiler@'").exit_code == 0;
    return usable;
  }

  /// Every engine against its real client for one store; returns what differs.
  static std::string compare(const std::string& store) {
    std::string differ;
    auto check = [&](const std::string& client, bool real, const std::string& real_name) {
      const bool ours = engine(store, client);
      if (ours != real)
        differ += client + " engine " + (ours ? "accepts" : "rejects") + ", " + real_name + " " +
                  (real ? "accepts" : "rejects") + "\n";
    };
    check("openssl", s_client(store), "openssl s_client");
    check("openssl", python(store), "python3 ssl");
    check("curl", curl(store), "curl");
    check("gnutls", gnutls_cli(store), "gnutls-cli");
    check("java", java(store), "java (TlsClient.java)");
    return differ;
  }

  static testing::TempDir* dir_;
  static testing::TestPki* pki_;
  static testing::ChildProcess* nginx_;
  static inline const std::vector<std::string> kChains = {"chain.pem", "chain-wrong-order.pem",
                                                          "chain-no-intermediate.pem", "chain-expired-cross.pem"};
  static int ports_[4];
  static std::size_t current_;
  static bool started_;
};
testing::TempDir* RealClients::dir_ = nullptr;
testing::TestPki* RealClients::pki_ = nullptr;
testing::ChildProcess* RealClients::nginx_ = nullptr;
int RealClients::ports_[4] = {0, 0, 0, 0};
std::size_t RealClients::current_ = 0;
bool RealClients::started_ = false;

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
