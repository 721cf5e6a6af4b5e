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

/// Appends what is wrong with `c` in its place on the path.
void profile_problems(const cert::Certificate& c, const cert::X509Facts& f, Role role, std::vector<std::string>& out);

/// A host name as a dNSName may carry it: LDH labels, an optional "*." first label.
bool valid_dns_name(const std::string& name);

/// A wildcard dNSName ("*.example.com") that would match a name in one of the excluded
/// DNS subtrees ("bar.example.com"): RFC 5280 checks the literal, RFC 9525 the names
/// it matches (CVE-2025-61727).
bool wildcard_hits_excluded(const std::string& san, const std::vector<std::string>& excluded);

}  // namespace trustready::paths
