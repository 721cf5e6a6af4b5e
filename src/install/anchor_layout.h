// Where each platform takes new trust anchors and the command that compiles them into
// its trust stores (the AWS article's instructions, per distribution). Platform
// differences live here, in install/, and nowhere else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/migration.h"
#include "fs/root_fs.h"
#include "judge/verdict.h"
#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::install {

struct AnchorLayout {
  std::string anchor_dir;      ///< e.g. /usr/local/share/ca-certificates
  std::string update_command;  ///< e.g. update-ca-certificates
};

/// The layout of a distribution family; nullopt when unknown.
std::optional<AnchorLayout> anchor_layout(stores::DistroFamily family);

/// The exact command line that adds the migration's recommended anchors to `store`,
/// for a person to copy. Distribution-managed stores get the anchor folder and update
/// command; files named by the user get their certificates appended; application
/// stores get their own tool (keytool, certutil, pip, apt).
std::string fix_command(const stores::Store& store, const stores::Distro& distro, const fs::RootFs& root,
                        const catalog::Migration& migration, const judge::StoreJudgement& judgement);

/// Writes the migration's recommended anchors as NAME.crt files into `dir` (created if
/// needed), or as one PEM stream to stdout when dir is "-". Atomic per file; an existing
/// file with other content is never overwritten. Returns the files written.
Result<std::vector<std::string>> export_anchors(const catalog::Migration& migration, const std::string& dir);

}  // namespace trustready::install
