// Carrying out a plan, and undoing it: the one code path every writer's steps go through.
// Before the first write, every file the plan changes is backed up and the journal says
// so; each write is a temp file, fsync, rename and fsync of the folder; each step done
// is journalled. A failure at any step undoes the steps before it, so a store is left as
// it was or fully updated; a run killed instead leaves a journal the next fix or
// rollback reverts.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "fs/tree_writer.h"
#include "install/plan.h"
#include "install/state_dir.h"
#include "util/process_runner.h"

namespace trustready::install {

struct ApplyContext {
  fs::TreeWriter& tree;
  StateDir& state;
  const ProcessRunner& runner;
  /// The keystores' password when it is not "changeit" (--store-password).
  std::string keystore_password;
  /// Said as each step is done ("wrote /usr/local/share/ca-certificates/AmazonRootCA1.crt").
  std::function<void(const std::string&)> progress;
  /// Called after each journal write with how many there have been (fault injection in
  /// tests kills the process there: TRUSTREADY_TEST_KILL_AT).
  std::function<void(int)> journalled;
};

struct ApplyOutcome {
  std::string journal_id;
  std::vector<std::string> done;       ///< what was done, for people
  std::vector<std::string> by_hand;    ///< what is left to a person (package upgrades)
  std::vector<std::string> store_ids;  ///< the stores the applied steps fix
};

/// Applies every step of `plan` that trustready carries out itself. The files must be
/// as they were when planned (plan.files): otherwise nothing is written and the error
/// names the file that changed.
Result<ApplyOutcome> apply_plan(const Plan& plan, const ApplyContext& ctx);

/// Restores every file the journal backed up, byte for byte (content, mode, owner),
/// removes the files it created, runs the update tools again, and marks it rolled back.
/// Returns what was done, for people.
Result<std::vector<std::string>> roll_back(Journal journal, const ApplyContext& ctx);

/// A journal left by a run that did not finish, if any (the newest).
Result<std::optional<Journal>> unfinished_journal(const StateDir& state);

}  // namespace trustready::install
