// What `trustready probe` connects to: targets as the user writes them (on the command
// line or one a line in a file), and curl's --connect-to rules that redirect the connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace trustready::probe {

/// How a target speaks before (or instead of) TLS.
enum class Protocol { Https, Smtp, Smtps, Tls, Http };  // Smtp = STARTTLS; Http = plain, never connected

/// "https", "smtp", "smtps", "tls", "http": the scheme the protocol is written with.
const char* to_string(Protocol p);

/// One endpoint to probe, parsed and checked.
struct Target {
  std::string text;        ///< as the user wrote it
  Protocol protocol = Protocol::Https;  ///< from the scheme; https when there is none
  std::string host;        ///< DNS name lowercased, or an IP literal without brackets
  std::uint16_t port = 443;  ///< the given port, else the scheme's default
  std::string path = "/";  ///< https/http only: the path and query to request
  bool host_is_ip = false;   ///< `host` is an IPv4 or IPv6 literal (no SNI is sent for it, RFC 6066 3)
};

/// https://host[:port][/path], http://host[:port][/path], smtp://host[:port] (STARTTLS, default 25 as curl),
/// smtps://host[:port] (465), tls://host:port (port required), bare host[:port][/path] (https, 443).
/// IPv6 literals in brackets: [::1]:443, https://[::1]/. Scheme case-insensitive. Host checked with
/// trustready::check_host_name (src/util/host_name.h). Error: "'TEXT': why" (bad port, unknown scheme 'ftp',
/// empty host, userinfo not allowed, ...).
Result<Target> parse_target(std::string_view text);

/// One target per line; '#' starts a comment (at line start or after whitespace); blank lines and surrounding
/// whitespace ignored; CRLF and a leading UTF-8 BOM accepted. An error names `source` and the line:
/// "targets.txt line 3: 'x:99999': port must be 1-65535". At most `max_targets` (error beyond).
Result<std::vector<Target>> parse_target_list(std::string_view text, std::string_view source,
                                              std::size_t max_targets = 1000000);

/// curl's --connect-to HOST1:PORT1:HOST2:PORT2: connect to HOST2:PORT2 instead of HOST1:PORT1; an empty HOST1 or
/// PORT1 matches any, an empty HOST2 or PORT2 keeps the original. IPv6 in brackets on either side.
struct ConnectTo {
  std::string host;                      ///< HOST1, lowercased, no brackets; empty matches any host
  std::optional<std::uint16_t> port;     ///< PORT1; absent matches any port
  std::string to_host;                   ///< HOST2; empty keeps the target's host
  std::optional<std::uint16_t> to_port;  ///< PORT2; absent keeps the target's port
};

/// One --connect-to rule. Error: "--connect-to 'TEXT': why".
Result<ConnectTo> parse_connect_to(std::string_view text);

/// The host and port to connect to for `t`: the first matching rule, else the target's own.
std::pair<std::string, std::uint16_t> connect_address(const Target& t, const std::vector<ConnectTo>& rules);

}  // namespace trustready::probe
