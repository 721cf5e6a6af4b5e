// `trustready probe` against a real nginx on the loopback (one port per chain shape), an
// issuer served over HTTP for --aia, and probe's usage errors. Each suite starts its servers once and runs probe once (a
// few more for the proxy settings, which are global to a run), with --format json and
// test-made PEM stores only. What each store should say comes from the real clients run
// against the same server with the same store (openssl s_client, curl, gnutls-cli), never
// from trustready: every engine verdict in results[].clients must match its client.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fixtures.h"
#include "support/ports.h"
#include "support/probe_run.h"
#include "support/child_process.h"
#include "support/forward_proxy.h"
#include "support/hostile_server.h"
#include "support/mail_server.h"
#include "support/test_pki.h"
#include "support/tls_servers.h"

namespace trustready {
namespace {

using namespace probe_tests;  // NOLINT: the shared probe test helpers

// ---------------------------------------------------------------------------------------
// Live TLS: one nginx, one port per chain shape, one probe run with three stores.

/// The shapes nginx serves, in port order, and how probe is asked for each.
struct Shape {
  std::string id;
  std::string name;  ///< the name asked (example.test through --connect-to, or localhost)
};
const std::vector<Shape> kShapes = {
    {"ats", "example.test"},  {"wrong-order", "example.test"}, {"missing", "localhost"},
    {"expired", "localhost"}, {"wrong-name", "localhost"},     {"tls12", "localhost"},
    {"tls13", "localhost"},   {"rsa", "localhost"},            {"ecdsa", "localhost"},
};

class ProbeLive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::tool_available("nginx") || !testing::tool_available("openssl")) return;
    auto& p = ats_pki().pki;
    p.bundle("wrong-order.pem", {"leaf", "root1_x_sfsg2", "Server CA", "sfsg2_x_class2"});
    p.bundle("missing.pem", {"local"});
    p.custom("expired", "Server CA", std::string(kLeafExtensions) + "subjectAltName=DNS:localhost", -30, -2);
    p.bundle("expired-chain.pem", {"expired", "Server CA"});
    p.leaf("other", "Server CA", "other.test");
    p.bundle("other-chain.pem", {"other", "Server CA"});
    p.custom("rsa", "Server CA", std::string(kLeafExtensions) + "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1");
    p.bundle("rsa-chain.pem", {"rsa", "Server CA"});
    p.ca_ec("Server CA EC", "Root CA 1");
    p.leaf_ec("ecdsa", "Server CA EC", "localhost");
    p.bundle("ecdsa-chain.pem", {"ecdsa", "Server CA EC"});
    const std::string leaf_key = p.path("leaf.key");
    const std::string local_key = ats_pki().local_key();
    dir_ = std::make_unique<testing::TempDir>();
    servers_ = std::make_unique<testing::TlsServers>(
        dir_->path(), std::vector<testing::ServedChain>{
                          {p.path("chain.pem"), leaf_key},
                          {p.path("wrong-order.pem"), leaf_key},
                          {p.path("missing.pem"), local_key},
                          {p.path("expired-chain.pem"), p.path("expired.key")},
                          {p.path("other-chain.pem"), p.path("other.key")},
                          {ats_pki().local_chain(), local_key, "TLSv1.2"},
                          {ats_pki().local_chain(), local_key, "TLSv1.3"},
                          {p.path("rsa-chain.pem"), p.path("rsa.key")},
                          {p.path("ecdsa-chain.pem"), p.path("ecdsa.key")},
                      });
    if (!servers_->started()) return;
    std::string args;
    for (const auto& store : {ats_pki().root1(), ats_pki().class2(), ats_pki().unrelated()})
      args += " --store " + testing::quote(store);
    for (std::size_t i = 0; i < kShapes.size(); ++i) {
      const std::string port = std::to_string(servers_->port(i));
      if (kShapes[i].name != "localhost")
        args += " --connect-to " + kShapes[i].name + ":" + port + ":127.0.0.1:" + port;
      args += " " + target(i);
    }
    args += " " + target(rsa()) + "missing";
    if (servers_->ipv6()) args += " " + ipv6_target(rsa()) + " " + ipv6_target(tls13());
    run_ = std::make_unique<ProbeRun>(probe(args));
  }
  static void TearDownTestSuite() {
    run_.reset();
    servers_.reset();
    dir_.reset();
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("nginx");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("curl");
    TRUSTREADY_REQUIRE_TOOL("gnutls-cli");
    ASSERT_TRUE(servers_ && servers_->started()) << (servers_ ? servers_->log() : "");
    ASSERT_TRUE(run_);
  }
  static std::size_t index(const std::string& id) {
    for (std::size_t i = 0; i < kShapes.size(); ++i)
      if (kShapes[i].id == id) return i;
    throw std::logic_error("no shape " + id);
  }
  static std::size_t rsa() { return index("rsa"); }
  static std::size_t tls13() { return index("tls13"); }
  static std::string target(std::size_t i) {
    return "https://" + kShapes[i].name + ":" + std::to_string(servers_->port(i)) + "/";
  }
  static std::string ipv6_target(std::size_t i) { return "https://[::1]:" + std::to_string(servers_->port(i)) + "/"; }
  static const json& line(const std::string& id) { return run_->at(target(index(id))); }
  static Endpoint endpoint(const std::string& id, const std::string& store) {
    return {kShapes[index(id)].name, servers_->port(index(id)), store, "127.0.0.1", ""};
  }

  static inline std::unique_ptr<testing::TempDir> dir_;
  static inline std::unique_ptr<testing::TlsServers> servers_;
  static inline std::unique_ptr<ProbeRun> run_;
};

