// --aia: the issuer a server did not send, fetched from the caIssuers URL of the
// certificate that names it (RFC 5280 4.2.2.1), as browsers and Windows do. Plain HTTP
// only (as CAs publish them); the reply is DER, PEM or PKCS#7, at most 1 MiB.
#include <algorithm>

#include "cert/parse.h"
#include "cert/x509_facts.h"
#include "probe/authority.h"
#include "probe/dialogues.h"
#include "probe/http_head.h"

namespace trustready::probe::detail {
namespace {

constexpr std::size_t kMaxIssuerBytes = 1024 * 1024;
constexpr int kMaxLevels = 3;

/// The body of a GET, or why not.
asio::awaitable<std::string> get(const Target& url, const Timeouts& timeouts, std::string& error) {
  auto c = std::make_shared<Connection>(co_await asio::this_coro::executor, Clock::now() + timeouts.total);
  error = co_await c->open(url.host, url.port, url.host_is_ip, timeouts.connect);
  std::string body;
  if (!error.empty()) co_return body;
  c->arm(timeouts.handshake);
  if (!co_await c->send("GET " + url.path + " HTTP/1.1\r\nHost: " + url_host(url.host) + "\r\nUser-Agent: trustready\r\n" +
                        "Accept: */*\r\nConnection: close\r\n\r\n")) {
    error = "cannot send the request: " + c->failure();
    co_return body;
  }
  HttpHeadReader reader;
  if (!co_await read_into(*c, reader)) {
    error = reader.failed() ? "malformed reply: " + reader.error() : c->timed_out() ? "no reply " + c->timeout_words() : c->failure();
    co_return body;
  }
  if (reader.head().status != 200) {
    error = "HTTP " + std::to_string(reader.head().status) + " " + reader.head().reason;
    co_return body;
  }
  if (!reader.head().header("Transfer-Encoding").empty()) {
    error = "a chunked reply (CAs serve issuers with a Content-Length)";
    co_return body;
  }
  const std::string length = reader.head().header("Content-Length");
  const std::size_t want = length.empty() ? kMaxIssuerBytes + 1 : std::strtoull(length.c_str(), nullptr, 10);
  while (c->pending.size() < want && c->pending.size() <= kMaxIssuerBytes && co_await c->receive()) {
  }
  if (c->timed_out()) error = "the body did not arrive " + c->timeout_words();
  else if (c->pending.size() > kMaxIssuerBytes) error = "more than 1 MiB: not a certificate";
  else if (!length.empty() && c->pending.size() < want) error = "the body is shorter than its Content-Length";
  body = std::move(c->pending);
  c->disarm();
  c->close();
  co_return body;
}

}  // namespace

asio::awaitable<void> fetch_missing_issuers(const EngineSettings& settings, Capture& out) {
  std::vector<cert::Certificate> chain = out.presented;
  for (int level = 0; level < kMaxLevels && settings.lacks_issuer(chain); ++level) {
    const cert::Certificate& top = cert::topmost_issuer(chain);
    const auto urls = cert::x509_facts(top).ca_issuers;
    const auto http = std::find_if(urls.begin(), urls.end(), [](const std::string& u) {
      return u.size() > 7 && std::equal(u.begin(), u.begin() + 7, "http://", [](char a, char b) { return std::tolower(a) == b; });
    });
    if (http == urls.end()) {
      out.aia_error = top.display_name() + " names no caIssuers URL over http:// (AIA)";
      co_return;
    }
    auto url = parse_target(*http);
    if (!url) {
      out.aia_error = "the caIssuers URL of " + top.display_name() + ": " + url.error();
      co_return;
    }
    std::string error;
    const std::string body = co_await get(*url, settings.timeouts, error);
    if (!error.empty()) {
      out.aia_error = "cannot fetch " + *http + ": " + error;
      co_return;
    }
    auto parsed = cert::parse_certificates(body);
    if (!parsed || parsed->certificates.empty()) {
      out.aia_error = *http + " holds no certificate" + (parsed ? "" : ": " + parsed.error());
      co_return;
    }
    for (const auto& c : parsed->certificates) {
      out.fetched.push_back(c);
      out.fetched_from.push_back(*http);
      chain.push_back(c);
    }
  }
}

}  // namespace trustready::probe::detail
