// Real nginx TLS servers on 127.0.0.1 (and [::1] where there is one) for the real-client
// and probe tests: one server per certificate chain, each on a port the kernel said was
// free, in the foreground as the test's child (it dies with the test). Each answers
// `GET /` with 200 "ok\n" and anything else with 404, so an HTTPS request gets a status.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace trustready::testing {

struct ServedChain {
  std::string chain;  ///< PEM: the leaf first, then what the server sends above it
  std::string key;    ///< the leaf's private key
  std::string protocols = "TLSv1.2 TLSv1.3";  ///< nginx ssl_protocols: "TLSv1.2", "TLSv1.3", both
};

class TlsServers {
 public:
  /// Starts nginx with its files in `dir`, serving each chain on its own port, on both
  /// 127.0.0.1 and [::1] when ipv6(); a port taken meanwhile is retried with others
  /// (five attempts, five seconds each).
  TlsServers(const std::string& dir, const std::vector<ServedChain>& chains);
  /// Every server accepts connections.
  bool started() const { return started_; }
  /// The port of chains[i], the same on 127.0.0.1 and [::1].
  int port(std::size_t i) const { return ports_.at(i); }
  /// The servers listen on [::1] too (false on a machine without an IPv6 loopback).
  bool ipv6() const { return ipv6_; }
  /// What nginx said, for a failure message.
  std::string log() const;

 private:
  std::string dir_;
  std::vector<int> ports_;
  std::unique_ptr<ChildProcess> nginx_;
  bool ipv6_ = false;
  bool started_ = false;
};

}  // namespace trustready::testing
