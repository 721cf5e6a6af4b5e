// What is said before the handshake: a proxy's CONNECT, SMTP's STARTTLS.
#include <asio/redirect_error.hpp>
#include <asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "probe/dialogues.h"
#include "probe/http_head.h"
#include "probe/smtp_reply.h"
#include "probe/socks5.h"

namespace trustready::probe::detail {
namespace {

/// Outside text kept short in a message (the renderer escapes it).
std::string clipped(std::string text, std::size_t max = 200) {
  if (text.size() > max) text = text.substr(0, max) + "...";
  return text;
}

std::string reply_words(const SmtpReply& r) { return clipped(std::to_string(r.code) + " " + r.text()); }

/// Why a reply did not arrive whole, naming what was awaited.
template <typename Reader>
std::string missing_reply(const Connection& c, const Reader& reader, const std::string& what) {
  if (reader.failed()) return "malformed " + what + ": " + reader.error();
  if (c.timed_out()) return "no " + what + " " + c.timeout_words();
  return c.failure() + " before its " + what;
}

/// The EHLO argument: our address as an RFC 5321 4.1.3 address literal, which needs no
/// name of ours to resolve.
std::string ehlo_literal(const Connection& c) {
  std::error_code ec;
  const auto local = c.socket.local_endpoint(ec);
  if (ec) return "[127.0.0.1]";
  const auto a = local.address();
  return a.is_v6() ? "[IPv6:" + a.to_string() + "]" : "[" + a.to_string() + "]";
}

/// The EHLO keywords offered, for "STARTTLS is not offered" (the first line is the greeting).
std::string offered_keywords(const SmtpReply& r) {
  std::string out;
  for (std::size_t i = 1; i < r.lines.size() && i < 20; ++i) {
    const auto word = r.lines[i].substr(0, r.lines[i].find(' '));
    out += (out.empty() ? "" : ", ") + word;
  }
  return out.empty() ? "no extensions" : clipped(out);
}

/// Sends one command and reads its whole reply before anything else is sent.
asio::awaitable<bool> command(Connection& c, const std::string& line, const std::string& what, SmtpReply& reply,
                              Capture& out) {
  if (!co_await c.send(line + "\r\n")) {
    out.error = "cannot send " + what + ": " + c.failure();
    co_return false;
  }
  SmtpReplyReader reader;
  if (!co_await read_into(c, reader)) {
    out.error = missing_reply(c, reader, "reply to " + what);
    co_return false;
  }
  reply = reader.take();
  co_return true;
}

}  // namespace

asio::awaitable<void> open_tunnel(Connection& c, const Proxy& proxy, const std::string& host, std::uint16_t port,
                                  const Timeouts& timeouts, Capture& out) {
  out.stage = Stage::Proxy;
  c.arm(timeouts.handshake);
  if (!co_await c.send(connect_request(proxy, host, port))) {
    out.error = "cannot send CONNECT to the proxy " + proxy.display + ": " + c.failure();
    co_return;
  }
  HttpHeadReader reader;
  if (!co_await read_into(c, reader)) {
    out.error = missing_reply(c, reader, "reply to CONNECT from the proxy " + proxy.display);
    co_return;
  }
  const HttpHead& head = reader.head();
  if (head.status / 100 == 2) co_return;
  std::string hint;
  if (head.status == 407)
    hint = proxy.user.empty() ? " (it wants a user: --proxy http://USER:PASSWORD@...)" : " (it refused the user and password given)";
  out.error = fmt::format("the proxy {} refused the tunnel to {}:{}: {} {}{}", proxy.display, host, port, head.status,
                          clipped(head.reason), hint);
}

namespace {

/// Sends `request` and reads the SOCKS5 reply it asks for; the code, or -1 with out.error set.
asio::awaitable<int> socks_exchange(Connection& c, const Proxy& proxy, const std::string& request,
                                    Socks5Reader::Expect expect, const std::string& what, Capture& out) {
  if (!co_await c.send(request)) {
    out.error = "cannot send " + what + " to the proxy " + proxy.display + ": " + c.failure();
    co_return -1;
  }
  Socks5Reader reader(expect);
  if (!co_await read_into(c, reader)) {
    out.error = missing_reply(c, reader, "reply to " + what + " from the proxy " + proxy.display);
    co_return -1;
  }
  co_return reader.code();
}

/// The address to ask a socks5:// proxy for: resolved here, as curl does (socks5h:// and
/// address literals go as they are).
asio::awaitable<std::string> destination(Connection& c, const Proxy& proxy, const std::string& host,
                                         std::uint16_t port, Capture& out) {
  if (proxy.kind != ProxyKind::Socks5) co_return host;
  std::error_code ec;
  const auto found = co_await c.resolver.async_resolve(host, std::to_string(port), asio::redirect_error(asio::use_awaitable, ec));
  if (ec || found.empty()) {
    out.error = c.timed_out() ? "no address for '" + host + "' " + c.timeout_words()
                              : "cannot resolve '" + host + "' for the SOCKS5 proxy: " + ec.message() +
                                    " (socks5h:// lets the proxy resolve it)";
    co_return "";
  }
  co_return found.begin()->endpoint().address().to_string();
}

}  // namespace

asio::awaitable<void> open_socks_tunnel(Connection& c, const Proxy& proxy, const std::string& host, std::uint16_t port,
                                        const Timeouts& timeouts, Capture& out) {
  out.stage = Stage::Proxy;
  c.arm(timeouts.handshake);
  const bool login = !proxy.user.empty();
  const int method = co_await socks_exchange(c, proxy, socks5_greeting(login), Socks5Reader::Expect::Method,
                                             "the SOCKS5 greeting", out);
  if (method < 0) co_return;
  if (method == 0xff || (method == 0x02 && !login) || (method != 0x00 && method != 0x02)) {
    out.error = "the proxy " + proxy.display + " accepts none of the methods offered" +
                (login ? "" : std::string(" (it may want a user: --proxy ") +
                                  (proxy.kind == ProxyKind::Socks5h ? "socks5h" : "socks5") + "://USER:PASSWORD@...)");
    co_return;
  }
  if (method == 0x02) {
    const int status = co_await socks_exchange(c, proxy, socks5_login(proxy.user, proxy.password),
                                               Socks5Reader::Expect::Login, "the login", out);
    if (status < 0) co_return;
    if (status != 0) {
      out.error = "the proxy " + proxy.display + " refused the user and password given";
      co_return;
    }
  }
  const std::string to = co_await destination(c, proxy, host, port, out);
  if (!out.ok()) co_return;
  const int reply = co_await socks_exchange(c, proxy, socks5_connect(to, port), Socks5Reader::Expect::Connect,
                                            "CONNECT", out);
  if (reply > 0)
    out.error = fmt::format("the proxy {} refused the tunnel to {}:{}: {}", proxy.display, host, port,
                            socks5_reply_words(reply));
}

asio::awaitable<void> start_tls_over_smtp(Connection& c, const Timeouts& timeouts, Capture& out) {
  out.stage = Stage::Smtp;
  c.arm(timeouts.handshake);
  SmtpReplyReader greeting_reader;
  if (!co_await read_into(c, greeting_reader)) {
    out.error = missing_reply(c, greeting_reader, "SMTP greeting (220)");
    co_return;
  }
  const SmtpReply greeting = greeting_reader.take();
  out.smtp_greeting = reply_words(greeting);
  if (greeting.code != 220) {
    out.error = "the server refused the session: " + reply_words(greeting) +
                (greeting.code == 421 ? " (too many connections? lower --per-host, or try later)" : "");
    co_return;
  }
  SmtpReply ehlo;
  if (!co_await command(c, "EHLO " + ehlo_literal(c), "EHLO", ehlo, out)) co_return;
  if (ehlo.code != 250) {
    out.error = "EHLO refused: " + reply_words(ehlo);
    co_return;
  }
  if (!ehlo.has_extension("STARTTLS")) {
    out.error = "STARTTLS is not offered (EHLO lists " + offered_keywords(ehlo) + ")";
    co_return;
  }
  SmtpReply go;
  if (!co_await command(c, "STARTTLS", "STARTTLS", go, out)) co_return;
  if (go.code != 220) out.error = "STARTTLS refused: " + reply_words(go);
}

}  // namespace trustready::probe::detail
