// trustready fix: the plan that makes every store ready; --apply carries it out with a
// backup and a journal, then checks the stores again.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/fix_support.h"
#include "cli/options.h"
#include "install/platform_script.h"
#include "report/plan_report.h"
#include "run/run_fix.h"

namespace trustready::cli {
namespace {

struct FixFlags {
  DiscoveryFlags discovery;
  OutputOptions output;
  std::string migration = "aws-ats";
  std::string at;
  std::string state_dir;
  std::string saved_plan;
  bool apply = false;
  bool edit_package_files = false;
  std::string platform;  ///< "macos" or "windows": a script for a store exported there
  std::string output_file;  ///< where that script goes ("" for stdout)
};

/// --store names a store by id ("debian-bundle") or a path; paths are also read as stores.
run::FixRequest split_store_flags(FixFlags& f, const fs::FileTree& root) {
  run::FixRequest request;
  request.edit_package_files = f.edit_package_files;
  std::vector<std::string> paths;
  for (const auto& given : f.discovery.store_paths) {
    const bool path = given.find('/') != std::string::npos || root.type(tree_path(root, given)) != fs::FileType::Missing;
    request.only.push_back(path ? tree_path(root, given) : given);
    if (path) paths.push_back(given);
  }
  f.discovery.store_paths = paths;
  return request;
}

int print_plan(const install::Plan& plan, const FixFlags& f) {
  if (f.output.format == "json") std::cout << report::plan_json(plan);
  else std::cout << report::plan_text(plan, {style_for(f.output), false});
  return plan.empty() ? kExitOk : kExitFindings;
}

/// The script (or the plan as JSON) on stdout or in --output.
int write_script(const std::string& text, const FixFlags& f) {
  if (f.output_file.empty()) {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream out(f.output_file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return fail_usage("--output " + f.output_file + ": cannot be written");
  std::cerr << "trustready: wrote " << f.output_file << "\n";
  return kExitOk;
}

/// fix --platform macos|windows --store EXPORTED.pem: nothing of this host is read but
/// the files named; the plan is written as a script to run there.
int run_platform_fix(const FixFlags& f) {
  const std::string shown = f.platform == "macos" ? "macOS" : "Windows";
  if (f.apply)
    return fail_usage("fix --apply --platform " + f.platform + ": run trustready on " + shown +
                      " itself; from Linux it writes the script");
  if (f.discovery.store_paths.empty())
    return fail_usage("fix --platform " + f.platform + ": --store EXPORTED.pem is required (the root store exported on " +
                      shown + ", see the README)");
  auto migration = cli::migration(f.migration);
  if (!migration) return fail_usage(migration.error());
  auto root = open_root(f.discovery.root);
  if (!root) return fail_usage(root.error());
  if (auto missing = missing_named_path(f.discovery, *root)) return fail_usage(*missing);
  auto at = evaluation_time(f.at);
  if (!at) return fail_usage(at.error());
  std::vector<std::string> paths;
  for (const auto& given : f.discovery.store_paths) paths.push_back(tree_path(*root, given));
  const auto kind = f.platform == "macos" ? install::PlatformKind::MacOs : install::PlatformKind::Windows;
  const auto planned = run::plan_platform_fix(*root, **migration, kind, paths, {*at, std::chrono::days{365}});
  for (const auto& r : planned.check.stores)
    if (r.store.error) return fail_usage(*r.store.error);
  if (f.output.format == "json") return write_script(report::plan_json(planned.plan), f);
  return write_script(install::platform_script(planned.plan, kind), f);
}

int run_fix(FixFlags f) {
  if (!f.platform.empty()) return run_platform_fix(f);
  if (!f.output_file.empty()) return fail_usage("fix --output goes with --platform macos|windows (the script's file)");
  auto migration = cli::migration(f.migration);
  if (!migration) return fail_usage(migration.error());
  auto root = open_root(f.discovery.root);
  if (!root) return fail_usage(root.error());
  auto request = split_store_flags(f, *root);
  if (auto missing = missing_named_path(f.discovery, *root)) return fail_usage(*missing);
  auto at = evaluation_time(f.at);
  if (!at) return fail_usage(at.error());
  const judge::JudgeOptions options{*at, std::chrono::days{365}};
  const auto discovery = discovery_options(f.discovery, *root);
  auto planned = run::plan_fix(*root, **migration, discovery, options, request);
  if (!planned.unmatched.empty())
    return fail_usage("--store " + planned.unmatched.front() + ": no such store here (see trustready stores)");
  const std::string state = state_dir_for(*root, f.state_dir);
  if (!f.saved_plan.empty() && !f.apply) return fail_usage("--plan: only with --apply");
  if (!f.apply) {
    warn_unfinished(state);
    return print_plan(planned.plan, f);
  }
  ApplyInputs in{*root, **migration, discovery, options, request, f.discovery.store_password, state,
                 f.output.format == "json", style_for(f.output), f.saved_plan};
  return apply_fix(planned, in);
}

}  // namespace

Command add_fix_command(CLI::App& app) {
  auto flags = std::make_shared<FixFlags>();
  auto* cmd = app.add_subcommand(
      "fix",
      "Plan the changes that make every store ready (nothing is changed); --apply carries them out with a backup "
      "and a journal (undo with `trustready rollback`)");
  cmd->add_option("-m,--migration", flags->migration, "Migration to fix for (see `trustready migrations`)")
      ->type_name("ID")
      ->capture_default_str();
  add_discovery_options(cmd, flags->discovery);
  add_at_option(cmd, flags->at);
  cmd->add_flag("--apply", flags->apply,
                "Carry the plan out: back up every file it changes, journal each step, check the stores again");
  cmd->add_option("--plan", flags->saved_plan,
                  "With --apply: apply only if the plan is still the one saved in FILE (fix --format json > FILE)")
      ->type_name("FILE");
  cmd->add_option("--state-dir", flags->state_dir,
                  "Where journals and backups go (default /var/lib/trustready, inside --root for a root tree)")
      ->type_name("DIR");
  cmd->add_flag("--edit-package-files", flags->edit_package_files,
                "Append to bundles a package owns (certifi's cacert.pem) instead of naming the package upgrade");
  cmd->add_option("--platform", flags->platform,
                  "Write the plan as a script for macOS (sh) or Windows (PowerShell), for a store exported there "
                  "and named with --store (see the README)")
      ->check(CLI::IsMember({"macos", "windows"}))
      ->type_name("macos|windows");
  cmd->add_option("--output", flags->output_file, "With --platform: write the script to FILE (default: stdout)")
      ->type_name("FILE");
  add_output_options(cmd, flags->output);
  cmd->footer(
      "Examples:\n"
      "  trustready fix                               the plan for this host (changes nothing)\n"
      "  sudo trustready fix --apply                  carry it out; undo with: sudo trustready rollback\n"
      "  trustready fix --root /srv/image --apply     a container's root filesystem (its own tool, chrooted)\n"
      "  trustready fix --store app.jks --store-password secret --apply   one keystore\n"
      "  trustready fix --format json > plan.json && sudo trustready fix --apply --plan plan.json\n"
      "  trustready fix --platform windows --store windows-roots.pem --output fix.ps1\n\n"
      "--store ID|PATH limits the plan to that store (an id from `trustready stores`, or a path, which is also read).\n"
      "Exit status: 0 nothing to change, 1 a plan (or a store still not ready after --apply), 2 bad usage or an\n"
      "apply that stopped (nothing is left half-written).");
  return {cmd, [flags] { return run_fix(*flags); }};
}

}  // namespace trustready::cli
