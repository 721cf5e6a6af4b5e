// `check`'s data flow: discover stores -> read -> effective anchors -> judge -> fixes
// and findings. No printing.
#pragma once

#include "catalog/migration.h"
#include "fs/file_tree.h"
#include "judge/verdict.h"
#include "results/check_result.h"
#include "stores/discover.h"

namespace trustready::run {

results::CheckResult run_check(const fs::FileTree& root, const catalog::Migration& migration,
                               const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options);

}  // namespace trustready::run

namespace trustready::image {
class ImageTree;
}

namespace trustready::run {

/// run_check on an image: discovery asks for files, the image loads what was asked for in
/// one pass over its layers, and discovery runs again until it asks for nothing new (a
/// bundle names its anchor folder, a JDK its cacerts); then the check itself.
results::CheckResult run_check_image(image::ImageTree& image, const catalog::Migration& migration,
                                     const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options);

}  // namespace trustready::run
