// trustready's command line: argument parsing and wiring only.
#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "check/paths_input.h"
#include "check/run_check.h"
#include "paths/engines.h"
#include "paths/path_builder.h"
#include "report/paths_report.h"
#include "fs/root_fs.h"
#include "install/anchor_layout.h"
#include "report/check_report.h"
#include "report/listing_report.h"

#ifndef TRUSTREADY_VERSION
#define TRUSTREADY_VERSION "0.0.0"
#endif

namespace tr = trustready;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

struct CommonOptions {
  std::string root = "/";
  std::vector<std::string> store_paths;
  std::vector<std::string> search_paths;
  std::string store_password;
  bool system_only = false;
  double program_timeout_s = 5;
  std::string format = "text";
  bool no_color = false;
  bool quiet = false;
  bool verbose = false;
};

struct CheckOptions {
  std::string migration = "aws-ats";
  std::string at;
  int horizon_days = 365;
};

int fail_usage(const std::string& message) {
  std::fprintf(stderr, "trustready: %s\n", message.c_str());
  return kExitUsage;
}

tr::report::Style style_for(const CommonOptions& o) {
  const char* no_color_env = std::getenv("NO_COLOR");
  return tr::report::Style{!o.no_color && (no_color_env == nullptr || *no_color_env == '\0') && isatty(STDOUT_FILENO) &&
                           o.format == "text"};
}

void add_root_options(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--root", o.root,
                  "Judge the filesystem under DIR as if it were / (a container's root filesystem, a mounted image); "
                  "symlinks resolve inside DIR")
      ->type_name("DIR");
  cmd->add_option("--store", o.store_paths,
                  "Also read this bundle file, hashed directory, Java keystore or NSS database folder (path under --root); repeatable")
      ->type_name("PATH");
  auto* path = cmd->add_option("--path", o.search_paths,
                  "Also search this tree for virtualenvs, node_modules, JDKs, keystores and AWS SDK jars; repeatable")
      ->type_name("DIR");
  cmd->add_option("--store-password", o.store_password,
                  "Password of the Java keystores (tried before the JDK's default, changeit); a keystore it does "
                  "not open is then an error. Or set TRUSTREADY_STORE_PASSWORD")
      ->type_name("PASSWORD");
  cmd->add_flag("--system-only", o.system_only,
                "Only the system stores: no Java, Python, Node.js, NSS or AWS configuration, no SDKs")
      ->excludes(path);  // --path searches for application stores only
  cmd->add_option("--program-timeout", o.program_timeout_s,
                  "Seconds to wait for a helper program (certutil; node when its roots are not in the binary)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
}

void add_output_options(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--format", o.format, "Output format: text for people, json for programs (stdout holds only the JSON)")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("text|json");
  cmd->add_flag("--no-color", o.no_color, "No colour, even on a terminal (NO_COLOR is honoured too)");
}

/// The variables that point clients at trust stores, as this process sees them.
std::map<std::string, std::string> store_environment(const tr::fs::RootFs& root) {
  std::map<std::string, std::string> env;
  if (!root.is_host()) return env;  // this process's variables say nothing about a container
  for (const char* name : {"SSL_CERT_FILE", "SSL_CERT_DIR", "JAVA_HOME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
                           "_JAVA_OPTIONS", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE", "AWS_CONFIG_FILE",
                           "NODE_EXTRA_CA_CERTS", "NODE_OPTIONS", "PATH", "HOME"})
    if (const char* v = std::getenv(name)) env[name] = v;
  return env;
}

tr::stores::DiscoveryOptions discovery_options(const CommonOptions& o, const tr::fs::RootFs& root) {
  tr::stores::DiscoveryOptions d;
  d.environment = store_environment(root);
  d.extra_paths = o.store_paths;
  d.search_paths = o.search_paths;
  d.applications = !o.system_only;
  std::string password = o.store_password;
  if (const char* env = std::getenv("TRUSTREADY_STORE_PASSWORD"); password.empty() && env) password = env;
  if (!password.empty()) {
    d.read.passwords.insert(d.read.passwords.begin(), password);
    d.read.password_given = true;
  }
  d.read.program_timeout = std::chrono::milliseconds(static_cast<long>(o.program_timeout_s * 1000));
  d.read.run_programs = root.is_host();
  return d;
}

int run_check(const CommonOptions& common, const CheckOptions& opts, const tr::catalog::Catalog& catalog) {
  const auto* migration = catalog.find(opts.migration);
  if (!migration) return fail_usage("unknown migration '" + opts.migration + "' (known: " + catalog.ids() + ")");
  auto root = tr::fs::RootFs::open(common.root);
  if (!root) return fail_usage(root.error());
  tr::judge::JudgeOptions judge_opts{tr::now(), std::chrono::days{opts.horizon_days}};
  if (!opts.at.empty()) {
    auto at = tr::parse_time(opts.at);
    if (!at) return fail_usage("--at: " + at.error());
    judge_opts.at = *at;
  }
  if (opts.horizon_days < 0) return fail_usage("--horizon: must be 0 or more days");
  const auto report = tr::check::run_check(*root, *migration, discovery_options(common, *root), judge_opts);
  if (common.format == "json") {
    std::cout << tr::report::check_json(report);
  } else {
    std::cout << tr::report::check_text(report, {style_for(common), common.verbose, common.quiet});
  }
  return report.verdict == tr::judge::Verdict::Ready ? kExitOk : kExitFindings;
}

