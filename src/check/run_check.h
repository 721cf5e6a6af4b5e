// The main job's data flow: discover stores -> load -> judge -> fixes. No printing.
#pragma once

#include <string>
#include <vector>

#include "catalog/migration.h"
#include "fs/root_fs.h"
#include "judge/verdict.h"
#include "stores/discover.h"

namespace trustready::check {

struct StoreResult {
  stores::Store store;
  judge::StoreJudgement judgement;
  std::string fix;  ///< empty when ready
};

struct CheckReport {
  const catalog::Migration* migration = nullptr;
  std::string root;
  stores::Distro distro;
  judge::JudgeOptions options;
  std::vector<StoreResult> stores;         ///< trust stores, judged
  std::vector<stores::Store> sources;      ///< anchor folders that feed them
  judge::Verdict verdict = judge::Verdict::Ready;
  std::string note;  ///< host-level remark (e.g. no trust store at all)
};

CheckReport run_check(const fs::RootFs& root, const catalog::Migration& migration,
                      const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options);

}  // namespace trustready::check
