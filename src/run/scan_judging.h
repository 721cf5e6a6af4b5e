// Judging what the scanner found: a store by the engines of its likely reader (a keystore
// by Java's, a PEM file by OpenSSL's as its loader loads it); pin sets and SDKs against the
// migration. Safe to call from the walker's threads.
#pragma once

#include <string>
#include <string_view>

#include "catalog/migration.h"
#include "judge/verdict.h"
#include "results/scan_result.h"

namespace trustready::run {

/// `bytes`: the file the store was found in (PEM loaders read it whole). The engines keep
/// their own answers per anchor set, so a bundle copied into many node_modules costs its
/// verification once; the judgement itself names the file, so it is made per file.
results::ScannedStore judge_scanned_store(std::string source, scan::StoreFound found, std::string_view bytes,
                                          const catalog::Migration& migration, const judge::JudgeOptions& options);

/// "add Amazon Root CA 1, Amazon Root CA 2 to FILE" in the store's own way (keytool for
/// keystores): a scanned file belongs to an application, which a person changes.
std::string scanned_store_fix(const results::ScannedStore& store);

results::ScannedPins judge_pin_set(std::string source, scan::PinSet set, const catalog::Migration& migration,
                                   const judge::JudgeOptions& options);

}  // namespace trustready::run
