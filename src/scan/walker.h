// The parallel file-tree walker behind `scan PATH...` (ripgrep's design: a work-stealing
// walk of folders over every core). It hands each regular file's bytes to a callback on
// the worker thread that read it; it never follows a symlink unless asked, and then only
// inside the tree; it stays on one file system unless asked; memory stays bounded (one
// buffer per worker, folders queued as names, not as open descriptors).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/file_tree.h"

namespace trustready::scan {

struct WalkOptions {
  bool follow = false;           ///< --follow: follow symlinks (resolved inside the tree; loops detected)
  bool one_file_system = true;   ///< do not descend into other mounts (--all-file-systems to cross)
  std::vector<std::string> excludes;  ///< --exclude GLOB (fs/glob.h), matched against the path and the name
  bool skip_vcs = true;          ///< skip .git, .hg, .svn folders
  unsigned threads = 0;          ///< 0: one per core
  std::uint64_t max_file_bytes = 64u << 20;  ///< larger files: first max_file_bytes only, marked truncated
  unsigned max_depth = 256;
};

struct WalkedFile {
  std::string_view path;   ///< as the user would type it: the start path, then the names below it
  std::uint64_t size = 0;
  std::string_view bytes;  ///< valid only during the callback
  bool truncated = false;
};

/// Counters the progress line reads while the walk runs (any thread).
struct WalkProgress {
  std::atomic<std::uint64_t> files{0};
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> skipped{0};  ///< symlinks not followed, other mounts, excluded, special files
};

/// A path that could not be walked or read, in one line ("permission denied", "symbolic
/// link loop", "not a regular file").
struct WalkError {
  std::string path;
  std::string what;
};

/// Walks every start path (inside `tree`; a file is read as itself) with `options.threads`
/// workers. `on_file` and `on_error` are called from the workers, concurrently.
void walk(const fs::FileTree& tree, const std::vector<std::string>& start_paths, const WalkOptions& options,
          const std::function<void(const WalkedFile&)>& on_file,
          const std::function<void(const WalkError&)>& on_error, WalkProgress* progress = nullptr);

}  // namespace trustready::scan
