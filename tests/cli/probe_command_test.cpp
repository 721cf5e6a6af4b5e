// `trustready probe` against real servers on the loopback: nginx (one port per chain
// shape), exim with STARTTLS and smtps, tinyproxy with and without Basic auth, and every
// misbehaving HostileServer. Each suite starts its servers once and runs probe once (a
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
#include "support/forward_proxy.h"
#include "support/hostile_server.h"
#include "support/mail_server.h"
#include "support/test_pki.h"
#include "support/tls_servers.h"

namespace trustready {
namespace {

using nlohmann::json;

/// One probe run: its status, stderr, the JSON lines by target, and its wall time.
struct ProbeRun {
  testing::CommandResult result;
  std::map<std::string, json> by_target;
  double seconds = 0;
  /// The line for `target` (an empty object when probe printed none: the test fails there).
  const json& at(const std::string& target) const {
    static const json none = json::object();
    const auto it = by_target.find(target);
    return it == by_target.end() ? none : it->second;
  }
  /// Everything probe said, for a failure message.
  std::string said() const { return "exit " + std::to_string(result.exit_code) + "\n" + result.out + result.err; }
};

/// `j` without its null members, recursively: json::value() then gives the default for
/// them (null is "none" in probe's lines: no error, no proxy, no HTTP status).
json without_nulls(json j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) it = it->is_null() ? j.erase(it) : std::next(it);
    for (auto& [key, member] : j.items()) member = without_nulls(member);
  } else if (j.is_array()) {
    for (auto& element : j) element = without_nulls(element);
  }
  return j;
}

/// `env` (VAR=value ...) then `trustready probe --format json ARGS`; stdout must be JSON Lines.
ProbeRun probe(const std::string& args, const std::string& env = "") {
  ProbeRun p;
  const auto start = std::chrono::steady_clock::now();
  p.result = testing::run("env " + env + " " + testing::quote(testing::binary()) + " probe --format json " + args);
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::istringstream lines(p.result.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    auto j = json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
    if (j.is_discarded()) continue;
    const std::string target = j.value("target", "");
    p.by_target[target] = without_nulls(std::move(j));
  }
  return p;
}

/// results[] entry for `store` in a target's line (an empty object when missing).
const json& result_for(const json& line, const std::string& store) {
  static const json none = json::object();
  if (!line.contains("results")) return none;
  for (const auto& r : line["results"])
    if (r.value("store", "") == store) return r;
  return none;
}

/// The verdict of engine `client` in a results[] entry ("" when it did not judge).
std::string client_verdict(const json& result, const std::string& client) {
  if (!result.contains("clients")) return "";
  for (const auto& c : result["clients"])
    if (c.value("client", "") == client) return c.value("verdict", "");
  return "";
}

/// A real client's answer and the exact command that gave it.
struct ClientAnswer {
  bool accepts = false;
  std::string command;
};

/// Where a real client connects, and what it asks the certificate for.
struct Endpoint {
  std::string name;  ///< a DNS name, or an IP address ("::1")
  int port = 0;
  std::string store;
  std::string address = "127.0.0.1";
  std::string starttls;  ///< s_client -starttls PROTOCOL ("smtp"), empty for none
};

bool is_ip(const std::string& name) { return name.find(':') != std::string::npos || name == "127.0.0.1"; }

