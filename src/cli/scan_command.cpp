// trustready scan: custom trust stores, certificate pins and AWS SDKs in trees and images.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/progress_line.h"
#include "report/scan_report.h"
#include "run/run_scan.h"

#ifndef TRUSTREADY_VERSION
#define TRUSTREADY_VERSION "0.0.0"
#endif

namespace trustready::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> paths;
  std::vector<std::string> images;
  std::string platform;
  std::string root = "/";
  std::string migration = "aws-ats";
  std::string at;
  bool follow = false;
  bool all_file_systems = false;
  bool no_ignore_vcs = false;
  std::vector<std::string> excludes;
  unsigned threads = 0;
  std::uint64_t max_filesize_mb = 64;
  std::string store_password;
  std::string output_file;
  OutputOptions output;
  bool quiet = false;
  bool verbose = false;
  bool no_progress = false;
};

std::string progress_text(const scan::WalkProgress& p, double seconds) {
  const double mb = static_cast<double>(p.bytes.load()) / (1u << 20);
  return fmt::format("scan: {} files, {:.0f} MB, {:.0f} MB/s, {} not read", p.files.load(), mb,
                     seconds > 0 ? mb / seconds : 0.0, p.errors.load());
}

Result<run::ScanRequest> request_for(const ScanFlags& f, const fs::FileTree& tree) {
  auto migration = cli::migration(f.migration);
  if (!migration) return make_error(migration.error());
  auto at = evaluation_time(f.at);
  if (!at) return make_error(at.error());
  run::ScanRequest r;
  r.tree = &tree;
  r.migration = *migration;
  r.options = {*at, std::chrono::days{365}};
  r.walk.follow = f.follow;
  r.walk.one_file_system = !f.all_file_systems;
  r.walk.skip_vcs = !f.no_ignore_vcs;
  r.walk.excludes = f.excludes;
  r.walk.threads = f.threads;
  r.walk.max_file_bytes = f.max_filesize_mb << 20;
  r.image.platform = f.platform;
  r.image.max_file_bytes = r.walk.max_file_bytes;
  const std::string password = store_password(f.store_password);
  if (!password.empty()) r.detect.passwords.insert(r.detect.passwords.begin(), password);
  for (const auto& given : f.paths) {
    const std::string inside = tree_path(tree, given);
    if (tree.type(inside) == fs::FileType::Missing && !tree.entry_exists(inside))
      return make_error(given + ": No such file or directory" + (tree.is_host() ? "" : " (inside " + tree.root() + ")"));
    r.sources.push_back({run::ScanSource::Kind::Tree, given, inside});
  }
  for (const auto& image : f.images) {
    if (access(image.c_str(), F_OK) != 0) return make_error("--image " + image + ": No such file or directory");
    r.sources.push_back({run::ScanSource::Kind::Image, image, image});
  }
  return r;
}

int write_output(const ScanFlags& f, const std::string& text) {
  if (f.output_file.empty()) {
    std::cout << text;
    return kExitOk;
  }
  const std::string temp = f.output_file + ".tmp";
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out || std::rename(temp.c_str(), f.output_file.c_str()) != 0) {
    std::remove(temp.c_str());
    return fail_usage("--output " + f.output_file + ": cannot write " + std::strerror(errno));
  }
  return kExitOk;
}

int run_scan(ScanFlags f) {
  if (f.paths.empty() && f.images.empty()) f.paths.push_back(".");
  auto root = open_root(f.root);
  if (!root) return fail_usage(root.error());
  auto request = request_for(f, *root);
  if (!request) return fail_usage(request.error());
  scan::WalkProgress progress;
  request->progress = &progress;
  results::ScanResult result;
  {
    ProgressLine line([&progress](double s) { return progress_text(progress, s); }, !f.no_progress && !f.quiet);
    result = run::run_scan(*request);
  }
  std::string text;
  if (f.output.format == "json") text = report::scan_json(result);
  else if (f.output.format == "sarif") text = report::scan_sarif(result, TRUSTREADY_VERSION);
  else text = report::scan_text(result, {style_for(f.output), f.verbose, f.quiet});
  if (int rc = write_output(f, text); rc != kExitOk) return rc;
  return result.verdict == judge::Verdict::Ready ? kExitOk : kExitFindings;
}

}  // namespace

Command add_scan_command(CLI::App& app) {
  auto flags = std::make_shared<ScanFlags>();
  auto* cmd = app.add_subcommand(
      "scan",
      "Find custom trust stores, certificate pins and AWS SDKs in trees and container images, and judge each");
  cmd->footer(R"(Finds by content, not only by name: PEM and DER certificates, PKCS#7, JKS, JCEKS and PKCS#12
keystores, certifi/botocore/requests bundles; OkHttp, Android network security config, TrustKit,
HPKP and fingerprint pins; AWS SDK and CLI versions (Python metadata, jars, package.json, Ruby gems).
Each store is judged as `check` judges one; each pin set against the keys of the migration's
chains, with the pins to add in the file's own syntax.

Examples:
  trustready scan                          the working folder
  trustready scan src/ app/ --exclude '*.min.js'
  trustready scan --image app.tar          a `docker save` archive, an OCI layout, a rootfs tarball
  trustready scan --format sarif -o trustready.sarif .    for GitHub code scanning
Exit status: 0 all ready, 1 something is broken or at risk, 2 bad usage.)");
  cmd->add_option("path", flags->paths, "Folders or files to scan (default: .)")->type_name("PATH");
  add_repeatable(cmd, "--image", flags->images, "Scan a container image: docker save archive, OCI layout, rootfs tarball")
      ->type_name("FILE");
  cmd->add_option("--platform", flags->platform, "The image of a multi-platform index to read (linux/arm64)")
      ->type_name("OS/ARCH");
  cmd->add_option("--root", flags->root, "Paths are inside DIR, a container's root file system; links resolve inside it")
      ->type_name("DIR");
  cmd->add_option("-m,--migration", flags->migration, "Migration to judge against (see `trustready migrations`)")
      ->type_name("ID")
      ->capture_default_str();
  add_at_option(cmd, flags->at);
  cmd->add_flag("-L,--follow", flags->follow, "Follow symbolic links (inside the tree; loops are reported)");
  cmd->add_flag("--all-file-systems", flags->all_file_systems, "Cross into other mounted file systems");
  add_repeatable(cmd, "--exclude", flags->excludes, "Skip paths or names matching GLOB (repeatable)")->type_name("GLOB");
  cmd->add_flag("--no-ignore-vcs", flags->no_ignore_vcs, "Also scan .git, .hg and .svn folders");
  cmd->add_option("-j,--threads", flags->threads, "Walker threads (default: one per core)")->type_name("N");
  cmd->add_option("--max-filesize", flags->max_filesize_mb, "Read at most this many MiB of each file")
      ->type_name("MIB")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--store-password", flags->store_password,
                  "Keystore password to try before \"changeit\" (or set TRUSTREADY_STORE_PASSWORD)")
      ->type_name("PASSWORD");
  add_output_options(cmd, flags->output, {"text", "json", "sarif"});
  cmd->add_option("-o,--output", flags->output_file, "Write the report to FILE instead of standard output")
      ->type_name("FILE");
  cmd->add_flag("-q,--quiet", flags->quiet, "Print only the summary and the verdict");
  cmd->add_flag("-v,--verbose", flags->verbose, "Also files that are no trust store, every pin's match, every path not read");
  cmd->add_flag("--no-progress", flags->no_progress, "No progress line on a terminal");
  return {cmd, [flags] { return run_scan(*flags); }};
}

}  // namespace trustready::cli
