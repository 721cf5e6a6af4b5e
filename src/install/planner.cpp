#include "install/planner.h"

#include <algorithm>
#include <map>
#include <set>

#include "install/anchor_layout.h"

namespace trustready::install {
namespace {

/// Anchors to add: those the judgement found missing, else every recommended one the
/// store lacks (an at-risk store has some anchor, just not a lasting one).
std::vector<const catalog::Anchor*> anchors_to_add(const catalog::Migration& m, const judge::StoreJudgement& j) {
  if (!j.missing.empty()) return j.missing;
  std::vector<const catalog::Anchor*> out;
  for (const auto& a : m.anchors)
    if (a.recommended && std::find(j.present.begin(), j.present.end(), &a) == j.present.end()) out.push_back(&a);
  return out;
}

StorePlan blocked_plan(const stores::Store& store, Blocked by, std::string why) {
  StorePlan plan;
  plan.blocked_by = by;
  plan.writer = "none";
  plan.store_ids = {store.location.id};
  plan.store_paths = {store.location.path};
  plan.blocked = std::move(why);
  return plan;
}

/// What makes two stores' fixes the same fix.
std::string steps_key(const StorePlan& p) {
  std::string key = p.writer + "|" + p.blocked;
  for (const auto& s : p.steps) {
    key += '|';
    key += to_string(s.kind);
    key += ':';
    key += s.path;
    for (const auto& a : s.command.argv) key += " " + a;
  }
  return key;
}

}  // namespace

StorePlan plan_store(const stores::Store& store, const judge::StoreJudgement& judgement, const PlanContext& ctx) {
  for (const auto& l : judgement.libraries)
    if (!l.failure.empty())
      return blocked_plan(store, Blocked::Repair, repair_command(store, ctx.platform.distro, ctx.tree, l.failure));
  if (!judgement.no_fix_reason.empty()) return blocked_plan(store, Blocked::NoFix, "no fix: " + judgement.no_fix_reason);
  const auto add = anchors_to_add(ctx.migration, judgement);
  if (add.empty()) return blocked_plan(store, Blocked::NothingToAdd, "the store holds every recommended anchor; what fails is not an absence");
  for (const auto& w : writers())
    if (w->fixes(store, ctx)) return w->plan(store, add, ctx);
  std::string why = "no writer knows ";
  why += stores::to_string(store.location.kind);
  why += " stores of ";
  why += stores::to_string(store.location.origin);
  why += " origin on ";
  why += to_string(ctx.platform.kind);
  return blocked_plan(store, Blocked::NoWriter, why);
}

Plan make_plan(const std::vector<JudgedStore>& judged, const PlanContext& ctx) {
  Plan plan;
  plan.migration = ctx.migration.id;
  plan.root = ctx.tree.root();
  plan.platform = to_string(ctx.platform.kind);
  std::map<std::string, std::size_t> by_key;
  for (const auto& j : judged) {
    if (j.judgement->verdict == judge::Verdict::Ready) continue;
    StorePlan p = plan_store(*j.store, *j.judgement, ctx);
    const std::string key = steps_key(p);
    if (auto it = by_key.find(key); it != by_key.end()) {
      auto& into = plan.stores[it->second];
      into.store_ids.push_back(p.store_ids.front());
      into.store_paths.push_back(p.store_paths.front());
      continue;
    }
    by_key[key] = plan.stores.size();
    plan.stores.push_back(std::move(p));
  }
  plan.files = file_states(ctx.tree, plan.stores);
  return plan;
}

std::vector<FileState> file_states(const fs::FileTree& tree, const std::vector<StorePlan>& plans) {
  std::set<std::string> paths;
  for (const auto& p : plans)
    for (const auto& s : p.steps)
      if (s.kind != StepKind::ByHand)
        for (const auto& c : s.changes) {
          auto resolved = tree.resolve(c);
          paths.insert(resolved ? resolved->path : c);
        }
  std::vector<FileState> out;
  for (const auto& path : paths) {
    FileState f{path, false, {}};
    if (auto bytes = tree.read_file(path)) {
      f.exists = true;
      f.sha256 = cert::Sha256::of(*bytes);
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace trustready::install