/// "127.0.0.1:443" or "[::1]:443".
std::string authority(const std::string& address, int port) {
  return (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

/// openssl s_client with only the store (no CApath, no default store): verified means it
/// exited 0 after a real handshake (not "Cipher is (NONE)").
ClientAnswer s_client(const Endpoint& e) {
  const std::string check = is_ip(e.name) ? " -verify_ip " + testing::quote(e.name)
                                          : " -servername " + testing::quote(e.name) + " -verify_hostname " +
                                                testing::quote(e.name);
  const std::string command = "timeout 10 openssl s_client -connect " + authority(e.address, e.port) +
                              (e.starttls.empty() ? "" : " -starttls " + e.starttls) + check + " -CAfile " +
                              testing::quote(e.store) + " -no-CApath -no-CAstore -verify_return_error </dev/null";
  const auto r = testing::run(command + " 2>&1");
  return {r.exit_code == 0 && r.out.find("Cipher is (NONE)") == std::string::npos, command};
}

ClientAnswer curl(const Endpoint& e) {
  const std::string url_host = e.name.find(':') != std::string::npos ? "[" + e.name + "]" : e.name;
  const std::string resolve =
      is_ip(e.name) ? "" : " --resolve " + testing::quote(e.name + ":" + std::to_string(e.port) + ":" + e.address);
  const std::string command = "timeout 10 curl -sS -o /dev/null --max-time 5 --cacert " + testing::quote(e.store) +
                              resolve + " " +
                              testing::quote("https://" + url_host + ":" + std::to_string(e.port) + "/");
  return {testing::run(command).exit_code == 0, command};
}

ClientAnswer gnutls_cli(const Endpoint& e) {
  const std::string command = "timeout 10 gnutls-cli --x509cafile=" + testing::quote(e.store) +
                              " --verify-hostname=" + testing::quote(e.name) + " -p " + std::to_string(e.port) + " " +
                              e.address + " </dev/null";
  return {testing::run(command).exit_code == 0, command};
}

/// For each real client, a line where probe's engine for it said otherwise; empty when all agree.
std::string disagreements(const json& line, const Endpoint& e, bool tls_only_openssl = false) {
  const json& result = result_for(line, e.store);
  std::string out;
  auto compare = [&](const std::string& engine, const ClientAnswer& real) {
    const std::string verdict = client_verdict(result, engine);
    if (verdict != (real.accepts ? "trusted" : "untrusted"))
      out += engine + " engine said '" + verdict + "' but the real client " + (real.accepts ? "accepts" : "rejects") +
             ": " + real.command + "\n";
  };
  compare("openssl", s_client(e));
  if (tls_only_openssl) return out;
  compare("curl", curl(e));
  compare("gnutls", gnutls_cli(e));
  return out;
}

bool all_verdicts(const json& result, const std::string& verdict) {
  if (!result.contains("clients") || result["clients"].empty()) return false;
  for (const auto& c : result["clients"])
    if (c.value("verdict", "") != verdict) return false;
  return result.value("verdict", "") == verdict;
}

/// A PKI made once per process: Root CA 1 -> Server CA -> a leaf for localhost, and with
/// `ats` the whole ATS shape around it (Class 2 -> Services G2 -> Root CA 1) and an
/// unrelated root. ctest runs each test in a process of its own: only ProbeLive pays for
/// the ATS shape.
struct Pki {
  testing::TempDir dir;
  testing::TestPki pki{dir};
  explicit Pki(bool ats) {
    if (ats) {
      pki.make_ats_shaped();
      pki.root("Unrelated");
    } else {
      pki.root("Root CA 1");
      pki.ca("Server CA", "Root CA 1");
    }
    pki.leaf("local", "Server CA", "localhost");
    pki.bundle("local-chain.pem", {"local", "Server CA"});
  }
  std::string path(const std::string& name) const { return pki.path(name); }
  /// Root CA 1 only: trusts every chain here that reaches Server CA.
  std::string root1() const { return path("Root CA 1.pem"); }
  /// Class 2 only: trusts only chains that send both cross-certificates.
  std::string class2() const { return path("Class 2.pem"); }
  std::string unrelated() const { return path("Unrelated.pem"); }
  std::string local_chain() const { return path("local-chain.pem"); }
  std::string local_key() const { return path("local.key"); }
};

/// Root CA 1, Server CA and the localhost leaf: for the SMTP, proxy and hostile suites.
Pki& pki() {
  static Pki p(false);
  return p;
}
/// The ATS shape too: for ProbeLive.
Pki& ats_pki() {
  static Pki p(true);
  return p;
}

const char* const kLeafExtensions =
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
    "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";

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
  {  // http status is200 for the root and404 elsewhere
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
// SMTP: exim with STARTTLS and smtps, exim without STARTTLS, and a strict server that
// refuses a client sending before its reply.

class ProbeSmtp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0 || !testing::tool_available("exim4") || !testing::tool_available("/usr/bin/python3")) return;
    mail_ = std::make_unique<testing::MailServer>(pki().local_chain(), pki().local_key());
    plain_ = std::make_unique<testing::MailServer>(pki().local_chain(), pki().local_key(),
                                                   testing::MailOptions{.offer_starttls = false, .smtps = false});
    strict_ = std::make_unique<testing::HostileServer>(testing::HostileMode::SmtpPipelineStrict, pki().local_chain(),
                                                       pki().local_key());
    if (!mail_->started() || !plain_->started() || !strict_->started()) return;
    run_ = std::make_unique<ProbeRun>(probe("--store " + testing::quote(pki().root1()) + " " + starttls() + " " +
                                            smtps() + " " + no_starttls() + " " + strict()));
  }
  static void TearDownTestSuite() {
    run_.reset();
    strict_.reset();
    plain_.reset();
    mail_.reset();
  }
  void SetUp() override {
    if (::geteuid() != 0) TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("exim -bd needs root (CI runs as root)");
    TRUSTREADY_REQUIRE_TOOL("exim4");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("/usr/bin/python3");
    ASSERT_TRUE(mail_ && mail_->started()) << (mail_ ? mail_->log() : "");
    ASSERT_TRUE(plain_ && plain_->started()) << plain_->log();
    ASSERT_TRUE(strict_ && strict_->started()) << strict_->log();
    ASSERT_TRUE(run_);
  }
  static std::string starttls() { return "smtp://localhost:" + std::to_string(mail_->port()); }
  static std::string smtps() { return "smtps://localhost:" + std::to_string(mail_->smtps_port()); }
  static std::string no_starttls() { return "smtp://localhost:" + std::to_string(plain_->port()); }
  static std::string strict() { return "smtp://localhost:" + std::to_string(strict_->port()); }

  static inline std::unique_ptr<testing::MailServer> mail_, plain_;
  static inline std::unique_ptr<testing::HostileServer> strict_;
  static inline std::unique_ptr<ProbeRun> run_;
};

