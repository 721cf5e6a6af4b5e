// The servers the probe tests talk to, each proved with a real client: nginx
// (TlsServers) with openssl s_client and curl over IPv4 and IPv6, exim (MailServer) with
// s_client -starttls smtp, tinyproxy (ForwardProxy) with curl -x, and every
// HostileServer mode doing what it is named for.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>

#include "support/fixtures.h"
#include "support/forward_proxy.h"
#include "support/hostile_server.h"
#include "support/mail_server.h"
#include "support/test_pki.h"
#include "support/tls_servers.h"

namespace trustready {
namespace {

/// One PKI for every suite here, made once per process: an RSA root with a leaf for
/// localhost, and on first use an ECDSA root with its own.
struct Pki {
  testing::TempDir dir;
  testing::TestPki pki{dir};
  Pki() {
    pki.root("Root");
    pki.leaf("leaf", "Root", "localhost");
  }
  std::string root() const { return pki.path("Root.pem"); }
  std::string chain() const { return pki.path("leaf.pem"); }
  std::string key() const { return pki.path("leaf.key"); }
  /// RootEC.pem, with leafec.pem/.key under it (P-256).
  std::string ec_root() {
    if (!ec_made) {
      pki.root_ec("RootEC");
      pki.leaf_ec("leafec", "RootEC", "localhost");
      ec_made = true;
    }
    return pki.path("RootEC.pem");
  }
  bool ec_made = false;
};

Pki& pki() {
  static Pki p;
  return p;
}

/// `script` under bash (for /dev/tcp), its stdout and status.
testing::CommandResult bash(const std::string& script) { return testing::run("bash -c " + testing::quote(script)); }

/// s_client's output for a handshake with 127.0.0.1:PORT (or HOST:PORT) trusting only
/// `ca` (pki().root() when empty), `extra` added (-starttls smtp, -tls1_2, ...).
testing::CommandResult s_client(int port, const std::string& extra = "", const std::string& host = "127.0.0.1",
                                const std::string& ca = "") {
  return testing::run("echo QUIT | timeout 10 openssl s_client -connect " + host + ":" + std::to_string(port) +
                      " -CAfile " + testing::quote(ca.empty() ? pki().root() : ca) +
                      " -verify_hostname localhost -verify_return_error " + extra + " 2>&1");
}

/// s_client completed a handshake and verified the chain (it exits 0, and says "Verify
/// return code: 0", after a handshake that failed before any certificate too).
bool verified(const testing::CommandResult& r) {
  return r.exit_code == 0 && r.out.find("Verify return code: 0 (ok)") != std::string::npos &&
         r.out.find("Cipher is (NONE)") == std::string::npos;
}

/// curl's "%{http_code} %{http_connect}" for https://localhost:PORT/PATH, `extra` added.
std::string curl_codes(int port, const std::string& path, const std::string& extra = "") {
  return testing::run("curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{http_connect}' --cacert " +
                      testing::quote(pki().root()) + " " + extra + " https://localhost:" + std::to_string(port) + "/" +
                      path)
      .out;
}

class ProbeServersTls : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("nginx");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("curl");
  }
};

TEST_F(ProbeServersTls, TenChainsEachWithItsProtocolsOnBothLoopbacks) {
  testing::TempDir dir;
  const std::string ec_root = pki().ec_root();
  std::vector<testing::ServedChain> chains = {
      {pki().chain(), pki().key()},
      {pki().chain(), pki().key(), "TLSv1.2"},
      {pki().pki.path("leafec.pem"), pki().pki.path("leafec.key"), "TLSv1.3"},
  };
  while (chains.size() < 10) chains.push_back(chains[0]);
  testing::TlsServers servers(dir.path(), chains);
  ASSERT_TRUE(servers.started()) << servers.log();

  EXPECT_EQ(curl_codes(servers.port(0), ""), "200 000");
  EXPECT_EQ(curl_codes(servers.port(9), "elsewhere"), "404 000");
  EXPECT_TRUE(verified(s_client(servers.port(1), "-tls1_2")));
  EXPECT_FALSE(verified(s_client(servers.port(1), "-tls1_3"))) << "TLS 1.2 only";
  const auto ec = s_client(servers.port(2), "-tls1_3", "127.0.0.1", ec_root);
  EXPECT_TRUE(verified(ec)) << ec.out;
  EXPECT_NE(ec.out.find("Server public key is 256 bit"), std::string::npos) << "the ECDSA P-256 leaf";
  EXPECT_FALSE(verified(s_client(servers.port(2), "-tls1_2", "127.0.0.1", ec_root))) << "TLS 1.3 only";
  if (!servers.ipv6()) GTEST_SKIP() << "no IPv6 loopback here: IPv4 only";
  EXPECT_TRUE(verified(s_client(servers.port(0), "", "[::1]")));
  EXPECT_EQ(curl_codes(servers.port(0), "", "--resolve localhost:" + std::to_string(servers.port(0)) + ":::1"),
            "200 000");
}

