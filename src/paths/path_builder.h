// Every certification path from a leaf to a store's anchors, each checked as RFC 5280
// and the CA/Browser Forum profile want for a TLS server. Hand-written because no
// library enumerates paths: OpenSSL, GnuTLS and NSS each build one path (and give up
// on the first failure); we need all of them to say which a client could take.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cert/certificate.h"
#include "cert/crl.h"
#include "paths/profile_checks.h"
#include "util/time.h"

namespace trustready::paths {

/// Where a certificate of a path came from.
enum class Source { Leaf, Presented, Store, Extra };
const char* to_string(Source s);

struct Policy {
  bool require_server_auth = true;  ///< extendedKeyUsage must allow serverAuth (leaf and CAs)
  bool reject_sha1 = true;          ///< SHA-1 and MD5 signatures are rejected (not the anchor's own)
  int min_rsa_bits = 2048;          ///< smaller RSA keys are rejected
  bool check_anchor_validity = true;
  Profile profile = Profile::Default;  ///< the certificate profile (paths/profile_checks.h)
  std::uint32_t leaf_key_usage = 0;    ///< cert::KeyUsageBit values the leaf's keyUsage must allow
  int max_intermediates = -1;       ///< non-self-issued intermediates allowed, -1: no limit
  std::size_t max_depth = 16;       ///< certificates in a path, anchor included
  std::size_t max_work = 20000;     ///< issuer candidates examined, over the whole search
  std::size_t max_paths = 256;      ///< complete paths recorded
};

struct PathInput {
  cert::Certificate leaf;
  std::vector<cert::Certificate> presented;  ///< the intermediates a server sends, any order
  std::vector<cert::Certificate> anchors;    ///< the trust store
  std::vector<cert::Certificate> extra;      ///< other certificates known to exist (cross-signs)
  TimePoint at{};
  std::string host;                          ///< empty: no host name check
  std::vector<cert::Crl> crls;               ///< revocation lists the path's CAs issued
  Policy policy;
};

struct PathCert {
  cert::Certificate certificate;
  Source source = Source::Presented;
};

struct Path {
  std::vector<PathCert> certs;        ///< leaf first, anchor last
  std::vector<std::string> problems;  ///< empty: the path is valid
  bool valid() const { return problems.empty(); }
};

struct PathReport {
  std::vector<Path> paths;      ///< valid ones first, then by length
  std::string incomplete;       ///< why the search stopped early (a limit), else empty
  std::size_t work = 0;         ///< issuer candidates examined
  /// When no path reaches an anchor: the issuer that is missing above the longest chain.
  std::string no_path_reason;
  bool any_valid() const { return !paths.empty() && paths.front().valid(); }
};

PathReport build_paths(const PathInput& input);

}  // namespace trustready::paths
