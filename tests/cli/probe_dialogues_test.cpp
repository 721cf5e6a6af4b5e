// `trustready probe` speaking to real servers on the loopback before and around TLS: exim
// with STARTTLS and smtps, tinyproxy with and without Basic auth, and every misbehaving
// HostileServer. Each suite starts its servers once and runs probe once (a
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
#include "support/child_process.h"
#include "support/ports.h"
#include "support/probe_run.h"
#include "support/forward_proxy.h"
#include "support/hostile_server.h"
#include "support/mail_server.h"
#include "support/test_pki.h"
#include "support/tls_servers.h"

namespace trustready {
namespace {

using namespace probe_tests;  // NOLINT: the shared probe test helpers

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

/// A real SOCKS5 server (Debian's microsocks) on a free 127.0.0.1 port, with a user when given.
struct Socks5Server {
  testing::TempDir dir;
  int port = testing::free_port();
  testing::ChildProcess process;
  explicit Socks5Server(const std::vector<std::string>& login = {})
      : process(with(login, {"microsocks", "-i", "127.0.0.1", "-p", std::to_string(port)}), dir / "microsocks.log") {}
  bool ready() { return testing::wait_until_accepting(port, [this] { return process.running(); }); }
  static std::vector<std::string> with(const std::vector<std::string>& login, std::vector<std::string> argv) {
    if (login.size() == 2) argv.insert(argv.end(), {"-u", login[0], "-P", login[1]});
    return argv;
  }
};

TEST_F(ProbeProxy, Socks5TunnelsAsCurlDoesWithAndWithoutAUser) {
  TRUSTREADY_REQUIRE_TOOL("microsocks");
  Socks5Server open, login({"alice", "s3cret"});
  ASSERT_TRUE(open.ready()) << testing::read_file(open.dir / "microsocks.log");
  ASSERT_TRUE(login.ready()) << testing::read_file(login.dir / "microsocks.log");
  const std::string at = "127.0.0.1:";
  const auto curl_via = [&](const std::string& proxy) {
    return testing::run("curl -sS -o /dev/null --max-time 5 -x " + testing::quote(proxy) + " --cacert " +
                        testing::quote(pki().root1()) + " " + target()).exit_code == 0;
  };
  for (const std::string scheme : {"socks5", "socks5h"}) {
    const std::string proxy = scheme + "://" + at + std::to_string(open.port);
    const json l = probe_target("--proxy " + proxy);
    EXPECT_EQ(l.value("trusted", false), curl_via(proxy)) << l.dump(1);
    EXPECT_TRUE(l.value("trusted", false)) << l.dump(1);
    EXPECT_EQ(l.value("via", ""), proxy) << l.dump(1);
  }
  const std::string with_user = "socks5h://alice:s3cret@" + at + std::to_string(login.port);
  const json ok = probe_target("--proxy " + with_user);
  EXPECT_EQ(ok.value("trusted", false), curl_via(with_user)) << ok.dump(1);
  EXPECT_TRUE(ok.value("trusted", false)) << ok.dump(1);
  EXPECT_EQ(ok.dump().find("s3cret"), std::string::npos) << ok.dump(1);
  const json no_user = probe_target("--proxy socks5h://" + at + std::to_string(login.port));
  EXPECT_EQ(no_user.value("stage", ""), "proxy") << no_user.dump(1);
  EXPECT_NE(no_user.value("error", "").find("USER:PASSWORD"), std::string::npos) << no_user.dump(1);
  EXPECT_FALSE(curl_via("socks5h://" + at + std::to_string(login.port)));
  const json wrong = probe_target("--proxy socks5h://alice:nope@" + at + std::to_string(login.port));
  EXPECT_NE(wrong.value("error", "").find("refused the user and password"), std::string::npos) << wrong.dump(1);
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
    for (std::size_t i = 0; i < kHostile.size(); ++i) targets.append(" ").append(target(i));
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

}  // namespace
}  // namespace trustready