class ProbeServersMail : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("exim4");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    if (::geteuid() != 0) TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("exim -bd needs root (CI runs as root)");
  }
};

TEST_F(ProbeServersMail, EximOffersStarttlsAndSmtpsWithTheGivenChain) {
  testing::MailServer mail(pki().chain(), pki().key());
  ASSERT_TRUE(mail.started()) << mail.log();
  const auto starttls = s_client(mail.port(), "-starttls smtp");
  EXPECT_TRUE(verified(starttls)) << starttls.out << mail.log();
  EXPECT_NE(starttls.out.find("250 HELP"), std::string::npos) << "EHLO after TLS: " << starttls.out;
  ASSERT_NE(mail.smtps_port(), 0);
  // Implicit TLS: the greeting comes after the handshake; s_client waits for it, and for
  // exim to close after QUIT (-ign_eof), a command sent early being a synchronization error.
  const auto smtps = testing::run("(sleep 0.3; echo QUIT) | timeout 10 openssl s_client -ign_eof -connect 127.0.0.1:" +
                                  std::to_string(mail.smtps_port()) + " -CAfile " + testing::quote(pki().root()) +
                                  " -verify_hostname localhost -verify_return_error 2>&1");
  EXPECT_TRUE(verified(smtps)) << smtps.out;
  EXPECT_NE(smtps.out.find("220 mail.test ESMTP"), std::string::npos) << smtps.out;
  if (mail.ipv6()) {
    EXPECT_TRUE(verified(s_client(mail.port(), "-starttls smtp", "[::1]")));
  }
}

TEST_F(ProbeServersMail, EximWithoutStarttlsSaysNothingOfIt) {
  testing::MailServer mail(pki().chain(), pki().key(), {.offer_starttls = false, .smtps = false});
  ASSERT_TRUE(mail.started()) << mail.log();
  EXPECT_EQ(mail.smtps_port(), 0);
  const auto r = s_client(mail.port(), "-starttls smtp");
  EXPECT_FALSE(verified(r));
  EXPECT_NE(r.out.find("Didn't find STARTTLS in server response"), std::string::npos) << r.out;
}

class ProbeServersProxy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::tool_available("nginx") || !testing::tool_available("openssl")) return;
    dir_ = std::make_unique<testing::TempDir>();
    nginx_ = std::make_unique<testing::TlsServers>(dir_->path(),
                                                   std::vector<testing::ServedChain>{{pki().chain(), pki().key()}});
  }
  static void TearDownTestSuite() {
    nginx_.reset();
    dir_.reset();
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("tinyproxy");
    TRUSTREADY_REQUIRE_TOOL("nginx");
    TRUSTREADY_REQUIRE_TOOL("curl");
    ASSERT_TRUE(nginx_ && nginx_->started()) << (nginx_ ? nginx_->log() : "");
  }
  static inline std::unique_ptr<testing::TempDir> dir_;
  static inline std::unique_ptr<testing::TlsServers> nginx_;
};

TEST_F(ProbeServersProxy, TinyproxyTunnelsToTheLoopbackServer) {
  testing::ForwardProxy proxy;
  ASSERT_TRUE(proxy.started()) << proxy.log();
  EXPECT_EQ(curl_codes(nginx_->port(0), "", "-x " + proxy.url()), "200 200");
  EXPECT_EQ(proxy.connects(), 1) << proxy.log();
  if (nginx_->ipv6()) {
    EXPECT_EQ(curl_codes(nginx_->port(0), "", "-x " + proxy.url() + " --connect-to localhost::[::1]:"), "200 200");
  }
}

