// trustready's command line: the subcommands, parsed and dispatched. Each command's
// options and wiring are in its own file (cli/*_command.cpp).
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/options.h"

#ifndef TRUSTREADY_VERSION
#define TRUSTREADY_VERSION "0.0.0"
#endif

namespace {

constexpr const char* kExamples =
    "Examples:\n"
    "  trustready check                          judge this host's trust stores against aws-ats\n"
    "  trustready check --root /mnt/image        judge a container's root filesystem\n"
    "  trustready check --at 2034-07-01 -v       the same verdict in 2034, every path shown\n"
    "  trustready check --path /srv/app          also search an application tree (venvs, node_modules, jars)\n"
    "  trustready check --store app.jks --store-password secret   a keystore of your own\n"
    "  trustready check --system-only            only the distribution's stores\n"
    "  trustready stores                         list the trust stores and AWS SDKs found, and who reads them\n"
    "  trustready migrations aws-ats             the anchors, cross-signs and endpoints of a migration\n"
    "  trustready fix                            the plan that makes every store ready (changes nothing)\n"
    "  sudo trustready fix --apply               carry it out, with a backup and a journal\n"
    "  sudo trustready rollback                  undo it, byte for byte\n"
    "  trustready paths chain.pem --host example.com   every path of a server's chain, and each client's verdict\n"
    "  trustready paths chain.pem --store old-bundle.pem --format dot | dot -Tsvg > paths.svg\n\n"
    "Paths given with --store, --path: relative to the working folder; under --root DIR, inside DIR.\n"
    "Exit status: 0 ready, 1 something at risk, broken or unreadable, 2 bad usage or input.";

}  // namespace

int main(int argc, char** argv) {
  namespace cli = trustready::cli;
  // Bundles of 200-300 KB are read one after another: keep such buffers in the heap, where
  // freed memory is reused, instead of fresh mmap()s that fault in every page again.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  CLI::App app{
      "trustready: will this host keep working through a certificate-authority migration, and if not, what "
      "exactly must change?"};
  app.set_version_flag("--version", std::string("trustready ") + TRUSTREADY_VERSION);
  app.require_subcommand(1);
  app.footer(kExamples);
  const std::vector<cli::Command> commands = {cli::add_check_command(app), cli::add_stores_command(app),
                                              cli::add_paths_command(app), cli::add_probe_command(app),
                                              cli::add_fix_command(app), cli::add_rollback_command(app), cli::add_scan_command(app),
                                              cli::add_migrations_command(app)};
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
    return cli::kExitUsage;
  }
  for (const auto& c : commands)
    if (*c.app) return c.run();
  return cli::kExitUsage;
}
