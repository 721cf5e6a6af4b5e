#include "support/ports.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace trustready::testing {
namespace {

/// A loopback address of `host`'s family with `port`; its length in `len`.
sockaddr_storage loopback(const std::string& host, int port, socklen_t& len) {
  sockaddr_storage s{};
  if (host.find(':') != std::string::npos) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&s);
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    a->sin6_port = htons(static_cast<uint16_t>(port));
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&s);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a->sin_port = htons(static_cast<uint16_t>(port));
    len = sizeof *a;
  }
  return s;
}

}  // namespace

int free_port() {
  socklen_t len = 0;
  sockaddr_storage a = loopback("127.0.0.1", 0, len);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), len) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(reinterpret_cast<sockaddr_in*>(&a)->sin_port);
  ::close(fd);
  return port;
}

bool accepts_connections(int port, const std::string& host) {
  socklen_t len = 0;
  const sockaddr_storage a = loopback(host, port, len);
  const int fd = ::socket(a.ss_family, SOCK_STREAM, 0);
  const bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr*>(&a), len) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

bool ipv6_loopback() {
  socklen_t len = 0;
  const sockaddr_storage a = loopback("::1", 0, len);
  const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
  const bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr*>(&a), len) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

void nap() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); }

}  // namespace trustready::testing
