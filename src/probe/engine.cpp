#include "probe/engine.h"

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/strand.hpp>
#include <thread>

#include "probe/session.h"

namespace trustready::probe {

const char* to_string(Stage s) {
  switch (s) {
    case Stage::Resolve: return "resolve";
    case Stage::Connect: return "connect";
    case Stage::Proxy: return "proxy";
    case Stage::Smtp: return "smtp";
    case Stage::Handshake: return "handshake";
    case Stage::Http: return "http";
    case Stage::Done: return "done";
  }
  return "done";
}

namespace {

/// The threads that run the handshakes: one per core, at most four (the work per target
/// is a handshake's public-key operations, and loopback servers share the cores).
unsigned thread_count(const EngineSettings& s, std::size_t targets) {
  unsigned n = s.threads != 0 ? s.threads : std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  return static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(1, targets)));
}

struct Run {
  const std::vector<Target>& targets;
  const std::vector<std::optional<Proxy>>& proxies;
  detail::SessionContext context;
  const CaptureSink& sink;
  Progress* progress;
  std::atomic<std::size_t> next{0};
};

/// Takes the next target until none is left: `concurrency` of these run at once.
asio::awaitable<void> worker(Run& run) {
  static const std::optional<Proxy> kDirect;
  for (;;) {
    const std::size_t i = run.next.fetch_add(1);
    if (i >= run.targets.size()) co_return;
    if (run.progress) ++run.progress->started;
    const auto& proxy = run.proxies.empty() ? kDirect : run.proxies[i];
    Capture capture = co_await detail::probe_target(run.targets[i], proxy, run.context);
    capture.index = i;
    const bool failed = !capture.ok();
    run.sink(run.targets[i], std::move(capture));
    if (run.progress) {
      if (failed) ++run.progress->failed;
      ++run.progress->done;
    }
  }
}

}  // namespace

Status capture_all(const std::vector<Target>& targets, const std::vector<std::optional<Proxy>>& proxies,
                   const EngineSettings& settings, const cert::TlsClientContext& tls, const CaptureSink& sink,
                   Progress* progress) {
  if (!proxies.empty() && proxies.size() != targets.size()) return make_error("one proxy choice per target");
  if (targets.empty()) return ok_status();
  const unsigned threads = thread_count(settings, targets.size());
  asio::io_context io(static_cast<int>(threads));
  detail::HostLimiter limiter(settings.per_host);
  Run run{targets, proxies, {settings, tls, limiter}, sink, progress};
  const std::size_t workers = std::clamp<std::size_t>(settings.concurrency, 1, targets.size());
  for (std::size_t w = 0; w < workers; ++w) asio::co_spawn(asio::make_strand(io), worker(run), asio::detached);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  return ok_status();
}

}  // namespace trustready::probe
