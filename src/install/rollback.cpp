// Undoing an applied (or interrupted) plan from its journal.
#include <algorithm>
#include <set>

#include "install/apply.h"
#include "install/steps.h"

namespace trustready::install {
namespace {

fs::FileMeta meta_of(const JournalFile& f) {
  fs::FileMeta m;
  m.exists = true;
  m.type = fs::FileType::File;
  m.mode = f.mode;
  m.uid = f.uid;
  m.gid = f.gid;
  m.selinux_label = f.selinux_label;
  return m;
}

/// Puts every file back as the backup has it; removes the ones the plan created.
Status restore_files(const Journal& j, const ApplyContext& ctx, std::vector<std::string>& said) {
  for (auto it = j.files.rbegin(); it != j.files.rend(); ++it) {
    const auto& f = *it;
    if (!f.existed) {
      auto meta = ctx.tree.stat(f.path);
      if (meta && meta->exists) {
        if (auto gone = ctx.tree.remove(f.path); !gone) return gone;
        said.push_back("removed " + f.path);
      }
      continue;
    }
    auto bytes = ctx.state.read_backup(j.id, f.backup);
    if (!bytes) return make_error(bytes.error());
    if (cert::Sha256::of(*bytes) != f.sha256)
      return make_error(ctx.state.path() + "/journals/" + j.id + "/" + f.backup + ": the backup of " + f.path +
                        " is not what was saved (sha256 differs); nothing restored from it");
    auto now_meta = ctx.tree.stat(f.path);
    auto now_bytes = ctx.tree.read(f.path);
    const bool same = now_meta && now_meta->exists && now_bytes && *now_bytes == *bytes && now_meta->mode == f.mode &&
                      now_meta->uid == f.uid && now_meta->gid == f.gid;
    if (same) continue;
    if (auto wrote = ctx.tree.write_atomic(f.path, *bytes, meta_of(f)); !wrote) return wrote;
    said.push_back("restored " + f.path);
  }
  return ok_status();
}

/// The links the update tool made that were not there before (it keeps links to files
/// it no longer compiles): only symlinks, and only names the journal did not see.
Status remove_new_links(const Journal& j, const ApplyContext& ctx, std::vector<std::string>& said) {
  for (const auto& folder : j.folders) {
    auto names = ctx.tree.tree().list_dir(folder.path);
    if (!names) return make_error(names.error());
    std::size_t removed = 0;
    for (const auto& name : *names) {
      if (std::binary_search(folder.entries.begin(), folder.entries.end(), name)) continue;
      const std::string path = folder.path + "/" + name;
      if (!ctx.tree.tree().read_link(path)) continue;  // not a link: not the tool's
      if (auto gone = ctx.tree.remove(path); !gone) return gone;
      ++removed;
    }
    if (removed) said.push_back("removed " + std::to_string(removed) + " link(s) the update tool made in " + folder.path);
  }
  return ok_status();
}

}  // namespace

Result<std::vector<std::string>> roll_back(Journal j, const ApplyContext& ctx) {
  std::vector<std::string> said;
  int writes = 0;
  j.state = JournalState::RollingBack;
  if (auto wrote = write_journal(j, ctx, writes); !wrote) return make_error(wrote.error());
  if (auto restored = restore_files(j, ctx, said); !restored) return make_error(restored.error());
  // An apply stopped at its first step with nothing to restore never ran a tool: running
  // one now would only fail where the write failed (a read-only root) and leave the
  // journal unfinished.
  const bool anything_done = !said.empty() || j.steps_done > 0;
  // The update tools compile the restored folders again (and drop the links they made);
  // then every backed-up file is put back once more, so it ends byte for byte as it was.
  if (anything_done)
    for (const auto& c : j.commands) {
      auto ran = run_update_tool(c.argv, c.confinement, c.no_symlinks_in, ctx);
      if (!ran) return make_error(ran.error());
      said.push_back(*ran);
    }
  if (auto links = remove_new_links(j, ctx, said); !links) return make_error(links.error());
  if (anything_done && !j.commands.empty())
    if (auto restored = restore_files(j, ctx, said); !restored) return make_error(restored.error());
  j.state = JournalState::RolledBack;
  if (auto wrote = write_journal(j, ctx, writes); !wrote) return make_error(wrote.error());
  return said;
}

}  // namespace trustready::install
