// Fixes for the stores applications bring: keytool for Java keystores, certutil for NSS
// databases, a package upgrade for vendored bundles (certifi, botocore) and built-in roots.
#pragma once

#include <optional>
#include <string>

#include "catalog/migration.h"
#include "fs/file_tree.h"
#include "judge/verdict.h"
#include "software/sdk.h"
#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::install {

/// The command for an application store; nullopt for the system's own stores and for
/// stores the system rebuilds itself (Debian's Java cacerts, rebuilt by update-ca-certificates).
std::optional<std::string> app_fix_command(const stores::Store& store, const stores::Distro& distro,
                                           const fs::FileTree& root, const catalog::Migration& migration,
                                           const judge::StoreJudgement& judgement);

/// The command that upgrades an AWS SDK or CLI found by software::find_sdks to
/// `upgrade_to` (or later): the distribution's package, pip, npm, or the build to change.
std::string sdk_fix_command(const software::InstalledSdk& sdk, const std::string& upgrade_to,
                            const stores::Distro& distro, const fs::FileTree& root);

}  // namespace trustready::install
