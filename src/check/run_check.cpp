#include "check/run_check.h"

#include "install/anchor_layout.h"
#include "judge/store_judge.h"

namespace trustready::check {

CheckReport run_check(const fs::RootFs& root, const catalog::Migration& migration,
                      const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options) {
  CheckReport report;
  report.migration = &migration;
  report.root = root.root();
  report.options = options;
  auto found = stores::discover(root, discovery);
  report.distro = found.distro;
  for (auto& store : found.stores) {
    if (store.location.role == stores::StoreRole::AnchorSource) {
      report.sources.push_back(std::move(store));
      continue;
    }
    StoreResult result{std::move(store), {}, {}};
    result.judgement = judge::judge_store(result.store, migration, options);
    if (result.judgement.verdict == judge::Verdict::Broken || result.judgement.verdict == judge::Verdict::AtRisk)
      result.fix = install::fix_command(result.store, report.distro, root, migration);
    report.verdict = judge::worst(report.verdict, result.judgement.verdict);
    report.stores.push_back(std::move(result));
  }
  if (report.stores.empty()) {
    report.verdict = judge::Verdict::Broken;
    report.note = "no system trust store found under " + report.root +
                  ": TLS clients there trust nothing (install the ca-certificates package)";
  }
  return report;
}

}  // namespace trustready::check
