#include "run/run_fix.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cert/digest.h"
#include "install/planner.h"

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

Status files_as_saved(const fs::FileTree& root, std::string_view saved_json, const std::string& file) {
  const auto saved = nlohmann::json::parse(saved_json, nullptr, false);
  if (saved.is_discarded() || !saved.is_object() || !saved.contains("files") || !saved["files"].is_array())
    return make_error(file + ": not a plan saved by trustready fix --format json");
  for (const auto& f : saved["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string())
      return make_error(file + ": a file of the plan has no path");
    const std::string path = f["path"].get<std::string>();
    const bool was = f.value("exists", false);
    const std::string was_sha = f.value("sha256", std::string());
    const bool is = !root.absent(path);
    std::string is_sha;
    if (is) {
      auto bytes = root.read_file(path);
      if (!bytes) return make_error(bytes.error());
      is_sha = cert::Sha256::of(*bytes).hex();
    }
    if (was == is && (!is || was_sha == is_sha)) continue;
    return make_error(path + " changed since the plan in " + file + " was made (" +
                      (was ? "sha256 " + was_sha : std::string("absent")) + ", now " +
                      (is ? "sha256 " + is_sha : std::string("absent")) + "); nothing was written: run trustready fix again");
  }
  return ok_status();
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
