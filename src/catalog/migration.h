// A CA migration as data: its anchors, the cross-certificates its servers send, the
// chains to judge, the endpoints it affects and the SDK cutoffs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cert/certificate.h"
#include "cert/digest.h"
#include "util/time.h"

namespace trustready::catalog {

/// A root a store may hold: the real, self-signed certificate.
struct Anchor {
  std::string id;
  std::string name;
  std::string file;  ///< under data/certs/
  cert::Certificate certificate;
  /// The migration's owner tells custom stores to hold it (amazontrust.com lists five).
  bool recommended = false;
};

/// A certificate servers send above the leaf and intermediate: a root's key under
/// another root's signature.
struct CrossCertificate {
  std::string id;
  std::string name;
  std::string file;
  cert::Certificate certificate;
};

/// One shape of chain the migration's servers present.
struct Chain {
  std::string id;
  std::string name;
  /// The anchor whose key signs the (unknown) intermediate below `presented`.
  std::string issued_under;
  /// Cross-certificates the server sends, in order, above the intermediate.
  std::vector<std::string> presented;
  /// A store failing this chain is broken; otherwise the failure is only reported.
  bool required = false;
  std::vector<std::string> services;
  std::string note;
  std::optional<TimePoint> served_from;   ///< not judged at earlier --at times
  std::optional<TimePoint> served_until;  ///< not judged at later --at times
};

struct TestEndpoint {
  std::string url;
  std::string anchor;
  std::string expect;  ///< "valid", "expired", "revoked"
};

/// Whether endpoints named like `hosts` are affected by the migration (the catalog's
/// "impact" list, first match wins). A pattern's first label "*" matches one or more
/// labels (bucket names hold dots); a "*" in another label matches within that label.
struct ImpactRule {
  std::vector<std::string> hosts;
  bool affected = false;
  std::string reason;
};

struct SdkCutoff {
  std::string sdk;
  TimePoint released_before;
  std::map<std::string, std::string> fixed_in;  ///< package -> first good version
  std::string source;
};

struct DatedEvent {
  std::string date;
  std::string event;
};

struct Migration {
  std::string id;
  std::string name;
  std::string summary;
  std::vector<DatedEvent> dates;
  std::vector<Anchor> anchors;
  std::vector<CrossCertificate> cross_certificates;
  std::vector<Chain> chains;
  std::vector<std::string> affected;
  std::vector<std::string> unaffected;
  std::vector<std::string> unaffected_s3_regions;
  std::vector<TestEndpoint> test_endpoints;
  std::vector<ImpactRule> impact;
  std::optional<ImpactRule> impact_otherwise;  ///< for a name no rule matches
  std::vector<SdkCutoff> sdk_cutoffs;
  std::vector<std::string> unconfirmed;

  const Anchor* anchor(std::string_view anchor_id) const;
  const CrossCertificate* cross_certificate(std::string_view cross_id) const;
};

}  // namespace trustready::catalog
