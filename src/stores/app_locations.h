// The trust stores applications bring or point at: Java keystores, Python bundles
// (certifi, pip, botocore, requests, boto), node's built-in roots, NSS databases, and the
// environment variables and AWS config entries that name a bundle.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fs/file_tree.h"
#include "stores/inventory.h"
#include "stores/store.h"

namespace trustready::stores {

struct AppLocations {
  /// Named by an environment variable or a config file: reported even when missing.
  std::vector<StoreLocation> pointers;
  /// Found in their usual places.
  std::vector<StoreLocation> found;
  /// Configuration that could not be read (an ~/.aws/config that does not parse).
  std::vector<Store> failed;
};

/// `environment` is this process's when judging this host, empty under --root.
AppLocations app_locations(const fs::FileTree& root, const Inventory& inventory,
                           const std::map<std::string, std::string>& environment);

}  // namespace trustready::stores
