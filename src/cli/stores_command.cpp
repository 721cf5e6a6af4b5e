// trustready stores: list the trust stores found, and who reads them.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/options.h"
#include "report/listing_report.h"
#include "run/run_stores.h"

namespace trustready::cli {
namespace {

struct StoresFlags {
  DiscoveryFlags discovery;
  OutputOptions output;
};

int run_stores(const StoresFlags& f) {
  auto root = open_root(f.discovery.root);
  if (!root) return fail_usage(root.error());
  if (auto missing = missing_named_path(f.discovery, *root)) return fail_usage(*missing);
  const auto result = run::run_stores(*root, discovery_options(f.discovery, *root));
  if (f.output.format == "json") std::cout << report::stores_json(result);
  else std::cout << report::stores_text(result, style_for(f.output));
  return result.any_error() ? kExitFindings : kExitOk;
}

}  // namespace

Command add_stores_command(CLI::App& app) {
  auto flags = std::make_shared<StoresFlags>();
  auto* cmd = app.add_subcommand("stores", "List the trust stores found: kind, path, who reads them, certificate count");
  add_discovery_options(cmd, flags->discovery);
  add_output_options(cmd, flags->output);
  return {cmd, [flags] { return run_stores(*flags); }};
}

}  // namespace trustready::cli
