// What OpenSSL takes from a CA file: the rule of X509_STORE_load_file, which is what
// SSL_CTX_load_verify_locations, `openssl verify -CAfile`, SSL_CERT_FILE, curl's --cacert
// and Python's load_verify_locations all use. It is all or nothing: one damaged block and
// the whole file loads nothing ("Error loading file"), so a store our own reader reads in
// part is empty for every OpenSSL client.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"
#include "util/result.h"

namespace trustready::cert {

/// A certificate OpenSSL loads with trust settings (a TRUSTED CERTIFICATE block) that make
/// it refuse the certificate as a TLS server's trust anchor.
struct RejectedAnchor {
  Certificate certificate;
  /// The settings, as `openssl x509 -text` would call them: "rejected for TLS Web Server
  /// Authentication", "trusted only for TLS Web Client Authentication".
  std::string why;
};

struct OpenSslFileLoad {
  /// Every certificate OpenSSL holds from the file, trust settings or not.
  std::vector<Certificate> certificates;
  /// Of those, the ones whose trust settings refuse serverAuth: X509_check_trust with
  /// X509_TRUST_SSL_SERVER, the trust libssl sets when a client verifies a server.
  std::vector<RejectedAnchor> rejected;
};

/// Loads `bytes` as X509_STORE_load_file does (PEM_X509_INFO_read_bio over the whole file;
/// no certificate or CRL at all is a failure too). The error is OpenSSL's own reason
/// ("bad base64 decode", "no certificate or crl found").
Result<OpenSslFileLoad> openssl_load_file(std::string_view bytes);

}  // namespace trustready::cert
