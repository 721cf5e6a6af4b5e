// The capture engine and probe's chain cache with several threads (scripts/test --tsan
// runs these under ThreadSanitizer): many targets at once against one real nginx on
// 127.0.0.1, each capture the leaf nginx serves (its fingerprint as the openssl command
// line computes it), each distinct chain judged once.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include <mutex>
#include <set>

#include "catalog/catalog.h"
#include "fs/root_fs.h"
#include "probe/engine.h"
#include "run/run_probe.h"
#include "support/fixtures.h"
#include "support/real_clients.h"
#include "support/test_pki.h"
#include "support/tls_servers.h"

namespace trustready {
namespace {

class ProbeEngineThreads : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("nginx");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    pki_ = std::make_unique<testing::TestPki>(dir_);
    pki_->root("Root");
    pki_->leaf("leaf", "Root", "localhost");
    servers_ = std::make_unique<testing::TlsServers>(dir_.path(), std::vector<testing::ServedChain>{
                                                                      {pki_->path("leaf.pem"), pki_->path("leaf.key")}});
    ASSERT_TRUE(servers_->started()) << servers_->log();
  }

  std::vector<probe::Target> targets(std::size_t n) const {
    std::vector<probe::Target> out;
    for (std::size_t i = 0; i < n; ++i) {
      auto t = probe::parse_target("tls://localhost:" + std::to_string(servers_->port(0)));
      out.push_back(*t);
    }
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::TestPki> pki_;
  std::unique_ptr<testing::TlsServers> servers_;
};

TEST_F(ProbeEngineThreads, EveryTargetCapturesTheServedLeafFromEveryThread) {
  const std::string leaf = testing::openssl_fingerprint(pki_->path("leaf.pem"));
  ASSERT_EQ(leaf.size(), 64u);
  auto tls = cert::TlsClientContext::create();
  ASSERT_TRUE(tls) << tls.error();
  probe::EngineSettings settings;
  settings.threads = 2;
  settings.concurrency = 16;
  settings.per_host = 4;
  const auto list = targets(120);
  std::mutex mutex;
  std::set<std::size_t> seen;
  std::size_t with_leaf = 0;
  probe::Progress progress;
  auto sink = [&](const probe::Target&, probe::Capture&& c) {
    std::lock_guard lock(mutex);
    seen.insert(c.index);
    if (c.ok() && !c.presented.empty() && c.presented.front().sha256().hex() == leaf) ++with_leaf;
  };
  ASSERT_TRUE(probe::capture_all(list, {}, settings, *tls, sink, &progress));
  EXPECT_EQ(seen.size(), list.size());
  EXPECT_EQ(with_leaf, list.size());
  EXPECT_EQ(progress.done.load(), list.size());
  EXPECT_EQ(progress.failed.load(), 0u);
}

TEST_F(ProbeEngineThreads, OneChainForOneNameIsJudgedOnceWhateverTheThreads) {
  auto catalog = catalog::Catalog::embedded();
  ASSERT_TRUE(catalog) << catalog.error();
  auto root = fs::RootFs::open("/");
  ASSERT_TRUE(root) << root.error();
  run::ProbeRequest request;
  request.targets = targets(60);
  request.engine.threads = 2;
  request.engine.concurrency = 12;
  request.engine.per_host = 0;
  request.engine.http_request = false;
  request.stores = {pki_->path("Root.pem")};
  request.at = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const bool s_client_trusts = testing::s_client_accepts({servers_->port(0), "localhost", pki_->path("Root.pem")});
  std::size_t trusted = 0;
  auto summary = run::run_probe(*root, *catalog, request, [&](const results::ProbeResult& r) {
    if (r.trusted_everywhere()) ++trusted;  // calls come one at a time
  });
  ASSERT_TRUE(summary) << summary.error();
  EXPECT_EQ(summary->distinct_chains, 1u);
  EXPECT_TRUE(s_client_trusts);
  EXPECT_EQ(trusted, s_client_trusts ? request.targets.size() : 0u);
}

}  // namespace
}  // namespace trustready

namespace trustready {
namespace {

/// A server on 127.0.0.1 that accepts and never answers, counting the connections open
/// at once (its own view, from accept and the peer's close), for at most `seconds`.
class CountingServer {
 public:
  explicit CountingServer(double seconds) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), len) != 0 || ::listen(listener_, 64) != 0) return;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this, seconds] { serve(seconds); });
  }
  ~CountingServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  int port() const { return port_; }
  std::size_t most_at_once() const { return most_; }
  std::size_t accepted() const { return accepted_; }

 private:
  void serve(double seconds) {
    std::vector<pollfd> fds{{listener_, POLLIN, 0}};
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!stop_ && std::chrono::steady_clock::now() < end) {
      if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
      for (std::size_t i = fds.size(); i-- > 1;) {
        char byte[4096];
        if (fds[i].revents && ::read(fds[i].fd, byte, sizeof byte) <= 0) {
          ::close(fds[i].fd);
          fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(i));
        }
      }
      if (fds[0].revents & POLLIN) {
        const int fd = ::accept(listener_, nullptr, nullptr);
        if (fd >= 0) fds.push_back({fd, POLLIN, 0}), ++accepted_;
      }
      most_ = std::max(most_.load(), fds.size() - 1);
    }
    for (std::size_t i = 1; i < fds.size(); ++i) ::close(fds[i].fd);
  }
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> most_{0}, accepted_{0};
  std::thread thread_;
};

TEST(ProbeEnginePerHostThreads, NoMoreConnectionsToOneAddressThanPerHostAllows) {
  CountingServer server(20);
  ASSERT_NE(server.port(), 0);
  auto tls = cert::TlsClientContext::create();
  ASSERT_TRUE(tls) << tls.error();
  probe::EngineSettings settings;
  settings.threads = 2;
  settings.concurrency = 8;
  settings.per_host = 2;  // what the option means: at most two open at once to one address
  settings.retries = 0;
  settings.timeouts.handshake = std::chrono::milliseconds(300);
  std::vector<probe::Target> list;
  for (int i = 0; i < 8; ++i) list.push_back(*probe::parse_target("tls://127.0.0.1:" + std::to_string(server.port())));
  std::atomic<std::size_t> timed_out{0};
  ASSERT_TRUE(probe::capture_all(list, {}, settings, *tls, [&](const probe::Target&, probe::Capture&& c) {
    if (c.stage == probe::Stage::Handshake && c.error.find("within") != std::string::npos) ++timed_out;
  }));
  EXPECT_EQ(timed_out.load(), list.size());
  EXPECT_EQ(server.accepted(), list.size());
  EXPECT_EQ(server.most_at_once(), 2u);
}

}  // namespace
}  // namespace trustready
