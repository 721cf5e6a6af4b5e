// `probe`'s data flow: read the stores once -> capture every target's chain (probe/'s
// engine) -> judge each distinct chain once per name against every store -> hand each
// result to the caller as it is ready. No printing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "fs/file_tree.h"
#include "probe/engine.h"
#include "results/probe_result.h"
#include "stores/discover.h"
#include "util/result.h"
#include "util/time.h"

namespace trustready::run {

struct ProbeRequest {
  std::vector<probe::Target> targets;
  std::vector<std::optional<probe::Proxy>> proxies;  ///< one per target (empty: all direct)
  probe::EngineSettings engine;
  std::vector<std::string> stores;  ///< absolute inside the root; empty: every store the host's applications use
  stores::DiscoveryOptions discovery;
  std::vector<std::string> clients;  ///< engine names; empty: each store's readers, and ideal
  TimePoint at{};
  const catalog::Migration* migration = nullptr;  ///< whose impact rules say `affected`
  /// --aia: fetch an issuer the server did not send, and judge the chain again with it.
  bool aia = false;
};

/// Called once per target as it finishes, one call at a time.
using ProbeSink = std::function<void(const results::ProbeResult&)>;

/// An error (exit 2) when a named store cannot be read or no store is found.
Result<results::ProbeSummary> run_probe(const fs::FileTree& root, const catalog::Catalog& catalog,
                                        const ProbeRequest& request, const ProbeSink& sink,
                                        probe::Progress* progress = nullptr);

}  // namespace trustready::run
