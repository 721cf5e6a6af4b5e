// The distributions' layouts, in one table: every trust store and anchor folder a
// distribution keeps, which of them is a family's system bundle and anchor folder, and
// the command that compiles the anchor folder into the stores. Discovery and `check`'s
// fixes both read this table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::stores {

/// Where a distribution family takes new roots, and what its clients read.
struct DistroLayout {
  std::string bundle;          ///< the system bundle (what NODE_EXTRA_CA_CERTS should name)
  std::string anchor_dir;      ///< where administrators add roots, e.g. /usr/local/share/ca-certificates
  std::string update_command;  ///< what compiles anchor_dir into the stores, e.g. update-ca-certificates
};

/// The layout of a family; nullopt when its anchor folder is not known (Unknown).
std::optional<DistroLayout> distro_layout(DistroFamily family);

/// The system bundle of a family (Debian's path when the family is unknown).
std::string system_bundle_path(DistroFamily family);

/// Every place of every distribution layout, in search order (also for tests).
std::vector<StoreLocation> known_locations();

}  // namespace trustready::stores
