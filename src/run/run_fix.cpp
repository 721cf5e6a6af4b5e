#include "run/run_fix.h"

#include <algorithm>

#include "install/planner.h"
#include "judge/store_judge.h"

namespace trustready::run {
namespace {

bool named(const stores::Store& s, const std::string& what) {
  return s.location.id == what || s.location.path == what || s.resolved_path == what;
}

}  // namespace

FixPlan plan_fix(const fs::FileTree& root, const catalog::Migration& migration,
                 const stores::DiscoveryOptions& discovery, const judge::JudgeOptions& options,
                 const FixRequest& request) {
  FixPlan out;
  out.check = run_check(root, migration, discovery, options);
  out.platform = install::detect_platform_here(root, out.check.distro);
  const install::PlanContext ctx{root, out.platform, migration, request.edit_package_files};
  std::vector<install::JudgedStore> judged;
  std::vector<bool> used(request.only.size(), false);
  for (const auto& r : out.check.stores) {
    bool wanted = request.only.empty();
    for (std::size_t i = 0; i < request.only.size(); ++i)
      if (named(r.store, request.only[i])) wanted = used[i] = true;
    if (wanted) judged.push_back({&r.store, &r.judgement});
  }
  for (std::size_t i = 0; i < request.only.size(); ++i)
    if (!used[i]) out.unmatched.push_back(request.only[i]);
  out.plan = install::make_plan(judged, ctx);
  return out;
}

FixPlan plan_platform_fix(const fs::FileTree& root, const catalog::Migration& migration, install::PlatformKind kind,
                          const std::vector<std::string>& paths, const judge::JudgeOptions& options) {
  FixPlan out;
  out.check.migration = &migration;
  out.check.root = root.root();
  out.check.options = options;
  out.platform.kind = kind;
  out.platform.host = false;  // the store is this host's file, the platform another machine
  out.platform.root = root.root();
  std::vector<stores::StoreLocation> locations;
  for (const auto& p : paths) locations.push_back(stores::named_location(root, p));
  for (auto& store : stores::read_stores(root, locations, {})) {
    auto judgement = judge::judge_store(store, migration, options);
    const std::size_t anchors = store.certificates.size();
    out.check.stores.push_back({std::move(store), std::move(judgement), {}, {}, anchors, {}, {}});
  }
  std::vector<install::JudgedStore> judged;
  for (const auto& r : out.check.stores) judged.push_back({&r.store, &r.judgement});
  const install::PlanContext ctx{root, out.platform, migration, false};
  out.plan = install::make_plan(judged, ctx);
  return out;
}

std::vector<results::StoreResult> check_again(const fs::FileTree& root, const catalog::Migration& migration,
                                              const stores::DiscoveryOptions& discovery,
                                              const judge::JudgeOptions& options, const std::vector<std::string>& ids) {
  auto again = run_check(root, migration, discovery, options);
  std::vector<results::StoreResult> out;
  for (auto& r : again.stores)
    if (std::find(ids.begin(), ids.end(), r.store.location.id) != ids.end()) out.push_back(std::move(r));
  return out;
}

}  // namespace trustready::run
