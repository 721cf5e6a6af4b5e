// The certificate profile a TLS server's path must follow beyond RFC 5280's algorithm:
// the "MUST"s of RFC 5280 section 4 and the CA/Browser Forum Baseline Requirements that
// every certificate of a publicly trusted path meets. Anchors are held only to what
// real stores' roots meet (Starfield Class 2 CA, an ATS anchor, has serial 0 and a
// non-critical basicConstraints: rejecting it would call real paths broken).
#pragma once

#include <string>
#include <vector>

#include "cert/certificate.h"
#include "cert/x509_facts.h"

namespace trustready::paths {

enum class Role { Leaf, Intermediate, Anchor };

/// How strictly certificates are held to the profiles.
enum class Profile {
  /// RFC 5280's and the CABF's MUSTs for leaves and intermediates; anchors only to what
  /// real stores' roots meet. What `trustready` judges with unless told otherwise.
  Default,
  /// RFC 5280 section 4 for anchors too (a critical basicConstraints; an AKI on a root
  /// that is not self-signed).
  Rfc5280,
  /// The CABF Baseline Requirements for a publicly trusted TLS path: the leaf's CN is one
  /// of its SAN values, its EKU is present, non-critical and not anyExtendedKeyUsage, it
  /// is no CA, it has no wildcard over a private public suffix (the default profile
  /// refuses ICANN ones only: "*.s3.amazonaws.com" is Amazon's own, real certificate);
  /// roots carry no EKU and no AKI issuer/serial. Non-critical name constraints
  /// are allowed (CABF 7.1.2.10.8), as the Web PKI lets them be.
  WebPki,
};
const char* to_string(Profile p);

/// Appends what is wrong with `c` in its place on the path.
void profile_problems(const cert::Certificate& c, const cert::X509Facts& f, Role role, Profile profile,
                      std::vector<std::string>& out);

/// A host name as a dNSName may carry it: LDH labels, an optional "*." first label.
bool valid_dns_name(const std::string& name);

/// A wildcard dNSName ("*.example.com") that would match a name in one of the excluded
/// DNS subtrees ("bar.example.com"): RFC 5280 checks the literal, RFC 9525 the names
/// it matches (CVE-2025-61727).
bool wildcard_hits_excluded(const std::string& san, const std::vector<std::string>& excluded);

}  // namespace trustready::paths
