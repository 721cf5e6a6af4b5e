// What `check` found: each store with its judgement, fix and findings; the anchor folders;
// the SDKs; the places not searched. Computed by run/, rendered by report/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/migration.h"
#include "judge/sdk_judge.h"
#include "judge/verdict.h"
#include "results/finding.h"
#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::results {

/// How an application's store compares with the system bundle it was (likely) copied from.
struct CopyComparison {
  std::string system_path;  ///< the system bundle compared with
  std::size_t shared = 0;   ///< anchors in both
  std::size_t behind = 0;   ///< system anchors this store lacks
  std::size_t extra = 0;    ///< anchors the system bundle does not have (removed since, or added)
};

struct StoreResult {
  stores::Store store;
  judge::StoreJudgement judgement;
  std::string fix;  ///< empty when ready
  /// Set when the store was judged with another store's anchors too (NSS built-ins).
  std::string judged_with;
  /// How many certificates its readers trust: its own, and judged_with's (stores::effective_anchors).
  std::size_t anchors = 0;
  /// Set for an application store that looks like a copy of the system bundle.
  std::optional<CopyComparison> copy;
  std::vector<Finding> findings;
};

struct CheckResult {
  const catalog::Migration* migration = nullptr;
  std::string root;
  stores::Distro distro;
  judge::JudgeOptions options;
  std::vector<StoreResult> stores;         ///< trust stores, judged
  std::vector<stores::Store> sources;      ///< anchor folders that feed them
  std::vector<judge::SdkJudgement> sdks;   ///< AWS SDKs and CLIs found, by version
  judge::Verdict verdict = judge::Verdict::Ready;
  /// Host-level findings (no system trust store at all).
  std::vector<Finding> findings;
  /// Places the search could not cover (an unreadable home, a --path tree cut short):
  /// stores there are not in `stores`, so the verdict does not speak for them.
  std::vector<stores::Problem> search_problems;
};

}  // namespace trustready::results
