// `check`'s data flow: discover stores -> read -> effective anchors -> judge -> fixes
// and findings. No printing.
#pragma once

#include "catalog/migration.h"
#include "fs/file_tree.h"
#include "judge/verdict.h"
#include "results/check_result.h"
#include "stores/discover.h"

namespace trustready::run {

results::CheckResult run_check(const fs::FileTree& root, const catalog::Migration& migration,
                               const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options);

}  // namespace trustready::run
