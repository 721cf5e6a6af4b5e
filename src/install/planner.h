// From judged stores to one plan: which writer fixes each store that is not ready, the
// stores one fix serves merged into one entry, and the state of every file it changes.
#pragma once

#include <vector>

#include "install/writer.h"

namespace trustready::install {

/// The fix for one store that is not ready. A store some library cannot load is to be
/// repaired, and one whose lacking anchors are all invalid by then has no fix: both are
/// `blocked`, saying why.
StorePlan plan_store(const stores::Store& store, const judge::StoreJudgement& judgement, const PlanContext& ctx);

struct JudgedStore {
  const stores::Store* store = nullptr;
  const judge::StoreJudgement* judgement = nullptr;
};

/// The plan for every store given that is not ready; stores whose fixes are the same
/// steps (an anchor folder and each store its update tool compiles) share one entry.
Plan make_plan(const std::vector<JudgedStore>& stores, const PlanContext& ctx);

/// The state of each file now (symlinks followed inside the tree), sorted by path.
std::vector<FileState> file_states(const fs::FileTree& tree, const std::vector<StorePlan>& plans);

}  // namespace trustready::install
