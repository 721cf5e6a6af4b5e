// What `probe` found: per target, what was captured and, per store, what its readers say.
// Results stream out as targets finish; the summary counts them.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/impact.h"
#include "judge/verdict.h"
#include "probe/engine.h"

namespace trustready::results {

/// Everything judged of one distinct chain for one name: shared by every target that
/// presented it (endpoints share chains, so each is judged once).
struct ChainVerdicts {
  judge::ChainShape shape;
  std::vector<judge::PresentedVerdict> stores;
};

struct ProbeResult {
  const probe::Target* target = nullptr;
  probe::Capture capture;
  catalog::Impact impact;
  std::string migration;  ///< the migration `impact` is about
  std::string host;       ///< the name the chain is checked for
  std::shared_ptr<const ChainVerdicts> verdicts;  ///< null when nothing was captured (or plain HTTP)
  /// --aia: the chain judged again with the issuers fetched (as browsers and Windows
  /// would build it); null when nothing was fetched. The verdict stays `verdicts`'.
  std::shared_ptr<const ChainVerdicts> with_fetched;
  /// Every store judged trusts the chain (plain HTTP, never connected, counts as fine).
  bool trusted_everywhere() const;
  bool failed() const { return !capture.ok(); }
};

struct StoreTally {
  std::size_t trusted = 0, untrusted = 0, errors = 0;
};

struct ProbeSummary {
  std::size_t targets = 0, failed = 0, untrusted = 0;
  std::size_t not_connected = 0;  ///< plain http:// targets: said, never connected
  std::size_t distinct_chains = 0;  ///< chains judged (the rest came from the cache)
  std::vector<std::string> store_order;  ///< the stores, in the order judged
  std::map<std::string, StoreTally> stores;
  double seconds = 0;
  /// Exit status 1: a target failed, or some store does not trust it.
  bool all_trusted() const { return failed == 0 && untrusted == 0; }
};

}  // namespace trustready::results
