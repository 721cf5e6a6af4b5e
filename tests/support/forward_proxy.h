// A real HTTP forward proxy for the probe tests: tinyproxy in the foreground on a free
// 127.0.0.1 port, its configuration and log in a TempDir, tunnelling CONNECT to any port
// (no ConnectPort line), optionally behind Basic authentication.
#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"
#include "support/fixtures.h"

namespace trustready::testing {

struct ProxyOptions {
  std::string user;      ///< with `password`: Basic auth required (407 without it)
  std::string password;  ///< the password for `user`
};

class ForwardProxy {
 public:
  /// Starts tinyproxy; waits at most 10 s for its port; a port taken meanwhile is retried
  /// with others (three attempts).
  explicit ForwardProxy(ProxyOptions options = {});
  /// The proxy accepts connections.
  bool started() const { return started_; }
  /// Its port on 127.0.0.1.
  int port() const { return port_; }
  /// "http://127.0.0.1:PORT", as HTTPS_PROXY or curl -x take it.
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// tinyproxy's log (LogLevel Connect: every connection and request line).
  std::string log() const;
  /// How many CONNECT requests tinyproxy logged so far (authorized or not).
  int connects() const;

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> tinyproxy_;
  bool started_ = false;
};

}  // namespace trustready::testing
