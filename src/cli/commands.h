// The subcommands, one file each (cli/*_command.cpp): each adds itself to the app with
// its options and returns how to run it once parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace trustready::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;  ///< the exit status
};

Command add_check_command(CLI::App& app);
Command add_stores_command(CLI::App& app);
Command add_paths_command(CLI::App& app);
Command add_migrations_command(CLI::App& app);
Command add_probe_command(CLI::App& app);
Command add_fix_command(CLI::App& app);
Command add_rollback_command(CLI::App& app);
Command add_scan_command(CLI::App& app);

}  // namespace trustready::cli
