// `trustready paths`: every path of a chain against a store, and each client's verdict.
#pragma once

#include <string>

#include "report/style.h"
#include "results/paths_result.h"

namespace trustready::report {

std::string paths_text(const results::PathsResult& result, const Style& style);
/// design.md's contract: each client carries "verdict": "trusted"|"untrusted" ("accepts" too).
std::string paths_json(const results::PathsResult& result);
/// Graphviz: certificates as nodes, "issued by" as edges; the first valid path is drawn
/// bold green, edges from catalog cross-certificates dashed, anchors as double boxes.
std::string paths_dot(const results::PathsResult& result);

}  // namespace trustready::report
