// `fix`'s plan and outcome for people (text, with the shell to copy) and programs (JSON).
#pragma once

#include <string>
#include <vector>

#include "install/plan.h"
#include "report/style.h"

namespace trustready::report {

struct PlanTextOptions {
  Style style;
  bool applying = false;  ///< said before carrying the plan out, rather than as a dry run
};

std::string plan_text(const install::Plan& plan, const PlanTextOptions& options);
std::string plan_json(const install::Plan& plan);

}  // namespace trustready::report
