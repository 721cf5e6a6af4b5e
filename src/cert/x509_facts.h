// What path validation needs to know about one certificate, and the checks that need
// OpenSSL's decoding: signatures, name constraints, host names. The path builder
// (paths/) decides with these; OpenSSL memory stays inside cert/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"

namespace trustready::cert {

/// keyUsage bits as X509_get_key_usage reports them.
enum KeyUsageBit : std::uint32_t {
  kDigitalSignature = 0x80,
  kNonRepudiation = 0x40,
  kKeyEncipherment = 0x20,
  kDataEncipherment = 0x10,
  kKeyAgreement = 0x08,
  kKeyCertSign = 0x04,
  kCrlSign = 0x02,
};

struct X509Facts {
  int version = 3;                ///< 1, 2 or 3
  bool basic_constraints = false; ///< the extension is present
  bool ca = false;                ///< cA TRUE
  int path_len = -1;              ///< pathLenConstraint, -1 when absent
  bool key_usage = false;         ///< the extension is present
  bool key_cert_sign = false;
  bool crl_sign = false;
  std::uint32_t key_usage_bits = 0;  ///< KeyUsageBit values; all set when keyUsage is absent
  bool eku = false;               ///< extendedKeyUsage is present
  bool eku_server_auth = false;
  bool eku_any = false;           ///< anyExtendedKeyUsage
  bool eku_critical = false;
  bool eku_sgc = false;           ///< Netscape's or Microsoft's Server Gated Crypto (Java and OpenSSL take it for serverAuth)
  bool ns_cert_type = false;      ///< Netscape's nsCertType is present
  bool ns_ssl_server = false;     ///< ... and allows an SSL server (its bit 1)
  bool name_constraints = false;
  bool unhandled_critical = false;  ///< a critical extension OpenSSL does not know
  bool invalid_extensions = false;  ///< an extension OpenSSL could not decode
  std::string signature_digest;     ///< "SHA256", "SHA1", "MD5", "" (none, e.g. Ed25519)

  // --- the profile (RFC 5280 and the CA/Browser Forum's), for the pedantic checks ---
  bool bc_critical = false;
  bool aki = false, aki_critical = false, aki_keyid = false, aki_issuer_or_serial = false;
  std::string aki_id;  ///< AKI keyIdentifier bytes
  bool ski = false, ski_critical = false;
  std::string ski_id;
  bool nc_critical = false, nc_empty = false, nc_malformed_dns = false;
  std::vector<std::string> nc_excluded_dns;
  bool policy_constraints = false, pc_critical = false;
  bool san = false, san_critical = false;
  std::vector<std::string> san_dns;  ///< dNSName values as written
  std::vector<std::string> san_ips;  ///< iPAddress values as text (RFC 5952 form for IPv6)
  std::vector<std::string> subject_cns;  ///< commonName values of the subject, UTF-8
  std::size_t san_entries = 0;
  bool subject_empty = false;
  bool serial_zero = false, serial_negative = false, serial_too_long = false;
  bool aia_malformed = false;
  std::vector<std::string> ca_issuers;  ///< AIA caIssuers URIs, as written (outside bytes)
  bool ec_explicit_curve = false;  ///< EC parameters spelled out instead of a named curve
  std::string ec_curve;            ///< "prime256v1", "secp384r1", ... (OpenSSL short names)
};

/// Decodes the facts; a certificate OpenSSL cannot decode gives invalid_extensions.
X509Facts x509_facts(const Certificate& c);

/// `child`'s signature verifies under `issuer`'s public key.
bool signature_verifies(const Certificate& child, const Certificate& issuer);

/// RFC 5280 subject / issuer hashes of the canonical names (OpenSSL's name hash):
/// equal names give equal hashes; compare names to confirm.
unsigned long subject_name_hash(const Certificate& c);
unsigned long issuer_name_hash(const Certificate& c);
/// `child`'s issuer name is `issuer`'s subject name (RFC 5280 comparison).
bool issued_by_name(const Certificate& child, const Certificate& issuer);

/// Why `subject` violates the name constraints of `ca` (empty optional: it does not,
/// or `ca` has none). Checks the subject DN, SAN DNS, IP and e-mail names.
std::optional<std::string> name_constraints_violation(const Certificate& ca, const Certificate& subject);

/// The leaf is valid for `host`: a DNS name against SAN dNSNames (wildcards as RFC 6125,
/// no common-name fallback), an IP address against SAN iPAddresses.
bool matches_host(const Certificate& leaf, std::string_view host);

}  // namespace trustready::cert
