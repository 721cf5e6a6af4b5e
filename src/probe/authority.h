// The pieces every address the probe reads shares (a target URL, a proxy URL, a
// --connect-to rule): "host[:port]" with IPv6 literals in brackets, ports as curl takes them,
// and how outside text is quoted in a one-line error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace trustready::probe {

/// A host and an optional port, split from "host", "host:port", "[v6]" or "[v6]:port".
struct HostPort {
  std::string host;                  ///< lowercased; an IP literal without brackets
  std::optional<std::uint16_t> port;  ///< absent when no ':' followed the host
  bool is_ip = false;                 ///< an IPv4 or IPv6 literal
};

/// `text` split and checked (trustready::check_host_name; a trailing dot dropped, since SNI
/// and certificate names carry none, RFC 6066 3). Errors are a few words without the input.
Result<HostPort> split_host_port(std::string_view text);

/// Where the "://" after a scheme starts (RFC 3986 3.1: a letter, then letters, digits, '+',
/// '-' or '.'), else npos: "example.com/?next=https://x" has no scheme.
std::size_t scheme_separator(std::string_view text);

/// A decimal port 1-65535 ("port must be 1-65535", "port 'x' is not a number").
Result<std::uint16_t> parse_port(std::string_view text);

/// A host checked as split_host_port does, for the fields of a --connect-to rule.
Result<std::string> checked_host(std::string_view host);

/// True for an IPv4 dotted quad or an IPv6 literal (no brackets).
bool is_ip_literal(std::string_view host);

/// `host`, bracketed when it is an IPv6 literal ("[::1]"), as URLs and Host headers write it.
std::string url_host(std::string_view host);

/// `text` lowercased in ASCII.
std::string ascii_lower(std::string_view text);

/// True when `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

/// `text` in single quotes for an error message: bytes outside printable ASCII as \xNN, and
/// at most `limit` bytes shown (then "..."), so a hostile line cannot forge or flood output.
std::string quoted(std::string_view text, std::size_t limit = 80);

/// `text` as quoted() shows it, without the quotes.
std::string escaped(std::string_view text, std::size_t limit = 80);

/// "64 KiB" for a multiple of 1024, else "1000 bytes": how the readers name their limit.
std::string size_words(std::size_t bytes);

}  // namespace trustready::probe
