// What `stores` found: every store as read, the SDKs, the places not searched.
#pragma once

#include <string>
#include <vector>

#include "software/sdk.h"
#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::results {

struct StoresResult {
  std::string root;
  stores::Distro distro;
  std::vector<stores::Store> stores;  ///< trust stores first, then anchor sources
  std::vector<software::InstalledSdk> sdks;
  std::vector<stores::Problem> search_problems;
  /// A store could not be read (the exit status).
  bool any_error() const;
};

}  // namespace trustready::results