TEST_F(ProbeServersProxy, TinyproxyWithBasicAuthAnswers407WithoutIt) {
  testing::ForwardProxy proxy({.user = "user", .password = "secret"});
  ASSERT_TRUE(proxy.started()) << proxy.log();
  EXPECT_EQ(curl_codes(nginx_->port(0), "", "-x " + proxy.url()), "000 407");
  // A wrong password: tinyproxy 1.11 answers 401, not 407.
  EXPECT_EQ(curl_codes(nginx_->port(0), "", "-x " + proxy.url() + " -U user:wrong"), "000 401");
  EXPECT_EQ(curl_codes(nginx_->port(0), "", "-x " + proxy.url() + " -U user:secret"), "200 200");
  EXPECT_EQ(proxy.connects(), 3) << proxy.log();
}

class ProbeServersHostile : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("/usr/bin/python3");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("curl");
  }
  /// A started server in `mode`.
  static std::unique_ptr<testing::HostileServer> start(testing::HostileMode mode, bool with_chain = false) {
    auto s = std::make_unique<testing::HostileServer>(mode, with_chain ? pki().chain() : "",
                                                      with_chain ? pki().key() : "");
    EXPECT_TRUE(s->started()) << s->log();
    return s;
  }
  /// bash, with fd 3 connected to the server: "exec 3<>/dev/tcp/127.0.0.1/PORT; " + script.
  static testing::CommandResult talk(const testing::HostileServer& s, const std::string& script) {
    return bash("exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(s.port()) + "; " + script);
  }
  /// After sending `send` (printf's format), what the server sent in `seconds` through
  /// `filter` (" | wc -c"), then timeout's status: 124 when the server kept the
  /// connection open, 0 when it closed it.
  static std::string receive(const testing::HostileServer& s, const std::string& seconds,
                             const std::string& filter = "", const std::string& send = "") {
    const std::string sending = send.empty() ? "" : "printf " + testing::quote(send) + " >&3; ";
    return talk(s, sending + "timeout " + seconds + " cat <&3" + filter + "; echo \"${PIPESTATUS[0]}\"").out;
  }
};

using testing::HostileMode;

TEST_F(ProbeServersHostile, SilentSendsNothingAndKeepsTheConnection) {
  const auto s = start(HostileMode::Silent);
  EXPECT_EQ(receive(*s, "1", " | wc -c"), "0\n124\n") << "no byte, and still open when the 1 s timeout expired";
}

TEST_F(ProbeServersHostile, SlowSendsAHandshakeRecordAByteASecond) {
  const auto s = start(HostileMode::Slow);
  const auto r = talk(*s, "timeout 2.5 cat <&3 | od -An -tx1 | tr -d ' \\n'");
  EXPECT_TRUE(r.out == "1603" || r.out == "160303") << r.out;
}

TEST_F(ProbeServersHostile, GarbageSendsTenMebibytesAndCloses) {
  const auto s = start(HostileMode::Garbage);
  const auto r = talk(*s, "timeout 10 cat <&3 | head -c 20000000 | wc -c");
  EXPECT_EQ(r.out, "10485760\n");
}

TEST_F(ProbeServersHostile, HugeChainSendsOverOpensslsCertificateListLimit) {
  const auto s = start(HostileMode::HugeChain, true);
  const auto r = s_client(s->port());
  EXPECT_FALSE(verified(r));
  EXPECT_NE(r.out.find("CONNECTED"), std::string::npos) << r.out;
  // The handshake got as far as the Certificate message, which is over the limit
  // (the openssl CLI has no option to raise it).
  EXPECT_NE(r.out.find("excessive message size"), std::string::npos) << r.out;
  EXPECT_NE(s->log().find("HugeChain: 1000 certificates"), std::string::npos) << s->log();
}

TEST_F(ProbeServersHostile, ResetMidHandshakeResets) {
  const auto s = start(HostileMode::ResetMidHandshake);
  const auto r = s_client(s->port());
  EXPECT_FALSE(verified(r));
  EXPECT_NE(r.out.find("errno=104"), std::string::npos) << "ECONNRESET: " << r.out;
  EXPECT_NE(r.out.find("SSL handshake has read 40 bytes"), std::string::npos) << r.out;
}

