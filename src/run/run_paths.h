// `paths`' data flow: read the chain, the CRLs and the stores' anchors -> build every
// path -> ask every engine -> findings. No printing.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "fs/file_tree.h"
#include "paths/profile_checks.h"
#include "results/paths_result.h"
#include "stores/readers.h"
#include "util/result.h"
#include "util/time.h"

namespace trustready::run {

struct PathsRequest {
  std::vector<std::string> chain_files;  ///< host paths, relative to the working folder
  std::vector<std::string> stores;       ///< absolute inside the root; empty: the system bundle
  std::vector<std::string> crls;         ///< host paths
  std::vector<std::string> clients;      ///< engine names; empty: all
  TimePoint at{};
  std::string host;
  paths::Profile profile = paths::Profile::Default;
  bool cross_signs = true;  ///< also build through the catalog's cross-certificates
  stores::ReadOptions read;
};

/// An error names the file or store that could not be read.
Result<results::PathsResult> run_paths(const fs::FileTree& root, const catalog::Catalog& catalog,
                                       const PathsRequest& request);

}  // namespace trustready::run
