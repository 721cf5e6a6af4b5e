// What `scan` found: the trust stores, pin sets and SDKs in the trees and images it
// read, each judged against the migration, and the paths it could not read. Computed
// by run/run_scan, rendered by report/ (text, JSON, SARIF).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/migration.h"
#include "judge/pin_judge.h"
#include "judge/sdk_judge.h"
#include "judge/verdict.h"
#include "scan/scan_findings.h"

namespace trustready::results {

/// A trust store found by its content.
struct ScannedStore {
  std::string source;  ///< the tree or image it is in (as given on the command line)
  scan::StoreFound found;
  /// Empty when the file is no trust store (only leaf certificates: a server's own).
  std::optional<judge::StoreJudgement> judgement;
  std::string reason;  ///< one sentence for people
  std::string fix;     ///< what to do, when not ready
};

struct ScannedPins {
  std::string source;
  scan::PinSet set;
  judge::PinJudgement judgement;
};

struct ScannedSdk {
  std::string source;
  scan::Position at;
  judge::SdkJudgement judgement;
};

/// A path, layer or image that could not be read, or a file that looked like a store and was not.
struct ScanProblem {
  std::string source;
  std::string path;
  std::string what;
};

struct ScanStats {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t skipped = 0;  ///< symlinks not followed, other file systems, excluded, special files
  double seconds = 0;
};

struct ScanResult {
  const catalog::Migration* migration = nullptr;
  std::vector<std::string> sources;  ///< each tree and image scanned, as given
  std::vector<ScannedStore> stores;
  std::vector<ScannedPins> pins;
  std::vector<ScannedSdk> sdks;
  std::vector<ScanProblem> problems;
  ScanStats stats;
  /// Sources (an image, most often) that could not be read at all: the verdict is then an
  /// error, whatever the others hold.
  std::size_t unreadable_sources = 0;
  judge::Verdict verdict = judge::Verdict::Ready;
};

}  // namespace trustready::results
