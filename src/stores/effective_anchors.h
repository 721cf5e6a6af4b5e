// One answer to "what does this store's reader trust": the store's own anchors, plus
// those of the store its readers also load (an NSS database and NSS's built-in roots,
// node and NODE_EXTRA_CA_CERTS), minus what the store explicitly distrusts. Every
// command (check, paths, later probe) asks this function.
#pragma once

#include <string>
#include <vector>

#include "fs/file_tree.h"
#include "stores/readers.h"
#include "stores/store.h"

namespace trustready::stores {

struct EffectiveAnchors {
  std::vector<cert::Certificate> certificates;
  /// Where the other store's anchors came from (its path), or empty when none were added.
  std::string judged_with;
  /// Set when the readers also trust a store that was not found or could not be read:
  /// "judged on its own: its readers also trust NSS's built-in roots (libnssckbi.so), ...".
  std::string note;
};

/// `already_read` are stores read before (a discovery's): the store named by
/// `store.location.also_trusts` is taken from them, and only located and read under
/// `root` when it is not among them.
EffectiveAnchors effective_anchors(const fs::FileTree& root, const Store& store, const std::vector<Store>& already_read,
                                   const ReadOptions& options);

}  // namespace trustready::stores
