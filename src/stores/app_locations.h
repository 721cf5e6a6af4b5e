// The trust stores applications bring or point at: Java keystores, Python bundles
// (certifi, pip, botocore, requests, boto), node's built-in roots, NSS databases, and the
// environment variables and AWS config entries that name a bundle.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fs/root_fs.h"
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
  /// What NSS databases here also trust: kNssBuiltinsId, or kSystemStoreId where NSS's
  /// roots module is p11-kit-trust.
  std::string nss_also_trusts;
};

/// `environment` is this process's when judging this host, empty under --root.
AppLocations app_locations(const fs::RootFs& root, const Inventory& inventory,
                           const std::map<std::string, std::string>& environment);

/// Id of the NSS built-in roots store that NSS databases also trust.
inline constexpr const char* kNssBuiltinsId = "nss-builtins";
/// Stands for "the system bundle" in also_trusts (NSS with p11-kit-trust as its roots module).
inline constexpr const char* kSystemStoreId = "system";

}  // namespace trustready::stores