TEST_F(ProbeLive, EveryEngineGivesItsRealClientsVerdictForEveryShapeStoreAndLoopback) {
  {  // every engine gives its real clients verdict for every shape and store
    EXPECT_EQ(run_->result.exit_code, 1) << "some targets are untrusted: " << run_->said();
    std::string diff;
    for (const auto& shape : kShapes) {
      const json& l = line(shape.id);
      ASSERT_EQ(l.value("ok", false), true) << shape.id << ": " << l.dump();
      EXPECT_EQ(l.value("stage", ""), "done") << shape.id;
      EXPECT_EQ(l.value("results", json::array()).size(), 3u) << shape.id << ": one result per store";
      for (const auto& store : {ats_pki().root1(), ats_pki().class2(), ats_pki().unrelated()})
        diff += disagreements(l, endpoint(shape.id, store));
    }
    EXPECT_EQ(diff, "");
  }
  {  // ipv6 loopback targets agree with the real clients
    for (const std::size_t i : servers_->ipv6() ? std::vector{rsa(), tls13()} : std::vector<std::size_t>{}) {
      const json& l = run_->at(ipv6_target(i));
      ASSERT_EQ(l.value("ok", false), true) << l.dump(1);
      EXPECT_EQ(l.value("address", ""), "[::1]:" + std::to_string(servers_->port(i)));
      const Endpoint e{"::1", servers_->port(i), ats_pki().root1(), "::1", ""};
      EXPECT_EQ(disagreements(l, e), "");
    }
  }
}

