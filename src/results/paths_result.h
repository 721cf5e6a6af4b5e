// What `paths` found: the input it judged, every path, each engine's verdict, findings.
#pragma once

#include <string>
#include <vector>

#include "paths/engines.h"
#include "paths/path_builder.h"
#include "results/finding.h"

namespace trustready::results {

struct PathsResult {
  paths::PathInput input;
  paths::PathReport report;
  std::vector<paths::ClientVerdict> clients;
  std::string store_label;  ///< where the anchors came from
  std::vector<Finding> findings;
  /// Every engine asked accepts (the exit status).
  bool all_accept() const;
};

}  // namespace trustready::results
