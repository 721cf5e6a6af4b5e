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

/// Verifies `target` with `untrusted` as the intermediates a server would send and
/// `anchors` as the whole trust store, at time `at`, with OpenSSL's default flags.
/// Deliberately no X509_STORE_set_default_paths: this machine's own store must never
/// leak into a verdict about another store. `partial_chain` (X509_V_FLAG_PARTIAL_CHAIN)
/// makes any anchor a trust anchor, self-signed or not, as Java's PKIX and NSS do.
VerifyOutcome verify_with_openssl(const Certificate& target, const std::vector<Certificate>& untrusted,
                                  const std::vector<Certificate>& anchors, TimePoint at, bool partial_chain = false);

}  // namespace trustready::cert
