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
  std::string plan_file;
  bool apply = false;
  bool edit_package_files = false;
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

int run_fix(FixFlags f) {
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
  if (!f.plan_file.empty() && !f.apply) return fail_usage("--plan " + f.plan_file + " is for --apply");
  if (!f.apply) {
    warn_unfinished(state);
    return print_plan(planned.plan, f);
  }
  std::string saved_plan;
  if (!f.plan_file.empty()) {
    std::ifstream saved(f.plan_file, std::ios::binary);
    if (!saved.is_open()) return fail_usage("--plan " + f.plan_file + ": cannot read it");
    std::ostringstream text;
    text << saved.rdbuf();
    saved_plan = text.str();
  }
  ApplyInputs in{*root, **migration, discovery, options, request, f.discovery.store_password, state,
                 f.output.format == "json", style_for(f.output), f.plan_file, saved_plan};
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
  cmd->add_option("--state-dir", flags->state_dir,
                  "Where journals and backups go (default /var/lib/trustready, inside --root for a root tree)")
      ->type_name("DIR");
  cmd->add_option("--plan", flags->plan_file,
                  "With --apply: carry out this plan, saved by `fix --format json`; refused when a file it changes "
                  "has changed since")
      ->type_name("FILE");
  cmd->add_flag("--edit-package-files", flags->edit_package_files,
                "Append to bundles a package owns (certifi's cacert.pem) instead of naming the package upgrade");
  add_output_options(cmd, flags->output);
  cmd->footer(
      "--store ID|PATH limits the plan to that store (an id from `trustready stores`, or a path, which is also read).\n"
      "Exit status: 0 nothing to change, 1 a plan (or a store still not ready after --apply), 2 bad usage or an\n"
      "apply that stopped (nothing is left half-written).");
  return {cmd, [flags] { return run_fix(*flags); }};
}

}  // namespace trustready::cli
