#include "probe/session.h"

#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "probe/connection.h"
#include "probe/dialogues.h"

namespace trustready::probe::detail {
namespace {

/// Worth another attempt: the server was not reached (refused, unreachable, no answer
/// to the SYN). Anything said after connecting is an answer, and is reported as it is.
bool retryable(const Capture& c) { return c.stage == Stage::Resolve || c.stage == Stage::Connect; }

/// Resolves and connects, holding a --per-host slot for the address (the proxy's
/// destination name when proxied: the proxy resolves it) for the rest of the attempt.
asio::awaitable<void> connect(Connection& c, const std::string& host, std::uint16_t port, bool numeric,
                              const std::string& slot_key, SessionContext& context, std::unique_ptr<HostSlot>& slot,
                              Capture& out) {
  out.stage = Stage::Resolve;
  out.error = co_await c.resolve(host, port, numeric, context.settings.timeouts.connect);
  if (!out.ok()) co_return;
  out.stage = Stage::Connect;
  const std::string key = slot_key.empty() ? c.first_address() : slot_key;
  c.disarm();  // waiting for the slot is not the server's time
  co_await context.limiter.acquire(key);
  slot = std::make_unique<HostSlot>(context.limiter, key);
  c.arm(context.settings.timeouts.connect);
  out.error = co_await c.connect();
  out.address = c.address;
}

asio::awaitable<void> attempt(const Target& t, const std::optional<Proxy>& proxy, SessionContext& context,
                              Clock::time_point end, Capture& out) {
  const auto& settings = context.settings;
  const auto [host, port] = connect_address(t, settings.connect_to);
  auto c = std::make_shared<Connection>(co_await asio::this_coro::executor, end);
  std::unique_ptr<HostSlot> slot;
  if (proxy) {
    co_await connect(*c, proxy->host, proxy->port, false, host, context, slot, out);
    if (out.ok() && proxy->kind == ProxyKind::Http) co_await open_tunnel(*c, *proxy, host, port, settings.timeouts, out);
    else if (out.ok()) co_await open_socks_tunnel(*c, *proxy, host, port, settings.timeouts, out);
  } else {
    co_await connect(*c, host, port, t.host_is_ip && host == t.host, "", context, slot, out);
  }
  if (out.ok() && t.protocol == Protocol::Smtp) co_await start_tls_over_smtp(*c, settings.timeouts, out);
  if (out.ok()) co_await tls_session(*c, context.tls, t, settings, out);
  c->disarm();
  c->close();
  slot.reset();
  if (out.ok() && settings.lacks_issuer) co_await fetch_missing_issuers(settings, out);
}

}  // namespace

asio::awaitable<Capture> probe_target(const Target& target, const std::optional<Proxy>& proxy, SessionContext& context) {
  const auto& settings = context.settings;
  const auto start = Clock::now();
  const auto end = start + settings.timeouts.total;
  Capture out;
  if (proxy) out.via = proxy->display;
  auto backoff = settings.backoff;
  for (int attempt_no = 0;; ++attempt_no) {
    Capture tried;
    tried.via = out.via;
    tried.attempts = attempt_no + 1;
    co_await attempt(target, proxy, context, end, tried);
    out = std::move(tried);
    if (out.ok() || !retryable(out) || attempt_no >= settings.retries || Clock::now() + backoff >= end) break;
    asio::steady_timer pause(co_await asio::this_coro::executor, backoff);
    std::error_code ignored;
    co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    backoff *= 2;
  }
  out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  co_return out;
}

}  // namespace trustready::probe::detail
