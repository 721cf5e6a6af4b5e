// AWS SDKs and CLIs installed under a root, with their versions: what the catalog's
// cutoffs ("released before 2015-02-05 must be upgraded") are judged against.
#pragma once

#include <string>
#include <vector>

#include "fs/root_fs.h"
#include "stores/inventory.h"

namespace trustready::software {

struct InstalledSdk {
  std::string name;     ///< as the catalog's fixed_in names it: "aws-cli", "botocore", "boto", "aws-sdk-java", ...
  std::string version;  ///< "1.7.5"
  std::string path;     ///< where the version was read, inside the root
  std::string found_by; ///< "Python package metadata", "jar file name", "package.json", ...
};

/// Every SDK found in the inventory's Python folders, node_modules trees and jars, and
/// aws-cli v2 installs (/usr/local/aws-cli/v2/VERSION). One entry per package and place.
std::vector<InstalledSdk> find_sdks(const fs::RootFs& root, const stores::Inventory& inventory);

/// Compares dotted versions numerically ("1.10.0" > "1.9.17"); a non-numeric suffix
/// ("0.86.0rc1") sorts before the release. Negative, zero or positive.
int compare_versions(const std::string& a, const std::string& b);

}  // namespace trustready::software
