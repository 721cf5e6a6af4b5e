#include "paths/profile_checks.h"

#include <algorithm>
#include <cctype>

#include "util/public_suffix.h"

namespace trustready::paths {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool ends_with_label(const std::string& name, const std::string& suffix) {
  return name.size() > suffix.size() && name.ends_with(suffix) && name[name.size() - suffix.size() - 1] == '.';
}

/// CABF 7.1.4.3: a subscriber's CN is, character for character, one of its SAN values
/// (an IP address in RFC 3986 / RFC 5952 text).
bool cn_is_a_san_value(const std::string& cn, const cert::X509Facts& f) {
  return std::find(f.san_dns.begin(), f.san_dns.end(), cn) != f.san_dns.end() ||
         std::find(f.san_ips.begin(), f.san_ips.end(), cn) != f.san_ips.end();
}

}  // namespace

const char* to_string(Profile p) {
  switch (p) {
    case Profile::Default: return "default";
    case Profile::Rfc5280: return "rfc5280";
    case Profile::WebPki: return "webpki";
  }
  return "?";
}

bool valid_dns_name(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  bool first = true;
  while (true) {
    const std::size_t dot = std::min(name.find('.', start), name.size());
    const std::string label = name.substr(start, dot - start);
    const bool wildcard = first && label == "*" && dot < name.size();
    if (!wildcard) {
      if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
      for (unsigned char c : label)
        if (!std::isalnum(c) && c != '-') return false;
    }
    if (dot == name.size()) return true;
    start = dot + 1;
    first = false;
  }
}

bool wildcard_hits_excluded(const std::string& san, const std::vector<std::string>& excluded) {
  if (!san.starts_with("*.")) return false;
  const std::string rest = lower(san.substr(2));
  for (const auto& e : excluded) {
    const std::string sub = lower(e);
    // The wildcard matches one label over `rest`: an excluded subtree inside that set
    // ("bar.example.com" under "*.example.com") or over it ("example.com") is hit.
    if (sub == rest || ends_with_label(rest, sub)) return true;
    if (ends_with_label(sub, rest) && sub.substr(0, sub.size() - rest.size() - 1).find('.') == std::string::npos)
      return true;
  }
  return false;
}

