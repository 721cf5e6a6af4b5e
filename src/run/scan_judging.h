// Judging what the scanner found: a store by the engines of its likely reader (a keystore
// by Java's, a PEM file by OpenSSL's as its loader loads it), the same bytes once; pin
// sets and SDKs against the migration. Safe to call from the walker's threads.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "catalog/migration.h"
#include "judge/verdict.h"
#include "results/scan_result.h"

namespace trustready::run {

class StoreJudge {
 public:
  StoreJudge(const catalog::Migration& migration, const judge::JudgeOptions& options)
      : migration_(migration), options_(options) {}
  /// `bytes`: the file the store was found in (PEM loaders read it whole).
  results::ScannedStore judge(std::string source, scan::StoreFound found, std::string_view bytes);

 private:
  const catalog::Migration& migration_;
  judge::JudgeOptions options_;
  std::mutex mutex_;
  /// By the file's SHA-256 and format: node_modules and virtualenvs hold the same bundle many times.
  std::map<std::string, judge::StoreJudgement> judged_;
};

/// "add Amazon Root CA 1, Amazon Root CA 2 to FILE" in the store's own way (keytool for
/// keystores): a scanned file belongs to an application, which a person changes.
std::string scanned_store_fix(const results::ScannedStore& store);

results::ScannedPins judge_pin_set(std::string source, scan::PinSet set, const catalog::Migration& migration,
                                   const judge::JudgeOptions& options);

}  // namespace trustready::run
