#include "check/run_check.h"

#include <algorithm>
#include <set>
#include <string>

#include "install/anchor_layout.h"
#include "install/app_fix.h"
#include "judge/store_judge.h"
#include "software/sdk.h"
#include "stores/app_locations.h"

namespace trustready::check {
namespace {

/// The store named by a location's also_trusts, for people.
std::string also_trusted_name(const std::string& id) {
  if (id == stores::kNssBuiltinsId) return "NSS's built-in roots (libnssckbi.so)";
  if (id == stores::kSystemStoreId) return "the system bundle";
  return id;
}

/// Stores an application brought or was pointed at, as lists of their own (not
/// built-in roots, not NSS databases that add to built-in roots).
bool is_application_copy(const stores::Store& s) {
  return !stores::is_system_location(s.location) && s.location.kind != stores::StoreKind::ProgramRoots &&
         s.location.kind != stores::StoreKind::NssDb;
}

using AnchorKey = std::pair<std::string, cert::Sha256>;  // subject bytes, SPKI
AnchorKey key_of(const cert::Certificate& c) { return {std::string(c.subject_der()), c.spki_sha256()}; }

/// A store that shares at least half of its (20 or more) anchors with the system bundle
/// was copied from such a list; how far it has drifted is what its owner needs to know.
std::optional<CopyComparison> compare_with_system(const stores::Store& store, const stores::Store& system) {
  if (store.certificates.size() < 20) return std::nullopt;
  std::set<AnchorKey> sys, own;
  for (const auto& c : system.certificates) sys.insert(key_of(c));
  for (const auto& c : store.certificates) own.insert(key_of(c));
  CopyComparison cmp;
  cmp.system_path = system.location.path;
  for (const auto& k : own) (sys.count(k) ? cmp.shared : cmp.extra)++;
  for (const auto& k : sys)
    if (!own.count(k)) ++cmp.behind;
  if (cmp.shared * 2 < own.size()) return std::nullopt;
  return cmp;
}

/// The store as its consumers see it: with the anchors of the store it also trusts,
/// minus what it explicitly distrusts.
stores::Store with_also_trusted(const stores::Store& store, const stores::Store& other) {
  stores::Store merged = store;
  std::set<cert::Sha256> distrusted;
  for (const auto& c : store.distrusted) distrusted.insert(c.sha256());
  for (const auto& c : other.certificates)
    if (!distrusted.count(c.sha256())) merged.certificates.push_back(c);
  return merged;
}

}  // namespace

CheckReport run_check(const fs::RootFs& root, const catalog::Migration& migration,
                      const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options) {
  CheckReport report;
  report.migration = &migration;
  report.root = root.root();
  report.options = options;
  auto found = stores::discover(root, discovery);
  report.distro = found.distro;
  report.search_problems = found.inventory.problems;
  const stores::Store* system = nullptr;
  for (const auto& s : found.stores)
    if (!system && stores::is_system_bundle(s)) system = &s;  // what application copies are compared against
  auto find_store = [&](const std::string& id) -> const stores::Store* {
    if (id == stores::kSystemStoreId) return system;
    for (const auto& s : found.stores)
      if (!s.error && (s.location.id == id || s.location.path == id || s.resolved_path == id)) return &s;
    return nullptr;
  };

  for (auto& store : found.stores) {
    if (store.location.role == stores::StoreRole::AnchorSource) {
      report.sources.push_back(store);
      continue;
    }
    StoreResult result{store, {}, {}, {}, {}};
    const stores::Store* also = store.location.also_trusts.empty() ? nullptr : find_store(store.location.also_trusts);
    if (also && !store.error) {
      result.judgement = judge::judge_store(with_also_trusted(store, *also), migration, options);
      result.judged_with = also->location.path;
    } else {
      result.judgement = judge::judge_store(store, migration, options);
      if (!store.location.also_trusts.empty() && !store.error)
        result.store.notes.push_back("judged on its own: its readers also trust " +
                                     also_trusted_name(store.location.also_trusts) +
                                     ", not found or not read (--system-only)");
    }
    if (system && !store.error && is_application_copy(store))
      result.copy = compare_with_system(store, *system);
    if (result.judgement.verdict == judge::Verdict::Broken || result.judgement.verdict == judge::Verdict::AtRisk)
      result.fix = install::fix_command(result.store, report.distro, root, migration, result.judgement);
    report.verdict = judge::worst(report.verdict, result.judgement.verdict);
    report.stores.push_back(std::move(result));
  }
  if (std::none_of(report.stores.begin(), report.stores.end(),
                   [](const StoreResult& r) { return stores::is_system_location(r.store.location); })) {
    report.verdict = judge::Verdict::Broken;
    report.note = "no system trust store found under " + report.root +
                  ": TLS clients there trust nothing (install the ca-certificates package)";
  }
  for (const auto& sdk : software::find_sdks(root, found.inventory)) {
    report.sdks.push_back(judge::judge_sdk(sdk, migration));
    auto& judged = report.sdks.back();
    if (judged.verdict && *judged.verdict != judge::Verdict::Ready)
      judged.fix = install::sdk_fix_command(sdk, judged.upgrade_to, report.distro, root);
    if (report.sdks.back().verdict) report.verdict = judge::worst(report.verdict, *report.sdks.back().verdict);
  }
  return report;
}

}  // namespace trustready::check
