#include "probe/authority.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "util/host_name.h"

namespace trustready::probe {

bool is_ip_literal(std::string_view host) {
  const std::string given(host);
  if (given.find('\0') != std::string::npos) return false;
  unsigned char buf[16];
  return inet_pton(AF_INET, given.c_str(), buf) == 1 || inet_pton(AF_INET6, given.c_str(), buf) == 1;
}

std::string url_host(std::string_view host) {
  if (host.find(':') == std::string_view::npos) return std::string(host);
  // Appended, not "[" + ... + "]": GCC 12 warns falsely (-Wrestrict) on that form.
  std::string out = "[";
  out.append(host);
  out += ']';
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string escaped(std::string_view text, std::size_t limit) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  if (text.size() > limit) out += "...";
  return out;
}

std::string quoted(std::string_view text, std::size_t limit) {
  std::string out = "'";
  out += escaped(text, limit);
  out += '\'';
  return out;
}

std::string size_words(std::size_t bytes) {
  return bytes % 1024 == 0 ? std::to_string(bytes / 1024) + " KiB" : std::to_string(bytes) + " bytes";
}

std::size_t scheme_separator(std::string_view text) {
  const std::size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0 || std::isalpha(static_cast<unsigned char>(text[0])) == 0)
    return std::string_view::npos;
  const std::string_view name = text.substr(0, sep);
  const bool scheme_chars = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
  });
  return scheme_chars ? sep : std::string_view::npos;
}

Result<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty()) return make_error("the port after ':' is empty");
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return make_error("port " + quoted(text, 20) + " is not a number");
  // Leading zeros are allowed (curl takes "0443"); the length cap keeps the sum in range.
  const std::size_t first = std::min(text.find_first_not_of('0'), text.size());
  if (text.size() - first > 5) return make_error("port must be 1-65535");
  unsigned long port = 0;
  for (char c : text.substr(first)) port = port * 10 + static_cast<unsigned long>(c - '0');
  if (port < 1 || port > 65535) return make_error("port must be 1-65535");
  return static_cast<std::uint16_t>(port);
}

Result<std::string> checked_host(std::string_view host) {
  if (host.empty()) return make_error("empty host");
  auto ok = check_host_name(host);
  if (!ok) return make_error("host " + quoted(host) + ": " + ok.error());
  std::string out = ascii_lower(host);
  if (out.size() > 1 && out.back() == '.') out.pop_back();
  return out;
}

Result<HostPort> split_host_port(std::string_view text) {
  HostPort out;
  std::string_view host = text, rest;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return make_error("unterminated '[' (an IPv6 address is written [::1])");
    host = text.substr(1, close - 1);
    rest = text.substr(close + 1);
    if (!rest.empty() && rest[0] != ':') return make_error("after ']' comes ':' and a port, not " + quoted(rest, 20));
    if (host.find(':') == std::string_view::npos || !is_ip_literal(host))
      return make_error("brackets hold an IPv6 address, not " + quoted(host));
  } else if (const std::size_t colon = text.find(':'); colon != std::string_view::npos) {
    if (text.find(':', colon + 1) != std::string_view::npos)
      return make_error("an IPv6 address is written in brackets, as [::1]:443");
    host = text.substr(0, colon);
    rest = text.substr(colon);
  }
  if (host.empty()) return make_error("empty host");
  if (!rest.empty()) {
    auto port = parse_port(rest.substr(1));
    if (!port) return make_error(port.error());
    out.port = *port;
  }
  auto checked = checked_host(host);
  if (!checked) return make_error(checked.error());
  out.host = std::move(*checked);
  out.is_ip = is_ip_literal(out.host);
  return out;
}

}  // namespace trustready::probe
