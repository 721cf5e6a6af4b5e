// What fix and rollback share: where the state folder is, and carrying out a plan with
// its journal, for people.
#pragma once

#include <string>

#include "fs/file_tree.h"
#include "report/style.h"
#include "run/run_fix.h"

namespace trustready::cli {

/// --state-dir, or /var/lib/trustready of the root (resolved inside it).
std::string state_dir_for(const fs::FileTree& root, const std::string& given);

/// Says so on stderr when a journal there was left by a run that did not finish (reads only).
void warn_unfinished(const std::string& state_dir);

struct ApplyInputs {
  const fs::FileTree& root;
  const catalog::Migration& migration;
  const stores::DiscoveryOptions& discovery;
  const judge::JudgeOptions& options;
  const run::FixRequest& request;
  std::string keystore_password;
  std::string state_dir;
  bool json = false;
  report::Style style;
  /// --plan: the file and text of a plan saved by `fix --format json`; apply refuses when
  /// the plan made now is not that one (a file it changes changed since).
  std::string saved_plan_file;
  std::string saved_plan;
};

/// fix --apply: lock, revert an unfinished journal, apply, check again. The exit status.
int apply_fix(run::FixPlan planned, const ApplyInputs& in);

/// rollback [ID]: the exit status.
int rollback_journal(const fs::FileTree& root, const std::string& state_dir, const std::string& id);

/// rollback --list.
int list_journals(const std::string& state_dir);

}  // namespace trustready::cli
