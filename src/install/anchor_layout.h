// What `check` says of a store no added root can fix (one to repair), and the export of
// a migration's anchors as files (`trustready migrations ID --export-anchors DIR`).
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

/// What to do about a store that a library reading it cannot load at all (a damaged PEM
/// block, DER where PEM is expected): adding roots would not help, repairing the file does.
/// `failure` is the library's reason; a distribution's store is then rebuilt by its tool.
std::string repair_command(const stores::Store& store, const stores::Distro& distro, const fs::FileTree& root,
                           const std::string& failure);

/// Writes the migration's recommended anchors (or those of `only`, by id) as NAME.crt
/// files into `dir` (created if needed), or as one PEM stream to stdout when dir is "-".
/// Atomic per file; an existing file with other content is never overwritten. Returns the
/// files written; an unknown id in `only` is an error naming it.
Result<std::vector<std::string>> export_anchors(const catalog::Migration& migration, const std::string& dir,
                                                const std::vector<std::string>& only = {});

}  // namespace trustready::install
