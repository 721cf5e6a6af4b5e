// A real MTA for the probe tests: Debian's exim4 (exim4-daemon-light) offering STARTTLS
// on a free loopback port, and implicit TLS (smtps) on a second one, with a given chain,
// configured in its own TempDir and run in the foreground as the test's child.
// exim, started by root with a configuration of its own (-C), drops to the Debian-exim
// user at once: its files are that user's, and a guard kills it with the test.
#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"
#include "support/fixtures.h"

namespace trustready::testing {

struct MailOptions {
  bool offer_starttls = true;  ///< false: EHLO's answer does not advertise STARTTLS
  bool smtps = true;           ///< also implicit TLS on smtps_port() (exim's tls_on_connect_ports)
};

class MailServer {
 public:
  /// Starts exim serving `chain` (PEM: the leaf, then what it sends above it) with `key`,
  /// on 127.0.0.1 (and [::1] where there is one); waits at most 10 s for the ports; a port
  /// taken meanwhile is retried with others (three attempts). Needs root (exim -bd does).
  MailServer(const std::string& chain, const std::string& key, MailOptions options = {});
  /// Both ports accept connections.
  bool started() const { return started_; }
  /// The SMTP port (STARTTLS when offered).
  int port() const { return port_; }
  /// The implicit-TLS port; 0 when options.smtps was false.
  int smtps_port() const { return smtps_port_; }
  /// exim listens on [::1] too, on the same ports.
  bool ipv6() const { return ipv6_; }
  /// exim's main and panic logs and what it printed, for a failure message.
  std::string log() const;

 private:
  TempDir dir_;
  int port_ = 0;
  int smtps_port_ = 0;
  bool ipv6_ = false;
  std::unique_ptr<ChildProcess> exim_;
  bool started_ = false;
};

}  // namespace trustready::testing
