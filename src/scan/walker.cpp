#include "scan/walker.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <thread>

#include "fs/root_fs.h"
#include "scan/walk_state.h"

namespace trustready::scan {
namespace detail {

std::string child_path(const std::string& parent, std::string_view name) {
  std::string out;
  out.reserve(parent.size() + 1 + name.size());
  out += parent;
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

bool in_chain(const Ancestor* chain, const fs::FileKey& key) {
  for (; chain != nullptr; chain = chain->up.get())
    if (chain->key == key) return true;
  return false;
}

void WalkShared::error(std::string path, std::string what) const {
  progress.errors.fetch_add(1, std::memory_order_relaxed);
  on_error(WalkError{std::move(path), std::move(what)});
}

bool WalkShared::excluded(const std::string& path, std::string_view name) const {
  if (options.excludes.empty()) return false;
  const std::string name_z(name);
  for (const auto& pattern : options.excludes)
    if (::fnmatch(pattern.c_str(), path.c_str(), 0) == 0 || ::fnmatch(pattern.c_str(), name_z.c_str(), 0) == 0)
      return true;
  return false;
}

bool WalkShared::is_vcs(std::string_view name) const {
  return options.skip_vcs && (name == ".git" || name == ".hg" || name == ".svn");
}

void WalkShared::queue_folder(unsigned worker, const WalkItem& parent, std::string path, std::string real,
                              std::shared_ptr<const Ancestor> ancestors) const {
  // max_depth counts as find's -maxdepth: entries at most that many names below a start
  // path, so a folder at that depth is not listed.
  if (parent.depth + 1 >= options.max_depth) {
    error(std::move(path), "more than " + std::to_string(options.max_depth) + " folders deep: not walked");
    return;
  }
  WalkItem item;
  item.path = std::move(path);
  item.real = std::move(real);
  item.depth = parent.depth + 1;
  item.device = parent.device;
  item.ancestors = std::move(ancestors);
  queues.push(worker, std::move(item));
}

void WalkShared::hand_over(std::string_view path, std::uint64_t size, std::string_view bytes) const {
  progress.files.fetch_add(1, std::memory_order_relaxed);
  progress.bytes.fetch_add(bytes.size(), std::memory_order_relaxed);
  on_file(WalkedFile{path, size, bytes, size > options.max_file_bytes});
}

std::string reason_of(const std::string& message, std::string_view path) {
  const std::string prefix = std::string(path) + ": ";
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

std::string reason_of_errno(int err) {
  switch (err) {
    case EACCES:
    case EPERM:
      return "permission denied";
    case ENOENT:
      return "vanished while walked";
    case ELOOP:  // O_NOFOLLOW met a symlink where listing saw none, or a loop of them
      return "changed while walked (now a symbolic link)";
    case ENOTDIR:
      return "changed while walked (no longer a folder)";
    default:
      return std::error_code(err, std::generic_category()).message();  // strerror is not thread-safe
  }
}

}  // namespace detail

namespace {

using detail::WalkItem;

/// Queues each start path (symlinks followed: the user named it) as a folder or a file.
void queue_starts(const detail::WalkShared& shared, const std::vector<std::string>& start_paths) {
  for (const auto& given : start_paths) {
    const std::string path = fs::normalize(given);
    auto resolved = shared.tree.resolve(path);
    if (!resolved) {
      shared.error(path, detail::reason_of(resolved.error(), path));
      continue;
    }
    const fs::FileType type = shared.tree.type(resolved->path);
    auto key = shared.tree.file_key(resolved->path);
    if (!key || type == fs::FileType::Missing) {
      shared.error(path, key ? "vanished while walked" : detail::reason_of(key.error(), resolved->path));
      continue;
    }
    if (type == fs::FileType::Other) {
      shared.skip();
      continue;
    }
    WalkItem item;
    item.path = path;
    if (resolved->path != path) item.real = resolved->path;
    item.is_file = type == fs::FileType::File;
    item.device = key->device;
    shared.queues.push(0, std::move(item));
  }
}

}  // namespace

void walk(const fs::FileTree& tree, const std::vector<std::string>& start_paths, const WalkOptions& options,
          const std::function<void(const WalkedFile&)>& on_file,
          const std::function<void(const WalkError&)>& on_error, WalkProgress* progress) {
  WalkProgress own_progress;
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  WorkQueues<WalkItem> queues(threads);
  const detail::WalkShared shared{tree, options, on_file, on_error, progress ? *progress : own_progress, queues};
  queue_starts(shared, start_paths);

  // This machine's folders are read with getdents below the tree's root fd; any other
  // tree (an image) through its own interface.
  int root_fd = -1;
  if (dynamic_cast<const fs::RootFs*>(&tree) != nullptr) {
    root_fd = ::open(tree.root().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) {
      shared.error(tree.root(), "cannot open the tree's root");
      return;
    }
  }
  auto work = [&](unsigned index) {
    if (root_fd >= 0)
      detail::run_host_worker(shared, root_fd, index);
    else
      detail::run_tree_worker(shared, index);
  };
  std::vector<std::thread> workers;
  workers.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) workers.emplace_back(work, i);
  work(0);  // the calling thread is worker 0
  for (auto& t : workers) t.join();
  if (root_fd >= 0) ::close(root_fd);
}

}  // namespace trustready::scan
