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
  std::vector<std::string> excludes;  ///< --exclude GLOB (fnmatch(3), as find's -path and -name), matched against the path inside the tree and the name; an excluded folder is not entered
  bool skip_vcs = true;          ///< skip .git, .hg, .svn folders
  unsigned threads = 0;          ///< 0: one per core
  std::uint64_t max_file_bytes = 64u << 20;  ///< larger files: first max_file_bytes only, marked truncated
  unsigned max_depth = 256;      ///< as find's -maxdepth: entries at most this many names below a start path (deeper folders: one error each)
};

struct WalkedFile {
  std::string_view path;   ///< inside the tree: the start path (normalized), then the names walked below it (through followed links)
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
/// link loop (a folder inside itself)", "vanished while walked", "changed while walked (now
/// a symbolic link)").
struct WalkError {
  std::string path;
  std::string what;
};

/// Walks every start path (inside `tree`, symlinks in it followed since the user named it;
/// a file is read as itself) with `options.threads` workers, the calling thread one of them.
/// `on_file` and `on_error` are called from the workers, concurrently; they must not throw.
/// Only regular files are opened for reading; FIFOs, sockets and devices are skipped.
void walk(const fs::FileTree& tree, const std::vector<std::string>& start_paths, const WalkOptions& options,
          const std::function<void(const WalkedFile&)>& on_file,
          const std::function<void(const WalkError&)>& on_error, WalkProgress* progress = nullptr);

}  // namespace trustready::scan