int run_stores(const CommonOptions& common) {
  auto root = tr::fs::RootFs::open(common.root);
  if (!root) return fail_usage(root.error());
  const auto found = tr::stores::discover(*root, discovery_options(common, *root));
  const auto sdks = tr::software::find_sdks(*root, found.inventory);
  if (common.format == "json") std::cout << tr::report::stores_json(found, sdks, root->root());
  else std::cout << tr::report::stores_text(found, sdks, root->root(), style_for(common));
  for (const auto& s : found.stores)
    if (s.error) return kExitFindings;
  return kExitOk;
}

int run_migrations(const CommonOptions& common, const std::string& id, const std::string& export_dir,
                   const tr::catalog::Catalog& catalog) {
  const tr::catalog::Migration* migration = nullptr;
  if (!id.empty()) {
    migration = catalog.find(id);
    if (!migration) return fail_usage("unknown migration '" + id + "' (known: " + catalog.ids() + ")");
  }
  if (!export_dir.empty()) {
    if (!migration) return fail_usage("--export-anchors needs a migration ID (known: " + catalog.ids() + ")");
    auto written = tr::install::export_anchors(*migration, export_dir);
    if (!written) return fail_usage(written.error());
    if (export_dir != "-")
      for (const auto& f : *written) std::fprintf(stderr, "wrote %s\n", f.c_str());
    return kExitOk;
  }
  const auto style = style_for(common);
  if (common.format == "json") std::cout << tr::report::migrations_json(catalog, migration);
  else if (migration) std::cout << tr::report::migration_text(*migration, style);
  else std::cout << tr::report::migrations_text(catalog, style);
  return kExitOk;
}

struct PathsOptions {
  std::vector<std::string> chain_files;
  std::vector<std::string> stores;
  std::vector<std::string> clients;
  std::vector<std::string> crls;
  std::string at;
  std::string host;
  std::string profile = "default";
  bool no_cross_signs = false;
};

tr::paths::Profile profile_named(const std::string& name) {
  if (name == "rfc5280") return tr::paths::Profile::Rfc5280;
  if (name == "webpki") return tr::paths::Profile::WebPki;
  return tr::paths::Profile::Default;
}

