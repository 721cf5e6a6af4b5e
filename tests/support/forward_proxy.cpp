#include "support/forward_proxy.h"

#include "support/ports.h"

namespace trustready::testing {

ForwardProxy::ForwardProxy(ProxyOptions options) {
  const std::string d = dir_.path();
  for (int attempt = 0; attempt < 3 && !started_; ++attempt) {
    port_ = free_port();
    // Run as root (as CI does), tinyproxy warns that it keeps the current user: it does
    // not change its user id, so PR_SET_PDEATHSIG still kills it with the test.
    write_file(d + "/tinyproxy.conf",
               "Port " + std::to_string(port_) + "\nListen 127.0.0.1\nAllow 127.0.0.1\nAllow ::1\n"
               "DisableViaHeader Yes\nLogFile \"" + d + "/tinyproxy.log\"\nLogLevel Connect\n"
               "PidFile \"" + d + "/tinyproxy.pid\"\nMaxClients 50\nTimeout 30\n" +
               (options.user.empty() ? "" : "BasicAuth " + options.user + " " + options.password + "\n"));
    tinyproxy_ = std::make_unique<ChildProcess>(std::vector<std::string>{"tinyproxy", "-d", "-c", d + "/tinyproxy.conf"},
                                                d + "/tinyproxy.out");
    started_ = wait_until_accepting(port_, [this] { return tinyproxy_->running(); });
    if (!started_) tinyproxy_.reset();
  }
}

std::string ForwardProxy::log() const { return read_file(dir_ / "tinyproxy.log") + read_file(dir_ / "tinyproxy.out"); }

int ForwardProxy::connects() const {
  const std::string text = read_file(dir_ / "tinyproxy.log");
  int n = 0;
  for (auto at = text.find("): CONNECT "); at != std::string::npos; at = text.find("): CONNECT ", at + 1)) ++n;
  return n;
}

}  // namespace trustready::testing
