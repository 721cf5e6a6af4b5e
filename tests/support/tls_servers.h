// Real nginx TLS servers on 127.0.0.1 for the real-client tests: one server per
// certificate chain, each on a port the kernel said was free, in the foreground as the
// test's child (it dies with the test).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace trustready::testing {

struct ServedChain {
  std::string chain;  ///< PEM: the leaf first, then what the server sends above it
  std::string key;    ///< the leaf's private key
};

class TlsServers {
 public:
  /// Starts nginx with its files in `dir`, serving each chain on its own port; a port
  /// taken meanwhile is retried with others (five attempts, five seconds each).
  TlsServers(const std::string& dir, const std::vector<ServedChain>& chains);
  /// Every server accepts connections.
  bool started() const { return started_; }
  int port(std::size_t i) const { return ports_.at(i); }
  /// What nginx said, for a failure message.
  std::string log() const;

 private:
  std::string dir_;
  std::vector<int> ports_;
  std::unique_ptr<ChildProcess> nginx_;
  bool started_ = false;
};

}  // namespace trustready::testing