int run_paths(const CommonOptions& common, const PathsOptions& opts, const tr::catalog::Catalog& catalog) {
  auto root = tr::fs::RootFs::open(common.root);
  if (!root) return fail_usage(root.error());
  auto chain = tr::check::read_chain(opts.chain_files);
  if (!chain) return fail_usage(chain.error());
  auto anchors = tr::check::read_anchors(*root, opts.stores);
  if (!anchors) return fail_usage(anchors.error());
  auto crls = tr::check::read_crls(opts.crls);
  if (!crls) return fail_usage(crls.error());
  tr::paths::PathInput input;
  input.leaf = chain->leaf;
  input.presented = chain->presented;
  input.anchors = anchors->certificates;
  input.at = tr::now();
  input.host = opts.host;
  input.crls = std::move(*crls);
  input.policy.profile = profile_named(opts.profile);
  if (!opts.no_cross_signs) input.extra = tr::check::catalog_cross_certificates(catalog);
  if (!opts.at.empty()) {
    auto at = tr::parse_time(opts.at);
    if (!at) return fail_usage("--at: " + at.error());
    input.at = *at;
  }
  const auto report = tr::paths::build_paths(input);
  const auto clients = tr::paths::client_verdicts(input, report, opts.clients);
  const tr::report::PathsView view{input, report, clients, anchors->label};
  if (common.format == "json") std::cout << tr::report::paths_json(view);
  else if (common.format == "dot") std::cout << tr::report::paths_dot(view);
  else std::cout << tr::report::paths_text(view, style_for(common));
  for (const auto& c : clients)
    if (!c.accepts) return kExitFindings;
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // Bundles of 200-300 KB are read one after another: keep such buffers in the heap, where
  // freed memory is reused, instead of fresh mmap()s that fault in every page again.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  CLI::App app{
      "trustready: will this host keep working through a certificate-authority migration, and if not, what "
      "exactly must change?"};
  app.set_version_flag("--version", std::string("trustready ") + TRUSTREADY_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  trustready check                          judge this host's trust stores against aws-ats\n"
      "  trustready check --root /mnt/image        judge a container's root filesystem\n"
      "  trustready check --at 2034-07-01 -v       the same verdict in 2034, every path shown\n"
      "  trustready check --path /srv/app          also search an application tree (venvs, node_modules, jars)\n"
      "  trustready check --store app.jks --store-password secret   a keystore of your own\n"
      "  trustready check --system-only            only the distribution's stores\n"
      "  trustready stores                         list the trust stores and AWS SDKs found, and who reads them\n"
      "  trustready migrations aws-ats             the anchors, cross-signs and endpoints of a migration\n"
      "  trustready paths chain.pem --host example.com   every path of a server's chain, and each client's verdict\n"
      "  trustready paths chain.pem --store old-bundle.pem --format dot | dot -Tsvg > paths.svg\n\n"
      "Exit status: 0 ready, 1 something at risk, broken or unreadable, 2 bad usage or input.");

  CommonOptions common;
  CheckOptions check_opts;
  auto* check = app.add_subcommand(
      "check",
      "Judge every trust store on this host (or under --root) against a migration, offline, and print the fix");
  check->add_option("-m,--migration", check_opts.migration, "Migration to judge against (see `trustready migrations`)")
      ->type_name("ID")
      ->capture_default_str();
  add_root_options(check, common);
  check->add_option("--at", check_opts.at, "Evaluate at this time instead of now (2034-07-01 or RFC 3339)")
      ->type_name("TIME");
  check->add_option("--horizon", check_opts.horizon_days,
                    "A store that verifies only through certificates expiring within this many days is at-risk")
      ->type_name("DAYS")
      ->capture_default_str();
  add_output_options(check, common);
  check->add_flag("-q,--quiet", common.quiet, "Print only the verdict line");
  check->add_flag("-v,--verbose", common.verbose, "Show every chain, every path and what was tried");

  auto* stores = app.add_subcommand("stores", "List the trust stores found: kind, path, who reads them, certificate count");
  add_root_options(stores, common);
  add_output_options(stores, common);

  std::string migration_id, export_dir;
  auto* migrations = app.add_subcommand(
      "migrations", "Show the catalog: each migration's anchors (SHA-256, SPKI pins), cross-signs, endpoints, cutoffs");
  migrations->add_option("id", migration_id, "Show this migration in full")->type_name("ID");
  migrations->add_option("--export-anchors", export_dir,
                         "Write the migration's recommended roots as NAME.crt files into DIR ('-': PEM on stdout)")
      ->type_name("DIR");
  add_output_options(migrations, common);

  PathsOptions paths_opts;
  auto* paths = app.add_subcommand(
      "paths",
      "Every certification path from a server's chain to a store's anchors, why each fails, and which TLS client "
      "libraries accept it (ideal: some valid path exists; openssl; curl; gnutls; java)");
  paths->add_option("chain", paths_opts.chain_files,
                    "The chain as the server sends it: PEM, DER or PKCS#7 files, the leaf first")
      ->required()
      ->type_name("FILE");
  paths->add_option("--root", common.root, "Take the default store (the system bundle) from the tree under DIR")
      ->type_name("DIR");
  paths->add_option("--store", paths_opts.stores,
                    "Judge against this bundle, hashed folder, keystore or NSS database folder instead of the system bundle; repeatable")
      ->type_name("PATH");
  paths->add_option("--host", paths_opts.host, "Check the leaf for this DNS name or IP address")->type_name("NAME");
  paths->add_option("--at", paths_opts.at, "Evaluate at this time instead of now (2034-07-01 or RFC 3339)")
      ->type_name("TIME");
  paths->add_option("--client", paths_opts.clients, "Only these engines (ideal, openssl, curl, gnutls, java); repeatable")
      ->check(CLI::IsMember(tr::paths::client_names()))
      ->type_name("NAME");
  paths->add_option("--profile", paths_opts.profile,
                    "Certificate rules beyond path validation: default (RFC 5280 and CABF for the server's certificates, "
                    "anchors as real roots are), rfc5280 (anchors too), webpki (CABF Baseline Requirements in full: CN in "
                    "SAN, EKU present, roots without EKU)")
      ->check(CLI::IsMember({"default", "rfc5280", "webpki"}))
      ->type_name("NAME");
  paths->add_option("--crl", paths_opts.crls, "Revocation lists (PEM or DER) of the chain's CAs; repeatable")
      ->type_name("FILE");
  paths->add_flag("--no-cross-signs", paths_opts.no_cross_signs,
                  "Do not build through the catalog's cross-certificates, only what the server sends and the store");
  paths->add_option("--format", common.format, "text for people, json for programs, dot for Graphviz")
      ->check(CLI::IsMember({"text", "json", "dot"}))
      ->type_name("text|json|dot");
  paths->add_flag("--no-color", common.no_color, "No colour, even on a terminal (NO_COLOR is honoured too)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "trustready: %s (see trustready --help)\n", e.what());
    return kExitUsage;
  }

  auto catalog = tr::catalog::Catalog::embedded();
  if (!catalog) return fail_usage("built-in catalog is damaged: " + catalog.error());
  if (*check) return run_check(common, check_opts, *catalog);
  if (*stores) return run_stores(common);
  if (*paths) return run_paths(common, paths_opts, *catalog);
  return run_migrations(common, migration_id, export_dir, *catalog);
}
