// `trustready paths`: every path of a chain against a store, and each client's verdict.
#pragma once

#include <string>
#include <vector>

#include "paths/engines.h"
#include "paths/path_builder.h"
#include "report/style.h"

namespace trustready::report {

struct PathsView {
  const paths::PathInput& input;
  const paths::PathReport& report;
  const std::vector<paths::ClientVerdict>& clients;
  std::string store_label;  ///< where the anchors came from
};

std::string paths_text(const PathsView& v, const Style& style);
std::string paths_json(const PathsView& v);
/// Graphviz: certificates as nodes, "issued by" as edges; the first valid path is drawn
/// bold green, edges from catalog cross-certificates dashed, anchors as double boxes.
std::string paths_dot(const PathsView& v);

}  // namespace trustready::report
