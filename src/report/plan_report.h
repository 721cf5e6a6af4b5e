// `fix`'s plan and outcome for people (text, with the shell to copy) and programs (JSON).
#pragma once

#include <string>
#include <vector>

#include "install/plan.h"
#include "report/style.h"
#include "results/check_result.h"

namespace trustready::report {

struct PlanTextOptions {
  Style style;
  bool applying = false;  ///< said before carrying the plan out, rather than as a dry run
};

std::string plan_text(const install::Plan& plan, const PlanTextOptions& options);
std::string plan_json(const install::Plan& plan);

/// What `fix --apply` did, for programs: the plan, each step done, what is left by hand,
/// the journal, and each touched store as `check` judges it now.
struct AppliedFix {
  const install::Plan* plan = nullptr;
  std::vector<std::string> done;
  std::vector<std::string> by_hand;
  std::string journal_id;
  const std::vector<results::StoreResult>* again = nullptr;
};
std::string applied_json(const AppliedFix& applied);

}  // namespace trustready::report
