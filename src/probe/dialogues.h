// What is said on a connection before and after the TLS handshake: a proxy's CONNECT (HTTP
// or SOCKS5),
// SMTP's STARTTLS (one command at a time: strict servers answer a client that speaks
// early with "554 SMTP synchronization error"), the handshake, an HTTP HEAD. Each sets
// the capture's stage and, on failure, its error in words. Internal to probe/.
#pragma once

#include <asio/awaitable.hpp>
#include <cstdint>
#include <string>

#include "cert/tls_client.h"
#include "probe/connection.h"
#include "probe/engine.h"

namespace trustready::probe::detail {

asio::awaitable<void> open_tunnel(Connection& c, const Proxy& proxy, const std::string& host, std::uint16_t port,
                                  const Timeouts& timeouts, Capture& out);

/// The same through a SOCKS5 proxy (RFC 1928, RFC 1929 when it has a user).
asio::awaitable<void> open_socks_tunnel(Connection& c, const Proxy& proxy, const std::string& host, std::uint16_t port,
                                        const Timeouts& timeouts, Capture& out);

asio::awaitable<void> start_tls_over_smtp(Connection& c, const Timeouts& timeouts, Capture& out);

/// The handshake (the chain, version and cipher), then for https the HEAD's status.
asio::awaitable<void> tls_session(Connection& c, const cert::TlsClientContext& context, const Target& t,
                                  const EngineSettings& settings, Capture& out);

/// --aia: fetches what `settings.lacks_issuer` says the captured chain lacks.
asio::awaitable<void> fetch_missing_issuers(const EngineSettings& settings, Capture& out);

}  // namespace trustready::probe::detail
