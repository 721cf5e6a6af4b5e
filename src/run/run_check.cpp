#include "run/run_check.h"

#include <algorithm>

#include "install/anchor_layout.h"
#include "install/app_fix.h"
#include "install/planner.h"
#include "install/shell.h"
#include "judge/sdk_judge.h"
#include "judge/store_judge.h"
#include "results/findings.h"
#include "software/sdk.h"
#include "stores/effective_anchors.h"

namespace trustready::run {
namespace {

/// Stores an application brought or was pointed at, as lists of their own (not
/// built-in roots, not NSS databases that add to built-in roots).
bool is_application_copy(const stores::Store& s) {
  return !stores::is_system_location(s.location) && s.location.kind != stores::StoreKind::ProgramRoots &&
         s.location.kind != stores::StoreKind::NssDb;
}

/// The fix `check` prints is the plan `fix` would carry out, said as shell. A store some
/// library cannot load is repaired, not added to; one whose missing anchors are all
/// invalid by then gets no fix (re-adding them changes nothing) but says why.
std::string fix_for(results::StoreResult& result, const install::PlanContext& ctx) {
  const auto plan = install::plan_store(result.store, result.judgement, ctx);
  if (plan.blocked_by == install::Blocked::NoFix) {
    result.store.notes.push_back(plan.blocked);
    return "";
  }
  if (plan.blocked_by != install::Blocked::No) return plan.blocked;
  std::string line = install::fix_line(plan);
  for (const auto& note : plan.notes) result.store.notes.push_back(note);
  return line;
}

results::StoreResult judge_one(const fs::FileTree& root, const stores::Store& store, const stores::Discovery& found,
                               const stores::Store* system, const stores::DiscoveryOptions& discovery,
                               const install::PlanContext& plan_ctx, const judge::JudgeOptions& options) {
  const auto& migration = plan_ctx.migration;
  results::StoreResult result{store, {}, {}, {}, 0, {}, {}};
  const auto anchors = stores::effective_anchors(root, store, found.stores, discovery.read);
  result.judgement = judge::judge_store(store, anchors.certificates, migration, options);
  result.judged_with = anchors.judged_with;
  result.anchors = anchors.certificates.size();
  if (!anchors.note.empty()) result.store.notes.push_back(anchors.note);
  if (system && !store.error && is_application_copy(store)) result.copy = results::compare_with_system(store, *system);
  if (result.judgement.verdict == judge::Verdict::Broken || result.judgement.verdict == judge::Verdict::AtRisk)
    result.fix = fix_for(result, plan_ctx);
  result.findings = results::store_findings(result);
  return result;
}

void judge_sdks(const fs::FileTree& root, const stores::Discovery& found, const catalog::Migration& migration,
                results::CheckResult& report) {
  for (const auto& sdk : software::find_sdks(root, found.inventory)) {
    report.sdks.push_back(judge::judge_sdk(sdk, migration));
    auto& judged = report.sdks.back();
    if (judged.verdict && *judged.verdict != judge::Verdict::Ready)
      judged.fix = install::sdk_fix_command(sdk, judged.upgrade_to, found.distro, root);
    if (judged.verdict) report.verdict = judge::worst(report.verdict, *judged.verdict);
  }
}

}  // namespace

results::CheckResult run_check(const fs::FileTree& root, const catalog::Migration& migration,
                               const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options) {
  results::CheckResult report;
  report.migration = &migration;
  report.root = root.root();
  report.options = options;
  const auto found = stores::discover(root, discovery);
  report.distro = found.distro;
  report.search_problems = found.inventory.problems;
  const stores::Store* system = nullptr;  // what application copies are compared against
  for (const auto& s : found.stores)
    if (!system && stores::is_system_bundle(s)) system = &s;

  const auto platform = install::detect_platform_here(root, found.distro);
  const install::PlanContext plan_ctx{root, platform, migration, false};
  for (const auto& store : found.stores) {
    if (store.location.role == stores::StoreRole::AnchorSource) {
      report.sources.push_back(store);
      continue;
    }
    report.stores.push_back(judge_one(root, store, found, system, discovery, plan_ctx, options));
    report.verdict = judge::worst(report.verdict, report.stores.back().judgement.verdict);
  }
  if (std::none_of(report.stores.begin(), report.stores.end(),
                   [](const results::StoreResult& r) { return stores::is_system_location(r.store.location); })) {
    report.verdict = judge::Verdict::Broken;
    report.findings.push_back({results::FindingCode::NoSystemStore, "no system trust store found under " + report.root,
                               ": TLS clients there trust nothing (install the ca-certificates package)"});
  }
  judge_sdks(root, found, migration, report);
  return report;
}

}  // namespace trustready::run
