// The state folder (/var/lib/trustready, or --state-dir): one lock for every fix and
// rollback, and a folder per applied plan with its journal and backups. Written through
// a TreeWriter rooted at the folder itself, so a journal's names never lead outside it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fs/tree_writer.h"
#include "install/journal.h"

namespace trustready::install {

/// Held while a fix or rollback runs; released when destroyed (or when the process dies).
class StateLock {
 public:
  explicit StateLock(int fd) : fd_(fd) {}
  StateLock(StateLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  StateLock& operator=(StateLock&&) = delete;
  ~StateLock();

 private:
  int fd_ = -1;
};

class StateDir {
 public:
  /// Creates the folder (0700) when needed; an error naming it when it cannot.
  static Result<StateDir> open(const std::string& host_path);
  const std::string& path() const { return path_; }

  /// The lock, without waiting: another fix or rollback holding it is an error naming its pid.
  Result<StateLock> lock() const;

  /// Every journal, oldest first; damaged ones are errors naming their file.
  Result<std::vector<Journal>> journals() const;
  Result<Journal> journal(const std::string& id) const;
  Status write_journal(const Journal& journal);
  Status write_backup(const std::string& id, const std::string& name, const std::string& bytes);
  Result<std::string> read_backup(const std::string& id, const std::string& name) const;
  /// A private folder of the journal's for files given to tools (certificates for certutil).
  Result<std::string> scratch(const std::string& id);

 private:
  StateDir(std::string path, fs::TreeWriter writer) : path_(std::move(path)), writer_(std::move(writer)) {}
  std::string path_;
  fs::TreeWriter writer_;
};

}  // namespace trustready::install