TEST_F(ProbeSmtp, StarttlsSmtpsAndNoStarttlsAsSClientSaysNeverPipelining) {
  {  // starttls and smtps are trusted as s client says
    for (const auto& [target, port, starttls] :
         {std::tuple{starttls(), mail_->port(), "smtp"}, std::tuple{smtps(), mail_->smtps_port(), ""}}) {
      const json& l = run_->at(target);
      ASSERT_EQ(l.value("ok", false), true) << target << ": " << run_->said();
      EXPECT_TRUE(l.value("trusted", false)) << l.dump(1);
      EXPECT_FALSE(l.value("tls_version", "").empty()) << l.dump(1);
      EXPECT_EQ(disagreements(l, {"localhost", port, pki().root1(), "127.0.0.1", starttls}, true), "");
    }
    EXPECT_NE(run_->at(starttls()).value("smtp_greeting", "").find("220"), std::string::npos)
        << run_->at(starttls()).dump(1);
  }
  {  // without starttls fails at the smtp stage saying so
    const json& l = run_->at(no_starttls());
    EXPECT_EQ(l.value("ok", true), false) << l.dump(1);
    EXPECT_EQ(l.value("stage", ""), "smtp");
    EXPECT_NE(l.value("error", "").find("STARTTLS"), std::string::npos) << l.dump(1);
    const auto real = s_client({"localhost", plain_->port(), pki().root1(), "127.0.0.1", "smtp"});
    EXPECT_FALSE(real.accepts) << real.command;
  }
  {  // probe waits for every reply before its next command
    EXPECT_EQ(mail_->log().find("synchronization error"), std::string::npos) << mail_->log();
    EXPECT_FALSE(strict_->client_pipelined()) << strict_->log();
    const json& l = run_->at(strict());
    EXPECT_TRUE(l.value("trusted", false)) << l.dump(1) << strict_->log();
  }
}

/// One nginx serving the localhost chain, trusted by Root CA 1: the good target of the
/// proxy and hostile suites.
struct GoodServer {
  testing::TempDir dir;
  testing::TlsServers servers{dir.path(), {{pki().local_chain(), pki().local_key()}}};
};

// ---------------------------------------------------------------------------------------
// HTTP CONNECT proxies: tinyproxy, open and behind Basic auth; --proxy and the environment.

class ProbeProxy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::tool_available("nginx") || !testing::tool_available("tinyproxy")) return;
    nginx_ = std::make_unique<GoodServer>();
    open_ = std::make_unique<testing::ForwardProxy>();
    auth_ = std::make_unique<testing::ForwardProxy>(testing::ProxyOptions{.user = "user", .password = "password"});
  }
  static void TearDownTestSuite() {
    auth_.reset();
    open_.reset();
    nginx_.reset();
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("nginx");
    TRUSTREADY_REQUIRE_TOOL("tinyproxy");
    TRUSTREADY_REQUIRE_TOOL("curl");
    ASSERT_TRUE(nginx_ && nginx_->servers.started()) << (nginx_ ? nginx_->servers.log() : "");
    ASSERT_TRUE(open_->started()) << open_->log();
    ASSERT_TRUE(auth_->started()) << auth_->log();
  }
  static std::string target() { return "https://localhost:" + std::to_string(nginx_->servers.port(0)) + "/"; }
  /// probe of target() with the root store and `args`, `env` set (and proxies from the test's environment unset).
  static json probe_target(const std::string& args, const std::string& env = "") {
    const auto p = probe("--store " + testing::quote(pki().root1()) + " " + args + " " + target(),
                         "-u https_proxy -u HTTPS_PROXY -u all_proxy -u ALL_PROXY -u no_proxy -u NO_PROXY " + env);
    return p.at(target()).empty() ? json{{"probe", p.said()}} : p.at(target());
  }

  static inline std::unique_ptr<GoodServer> nginx_;
  static inline std::unique_ptr<testing::ForwardProxy> open_, auth_;
};

