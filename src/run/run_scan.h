// `scan`'s data flow: walk each tree (or stream each image's layers), detect stores, pins
// and SDKs in every file, judge each against the migration. No printing.
#pragma once

#include <string>
#include <vector>

#include "catalog/migration.h"
#include "fs/file_tree.h"
#include "image/image.h"
#include "judge/verdict.h"
#include "results/scan_result.h"
#include "scan/detect.h"
#include "scan/walker.h"

namespace trustready::run {

struct ScanSource {
  enum class Kind { Tree, Image };
  Kind kind = Kind::Tree;
  std::string given;  ///< as typed, for the output
  std::string path;   ///< Tree: inside the tree; Image: the archive or OCI folder on this machine
};

struct ScanRequest {
  const fs::FileTree* tree = nullptr;  ///< where Tree sources are (this host's `/`, or --root)
  std::vector<ScanSource> sources;
  scan::WalkOptions walk;
  scan::DetectOptions detect;
  image::OpenOptions image;
  const catalog::Migration* migration = nullptr;
  judge::JudgeOptions options;
  /// Counters a progress line reads while the scan runs (files and bytes; images too).
  scan::WalkProgress* progress = nullptr;
};

results::ScanResult run_scan(const ScanRequest& request);

}  // namespace trustready::run
