#include "probe/proxy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "cert/digest.h"
#include "probe/authority.h"

namespace trustready::probe {
namespace {

/// `url` with its password, if any, shown as "***": what an error may print.
std::string masked(std::string_view url) {
  const std::size_t sep = scheme_separator(url);
  const std::size_t start = sep == std::string_view::npos ? 0 : sep + 3;
  // The last '@' anywhere, not only before the first '/': a password with an unencoded
  // '/' makes the URL malformed, and the error must still not show it.
  const std::size_t at = url.rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(url);
  const std::size_t colon = url.substr(0, at).find(':', start);
  if (colon == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// RFC 3986 2.1 percent-decoding; nullopt on a '%' without two hex digits.
std::optional<std::string> percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0) return std::nullopt;
    out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
    i += 2;
  }
  return out;
}

Result<Proxy> parse(std::string_view url) {
  std::string_view rest = url;
  Proxy p;
  std::string scheme = "http";
  if (const std::size_t sep = scheme_separator(url); sep != std::string_view::npos) {
    scheme = ascii_lower(url.substr(0, sep));
    if (scheme == "socks5") p.kind = ProxyKind::Socks5;
    else if (scheme == "socks5h") p.kind = ProxyKind::Socks5h;
    else if (scheme.starts_with("socks") || scheme == "https")
      return make_error(scheme + ":// proxies are not supported; use an HTTP or SOCKS5 proxy");
    else if (scheme != "http")
      return make_error("unknown scheme " + quoted(scheme, 20) + " (a proxy is http://, socks5:// or socks5h://)");
    rest = url.substr(sep + 3);
  }
  const std::size_t slash = rest.find('/');
  if (slash != std::string_view::npos && slash + 1 != rest.size()) return make_error("a proxy URL has no path");
  std::string_view authority = rest.substr(0, slash);
  std::string userinfo;
  // The last '@' ends the userinfo: an unencoded '@' in a password is common enough.
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view info = authority.substr(0, at);
    const std::size_t colon = info.find(':');
    auto user = percent_decoded(info.substr(0, colon));
    auto password = percent_decoded(colon == std::string_view::npos ? "" : info.substr(colon + 1));
    if (!user || !password) return make_error("a '%' not followed by two hex digits in the user or password");
    p.user = std::move(*user);
    p.password = std::move(*password);
    userinfo = std::string(info.substr(0, colon)) + (colon == std::string_view::npos ? "" : ":***") + "@";
    authority = authority.substr(at + 1);
  }
  auto hp = split_host_port(authority);
  if (!hp) return make_error(hp.error());
  p.host = std::move(hp->host);
  p.port = hp->port.value_or(1080);
  p.display = scheme + "://" + userinfo + url_host(p.host) + ":" + std::to_string(p.port);
  return p;
}

/// `text` as an address: 4 or 16 bytes, or 0 when it is none.
std::size_t address_bytes(std::string_view text, std::array<unsigned char, 16>& out) {
  const std::string s(text);
  if (s.find('\0') != std::string::npos) return 0;
  if (inet_pton(AF_INET, s.c_str(), out.data()) == 1) return 4;
  if (inet_pton(AF_INET6, s.c_str(), out.data()) == 1) return 16;
  return 0;
}

/// One NO_PROXY entry against an address: the same address, or inside its CIDR range.
bool address_matches(std::string_view entry, const std::array<unsigned char, 16>& host, std::size_t size) {
  std::array<unsigned char, 16> net{};
  const std::size_t slash = entry.find('/');
  if (address_bytes(entry.substr(0, slash), net) != size) return false;
  std::size_t bits = size * 8;
  if (slash != std::string_view::npos) {
    const std::string_view b = entry.substr(slash + 1);
    if (b.empty() || b.size() > 3 || b.find_first_not_of("0123456789") != std::string_view::npos) return false;
    bits = std::stoul(std::string(b));
    if (bits > size * 8) return false;
  }
  if (std::memcmp(net.data(), host.data(), bits / 8) != 0) return false;
  if (bits % 8 == 0) return true;
  const unsigned mask = 0xffu << (8 - bits % 8) & 0xffu;
  return (net[bits / 8] & mask) == (host[bits / 8] & mask);
}

std::string_view unbracketed(std::string_view s) {
  return s.size() >= 2 && s.front() == '[' && s.back() == ']' ? s.substr(1, s.size() - 2) : s;
}

std::string_view without_trailing_dot(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<Proxy> parse_proxy(std::string_view url) {
  auto p = parse(url);
  if (!p) return make_error("proxy " + quoted(masked(url)) + ": " + p.error());
  return p;
}

bool bypasses_proxy(std::string_view no_proxy, std::string_view host) {
  constexpr std::string_view kSeparators = ", \t";
  const std::size_t first = no_proxy.find_first_not_of(kSeparators);
  if (first == std::string_view::npos) return false;
  const std::size_t last = no_proxy.find_last_not_of(kSeparators);
  if (no_proxy.substr(first, last - first + 1) == "*") return true;
  host = without_trailing_dot(unbracketed(host));
  if (host.empty()) return false;
  std::array<unsigned char, 16> address{};
  const std::size_t size = address_bytes(host, address);
  for (std::size_t pos = first; pos < no_proxy.size();) {
    std::size_t end = std::min(no_proxy.find_first_of(kSeparators, pos), no_proxy.size());
    std::string_view entry = no_proxy.substr(pos, end - pos);
    pos = end + 1;
    if (entry.empty()) continue;
    if (size != 0) {
      // curl matches an address only against addresses and ranges, never a name's suffix.
      if (address_matches(unbracketed(entry), address, size)) return true;
      continue;
    }
    entry = without_trailing_dot(entry);
    if (entry.starts_with('.')) entry.remove_prefix(1);
    if (entry.empty()) continue;
    if (iequals(host, entry)) return true;
    if (host.size() > entry.size() && host[host.size() - entry.size() - 1] == '.' &&
        iequals(host.substr(host.size() - entry.size()), entry))
      return true;
  }
  return false;
}

Result<std::optional<Proxy>> choose_proxy(const Target& t, const std::optional<std::string>& explicit_proxy,
                                          const ProxyEnvironment& env,
                                          const std::optional<std::string>& no_proxy_override) {
  if (t.protocol == Protocol::Http) return std::optional<Proxy>();
  std::string_view chosen, origin;
  if (explicit_proxy) {
    chosen = *explicit_proxy, origin = "--proxy";
  } else if (t.protocol == Protocol::Https && !env.https_proxy.empty()) {
    chosen = env.https_proxy, origin = "https_proxy";
  } else {
    chosen = env.all_proxy, origin = "all_proxy";
  }
  if (chosen.empty()) return std::optional<Proxy>();
  if (bypasses_proxy(no_proxy_override ? *no_proxy_override : env.no_proxy, t.host)) return std::optional<Proxy>();
  auto p = parse_proxy(chosen);
  if (!p) return make_error(std::string(origin) + ": " + p.error());
  return std::optional<Proxy>(std::move(*p));
}

std::string connect_request(const Proxy& proxy, std::string_view host, std::uint16_t port) {
  const std::string authority = url_host(host) + ":" + std::to_string(port);
  std::string out = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
  // Basic authentication: base64 of "user:password" (RFC 7617 2).
  if (!proxy.user.empty())
    out += "Proxy-Authorization: Basic " + cert::base64_encode(proxy.user + ":" + proxy.password) + "\r\n";
  return out + "\r\n";
}

}  // namespace trustready::probe
