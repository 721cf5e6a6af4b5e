// What the walker's workers share (walker.cpp starts them; host_walk.cpp and tree_walk.cpp
// are the two ways of reading a folder: this machine's folders with getdents, or any other
// FileTree through its own interface).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "fs/file_tree.h"
#include "scan/walker.h"
#include "scan/work_queue.h"

namespace trustready::scan::detail {

/// A folder on the way down to a queued item: loops are found by its identity.
struct Ancestor {
  fs::FileKey key;
  std::shared_ptr<const Ancestor> up;
};

/// One queued piece of work: a folder to list, or a start path that is a file.
struct WalkItem {
  std::string path;  ///< inside the tree, as walked (through the symlinks followed)
  std::string real;  ///< inside the tree without symlinks; empty when equal to path
  unsigned depth = 0;  ///< 0: a start path
  bool is_file = false;
  unsigned long long device = 0;  ///< st_dev of the start path it came from (one file system)
  std::shared_ptr<const Ancestor> ancestors;  ///< the folders above it, nearest first

  const std::string& open_path() const { return real.empty() ? path : real; }
};

struct WalkShared {
  const fs::FileTree& tree;
  const WalkOptions& options;
  const std::function<void(const WalkedFile&)>& on_file;
  const std::function<void(const WalkError&)>& on_error;
  WalkProgress& progress;
  WorkQueues<WalkItem>& queues;

  void error(std::string path, std::string what) const;
  void skip() const { progress.skipped.fetch_add(1, std::memory_order_relaxed); }
  /// --exclude matches the path inside the tree or the name alone (fnmatch(3), as find's
  /// -path and -name: '*' matches '/' in the path).
  bool excluded(const std::string& path, std::string_view name) const;
  bool is_vcs(std::string_view name) const;
  /// A subfolder of `parent` is queued (below max_depth) or reported as too deep.
  void queue_folder(unsigned worker, const WalkItem& parent, std::string path, std::string real,
                    std::shared_ptr<const Ancestor> ancestors) const;
  /// The callback and the counters for one file's bytes (truncated: size > max_file_bytes).
  void hand_over(std::string_view path, std::uint64_t size, std::string_view bytes) const;
};

/// A tree's "PATH: what" message -> "what" (WalkError names the path apart).
std::string reason_of(const std::string& message, std::string_view path);
/// errno of a failed open or read, in the walker's words.
std::string reason_of_errno(int err);
/// "/a" + "b" -> "/a/b"; "/" + "b" -> "/b".
std::string child_path(const std::string& parent, std::string_view name);
/// `key` is one of the folders in the chain (a folder inside itself).
bool in_chain(const Ancestor* chain, const fs::FileKey& key);

/// Works on `index`'s items until the walk is over, reading this machine's folders below
/// `root_fd` (the tree's root, opened O_PATH).
void run_host_worker(const WalkShared& shared, int root_fd, unsigned index);
/// The same over any FileTree (an image), through its own interface.
void run_tree_worker(const WalkShared& shared, unsigned index);

}  // namespace trustready::scan::detail
