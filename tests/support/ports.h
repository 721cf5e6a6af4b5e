// Loopback ports for the servers the tests start: which are free, which accept, and
// whether this machine has ::1 at all.
#pragma once

#include <string>

namespace trustready::testing {

/// A port the kernel says is free now on 127.0.0.1 (bound to 0, then closed).
int free_port();
/// A TCP connection to `host` ("127.0.0.1" or "::1") on `port` succeeds now.
bool accepts_connections(int port, const std::string& host = "127.0.0.1");
/// Until `port` accepts on `host` or `running()` turns false, polling every 50 ms for at
/// most `seconds`; true when it accepts.
template <typename Running>
bool wait_until_accepting(int port, Running running, double seconds = 10, const std::string& host = "127.0.0.1");
/// A socket can be bound to [::1] here (some containers have no IPv6 loopback).
bool ipv6_loopback();
/// Sleeps 50 ms (for the polling loops above, without <thread> in every file).
void nap();

template <typename Running>
bool wait_until_accepting(int port, Running running, double seconds, const std::string& host) {
  for (int i = 0; i < static_cast<int>(seconds * 20); ++i) {
    if (accepts_connections(port, host)) return true;
    if (!running()) return false;
    nap();
  }
  return false;
}

}  // namespace trustready::testing
