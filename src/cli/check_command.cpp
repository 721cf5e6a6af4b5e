// trustready check: judge every trust store against a migration, offline.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/options.h"
#include "report/check_report.h"
#include "run/run_check.h"

namespace trustready::cli {
namespace {

struct CheckFlags {
  DiscoveryFlags discovery;
  OutputOptions output;
  std::string migration = "aws-ats";
  std::string at;
  int horizon_days = 365;
  bool quiet = false;
  bool verbose = false;
};

int run_check(const CheckFlags& f) {
  auto migration = cli::migration(f.migration);
  if (!migration) return fail_usage(migration.error());
  auto root = open_root(f.discovery.root);
  if (!root) return fail_usage(root.error());
  if (auto missing = missing_named_path(f.discovery, *root)) return fail_usage(*missing);
  auto at = evaluation_time(f.at);
  if (!at) return fail_usage(at.error());
  if (f.horizon_days < 0) return fail_usage("--horizon: must be 0 or more days");
  const judge::JudgeOptions options{*at, std::chrono::days{f.horizon_days}};
  const auto result = run::run_check(*root, **migration, discovery_options(f.discovery, *root), options);
  if (f.output.format == "json") std::cout << report::check_json(result);
  else std::cout << report::check_text(result, {style_for(f.output), f.verbose, f.quiet});
  return result.verdict == judge::Verdict::Ready ? kExitOk : kExitFindings;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto flags = std::make_shared<CheckFlags>();
  auto* cmd = app.add_subcommand(
      "check",
      "Judge every trust store on this host (or under --root) against a migration, offline, and print the fix");
  cmd->add_option("-m,--migration", flags->migration, "Migration to judge against (see `trustready migrations`)")
      ->type_name("ID")
      ->capture_default_str();
  add_discovery_options(cmd, flags->discovery);
  add_at_option(cmd, flags->at);
  cmd->add_option("--horizon", flags->horizon_days,
                  "A store that verifies only through certificates expiring within this many days is at-risk")
      ->type_name("DAYS")
      ->capture_default_str();
  add_output_options(cmd, flags->output);
  cmd->add_flag("-q,--quiet", flags->quiet, "Print only the verdict line");
  cmd->add_flag("-v,--verbose", flags->verbose, "Show every chain, every path and what was tried");
  return {cmd, [flags] { return run_check(*flags); }};
}

}  // namespace trustready::cli