TEST_F(ProbeServersHostile, OversizedRecordIsRejectedAsTooLong) {
  const auto s = start(HostileMode::OversizedRecord);
  const auto r = s_client(s->port());
  EXPECT_FALSE(verified(r));
  EXPECT_NE(r.out.find("length too long"), std::string::npos) << r.out;
}

TEST_F(ProbeServersHostile, SmtpNoGreetingNeverGreets) {
  const auto s = start(HostileMode::SmtpNoGreeting);
  EXPECT_EQ(receive(*s, "1", " | wc -c"), "0\n124\n");
}

TEST_F(ProbeServersHostile, SmtpEndlessMultilineNeverEnds) {
  const auto s = start(HostileMode::SmtpEndlessMultiline);
  const std::string out = receive(*s, "1", " | grep -c '^250-'", "EHLO probe\\r\\n");
  ASSERT_NE(out.find('\n'), std::string::npos) << out;
  EXPECT_GT(std::stoi(out), 1000) << out;
  EXPECT_NE(out.find("\n124\n"), std::string::npos) << "still going after 1 s: " << out;
}

TEST_F(ProbeServersHostile, SmtpNoStarttlsDoesNotOfferIt) {
  const auto s = start(HostileMode::SmtpNoStarttls);
  const auto r = s_client(s->port(), "-starttls smtp");
  EXPECT_NE(r.out.find("Didn't find STARTTLS in server response"), std::string::npos) << r.out;
  EXPECT_NE(testing::read_file(s->log_file()).find("C: EHLO"), std::string::npos) << s->log();
}

TEST_F(ProbeServersHostile, Smtp421GreetsWith421AndCloses) {
  const auto s = start(HostileMode::Smtp421);
  EXPECT_EQ(receive(*s, "5"), "421 4.7.0 Too many connections\r\n0\n");
}

TEST_F(ProbeServersHostile, Smtp454RefusesStarttls) {
  const auto s = start(HostileMode::Smtp454);
  const auto r = s_client(s->port(), "-starttls smtp");
  EXPECT_FALSE(verified(r));
  const std::string log = testing::read_file(s->log_file());
  EXPECT_NE(log.find("S: 250-STARTTLS"), std::string::npos) << log;
  EXPECT_NE(log.find("C: STARTTLS\nS: 454 4.7.0 TLS not available"), std::string::npos) << log;
}

TEST_F(ProbeServersHostile, SmtpPipelineStrictLetsAPatientClientIntoTls) {
  const auto s = start(HostileMode::SmtpPipelineStrict, true);
  const auto r = s_client(s->port(), "-starttls smtp");
  EXPECT_TRUE(verified(r)) << r.out << s->log();
  EXPECT_FALSE(s->client_pipelined()) << s->log();
}

TEST_F(ProbeServersHostile, SmtpPipelineStrictRefusesAClientThatTalksFirst) {
  const auto s = start(HostileMode::SmtpPipelineStrict, true);
  EXPECT_EQ(receive(*s, "5", "", "EHLO probe\\r\\n"), "554 SMTP synchronization error\r\n0\n");
  EXPECT_TRUE(s->client_pipelined()) << s->log();
}

TEST_F(ProbeServersHostile, SmtpPipelineStrictNoticesCommandsSentTogether) {
  const auto s = start(HostileMode::SmtpPipelineStrict);
  const auto r = talk(*s, "head -n1 <&3 >/dev/null; printf 'EHLO probe\\r\\nSTARTTLS\\r\\n' >&3; timeout 5 cat <&3");
  EXPECT_EQ(r.out, "554 SMTP synchronization error\r\n") << "after the greeting, EHLO and STARTTLS at once";
  EXPECT_TRUE(s->client_pipelined()) << s->log();
}

TEST_F(ProbeServersHostile, ProxiesAnswer407Or502OrNothing) {
  const auto p407 = start(HostileMode::Proxy407);
  const auto p502 = start(HostileMode::Proxy502);
  const auto silent = start(HostileMode::ProxySilent);
  auto via = [](const testing::HostileServer& p) {
    return "-x http://127.0.0.1:" + std::to_string(p.port()) + " --max-time 1";
  };
  EXPECT_EQ(curl_codes(1, "", via(*p407)), "000 407");
  EXPECT_EQ(curl_codes(1, "", via(*p502)), "000 502");
  EXPECT_EQ(curl_codes(1, "", via(*silent)), "000 000");
}

}  // namespace
}  // namespace trustready
