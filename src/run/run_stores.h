// `stores`' data flow: discover and read every store, find the SDKs. No printing.
#pragma once

#include "fs/file_tree.h"
#include "results/stores_result.h"
#include "stores/discover.h"

namespace trustready::run {

results::StoresResult run_stores(const fs::FileTree& root, const stores::DiscoveryOptions& options);

}  // namespace trustready::run