TEST_F(ProbeProxy, ProxyOptionTunnelsWithCredentialsWhereTheProxyWantsThem) {
  {  // proxy option tunnels through tinyproxy
    const int before = open_->connects();
    const json l = probe_target("--proxy " + open_->url());
    EXPECT_TRUE(l.value("trusted", false)) << l.dump(1);
    EXPECT_TRUE(l.contains("via")) << l.dump(1);
    EXPECT_EQ(open_->connects(), before + 1) << open_->log();
    // curl through the same proxy, with the same store, agrees.
    EXPECT_EQ(testing::run("curl -sS -o /dev/null --max-time 5 -x " + open_->url() + " --cacert " +
                           testing::quote(pki().root1()) + " " + target())
                  .exit_code,
              0);
  }
  {  // authenticating proxy answers407 without credentials and tunnels with them
    const json refused = probe_target("--proxy " + auth_->url());
    EXPECT_EQ(refused.value("ok", true), false) << refused.dump(1);
    EXPECT_EQ(refused.value("stage", ""), "proxy") << refused.dump(1);
    EXPECT_NE(refused.value("error", "").find("407"), std::string::npos) << refused.dump(1);
    const json l = probe_target("--proxy http://user:password@127.0.0.1:" + std::to_string(auth_->port()));
    EXPECT_TRUE(l.value("trusted", false)) << l.dump(1) << auth_->log();
    EXPECT_EQ(l.dump().find("password"), std::string::npos) << "the password is not printed: " << l.dump(1);
  }
}

TEST_F(ProbeProxy, HttpsProxyFromTheEnvironmentAndNoProxyBypassingIt) {
  const int before = open_->connects();
  const json l = probe_target("", "https_proxy=" + open_->url());
  EXPECT_TRUE(l.value("trusted", false)) << l.dump(1);
  EXPECT_TRUE(l.contains("via")) << l.dump(1);
  EXPECT_EQ(open_->connects(), before + 1) << open_->log();
  const json direct = probe_target("", "https_proxy=" + open_->url() + " NO_PROXY=localhost");
  EXPECT_TRUE(direct.value("trusted", false)) << direct.dump(1);
  EXPECT_FALSE(direct.contains("via")) << direct.dump(1);
  EXPECT_EQ(open_->connects(), before + 1) << "NO_PROXY=localhost: not through the proxy";
}

// ---------------------------------------------------------------------------------------
// Hostile servers: each target fails with a clear error within its deadline, and the run
// goes on to a good target.

using testing::HostileMode;

struct HostileTarget {
  HostileMode mode;
  std::string scheme;
  std::string says;  ///< what the error must contain
};

const std::vector<HostileTarget> kHostile = {
    {HostileMode::Silent, "https", "within"},
    {HostileMode::Slow, "https", "within"},
    {HostileMode::Garbage, "https", "handshake"},
    {HostileMode::HugeChain, "https", "handshake"},
    {HostileMode::ResetMidHandshake, "https", "reset"},
    {HostileMode::OversizedRecord, "https", "handshake"},
    {HostileMode::SmtpNoGreeting, "smtp", "within"},
    {HostileMode::SmtpEndlessMultiline, "smtp", "EHLO"},
    {HostileMode::SmtpNoStarttls, "smtp", "STARTTLS"},
    {HostileMode::Smtp421, "smtp", "421"},
    {HostileMode::Smtp454, "smtp", "454"},
};

const std::vector<HostileTarget> kHostileProxies = {
    {HostileMode::Proxy407, "https", "407"},
    {HostileMode::Proxy502, "https", "502"},
    {HostileMode::ProxySilent, "https", "within"},
};

const char* const kDeadlines = " --timeout 2 --connect-timeout 2 --max-time 5";

class ProbeHostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::tool_available("/usr/bin/python3") || !testing::tool_available("nginx")) return;
    nginx_ = std::make_unique<GoodServer>();
    for (const auto& h : kHostile)
      servers_.push_back(std::make_unique<testing::HostileServer>(h.mode, pki().local_chain(), pki().local_key()));
    for (const auto& h : kHostileProxies) proxies_.push_back(std::make_unique<testing::HostileServer>(h.mode));
  }
  static void TearDownTestSuite() {
    servers_.clear();
    proxies_.clear();
    nginx_.reset();
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("/usr/bin/python3");
    TRUSTREADY_REQUIRE_TOOL("nginx");
    ASSERT_TRUE(nginx_ && nginx_->servers.started()) << (nginx_ ? nginx_->servers.log() : "");
    for (const auto& s : servers_) ASSERT_TRUE(s->started()) << s->log();
    for (const auto& s : proxies_) ASSERT_TRUE(s->started()) << s->log();
  }
  static std::string good() { return "https://localhost:" + std::to_string(nginx_->servers.port(0)) + "/"; }
  static std::string target(std::size_t i) {
    return kHostile[i].scheme + "://127.0.0.1:" + std::to_string(servers_[i]->port()) +
           (kHostile[i].scheme == "https" ? "/" : "");
  }
  /// Prints what probe said of `what`; empty when it failed within 5 s with an error that
  /// says `says`, else a line for the failure message.
  static std::string check_failure(const json& l, const std::string& what, const std::string& says) {
    const std::string error = l.value("error", "");
    std::cout << "[ probe ] " << what << " (" << l.value("stage", "") << ", " << l.value("elapsed_ms", 0)
              << " ms): " << error << "\n";
    if (l.value("ok", true) != false) return what + ": not ok=false: " + l.dump() + "\n";
    if (error.empty()) return what + ": no error\n";
    if (error.find(says) == std::string::npos) return what + ": error does not say '" + says + "': " + error + "\n";
    if (l.value("elapsed_ms", 0) > 6000) return what + ": past its 5 s deadline: " + l.dump() + "\n";
    return "";
  }

  static inline std::unique_ptr<GoodServer> nginx_;
  static inline std::vector<std::unique_ptr<testing::HostileServer>> servers_, proxies_;
};

TEST_F(ProbeHostile, EveryModeFailsClearlyWithinItsDeadlineAndTheRunGoesOn) {
  TRUSTREADY_REQUIRE_TOOL("/usr/bin/time");
  {  // every mode fails clearly within its deadline and the run goes on
    std::string targets;
    for (std::size_t i = 0; i < kHostile.size(); ++i) targets += " " + target(i);
    const std::string rss_file = nginx_->dir / "time.txt";
    const auto p = probe(std::string(kDeadlines) + " --store " + testing::quote(pki().root1()) + targets + " " + good(),
                         "/usr/bin/time -v -o " + testing::quote(rss_file));
    EXPECT_EQ(p.result.exit_code, 1) << p.said();
    EXPECT_LT(p.seconds, 15) << "a safety bound on the whole run: " << p.said();
    std::string failures;
    for (std::size_t i = 0; i < kHostile.size(); ++i) {
      failures += check_failure(p.at(target(i)), testing::to_string(kHostile[i].mode), kHostile[i].says);
    }
    EXPECT_EQ(failures, "") << p.said();
    EXPECT_TRUE(p.at(good()).value("trusted", false)) << p.at(good()).dump(1);

    const std::string timing = testing::read_file(rss_file);
    const std::string rss_label = "Maximum resident set size (kbytes): ";
    const auto at = timing.find(rss_label);
    EXPECT_NE(at, std::string::npos) << timing;
    const long kib = at == std::string::npos ? 0 : std::stol(timing.substr(at + rss_label.size()));
    std::cout << "[ probe ] hostile run: " << p.seconds << " s, peak RSS " << kib / 1024 << " MiB\n";
    EXPECT_LT(kib, 200L * 1024) << "peak RSS of the hostile run, KiB";
  }
  {  // hostile proxies fail the target clearly
    std::string failures;
    for (std::size_t i = 0; i < kHostileProxies.size(); ++i) {
      const auto p = probe(std::string(kDeadlines) + " --store " + testing::quote(pki().root1()) +
                           " --proxy http://127.0.0.1:" + std::to_string(proxies_[i]->port()) + " " + good());
      EXPECT_LT(p.seconds, 8) << p.said();
      failures += check_failure(p.at(good()), testing::to_string(kHostileProxies[i].mode), kHostileProxies[i].says);
      if (p.at(good()).value("stage", "") != "proxy")
        failures += "not at the proxy stage: " + p.at(good()).dump() + "\n";
    }
    EXPECT_EQ(failures, "");
  }
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
      {"--proxy socks5://x https://localhost/", "socks5://x"},
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
