// Renders `check` results: a table for people, JSON (design.md's contract) for programs.
#pragma once

#include <string>

#include "check/run_check.h"
#include "report/style.h"

namespace trustready::report {

struct TextOptions {
  Style style;
  bool verbose = false;  ///< every chain and every path, also for ready stores
  bool quiet = false;    ///< the verdict line only
};

std::string check_text(const check::CheckReport& report, const TextOptions& options);
std::string check_json(const check::CheckReport& report);

}  // namespace trustready::report
