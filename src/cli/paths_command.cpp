// trustready paths: every certification path of a server's chain, and each engine's verdict.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/options.h"
#include "paths/engines.h"
#include "report/paths_report.h"
#include "run/run_paths.h"
#include "util/host_name.h"

namespace trustready::cli {
namespace {

struct PathsFlags {
  OutputOptions output;
  std::string root = "/";
  std::vector<std::string> chain_files;
  std::vector<std::string> stores;
  std::vector<std::string> clients;
  std::vector<std::string> crls;
  std::string at;
  std::string host;
  bool host_given = false;  ///< --host '' is given too, and refused
  std::string profile = "default";
  bool no_cross_signs = false;
};

paths::Profile profile_named(const std::string& name) {
  if (name == "rfc5280") return paths::Profile::Rfc5280;
  if (name == "webpki") return paths::Profile::WebPki;
  return paths::Profile::Default;
}

int run_paths(const PathsFlags& f) {
  auto known = catalog();
  if (!known) return fail_usage(known.error());
  auto root = open_root(f.root);
  if (!root) return fail_usage(root.error());
  auto at = evaluation_time(f.at);
  if (!at) return fail_usage(at.error());
  if (f.host_given) {
    auto host = check_host_name(f.host);
    if (!host) return fail_usage("--host '" + f.host + "': " + host.error());
  }
  run::PathsRequest request;
  request.chain_files = f.chain_files;
  for (const auto& s : f.stores) request.stores.push_back(tree_path(*root, s));
  request.crls = f.crls;
  request.clients = f.clients;
  request.at = *at;
  request.host = f.host;
  request.profile = profile_named(f.profile);
  request.cross_signs = !f.no_cross_signs;
  auto result = run::run_paths(*root, **known, request);
  if (!result) return fail_usage(result.error());
  if (f.output.format == "json") std::cout << report::paths_json(*result);
  else if (f.output.format == "dot") std::cout << report::paths_dot(*result);
  else std::cout << report::paths_text(*result, style_for(f.output));
  return result->all_accept() ? kExitOk : kExitFindings;
}

}  // namespace

Command add_paths_command(CLI::App& app) {
  auto flags = std::make_shared<PathsFlags>();
  auto* cmd = app.add_subcommand(
      "paths",
      "Every certification path from a server's chain to a store's anchors, why each fails, and which TLS client "
      "libraries accept it (ideal: some valid path exists; openssl; curl; gnutls; java)");
  cmd->add_option("chain", flags->chain_files, "The chain as the server sends it: PEM, DER or PKCS#7 files, the leaf first")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--root", flags->root,
                  "Take the default store (the system bundle) from the tree under DIR; --store paths are then inside DIR")
      ->type_name("DIR");
  add_repeatable(cmd, "--store", flags->stores,
                 "Judge against this bundle, hashed folder, keystore or NSS database folder instead of the system "
                 "bundle (relative to the working folder, or inside --root); repeatable: --store A --store B")
      ->type_name("PATH");
  cmd->add_option("--host", flags->host,
                  "Check the leaf for this DNS name (letters, digits, '-' and '_' in labels of 1-63 characters, 253 "
                  "in all, an optional trailing dot; an IDN as its xn-- form) or IPv4/IPv6 address (no brackets)")
      ->type_name("NAME")
      ->each([flags](const std::string&) { flags->host_given = true; });
  add_at_option(cmd, flags->at);
  add_repeatable(cmd, "--client", flags->clients, "Only these engines (ideal, openssl, curl, gnutls, java); repeatable")
      ->check(CLI::IsMember(paths::engine_names()))
      ->type_name("NAME");
  cmd->add_option("--profile", flags->profile,
                  "Certificate rules beyond path validation: default (RFC 5280 and CABF for the server's certificates, "
                  "anchors as real roots are), rfc5280 (anchors too), webpki (CABF Baseline Requirements in full: CN in "
                  "SAN, EKU present, roots without EKU)")
      ->check(CLI::IsMember({"default", "rfc5280", "webpki"}))
      ->type_name("NAME");
  add_repeatable(cmd, "--crl", flags->crls, "Revocation lists (PEM or DER) of the chain's CAs; repeatable")
      ->type_name("FILE");
  cmd->add_flag("--no-cross-signs", flags->no_cross_signs,
                "Do not build through the catalog's cross-certificates, only what the server sends and the store");
  add_output_options(cmd, flags->output, {"text", "json", "dot"});
  return {cmd, [flags] { return run_paths(*flags); }};
}

}  // namespace trustready::cli
