#include "paths/client_rules.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <vector>

namespace trustready::paths {
namespace {

/// An IPv4 or IPv6 literal's bytes, as inet_pton reads it (both clients use it or a peer).
std::optional<std::string> ip_bytes(const std::string& text) {
  unsigned char buf[16];
  if (inet_pton(AF_INET, text.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 4);
  if (inet_pton(AF_INET6, text.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 16);
  return std::nullopt;
}

bool equal_ascii_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// --- curl (hostcheck.c's hostmatch, after the CVE-2023-28321 fix) ---

bool curl_hostmatch(std::string_view host, std::string_view pattern, bool host_is_ip) {
  if (host.empty() || pattern.empty()) return false;  // Curl_cert_hostcheck wants both
  if (host.back() == '.') host.remove_suffix(1);
  if (pattern.back() == '.') pattern.remove_suffix(1);
  if (pattern.substr(0, 2) != "*.") return equal_ascii_nocase(host, pattern);
  if (host_is_ip) return false;
  // At least two dots in the pattern, or the "*" is taken literally.
  const auto first_dot = pattern.find('.');
  if (pattern.rfind('.') == first_dot) return equal_ascii_nocase(host, pattern);
  const auto host_dot = host.find('.');
  if (host_dot == std::string_view::npos) return false;
  return equal_ascii_nocase(host.substr(host_dot), pattern.substr(first_dot));
}

// --- Java (HostnameChecker, SNIHostName) ---

/// What SNIHostName accepts (IDN.toASCII with the STD3 rules, no trailing dot), for
/// ASCII names: LDH labels of 1 to 63 characters, no hyphen at either end.
bool java_valid_name(std::string_view name) {
  if (name.empty() || name.back() == '.') return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto end = std::min(name.find('.', start), name.size());
    const auto label = name.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    start = end + 1;
  }
  return true;
}

/// Labels as StringTokenizer(name, ".") gives them: empty ones skipped.
std::vector<std::string> labels(const std::string& name) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < name.size()) {
    const auto end = std::min(name.find('.', start), name.size());
    if (end > start) out.push_back(name.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// matchWildCards: each "*" stands for any run of characters, within one label.
bool java_label_matches(std::string name, const std::string& label) {
  auto star = label.find('*');
  if (star == std::string::npos) return name == label;
  bool beginning = true;
  std::string after = label;
  while (star != std::string::npos) {
    const std::string before = after.substr(0, star);
    after = after.substr(star + 1);
    const auto at = name.find(before);
    if (at == std::string::npos || (beginning && at != 0)) return false;
    beginning = false;
    name = name.substr(at + before.size());
    star = after.find('*');
  }
  return name.size() >= after.size() && name.compare(name.size() - after.size(), after.size(), after) == 0;
}

bool java_matches(const std::string& name, const std::string& pattern) {
  if (pattern == "*" || pattern == "*.") return false;
  if (const auto star = pattern.rfind('*'); star != std::string::npos && pattern.find('.', star) == std::string::npos)
    return false;  // no dot after the last wildcard ("*com")
  std::string checked = pattern;
  std::replace(checked.begin(), checked.end(), '*', 'x');
  if (!java_valid_name(checked)) return false;
  const auto n = labels(lower(name)), p = labels(lower(pattern));
  if (n.size() != p.size()) return false;
  for (std::size_t i = 0; i < n.size(); ++i)
    if (!java_label_matches(n[i], p[i])) return false;
  return true;
}

std::string java_match_dns(const cert::X509Facts& f, const std::string& name) {
  if (!java_valid_name(name)) return "Illegal given domain name: " + name;
  for (const auto& dns : f.san_dns)
    if (java_matches(name, dns)) return "";
  if (!f.san_dns.empty()) return "No subject alternative DNS name matching " + name + " found.";
  if (!f.subject_cns.empty() && java_matches(name, f.subject_cns.back())) return "";
  return "No name matching " + name + " found";
}

}  // namespace

std::string curl_host_problem(const cert::X509Facts& f, const std::string& host) {
  const auto ip = ip_bytes(host);
  if (ip) {
    for (const auto& s : f.san_ips)
      if (ip_bytes(s) == ip) return "";
  } else {
    for (const auto& dns : f.san_dns)
      if (dns.find('\0') == std::string::npos && curl_hostmatch(host, dns, false)) return "";
  }
  if (!f.san_dns.empty() || !f.san_ips.empty())
    return "SSL: no alternative certificate subject name matches target host name '" + host + "'";
  if (f.subject_cns.empty()) return "SSL: unable to obtain common name from peer certificate";
  const std::string& cn = f.subject_cns.back();  // the most specific, as curl takes it
  if (cn.find('\0') != std::string::npos) return "SSL: illegal cert name field";
  if (!curl_hostmatch(host, cn, ip.has_value()))
    return "SSL: certificate subject name '" + cn + "' does not match target host name '" + host + "'";
  return "";
}

std::string java_host_problem(const cert::X509Facts& f, const std::string& host) {
  if (const auto ip = ip_bytes(host)) {
    if (!f.san) return "No subject alternative names present";
    for (const auto& s : f.san_ips)
      if (ip_bytes(s) == ip) return "";
    return "No subject alternative names matching IP address " + host + " found";
  }
  // JSSE sends the host without its trailing dot as SNI and checks that name first; the
  // host as given is checked only when it differs, and with its dot it is no valid name.
  std::string sni = host;
  if (!sni.empty() && sni.back() == '.') sni.pop_back();
  const auto dot = sni.find('.');
  if (dot != std::string::npos && dot > 0 && java_valid_name(sni)) {
    std::string problem = java_match_dns(f, sni);
    if (problem.empty() || equal_ascii_nocase(sni, host)) return problem;
  }
  return java_match_dns(f, host);
}

std::string java_server_problem(const cert::X509Facts& f) {
  if (f.key_usage && !(f.key_usage_bits & cert::kDigitalSignature)) return "KeyUsage does not allow digital signatures";
  if (f.eku && !f.eku_server_auth && !f.eku_any && !f.eku_sgc)
    return "Extended key usage does not permit use for TLS server authentication";
  if (f.ns_cert_type && !f.ns_ssl_server) return "Netscape cert type does not permit use for SSL server";
  return "";
}

}  // namespace trustready::paths
