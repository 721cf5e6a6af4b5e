// Verdicts: what a store, a chain or a whole host amounts to for a migration.
#pragma once

#include <chrono>
#include <utility>
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
  /// Of those, the ones the store holds but not valid at the evaluation time, with why.
  std::vector<std::pair<std::string, std::string>> held_not_valid;
  std::string reason;  ///< one sentence for people
  /// The verdicts of the libraries that read this store (a PEM store: OpenSSL, curl,
  /// GnuTLS load it and build paths differently), each with what it holds of the store.
  std::vector<paths::ClientVerdict> clients;
};

/// How one library that reads the store loads it.
struct LibraryLoad {
  std::string library;  ///< the engine's name: "openssl", "curl", "gnutls"
  std::string users;    ///< its clients, for people
  std::string failure;  ///< it loads nothing: why (naming the file); empty when it loads the store
  /// Anchors its trust settings refuse for TLS servers ("NAME: trust settings reject ...").
  std::vector<std::string> refused;
};

struct StoreJudgement {
  Verdict verdict = Verdict::Error;
  /// The libraries that read the store (PEM stores), as they load it.
  std::vector<LibraryLoad> libraries;
  /// Readers that reject a required chain (engine names): with some readers rejecting the
  /// store is at-risk, with all of them broken, whatever its anchors allow.
  std::vector<std::string> breaks;
  std::vector<const catalog::Anchor*> present;
  std::vector<const catalog::Anchor*> missing;  ///< recommended anchors the store lacks
  /// Present anchors no copy of which is valid at the evaluation time, with why
  /// ("expired on 2038-01-17", "not valid before 2015-05-26"), in `present`'s order.
  std::vector<std::pair<const catalog::Anchor*, std::string>> not_valid;
  /// Set when no fix can help: every anchor the store lacks is itself invalid at the
  /// evaluation time, so adding the migration's roots again changes nothing.
  std::string no_fix_reason;
  std::vector<ChainJudgement> chains;
  std::string reason;
};

}  // namespace trustready::judge

namespace trustready::judge {

/// What one store's readers say of a chain a server presented (`probe`).
enum class PresentedWord { Trusted, Untrusted, Error };
const char* to_string(PresentedWord w);

struct PresentedVerdict {
  std::string store;  ///< the store's path (and what it was judged with)
  PresentedWord verdict = PresentedWord::Error;
  std::string anchor;                       ///< the anchor of the path taken, for people
  std::vector<cert::Certificate> path;      ///< leaf first, the anchor last (when trusted)
  std::string reason;                       ///< one sentence for people
  std::vector<paths::ClientVerdict> clients;  ///< each engine asked, the store's readers first, "ideal" last
  /// The engines whose verdict decides (the store's readers; "ideal" only for a store no engine reads).
  std::vector<std::string> deciders;
};

/// The shape of a presented chain, as the server sent it.
struct ChainShape {
  bool in_order = true;   ///< each certificate is issued by the one after it
  bool complete = true;   ///< it reaches a root (self-issued, or one a store judged holds)
  std::string note;       ///< why not, for people; empty when in order and complete
};

}  // namespace trustready::judge
