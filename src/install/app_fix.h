// Fixes for the stores applications bring: keytool for Java keystores, certutil for NSS
// databases, a package upgrade for vendored bundles (certifi, botocore) and built-in roots.
#pragma once

#include <optional>
#include <string>

#include "catalog/migration.h"
#include "fs/root_fs.h"
#include "judge/verdict.h"
#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::install {

/// The command for an application store; nullopt for the system's own stores and for
/// stores the system rebuilds itself (Debian's Java cacerts, rebuilt by update-ca-certificates).
std::optional<std::string> app_fix_command(const stores::Store& store, const stores::Distro& distro,
                                           const fs::RootFs& root, const catalog::Migration& migration,
                                           const judge::StoreJudgement& judgement);

}  // namespace trustready::install
