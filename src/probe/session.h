// One target's probe, every attempt: resolve, connect (directly or through a proxy's
// CONNECT), SMTP's STARTTLS dialogue, the TLS handshake, an HTTP HEAD. Internal to probe/.
#pragma once

#include <asio/awaitable.hpp>
#include <optional>

#include "cert/tls_client.h"
#include "probe/engine.h"
#include "probe/host_limiter.h"

namespace trustready::probe::detail {

struct SessionContext {
  const EngineSettings& settings;
  const cert::TlsClientContext& tls;
  HostLimiter& limiter;
};

/// Never throws for what the network does: every failure is the capture's error.
asio::awaitable<Capture> probe_target(const Target& target, const std::optional<Proxy>& proxy, SessionContext& context);

}  // namespace trustready::probe::detail
