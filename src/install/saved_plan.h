// A plan saved with `fix --format json > plan.json` and applied later with
// `fix --apply --plan plan.json`: as terraform's saved plans, the file is never carried
// out itself (a file could name any path); the plan is made again from the host as it is
// and applied only when it is the same plan, file states and all.
#pragma once

#include <string>
#include <string_view>

#include "install/plan.h"
#include "util/result.h"

namespace trustready::install {

/// Ok when `saved` (plan JSON text, from `source`) is the plan `fresh` is; otherwise an
/// error saying what changed: the first file whose state differs, else that the steps differ.
Status same_plan(std::string_view saved, const std::string& source, const Plan& fresh, const std::string& fresh_json);

}  // namespace trustready::install
