// trustready rollback [ID]: restore every file an applied plan changed, byte for byte,
// and run the update tools again.
#include <memory>

#include "cli/commands.h"
#include "cli/fix_support.h"
#include "cli/options.h"

namespace trustready::cli {
namespace {

struct RollbackFlags {
  std::string id;
  std::string root = "/";
  std::string state_dir;
  bool list = false;
};

int run_rollback(const RollbackFlags& f) {
  auto root = open_root(f.root);
  if (!root) return fail_usage(root.error());
  const std::string state = state_dir_for(*root, f.state_dir);
  if (f.list) return list_journals(state);
  return rollback_journal(*root, state, f.id);
}

}  // namespace

Command add_rollback_command(CLI::App& app) {
  auto flags = std::make_shared<RollbackFlags>();
  auto* cmd = app.add_subcommand(
      "rollback", "Undo an applied fix: restore every file it changed, byte for byte, and run the update tools again");
  cmd->add_option("id", flags->id, "The journal to undo (default: the newest not rolled back; see --list)")
      ->type_name("ID");
  cmd->add_option("--root", flags->root, "The root tree the fix was applied to")->type_name("DIR");
  cmd->add_option("--state-dir", flags->state_dir, "Where the journals are (default /var/lib/trustready of the root)")
      ->type_name("DIR");
  cmd->add_flag("--list", flags->list, "List the journals: id, state, when, root, stores");
  return {cmd, [flags] { return run_rollback(*flags); }};
}

}  // namespace trustready::cli
