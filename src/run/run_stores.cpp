#include "run/run_stores.h"

#include "software/sdk.h"

namespace trustready::run {

results::StoresResult run_stores(const fs::FileTree& root, const stores::DiscoveryOptions& options) {
  auto found = stores::discover(root, options);
  results::StoresResult out;
  out.root = root.root();
  out.distro = found.distro;
  out.sdks = software::find_sdks(root, found.inventory);
  out.search_problems = found.inventory.problems;
  out.stores = std::move(found.stores);
  return out;
}

}  // namespace trustready::run
