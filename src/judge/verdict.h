// Verdicts: what a store, a chain or a whole host amounts to for a migration.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "catalog/migration.h"
#include "cert/certificate.h"
#include "paths/engines.h"
#include "util/time.h"

namespace trustready::judge {

/// Ordered from best to worst: the worst store sets the host's verdict.
enum class Verdict { Ready, AtRisk, Broken, Error };
const char* to_string(Verdict v);
Verdict worst(Verdict a, Verdict b);

struct JudgeOptions {
  TimePoint at;  ///< evaluation time (--at)
  std::chrono::days horizon{365};  ///< expiring within this is at-risk
};

/// One way a chain reaches an anchor in the store.
struct FoundPath {
  /// Top presented certificate first, the store's anchor last.
  std::vector<cert::Certificate> certificates;
  cert::Certificate anchor;
  std::string anchor_name;
  /// The first certificate on the path to expire.
  TimePoint expires;
  std::string expiring_name;
  bool direct = false;  ///< the chain's own root is in the store (no cross-sign used)
};

enum class ChainStatus { Verifies, AtRisk, Fails, NotServed };
const char* to_string(ChainStatus s);

struct ChainJudgement {
  const catalog::Chain* chain = nullptr;
  ChainStatus status = ChainStatus::Fails;
  std::vector<FoundPath> paths;
  /// Why candidate anchors did not work ("Starfield Class 2 CA: certificate has expired").
  std::vector<std::string> failures;
  /// Anchors that would complete this chain (for "the store lacks ...").
  std::vector<std::string> would_anchor;
  std::string reason;  ///< one sentence for people
  /// The libraries' verdicts with this store, when its readers are more than one library
  /// (a PEM store: OpenSSL, curl, GnuTLS build paths differently).
  std::vector<paths::ClientVerdict> clients;
};

struct StoreJudgement {
  Verdict verdict = Verdict::Error;
  std::vector<const catalog::Anchor*> present;
  std::vector<const catalog::Anchor*> missing;  ///< recommended anchors the store lacks
  std::vector<ChainJudgement> chains;
  std::string reason;
};

}  // namespace trustready::judge
