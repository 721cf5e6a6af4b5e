// The package upgrades that fix the stores packages own (vendored bundles such as certifi
// and botocore, built-in roots) and the AWS SDKs and CLIs that are too old.
#pragma once

#include <optional>
#include <string>

#include "catalog/migration.h"
#include "fs/file_tree.h"
#include "software/sdk.h"
#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::install {

/// What upgrades a store a package owns (certifi, pip's vendored copy, node's compiled-in
/// roots, NSS's built-ins); nullopt for other stores (install/writer.h writes those).
std::optional<std::string> app_fix_command(const stores::Store& store, const stores::Distro& distro,
                                           const fs::FileTree& root);

/// The command that upgrades an AWS SDK or CLI found by software::find_sdks to
/// `upgrade_to` (or later): the distribution's package, pip, npm, or the build to change.
std::string sdk_fix_command(const software::InstalledSdk& sdk, const std::string& upgrade_to,
                            const stores::Distro& distro, const fs::FileTree& root);

}  // namespace trustready::install
