// The decisions behind the findings, made once for every renderer.
#pragma once

#include <optional>
#include <vector>

#include "results/check_result.h"
#include "results/paths_result.h"

namespace trustready::results {

/// A store that shares at least half of its (20 or more) anchors with the system bundle
/// was copied from such a list; how far it has drifted is what its owner needs to know.
std::optional<CopyComparison> compare_with_system(const stores::Store& store, const stores::Store& system);

/// The store's findings: a stale copy, or one that differs from the system bundle, and
/// every library whose verdict on a required chain differs from the store's.
std::vector<Finding> store_findings(const StoreResult& result);

/// `paths`' findings: the engines disagree, or only ideal rejects because of the profile
/// or the CRLs it was given.
std::vector<Finding> paths_findings(const paths::PathInput& input, const std::vector<paths::ClientVerdict>& clients);

}  // namespace trustready::results
