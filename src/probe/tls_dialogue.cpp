// The handshake, captured without verifying, then for https a HEAD for the status code
// (the AWS articles' "200 response" test).
#include "probe/authority.h"
#include "probe/dialogues.h"
#include "probe/http_head.h"

namespace trustready::probe::detail {
namespace {

/// A server that talks this long without finishing a handshake is not going to.
constexpr std::size_t kMaxHandshakeBytes = 1024 * 1024;

/// Moves the client's queued output to the server.
asio::awaitable<bool> flush(Connection& c, cert::TlsClient& tls) {
  const std::string bytes = tls.take_output();
  if (bytes.empty()) co_return true;
  co_return co_await c.send(bytes);
}

/// The server's name as the Host header wants it.
std::string host_header(const Target& t) {
  std::string host = url_host(t.host);
  if (t.port != 443) host.append(":").append(std::to_string(t.port));
  return host;
}

asio::awaitable<void> request_status(Connection& c, cert::TlsClient& tls, const Target& t, Capture& out) {
  out.stage = Stage::Http;
  const std::string request = "HEAD " + t.path + " HTTP/1.1\r\nHost: " + host_header(t) +
                              "\r\nUser-Agent: trustready\r\nAccept: */*\r\nConnection: close\r\n\r\n";
  if (!tls.write(request) || !co_await flush(c, tls)) {
    out.http_error = "cannot send the HTTP request: " + (tls.error().empty() ? c.failure() : tls.error());
    co_return;
  }
  HttpHeadReader reader;
  for (;;) {
    std::string plain;
    if (tls.read(plain) == cert::TlsClient::Step::Failed) {
      out.http_error = "no HTTP reply: " + tls.error();
      co_return;
    }
    if (!plain.empty()) reader.feed(plain);
    if (reader.done()) {
      out.http_status = reader.head().status;
      co_return;
    }
    if (reader.failed()) {
      out.http_error = "malformed HTTP reply: " + reader.error();
      co_return;
    }
    if (!co_await flush(c, tls)) {
      out.http_error = "cannot send: " + c.failure();
      co_return;
    }
    if (!c.pending.empty()) {
      tls.received(c.pending);
      c.pending.clear();
      continue;
    }
    if (!co_await c.receive()) {
      out.http_error = c.timed_out() ? "no HTTP reply " + c.timeout_words() : "no HTTP reply: " + c.failure();
      co_return;
    }
  }
}

}  // namespace

asio::awaitable<void> tls_session(Connection& c, const cert::TlsClientContext& context, const Target& t,
                                  const EngineSettings& settings, Capture& out) {
  out.stage = Stage::Handshake;
  c.arm(settings.timeouts.handshake);
  // SNI carries a DNS name only (RFC 6066 3), never an address literal.
  out.sni = settings.sni ? *settings.sni : (t.host_is_ip ? "" : t.host);
  cert::TlsClient tls(context, out.sni);
  const std::size_t before = c.received_bytes;
  for (;;) {
    const auto step = tls.handshake();
    const bool sent = co_await flush(c, tls);
    if (step == cert::TlsClient::Step::Done) break;
    if (step == cert::TlsClient::Step::Failed) {
      out.error = "TLS handshake failed: " + tls.error();
      co_return;
    }
    if (!sent) {
      out.error = "TLS handshake failed: " + c.failure();
      co_return;
    }
    if (!c.pending.empty()) {
      tls.received(c.pending);
      c.pending.clear();
      continue;
    }
    if (c.received_bytes - before > kMaxHandshakeBytes) {
      out.error = "TLS handshake failed: the server sent more than 1 MiB without finishing it";
      co_return;
    }
    if (!co_await c.receive()) {
      out.error = c.timed_out() ? "no TLS handshake " + c.timeout_words()
                                : "TLS handshake failed: " + c.failure() + " during the handshake";
      co_return;
    }
  }
  out.tls_version = tls.version();
  out.cipher = tls.cipher();
  out.presented = tls.presented();
  if (out.presented.empty()) {
    out.error = "the server sent no certificate";
    co_return;
  }
  if (settings.http_request && t.protocol == Protocol::Https) {
    c.arm(settings.timeouts.handshake);
    co_await request_status(c, tls, t, out);
  }
  out.stage = Stage::Done;
}

}  // namespace trustready::probe::detail
