// The proxy a probe tunnels through (HTTP CONNECT, RFC 9110 9.3.6, or SOCKS5, RFC 1928),
// chosen as curl chooses it: --proxy, else HTTPS_PROXY / ALL_PROXY, unless NO_PROXY (or --noproxy) names the host.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "probe/target.h"
#include "util/result.h"

namespace trustready::probe {

/// How the tunnel is asked for.
enum class ProxyKind {
  Http,     ///< HTTP CONNECT
  Socks5,   ///< SOCKS5, the destination resolved here (curl's socks5://)
  Socks5h,  ///< SOCKS5, the destination's name resolved by the proxy (curl's socks5h://)
};

/// A parsed proxy URL.
struct Proxy {
  ProxyKind kind = ProxyKind::Http;
  std::string host;                 ///< name or IP literal (no brackets)
  std::uint16_t port = 1080;        ///< curl's default proxy port
  std::string user, password;       ///< percent-decoded; empty user: no authentication
  std::string display;              ///< the URL without the password ("http://alice:***@proxy:3128"), for messages
};

/// [http://|socks5://|socks5h://][user[:password]@]host[:port][/]; https://, socks4:// and
/// socks4a:// proxies are refused in words. Error "proxy 'DISPLAY': why".
Result<Proxy> parse_proxy(std::string_view url);

/// NO_PROXY as curl reads it: comma (or space) separated; "*" alone matches every host; a name matches itself and
/// its subdomains (a leading '.' optional: "example.com" and ".example.com" both match "a.example.com" and "example.com");
/// case-insensitive; a trailing dot ignored; IP literals match exactly, and "10.0.0.0/8" / "fd00::/8" CIDR ranges match addresses.
bool bypasses_proxy(std::string_view no_proxy, std::string_view host);

/// Environment the proxy choice reads (the caller fills it from getenv).
struct ProxyEnvironment {
  std::string https_proxy;  ///< https_proxy, else HTTPS_PROXY
  std::string all_proxy;    ///< all_proxy, else ALL_PROXY
  std::string no_proxy;     ///< no_proxy, else NO_PROXY
};

/// Which proxy a target uses: `explicit_proxy` (--proxy) if given, else https_proxy for https targets, else all_proxy;
/// none when the chosen string is empty or NO_PROXY (`no_proxy_override` from --noproxy when set) bypasses the host.
/// http:// targets are never connected, so they use none. An error names where the URL came from.
Result<std::optional<Proxy>> choose_proxy(const Target& t, const std::optional<std::string>& explicit_proxy,
                                          const ProxyEnvironment& env, const std::optional<std::string>& no_proxy_override);

/// "CONNECT host:port HTTP/1.1\r\nHost: host:port\r\n[Proxy-Authorization: Basic B64\r\n]\r\n" (IPv6 in brackets).
std::string connect_request(const Proxy& proxy, std::string_view host, std::uint16_t port);

}  // namespace trustready::probe
