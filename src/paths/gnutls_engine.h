// GnuTLS's own certificate verifier (libgnutls, loaded on the first call), as gnutls-cli
// uses it: the presented chain checked against a trust list holding exactly the store's anchors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"
#include "util/time.h"

namespace trustready::paths {

struct GnutlsOutcome {
  bool ok = false;
  std::string error;  ///< GnuTLS's own words for the status
  /// libgnutls could not be loaded: no verdict at all, rather than a rejection.
  bool unavailable = false;
};

/// gnutls_x509_trust_list_verify_crt2 over [target, presented...] at time `at`, with the
/// TLS server key purpose and, when given, the host name (without a trailing dot, as
/// gnutls-cli gives it); then, when `server_leaf`, the handshake's key usage check on
/// the target. When libgnutls cannot be loaded
/// (or lacks a function used here) the outcome is not ok and `error` says why, in one line.
GnutlsOutcome verify_with_gnutls(const cert::Certificate& target, const std::vector<cert::Certificate>& presented,
                                 const std::vector<cert::Certificate>& anchors, TimePoint at, const std::string& host,
                                 bool server_leaf = true);

/// Why libgnutls's host check of a verified chain's leaf fails for `host`, in its
/// words; empty when it matches (as verify_with_gnutls checks it, one trailing dot dropped).
std::string gnutls_host_problem(const cert::Certificate& leaf, const std::string& host);

struct GnutlsLoad {
  bool ok = false;
  std::string error;  ///< GnuTLS's own words ("Base64 unexpected header error.")
  bool unavailable = false;
  std::vector<std::string> der;  ///< the certificates it holds, in file order
};

/// What GnuTLS holds from a PEM CA file (gnutls_certificate_set_x509_trust_file, certtool
/// --load-ca-certificate): every CERTIFICATE block, or nothing when one cannot be decoded.
/// TRUSTED CERTIFICATE blocks are not GnuTLS's format: it skips them.
GnutlsLoad load_with_gnutls(std::string_view pem);

}  // namespace trustready::paths
