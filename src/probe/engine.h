// The capture engine: connects to many targets at once (standalone Asio, one process,
// a few threads), speaks what comes before TLS (an HTTP CONNECT proxy, SMTP's STARTTLS),
// does the handshake without verifying, and hands each presented chain to a sink. The
// judging happens in the sink, after the handshake: one handshake answers for every
// store and every engine.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cert/certificate.h"
#include "cert/tls_client.h"
#include "probe/proxy.h"
#include "probe/target.h"

namespace trustready::probe {

/// Where a target's probe ended.
enum class Stage { Resolve, Connect, Proxy, Smtp, Handshake, Http, Done };
const char* to_string(Stage s);

struct Timeouts {
  std::chrono::milliseconds connect{10000};    ///< name resolution and TCP connect (each attempt)
  std::chrono::milliseconds handshake{10000};  ///< proxy, SMTP dialogue, TLS handshake, HTTP reply (each)
  std::chrono::milliseconds total{30000};      ///< one target, every attempt included
};

struct EngineSettings {
  std::size_t concurrency = 64;  ///< targets in flight at once
  std::size_t per_host = 8;      ///< connections open at once to one address, or one name through a proxy (0: no limit)
  int retries = 2;               ///< further attempts after a connection-level failure
  std::chrono::milliseconds backoff{250};  ///< before the first retry; doubled for each next one
  Timeouts timeouts;
  std::vector<ConnectTo> connect_to;  ///< curl's --connect-to rules
  std::optional<std::string> sni;     ///< --sni: the name sent instead of the target's
  bool http_request = true;           ///< https: HEAD the path after the handshake, for the status
  unsigned threads = 0;               ///< 0: one per core, at most 4
  /// --aia: when this says a captured chain lacks an issuer, fetch it from the AIA
  /// caIssuers URL (plain HTTP) of the certificate that names it, up to three levels.
  std::function<bool(const std::vector<cert::Certificate>&)> lacks_issuer;
};

struct Capture {
  std::size_t index = 0;         ///< the target's place in the list
  std::string address;           ///< the address connected ("127.0.0.1:443", "[::1]:443"); the proxy's when proxied
  std::string via;               ///< the proxy, as Proxy::display; empty when direct
  std::string sni;               ///< the server name sent; empty for an address
  std::string tls_version;       ///< "TLSv1.3"
  std::string cipher;
  std::vector<cert::Certificate> presented;  ///< as the server sent them, the leaf first
  std::optional<int> http_status;
  std::string http_error;        ///< the handshake worked but the HTTP reply did not
  std::string smtp_greeting;     ///< the server's 220 line, as sent
  std::vector<cert::Certificate> fetched;  ///< issuers fetched from AIA URLs (--aia), in order
  std::vector<std::string> fetched_from;   ///< the URL of each
  std::string aia_error;         ///< why an issuer could not be fetched
  Stage stage = Stage::Done;     ///< where it ended
  std::string error;             ///< empty when the chain was captured
  int attempts = 0;
  std::chrono::milliseconds elapsed{0};
  bool ok() const { return error.empty(); }
};

/// Counts the sink's caller can read from another thread (the progress line).
struct Progress {
  std::atomic<std::size_t> started{0};
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> failed{0};
};

/// Called once per target, from the engine's threads, in the order targets finish; it
/// must be safe to call concurrently.
using CaptureSink = std::function<void(const Target&, Capture&&)>;

/// Probes every target; `proxies[i]` is target i's proxy (empty vector: none at all).
/// Returns when all are done; an error only when the engine cannot start.
Status capture_all(const std::vector<Target>& targets, const std::vector<std::optional<Proxy>>& proxies,
                   const EngineSettings& settings, const cert::TlsClientContext& tls, const CaptureSink& sink,
                   Progress* progress = nullptr);

}  // namespace trustready::probe
