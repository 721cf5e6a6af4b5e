// trustready check: judge every trust store against a migration, offline.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/options.h"
#include "image/image_tree.h"
#include "report/check_report.h"
#include "run/run_check.h"

namespace trustready::cli {
namespace {

struct CheckFlags {
  DiscoveryFlags discovery;
  std::string image;
  std::string platform;
  OutputOptions output;
  std::string migration = "aws-ats";
  std::string at;
  int horizon_days = 365;
  bool quiet = false;
  bool verbose = false;
};

std::string rendered(const CheckFlags& f, const results::CheckResult& result) {
  if (f.output.format == "json") return report::check_json(result);
  return report::check_text(result, {style_for(f.output), f.verbose, f.quiet});
}

/// check --image: each image of the archive judged as check --root judges a tree (an
/// archive of several images: one report after another, the worst verdict decides).
int run_check_image(const CheckFlags& f, const catalog::Migration& migration, const judge::JudgeOptions& options) {
  image::OpenOptions open;
  open.platform = f.platform;
  auto images = image::open_image(f.image, open);
  if (!images) return fail_usage(images.error());
  judge::Verdict verdict = judge::Verdict::Ready;
  // An image of the archive that cannot be read is said, and the others are judged.
  for (const auto& failed : images->failed) {
    std::cerr << "trustready: " << failed.where << ": " << failed.what << "\n";
    verdict = judge::Verdict::Error;
  }
  for (auto& tree : images->images) {
    auto discovery = discovery_options(f.discovery, *tree);
    const auto result = run::run_check_image(*tree, migration, discovery, options);
    std::cout << rendered(f, result);
    verdict = judge::worst(verdict, result.verdict);
  }
  return verdict == judge::Verdict::Ready ? kExitOk : kExitFindings;
}

int run_check(const CheckFlags& f) {
  auto migration = cli::migration(f.migration);
  if (!migration) return fail_usage(migration.error());
  auto at = evaluation_time(f.at);
  if (!at) return fail_usage(at.error());
  if (f.horizon_days < 0) return fail_usage("--horizon: must be 0 or more days");
  const judge::JudgeOptions options{*at, std::chrono::days{f.horizon_days}};
  if (!f.image.empty()) return run_check_image(f, **migration, options);
  auto root = open_root(f.discovery.root);
  if (!root) return fail_usage(root.error());
  if (auto missing = missing_named_path(f.discovery, *root)) return fail_usage(*missing);
  const auto result = run::run_check(*root, **migration, discovery_options(f.discovery, *root), options);
  std::cout << rendered(f, result);
  return result.verdict == judge::Verdict::Ready ? kExitOk : kExitFindings;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto flags = std::make_shared<CheckFlags>();
  auto* cmd = app.add_subcommand(
      "check",
      "Judge every trust store on this host (or under --root, or in --image) against a migration, offline, and print the fix");
  cmd->add_option("-m,--migration", flags->migration, "Migration to judge against (see `trustready migrations`)")
      ->type_name("ID")
      ->capture_default_str();
  add_discovery_options(cmd, flags->discovery);
  cmd->add_option("--image", flags->image,
                  "Judge a container image without Docker: a docker save archive, an OCI layout, a rootfs tarball")
      ->type_name("FILE")
      ->excludes("--root");
  cmd->add_option("--platform", flags->platform, "With --image: the image of a multi-platform index (linux/arm64)")
      ->type_name("OS/ARCH");
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
