#include "probe/target.h"

#include "probe/authority.h"

namespace trustready::probe {
namespace {

struct Scheme {
  std::string_view name;
  Protocol protocol;
  std::uint16_t default_port;  // 0: the port is required
};

// smtp:// is STARTTLS on 25 and smtps:// implicit TLS on 465, as curl reads them.
constexpr Scheme kSchemes[] = {
    {"https", Protocol::Https, 443}, {"http", Protocol::Http, 80}, {"smtp", Protocol::Smtp, 25},
    {"smtps", Protocol::Smtps, 465}, {"tls", Protocol::Tls, 0},
};

bool takes_path(Protocol p) { return p == Protocol::Https || p == Protocol::Http; }

/// The path and query as they go on the request line: a '?' alone gets its '/', the
/// fragment is the client's own (RFC 9110 4.2.4), bytes above 0x7f are percent-encoded as
/// browsers send them, and spaces and controls are refused (they would split the request).
Result<std::string> request_path(std::string_view rest) {
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::string path = rest.starts_with('/') ? "" : "/";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const auto c = static_cast<unsigned char>(rest[i]);
    if (c <= 0x20 || c == 0x7f)
      return make_error("a space or control byte in the path at position " + std::to_string(i + 1) +
                        " (percent-encode it)");
    if (c >= 0x80) {
      path += '%';
      path += kHex[c >> 4];
      path += kHex[c & 0xf];
    } else {
      path += static_cast<char>(c);
    }
  }
  return path;
}

Result<Target> parse(std::string_view text) {
  Target t;
  t.text = std::string(text);
  std::string_view rest = text;
  const Scheme* scheme = &kSchemes[0];
  if (const std::size_t sep = scheme_separator(text); sep != std::string_view::npos) {
    const std::string name = ascii_lower(text.substr(0, sep));
    scheme = nullptr;
    for (const Scheme& s : kSchemes)
      if (s.name == name) scheme = &s;
    if (!scheme) return make_error("unknown scheme " + quoted(name, 20) + " (https, http, smtp, smtps or tls)");
    rest = text.substr(sep + 3);
  }
  t.protocol = scheme->protocol;
  const std::size_t end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, end);
  const std::string_view after = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (authority.find('@') != std::string_view::npos) return make_error("userinfo not allowed (no 'user@')");
  auto hp = split_host_port(authority);
  if (!hp) return make_error(hp.error());
  if (!hp->port && scheme->default_port == 0) return make_error("tls:// needs a port (tls://host:port)");
  t.host = std::move(hp->host);
  t.host_is_ip = hp->is_ip;
  t.port = hp->port.value_or(scheme->default_port);
  if (takes_path(t.protocol)) {
    auto path = request_path(after);
    if (!path) return make_error(path.error());
    t.path = std::move(*path);
  } else if (!after.empty() && after != "/") {
    return make_error(std::string(scheme->name) + ":// takes no path");
  }
  return t;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// The line without its comment: '#' at the start or after a blank (so "a/#x" keeps its '#').
std::string_view without_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || blank(line[i - 1]))) return line.substr(0, i);
  return line;
}

}  // namespace

const char* to_string(Protocol p) {
  switch (p) {
    case Protocol::Https: return "https";
    case Protocol::Smtp: return "smtp";
    case Protocol::Smtps: return "smtps";
    case Protocol::Tls: return "tls";
    case Protocol::Http: return "http";
  }
  return "https";
}

Result<Target> parse_target(std::string_view text) {
  auto t = parse(text);
  if (!t) return make_error(quoted(text) + ": " + t.error());
  return t;
}

Result<std::vector<Target>> parse_target_list(std::string_view text, std::string_view source,
                                              std::size_t max_targets) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM some Windows editors write
  std::vector<Target> out;
  std::size_t number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(without_comment(text.substr(pos, end - pos)));
    pos = end + 1;
    ++number;
    if (line.empty()) continue;
    const std::string where = std::string(source) + " line " + std::to_string(number) + ": ";
    if (line.find_first_of(" \t") != std::string_view::npos)
      return make_error(where + quoted(line) + ": one target per line");
    if (out.size() == max_targets) return make_error(where + "more than " + std::to_string(max_targets) + " targets");
    auto t = parse_target(line);
    if (!t) return make_error(where + t.error());
    out.push_back(std::move(*t));
  }
  return out;
}

Result<ConnectTo> parse_connect_to(std::string_view text) {
  const auto fail = [&](const std::string& why) { return make_error("--connect-to " + quoted(text) + ": " + why); };
  // Four ':'-separated fields; a field that starts with '[' runs to its ']'.
  std::string_view fields[4];
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    std::size_t end = pos;
    if (pos < text.size() && text[pos] == '[') {
      end = text.find(']', pos);
      if (end == std::string_view::npos) return fail("unterminated '[' (an IPv6 address is written [::1])");
      ++end;
    }
    end = i == 3 ? text.size() : text.find(':', end);
    if (end == std::string_view::npos) return fail("not HOST1:PORT1:HOST2:PORT2 (fields may be empty)");
    fields[i] = text.substr(pos, end - pos);
    pos = end + 1;
  }
  ConnectTo rule;
  std::string* hosts[2] = {&rule.host, &rule.to_host};
  std::optional<std::uint16_t>* ports[2] = {&rule.port, &rule.to_port};
  for (int side = 0; side < 2; ++side) {
    std::string_view host = fields[side * 2];
    if (host.starts_with('[')) {
      if (!host.ends_with(']')) return fail("after ']' comes ':'");
      host = host.substr(1, host.size() - 2);
      if (host.find(':') == std::string_view::npos || !is_ip_literal(host))
        return fail("brackets hold an IPv6 address, not " + quoted(host));
    } else if (host.find(':') != std::string_view::npos) {
      return fail("an IPv6 address is written in brackets");
    }
    if (!host.empty()) {
      auto checked = checked_host(host);
      if (!checked) return fail(checked.error());
      *hosts[side] = std::move(*checked);
    }
    if (!fields[side * 2 + 1].empty()) {
      auto port = parse_port(fields[side * 2 + 1]);
      if (!port) return fail(port.error());
      *ports[side] = *port;
    }
  }
  return rule;
}

std::pair<std::string, std::uint16_t> connect_address(const Target& t, const std::vector<ConnectTo>& rules) {
  for (const ConnectTo& r : rules) {
    if ((r.host.empty() || iequals(r.host, t.host)) && (!r.port || *r.port == t.port))
      return {r.to_host.empty() ? t.host : r.to_host, r.to_port.value_or(t.port)};
  }
  return {t.host, t.port};
}

}  // namespace trustready::probe
