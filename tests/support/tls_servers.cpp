#include "support/tls_servers.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "support/fixtures.h"

namespace trustready::testing {
namespace {

/// A port the kernel says is free now (bound to 0, then closed).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

TlsServers::TlsServers(const std::string& dir, const std::vector<ServedChain>& chains)
    : dir_(dir), ports_(chains.size()) {
  for (int attempt = 0; attempt < 5 && !started_; ++attempt) {
    std::string servers;
    for (std::size_t v = 0; v < chains.size(); ++v) {
      ports_[v] = free_port();
      servers += " server {\n  listen 127.0.0.1:" + std::to_string(ports_[v]) + " ssl;\n  ssl_certificate " +
                 chains[v].chain + ";\n  ssl_certificate_key " + chains[v].key +
                 ";\n  location / { return 200 \"ok\\n\"; }\n }\n";
    }
    const std::string& d = dir_;
    write_file(d + "/nginx.conf", "daemon off; master_process off; pid " + d + "/nginx.pid; error_log " + d +
                                      "/error.log;\nevents {}\nhttp {\n access_log off;\n client_body_temp_path " + d +
                                      "/t1; proxy_temp_path " + d + "/t2; fastcgi_temp_path " + d +
                                      "/t3; uwsgi_temp_path " + d + "/t4; scgi_temp_path " + d + "/t5;\n" + servers +
                                      "}\n");
    nginx_ = std::make_unique<ChildProcess>(std::vector<std::string>{"nginx", "-p", d, "-c", d + "/nginx.conf"},
                                            d + "/nginx.out");
    for (int i = 0; i < 100 && !started_ && nginx_->running(); ++i) {  // at most 5 s
      started_ = std::all_of(ports_.begin(), ports_.end(), [](int p) { return accepts_connections(p); });
      if (!started_) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!started_) nginx_.reset();  // a port taken meanwhile: stop it and try others
  }
}

std::string TlsServers::log() const { return read_file(dir_ + "/error.log"); }

}  // namespace trustready::testing
