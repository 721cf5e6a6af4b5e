// Renders `check` results: a table for people, JSON (design.md's contract) for programs.
#pragma once

#include <string>

#include "report/style.h"
#include "results/check_result.h"

namespace trustready::report {

struct TextOptions {
  Style style;
  bool verbose = false;  ///< every chain and every path, also for ready stores
  bool quiet = false;    ///< the verdict line only
};

std::string check_text(const results::CheckResult& result, const TextOptions& options);
std::string check_json(const results::CheckResult& result);

}  // namespace trustready::report
