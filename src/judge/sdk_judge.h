// SDK version x the migration's cutoffs: is this AWS SDK or CLI too old to trust the
// new chains, and which version fixes it.
#pragma once

#include <optional>
#include <string>

#include "catalog/migration.h"
#include "judge/verdict.h"
#include "software/sdk.h"

namespace trustready::judge {

struct SdkJudgement {
  software::InstalledSdk sdk;
  /// Empty when the catalog cannot judge this SDK by its version (it is reported, and
  /// the stores it trusts are judged on their own).
  std::optional<Verdict> verdict;
  std::string reason;
  std::string upgrade_to;  ///< the first version that fixes it, when broken
  std::string fix;         ///< the upgrade command, when broken (check fills it from install/)
};

SdkJudgement judge_sdk(const software::InstalledSdk& sdk, const catalog::Migration& migration);

}  // namespace trustready::judge
