#include "image/image_tree.h"
#include "run/run_check.h"
#include "software/sdk.h"

namespace trustready::run {
namespace {

/// Each round is a pass over the layers; a discovery that still asks for new files after
/// this many is reading a chain of pointers no real image has.
constexpr int kMaxRounds = 8;

/// Loads what the last reads asked for; false when nothing new was asked for (or the
/// image could not give it, which the next reads report as they would a missing file).
bool load_wanted(image::ImageTree& image) {
  const auto wanted = image.wanted();
  if (wanted.empty()) return false;
  return image.load(wanted).ok();
}

}  // namespace

results::CheckResult run_check_image(image::ImageTree& image, const catalog::Migration& migration,
                                     const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options) {
  for (int round = 0; round < kMaxRounds; ++round) {
    const auto found = stores::discover(image, discovery);
    (void)software::find_sdks(image, found.inventory);
    if (!load_wanted(image)) break;
  }
  auto result = run_check(image, migration, discovery, options);
  // Judging reads a little more (the files a store's readers add to it): once more if so.
  if (load_wanted(image)) result = run_check(image, migration, discovery, options);
  return result;
}

}  // namespace trustready::run
