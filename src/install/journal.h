// The journal of one `fix --apply`: written (temp file, fsync, rename) before the first
// change and after each step, beside a byte-for-byte backup of every file the plan
// changes. A run killed at any step leaves a journal whose state is not "applied" or
// "rolled-back"; the next `fix --apply` or `rollback` reverts it from the backups.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cert/digest.h"
#include "util/process_runner.h"
#include "util/result.h"

namespace trustready::install {

enum class JournalState { Applying, Applied, RollingBack, RolledBack };
const char* to_string(JournalState state);

/// A file the plan changes, as it was before the first write.
struct JournalFile {
  std::string path;  ///< in the root, symlinks followed
  bool existed = false;
  cert::Sha256 sha256;  ///< of the backed-up content
  unsigned mode = 0644, uid = 0, gid = 0;
  std::string selinux_label;
  std::string backup;  ///< the backup's file name in the journal's folder ("backup/0")
};

/// A folder whose links an update tool rewrites (/etc/ssl/certs), as it was: rollback
/// removes the links the tool added once the tool has run again.
struct JournalFolder {
  std::string path;  ///< in the root, symlinks followed
  std::vector<std::string> entries;  ///< the names in it before, sorted
};

/// An update tool the plan ran: rollback runs it again once the files are restored.
struct JournalCommand {
  std::vector<std::string> argv;
  Confinement confinement;  ///< without env (a keystore password is never journalled)
  std::vector<std::string> no_symlinks_in;  ///< checked again before it runs on rollback
};

struct Journal {
  std::string id;  ///< "20261201T201500Z-4242"
  std::string root;
  std::string migration;
  std::string created;  ///< ISO 8601, UTC
  long pid = 0;
  JournalState state = JournalState::Applying;
  std::size_t steps_total = 0;
  std::size_t steps_done = 0;
  std::vector<std::string> stores;  ///< the store ids the plan fixes
  std::vector<JournalFile> files;
  std::vector<JournalFolder> folders;
  std::vector<JournalCommand> commands;
  /// Finished: applied, or reverted. Any other state is a run that did not end.
  bool finished() const { return state == JournalState::Applied || state == JournalState::RolledBack; }
};

std::string journal_json(const Journal& journal);
/// Reads a journal back; `source` names the file in errors. A damaged journal is an error
/// naming the file and what is wrong, never a guess.
Result<Journal> parse_journal(std::string_view text, const std::string& source);

}  // namespace trustready::install
