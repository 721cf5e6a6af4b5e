// `fix`'s data flow: check's discovery and judging, then the plan for the stores not
// ready (those --store names, or all); `--apply` carries it out and checks again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "install/apply.h"
#include "install/plan.h"
#include "install/platform.h"
#include "results/check_result.h"
#include "run/run_check.h"

namespace trustready::run {

struct FixRequest {
  /// Limit the plan to these stores: ids, or paths in the tree (as found or resolved).
  std::vector<std::string> only;
  bool edit_package_files = false;
};

struct FixPlan {
  results::CheckResult check;
  install::Platform platform;
  install::Plan plan;
  /// Entries of `only` that named no store.
  std::vector<std::string> unmatched;
};

FixPlan plan_fix(const fs::FileTree& root, const catalog::Migration& migration,
                 const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options,
                 const FixRequest& request);

/// `fix --apply --plan FILE`: every file the saved plan (`fix --format json`) changes is
/// still as it was when the plan was made, or an error naming the first that is not.
Status files_as_saved(const fs::FileTree& root, std::string_view saved_json, const std::string& file);

/// The stores `ids` name, judged again after an apply (each store's verdict now).
std::vector<results::StoreResult> check_again(const fs::FileTree& root, const catalog::Migration& migration,
                                              const stores::DiscoveryOptions& discovery,
                                              const judge::JudgeOptions& options, const std::vector<std::string>& ids);

}  // namespace trustready::run
