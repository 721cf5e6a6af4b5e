#include "install/apply.h"

#include <unistd.h>

#include <algorithm>
#include <set>

#include "install/steps.h"
#include "util/time.h"

namespace trustready::install {
namespace {

std::string new_journal_id() {
  std::string t = format_time(now());  // 2026-12-01T20:15:00Z
  t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '-' || c == ':'; }), t.end());
  return t + "-" + std::to_string(::getpid());
}

/// The file as it is now, for comparing with the plan and for the backup.
Result<FileState> current_state(const fs::TreeWriter& tree, const std::string& path) {
  auto meta = tree.stat(path);
  if (!meta) return make_error(meta.error());
  if (!meta->exists) return FileState{path, false, {}};
  auto bytes = tree.read(path);
  if (!bytes) return make_error(bytes.error());
  return FileState{path, true, cert::Sha256::of(*bytes)};
}

/// The plan was made from the files as they were; a file changed since (a package
/// upgrade, someone's edit) stops the apply before anything is written.
Status still_as_planned(const Plan& plan, const fs::TreeWriter& tree) {
  for (const auto& planned : plan.files) {
    auto now_state = current_state(tree, planned.path);
    if (!now_state) return make_error(now_state.error());
    if (*now_state == planned) continue;
    std::string was = planned.exists ? "sha256 " + planned.sha256.hex() : "absent";
    std::string is = now_state->exists ? "sha256 " + now_state->sha256.hex() : "absent";
    return make_error(planned.path + " changed since the plan was made (" + was + ", now " + is +
                      "); nothing was written: run trustready fix again");
  }
  return ok_status();
}

Result<Journal> back_up(const Plan& plan, const ApplyContext& ctx) {
  Journal j;
  j.id = new_journal_id();
  j.root = plan.root;
  j.migration = plan.migration;
  j.created = format_time(now());
  j.pid = ::getpid();
  for (const auto& sp : plan.stores)
    if (sp.blocked.empty() && !sp.by_hand()) {
      j.stores.insert(j.stores.end(), sp.store_ids.begin(), sp.store_ids.end());
      for (const auto& s : sp.steps) {
        if (s.kind == StepKind::RunCommand)
          j.commands.push_back({s.command.argv, s.command.confinement, s.command.no_symlinks_in});
        for (const auto& folder : s.folders) {
          auto resolved = ctx.tree.resolve(folder);
          auto names = ctx.tree.tree().list_dir(folder);
          if (resolved && names) j.folders.push_back({*resolved, *names});
        }
      }
    }
  for (const auto& f : plan.files) {
    JournalFile jf;
    jf.path = f.path;
    auto meta = ctx.tree.stat(f.path);
    if (!meta) return make_error(meta.error());
    jf.existed = meta->exists;
    if (jf.existed) {
      auto bytes = ctx.tree.read(f.path);
      if (!bytes) return make_error(bytes.error());
      jf.sha256 = cert::Sha256::of(*bytes);
      jf.mode = meta->mode;
      jf.uid = meta->uid;
      jf.gid = meta->gid;
      jf.selinux_label = meta->selinux_label;
      jf.backup = "backup/" + std::to_string(j.files.size());
      if (auto saved = ctx.state.write_backup(j.id, jf.backup, *bytes); !saved) return make_error(saved.error());
    }
    j.files.push_back(std::move(jf));
  }
  return j;
}

}  // namespace

Result<ApplyOutcome> apply_plan(const Plan& plan, const ApplyContext& ctx) {
  if (auto same = still_as_planned(plan, ctx.tree); !same) return make_error(same.error());
  ApplyOutcome outcome;
  std::vector<const Step*> steps;
  for (const auto& sp : plan.stores) {
    if (!sp.blocked.empty()) continue;
    if (sp.by_hand()) {
      for (const auto& s : sp.steps)
        for (const auto& line : s.shell) outcome.by_hand.push_back(line);
      continue;
    }
    outcome.store_ids.insert(outcome.store_ids.end(), sp.store_ids.begin(), sp.store_ids.end());
    for (const auto& s : sp.steps) steps.push_back(&s);
  }
  if (steps.empty()) return outcome;
  auto backed = back_up(plan, ctx);
  if (!backed) return make_error(backed.error());
  Journal j = std::move(backed).value();
  j.steps_total = steps.size();
  outcome.journal_id = j.id;
  int writes = 0;
  if (auto ok = write_journal(j, ctx, writes); !ok) return make_error(ok.error());
  for (const Step* step : steps) {
    auto done = run_step(*step, j.id, ctx);
    if (!done) {
      // Undo what the steps before did: a store is left as it was or fully updated.
      auto undone = roll_back(j, ctx);
      return make_error(done.error() + (undone ? "; the steps before were undone" : "; undoing failed too: " + undone.error()));
    }
    outcome.done.push_back(*done);
    if (ctx.progress) ctx.progress(*done);
    ++j.steps_done;
    if (auto ok = write_journal(j, ctx, writes); !ok) return make_error(ok.error());
  }
  j.state = JournalState::Applied;
  if (auto ok = write_journal(j, ctx, writes); !ok) return make_error(ok.error());
  return outcome;
}

Result<std::optional<Journal>> unfinished_journal(const StateDir& state) {
  auto all = state.journals();
  if (!all) return make_error(all.error());
  for (auto it = all->rbegin(); it != all->rend(); ++it)
    if (!it->finished()) return std::optional<Journal>(*it);
  return std::optional<Journal>();
}

}  // namespace trustready::install
