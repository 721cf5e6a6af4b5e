// One verification by OpenSSL's X509_verify_cert against exactly the anchors given.
#pragma once

#include <string>
#include <vector>

#include "cert/certificate.h"
#include "util/time.h"

namespace trustready::cert {

struct VerifyOutcome {
  bool ok = false;
  /// OpenSSL's reason and where ("certificate has expired (depth 1, Starfield Class 2 CA)").
  std::string error;
  /// The path OpenSSL built, target first, anchor last (on success).
  std::vector<Certificate> path;
};

/// How a client sets OpenSSL's verifier up, beyond the certificates and the time.
struct OpenSslSetup {
  /// X509_V_FLAG_PARTIAL_CHAIN: any anchor is a trust anchor, self-signed or not (curl).
  bool partial_chain = false;
  /// What libssl does when a client verifies a server: X509_STORE_CTX_set_default(ctx,
  /// "ssl_server"), purpose and trust SSL_SERVER, so a leaf whose keyUsage, extendedKeyUsage
  /// or nsCertType does not allow a TLS server fails "unsuitable certificate purpose".
  bool tls_server = false;
  /// Non-empty: OpenSSL checks the leaf for it, as s_client -verify_hostname and Python's
  /// ssl ask: X509_VERIFY_PARAM_set1_host with the default flags (the subject's CN when
  /// the leaf has no dNSName; partial wildcards allowed), or set1_ip for an IP address.
  std::string host;
};

/// Verifies `target` with `untrusted` as the intermediates a server would send and
/// `anchors` as the whole trust store, at time `at`, with OpenSSL set up as `setup` says.
/// Deliberately no X509_STORE_set_default_paths: this machine's own store must never
/// leak into a verdict about another store.
VerifyOutcome verify_with_openssl(const Certificate& target, const std::vector<Certificate>& untrusted,
                                  const std::vector<Certificate>& anchors, TimePoint at, const OpenSslSetup& setup);
/// The same with OpenSSL's default flags and no purpose; `partial_chain` as OpenSslSetup's.
VerifyOutcome verify_with_openssl(const Certificate& target, const std::vector<Certificate>& untrusted,
                                  const std::vector<Certificate>& anchors, TimePoint at, bool partial_chain = false);

/// Why OpenSSL's check of a verified chain's leaf for `host` fails, in X509_verify_cert's
/// words and form ("hostname mismatch (depth 0, NAME)"), as set1_host/set1_ip ask it;
/// empty when the leaf is valid for the host. probe checks each name apart from the chain,
/// which is verified once for every name it serves.
std::string openssl_host_problem(const Certificate& leaf, const std::string& host);

}  // namespace trustready::cert
