// trustready migrations: the catalog, and the recommended roots as files.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/options.h"
#include "install/anchor_layout.h"
#include "report/listing_report.h"

namespace trustready::cli {
namespace {

struct MigrationsFlags {
  OutputOptions output;
  std::string id;
  std::string export_dir;
  std::vector<std::string> anchors;
};

int run_migrations(const MigrationsFlags& f) {
  auto known = catalog();
  if (!known) return fail_usage(known.error());
  const catalog::Catalog& catalog = **known;
  const catalog::Migration* migration = nullptr;
  if (!f.id.empty()) {
    auto found = cli::migration(f.id);
    if (!found) return fail_usage(found.error());
    migration = *found;
  }
  if (!f.export_dir.empty()) {
    if (!migration) return fail_usage("--export-anchors needs a migration ID (known: " + catalog.ids() + ")");
    auto written = install::export_anchors(*migration, f.export_dir, f.anchors);
    if (!written) return fail_usage(written.error());
    if (f.export_dir != "-")
      for (const auto& file : *written) std::fprintf(stderr, "wrote %s\n", file.c_str());
    return kExitOk;
  }
  const auto style = style_for(f.output);
  if (f.output.format == "json") std::cout << report::migrations_json(catalog, migration);
  else if (migration) std::cout << report::migration_text(*migration, style);
  else std::cout << report::migrations_text(catalog, style);
  return kExitOk;
}

}  // namespace

Command add_migrations_command(CLI::App& app) {
  auto flags = std::make_shared<MigrationsFlags>();
  auto* cmd = app.add_subcommand(
      "migrations", "Show the catalog: each migration's anchors (SHA-256, SPKI pins), cross-signs, endpoints, cutoffs");
  cmd->add_option("id", flags->id, "Show this migration in full")->type_name("ID");
  cmd->add_option("--export-anchors", flags->export_dir,
                  "Write the migration's recommended roots as NAME.crt files into DIR ('-': PEM on stdout)")
      ->type_name("DIR");
  add_repeatable(cmd, "--anchor", flags->anchors,
                 "With --export-anchors: only this anchor (its id, as `trustready migrations ID` lists them); repeatable")
      ->type_name("ID");
  add_output_options(cmd, flags->output);
  return {cmd, [flags] { return run_migrations(*flags); }};
}

}  // namespace trustready::cli