TEST_F(ProbeLive, EachShapeIsReportedAsItIsServed) {
  {  // ats shape is trusted from either root and not from an unrelated one
    const json& l = line("ats");
    // Root CA 1 only: OpenSSL (and curl over it) stop at the trusted Root CA 1 the chain
    // leads to; GnuTLS does not (the real gnutls-cli says "The certificate issuer is
    // unknown": it does not replace the sent cross-certificate with the stored root), so
    // the store's verdict is untrusted. Whatever gnutls-cli says, the engine says.
    const json& root1 = result_for(l, ats_pki().root1());
    EXPECT_EQ(client_verdict(root1, "openssl"), "trusted") << l.dump(1);
    EXPECT_EQ(client_verdict(root1, "curl"), "trusted") << l.dump(1);
    EXPECT_EQ(client_verdict(root1, "gnutls") == "trusted", gnutls_cli(endpoint("ats", ats_pki().root1())).accepts);
    EXPECT_TRUE(all_verdicts(result_for(l, ats_pki().class2()), "trusted")) << l.dump(1);
    EXPECT_TRUE(all_verdicts(result_for(l, ats_pki().unrelated()), "untrusted")) << l.dump(1);
    EXPECT_EQ(l.value("trusted", true), false) << "the unrelated store does not trust it";
    ASSERT_EQ(l.value("presented_chain", json::array()).size(), 4u) << l.dump(1);
    EXPECT_EQ(l["presented_chain"][0].value("sha256", ""), testing::openssl_fingerprint(ats_pki().path("leaf.pem")));
    EXPECT_EQ(l.value("in_order", false), true);
    EXPECT_EQ(l.value("sni", ""), "example.test");
    EXPECT_EQ(l.value("address", ""), "127.0.0.1:" + std::to_string(servers_->port(index("ats"))));
  }
  {  // wrong order is noted in order false
    const json& l = line("wrong-order");
    EXPECT_EQ(l.value("in_order", true), false) << l.dump(1);
    EXPECT_EQ(l.value("presented_chain", json::array()).size(), 4u);
  }
  {  // missing intermediate is untrusted everywhere and incomplete
    const json& l = line("missing");
    for (const auto& store : {ats_pki().root1(), ats_pki().class2(), ats_pki().unrelated()})
      EXPECT_TRUE(all_verdicts(result_for(l, store), "untrusted")) << store << ": " << l.dump(1);
    EXPECT_EQ(l.value("complete", true), false);
    EXPECT_FALSE(l.value("chain_note", "").empty()) << l.dump(1);
  }
  {  // expired and wrong name are untrusted from their root
    for (const auto& id : {"expired", "wrong-name"}) {
      EXPECT_TRUE(all_verdicts(result_for(line(id), ats_pki().root1()), "untrusted")) << id << ": " << line(id).dump(1);
    }
    EXPECT_TRUE(all_verdicts(result_for(line("rsa"), ats_pki().root1()), "trusted")) << line("rsa").dump(1);
    EXPECT_TRUE(all_verdicts(result_for(line("ecdsa"), ats_pki().root1()), "trusted")) << line("ecdsa").dump(1);
  }
  {  // tls version is the one the server allows
    EXPECT_EQ(line("tls12").value("tls_version", ""), "TLSv1.2");
    EXPECT_EQ(line("tls13").value("tls_version", ""), "TLSv1.3");
    EXPECT_FALSE(line("ecdsa").value("cipher", "").empty());
  }
  {  // http status is 200 for the root and 404 elsewhere
    EXPECT_EQ(line("rsa").value("http_status", 0), 200) << line("rsa").dump(1);
    const json& missing = run_->at(target(rsa()) + "missing");
    EXPECT_EQ(missing.value("http_status", 0), 404) << missing.dump(1);
    EXPECT_EQ(missing.value("ok", false), true);
  }
  {  // text says trusted first and exits zero when every store trusts
    const auto r = testing::run(testing::quote(testing::binary()) + " probe --no-color --store " +
                                testing::quote(ats_pki().root1()) + " " + target(rsa()));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out.substr(0, r.out.find_first_of(" :\n")), "trusted") << r.out;
    EXPECT_NE(r.out.find(target(rsa())), std::string::npos) << r.out;
  }
}

// ---------------------------------------------------------------------------------------
// --aia: a server that sends only its leaf, whose AIA caIssuers URL names the intermediate,
// served over plain HTTP by python3's http.server. What the chain is worth with and
// without the fetched issuer comes from `openssl verify`.

