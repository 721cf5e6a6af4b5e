// The fix for a store: for the system's stores, the AWS article's instructions per
// distribution (its anchor folder and update command, from stores/layouts.h); for an
// application's, its own tool (app_fix.h). Platform differences live here and in stores/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/migration.h"
#include "fs/file_tree.h"
#include "judge/verdict.h"
#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::install {

/// The exact command line that adds the migration's recommended anchors to `store`,
/// for a person to copy. Distribution-managed stores get the anchor folder and update
/// command; files named by the user get their certificates appended; application
/// stores get their own tool (keytool, certutil, pip, apt).
std::string fix_command(const stores::Store& store, const stores::Distro& distro, const fs::FileTree& root,
                        const catalog::Migration& migration, const judge::StoreJudgement& judgement);

/// What to do about a store that a library reading it cannot load at all (a damaged PEM
/// block, DER where PEM is expected): adding roots would not help, repairing the file does.
/// `failure` is the library's reason; a distribution's store is then rebuilt by its tool.
std::string repair_command(const stores::Store& store, const stores::Distro& distro, const fs::FileTree& root,
                           const std::string& failure);

/// Writes the migration's recommended anchors as NAME.crt files into `dir` (created if
/// needed), or as one PEM stream to stdout when dir is "-". Atomic per file; an existing
/// file with other content is never overwritten. Returns the files written.
Result<std::vector<std::string>> export_anchors(const catalog::Migration& migration, const std::string& dir);

}  // namespace trustready::install
