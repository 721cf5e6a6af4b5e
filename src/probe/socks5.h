// SOCKS5 (RFC 1928) with username/password authentication (RFC 1929): the requests a
// client sends and a reader of the server's replies, which are outside bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trustready::probe {

/// The method offer: "no authentication", or with `password` also "username/password".
std::string socks5_greeting(bool password);
/// RFC 1929's request; user and password are at most 255 bytes each (longer: cut).
std::string socks5_login(std::string_view user, std::string_view password);
/// CONNECT to `host`: an IPv4 or IPv6 literal as an address, else as a domain name
/// (the proxy resolves it; at most 255 bytes).
std::string socks5_connect(std::string_view host, std::uint16_t port);

/// One reply of the server, read incrementally as SmtpReplyReader reads: feed() stops at
/// the reply's end so the bytes after it (TLS) stay with the caller.
class Socks5Reader {
 public:
  enum class Expect { Method, Login, Connect };
  explicit Socks5Reader(Expect expect) : expect_(expect) {}
  std::size_t feed(std::string_view bytes);
  bool done() const { return done_; }
  bool failed() const { return !error_.empty(); }
  /// Why the reply is malformed, in words.
  const std::string& error() const { return error_; }
  /// The method chosen (0x00, 0x02, 0xFF: none acceptable), the login status (0: accepted)
  /// or the CONNECT reply code (0: succeeded; RFC 1928 6).
  int code() const { return code_; }

 private:
  Expect expect_;
  std::string bytes_;
  bool done_ = false;
  std::string error_;
  int code_ = -1;
  std::size_t want() const;
};

/// RFC 1928 6's words for a CONNECT reply code ("connection refused").
std::string socks5_reply_words(int code);

}  // namespace trustready::probe