TEST(ProbeAia, TheIssuerAtTheLeafsAiaUrlIsFetchedAndJudgedAgainAsOpensslVerifyJudgesIt) {
  TRUSTREADY_REQUIRE_TOOL("nginx");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TRUSTREADY_REQUIRE_TOOL("/usr/bin/python3");
  testing::TempDir dir;
  testing::TestPki pki(dir);
  pki.root("AIA Root");
  pki.ca("AIA CA", "AIA Root");
  const int http_port = testing::free_port();
  const std::string url = "http://127.0.0.1:" + std::to_string(http_port) + "/ca.der";
  pki.custom("aia-leaf", "AIA CA",
             std::string(kLeafExtensions) + "subjectAltName=DNS:localhost\nauthorityInfoAccess=caIssuers;URI:" + url);
  testing::make_dirs(dir / "www");
  ASSERT_EQ(testing::run("openssl x509 -in " + testing::quote(pki.path("AIA CA.pem")) + " -outform DER -out " +
                         testing::quote(dir / "www/ca.der")).exit_code, 0);
  testing::ChildProcess http({"/usr/bin/python3", "-m", "http.server", std::to_string(http_port), "--bind",
                              "127.0.0.1", "--directory", dir / "www"}, dir / "http.log");
  ASSERT_TRUE(testing::wait_until_accepting(http_port, [&] { return http.running(); }))
      << testing::read_file(dir / "http.log");
  testing::make_dirs(dir / "nginx");
  testing::TlsServers nginx(dir / "nginx", {{pki.path("aia-leaf.pem"), pki.path("aia-leaf.key")}});
  ASSERT_TRUE(nginx.started()) << nginx.log();
  const std::string root = pki.path("AIA Root.pem");
  const auto verify = [&](const std::string& untrusted) {
    return testing::run("openssl verify -CAfile " + testing::quote(root) + " -no-CApath -no-CAstore -purpose sslserver " +
                        untrusted + testing::quote(pki.path("aia-leaf.pem"))).exit_code == 0;
  };
  const bool with_issuer = verify("-untrusted " + testing::quote(pki.path("AIA CA.pem")) + " ");
  const bool leaf_alone = verify("");
  ASSERT_TRUE(with_issuer);
  ASSERT_FALSE(leaf_alone);

  const std::string target = "https://localhost:" + std::to_string(nginx.port(0)) + "/";
  const auto run = probe("--aia --store " + testing::quote(root) + " " + target);
  const json& line = run.at(target);
  EXPECT_EQ(run.result.exit_code, 1) << run.said();  // the verdict stays what non-fetching clients see
  EXPECT_FALSE(line.value("complete", true)) << line.dump(1);
  EXPECT_EQ(result_for(line, root).value("verdict", ""), leaf_alone ? "trusted" : "untrusted") << line.dump(1);
  ASSERT_TRUE(line.contains("aia")) << line.dump(1);
  const json& aia = line["aia"];
  ASSERT_EQ(aia.value("fetched", json::array()).size(), 1u) << aia.dump(1);
  EXPECT_EQ(aia["fetched"][0].value("sha256", ""), testing::openssl_fingerprint(pki.path("AIA CA.pem")));
  EXPECT_EQ(aia["fetched"][0].value("url", ""), url);
  const json& again = result_for(aia, root);
  EXPECT_EQ(again.value("verdict", ""), with_issuer ? "trusted" : "untrusted") << aia.dump(1);
  EXPECT_EQ(client_verdict(again, "openssl"), with_issuer ? "trusted" : "untrusted") << aia.dump(1);

  const auto plain = probe("--store " + testing::quote(root) + " " + target);  // no --aia: nothing fetched
  EXPECT_FALSE(plain.at(target).contains("aia")) << plain.said();
}

// ---------------------------------------------------------------------------------------
// Usage errors: exit 2 and one line that names what was wrong.

/// A real root for --store: a usage error must come before any store is read, and none of the host's is.
const char* const kAnyRoot = "Amazon_Root_CA_1.pem";

TEST(ProbeUsage, BadInputExitsTwoWithOneLineNamingIt) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ftp://x", "ftp://x"},
      {"https://localhost:99999/", "99999"},
      {"-f /nonexistent/targets.txt", "/nonexistent/targets.txt"},
      {"--connect-to garbage https://localhost/", "garbage"},
      {"--proxy socks4://x https://localhost/", "socks4://x"},
      {"", "no targets"},
  };
  for (const auto& [args, names] : cases) {
    const auto r = testing::run(testing::quote(testing::binary()) + " probe --store " +
                                testing::quote(testing::real_cert(kAnyRoot)) + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.out << r.err;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_NE(r.err.find(names), std::string::npos) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
  }
}

}  // namespace
}  // namespace trustready