void profile_problems(const cert::Certificate& c, const cert::X509Facts& f, Role role, Profile profile,
                      std::vector<std::string>& out) {
  const std::string who = c.display_name().empty() ? std::string("a certificate with an empty subject")
                                                    : c.display_name();
  auto bad = [&](const std::string& what) { out.push_back(who + " " + what); };
  const bool anchor = role == Role::Anchor;
  const bool v3 = f.version == 3;

  // Every certificate, the anchor too: what no real root breaks.
  if (f.unhandled_critical) bad("has a critical extension this validator does not know");
  if (f.invalid_extensions) bad("has an extension that cannot be decoded");
  if (f.aki_critical) bad("marks authorityKeyIdentifier critical (RFC 5280 4.2.1.1: MUST NOT)");
  if (f.ski_critical) bad("marks subjectKeyIdentifier critical (RFC 5280 4.2.1.2: MUST NOT)");
  if (f.aki && !f.aki_keyid) bad("has an authorityKeyIdentifier without a keyIdentifier");
  if (f.ec_explicit_curve) bad("spells out its EC curve instead of naming it (CABF 7.1.3.1.2)");
  if (!f.ec_curve.empty() && f.ec_curve != "prime256v1" && f.ec_curve != "secp384r1" && f.ec_curve != "secp521r1")
    bad("has an EC key on " + f.ec_curve + ", not P-256, P-384 or P-521");
  if (c.key().type == "RSA" && c.key().bits % 8 != 0)
    bad("has an RSA key of " + std::to_string(c.key().bits) + " bits, not a multiple of 8 (CABF 6.1.5)");
  if (f.aia_malformed) bad("has a malformed authorityInfoAccess");
  if (f.policy_constraints && !f.pc_critical) bad("has a non-critical policyConstraints (RFC 5280 4.2.1.11: MUST be critical)");
  if (f.name_constraints) {
    if (!f.nc_critical && profile != Profile::WebPki)
      bad("has non-critical name constraints (RFC 5280 4.2.1.10: MUST be critical)");
    if (f.nc_empty) bad("has name constraints with neither permitted nor excluded subtrees");
    if (f.nc_malformed_dns) bad("has a DNS name constraint that is no host name (leading period)");
  }
  if (f.san && f.san_entries == 0) bad("has an empty subjectAltName");
  if (f.subject_empty && (!f.san || !f.san_critical))
    bad("has an empty subject and no critical subjectAltName (RFC 5280 4.2.1.6)");

  if (anchor) {
    // A v3 root that says nothing of being a CA, or has no key identifier, is no CA
    // root of today's stores; one whose AKI names another key is not self-signed.
    if (v3 && !f.basic_constraints) bad("(anchor) has no basicConstraints");
    if (v3 && !f.ski) bad("(anchor) has no subjectKeyIdentifier (RFC 5280 4.2.1.2)");
    if (f.aki_keyid && f.ski && c.self_issued() && f.aki_id != f.ski_id)
      bad("(anchor) has an authorityKeyIdentifier that is not its own key");
    if (profile == Profile::Rfc5280) {
      if (v3 && f.basic_constraints && !f.bc_critical)
        bad("(anchor) has a non-critical basicConstraints (RFC 5280 4.2.1.9)");
      if (!f.aki && !c.self_signed()) bad("(anchor) is not self-signed and has no authorityKeyIdentifier (RFC 5280 4.2.1.1)");
    }
    if (profile == Profile::WebPki) {
      if (f.eku) bad("(root) has an extendedKeyUsage (CABF 7.1.2.1.2: MUST NOT)");
      if (f.aki_issuer_or_serial) bad("(root) has authorityCertIssuer or authorityCertSerialNumber in its AKI (CABF 7.1.2.1.3)");
    }
    return;
  }

  if (!f.aki) bad("has no authorityKeyIdentifier (RFC 5280 4.2.1.1)");
  if (f.aki_issuer_or_serial) bad("has authorityCertIssuer or authorityCertSerialNumber in its AKI (CABF 7.1.2)");
  if (f.serial_zero) bad("has serial number zero (RFC 5280 4.1.2.2)");
  if (f.serial_negative) bad("has a negative serial number (RFC 5280 4.1.2.2)");
  if (f.serial_too_long) bad("has a serial number longer than 20 octets (RFC 5280 4.1.2.2)");

  if (role == Role::Intermediate) {
    if (v3 && f.basic_constraints && !f.bc_critical) bad("has a non-critical basicConstraints (RFC 5280 4.2.1.9)");
    if (v3 && !f.ski) bad("has no subjectKeyIdentifier (RFC 5280 4.2.1.2)");
    if (f.subject_empty) bad("is a CA with an empty subject");
    return;
  }

  // The leaf.
  if (f.key_usage && f.key_cert_sign && !f.ca) bad("may sign certificates (keyUsage keyCertSign) but is no CA");
  if (f.name_constraints) bad("carries name constraints, which only CAs may");
  if (f.san && f.san_critical && !f.subject_empty)
    bad("marks subjectAltName critical although its subject is not empty (CABF 7.1.2.7.12)");
  for (const auto& dns : f.san_dns) {
    if (!valid_dns_name(dns)) bad("has a subjectAltName that is no valid host name: '" + dns + "'");
    else if (dns.starts_with("*.") && is_public_suffix(lower(dns.substr(2)), profile == Profile::WebPki))
      bad("has the wildcard " + dns + " over a public suffix (CABF 3.2.2.6)");
  }
  if (profile != Profile::WebPki) return;
  if (f.ca) bad("is a CA certificate used as a server's (CABF 7.1.2.7.8: cA MUST be FALSE)");
  if (!f.eku) bad("has no extendedKeyUsage (CABF 7.1.2.7.10: MUST be present)");
  else if (f.eku_any) bad("allows anyExtendedKeyUsage (CABF 7.1.2.7.10: MUST NOT)");
  if (f.eku && f.eku_critical) bad("marks extendedKeyUsage critical (CABF 7.1.2.7.6: MUST NOT)");
  for (const auto& cn : f.subject_cns)
    if (!cn_is_a_san_value(cn, f)) bad("has the common name '" + cn + "', which is none of its subjectAltName values (CABF 7.1.4.3)");
}

}  // namespace trustready::paths
