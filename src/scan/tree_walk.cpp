// Any other FileTree (an image read from its archive, a test's tree), walked through its
// own interface: the same rules as host_walk.cpp, at the speed of that tree's lookups.
#include <algorithm>

#include "scan/walk_state.h"

namespace trustready::scan::detail {
namespace {

class TreeWorker {
 public:
  TreeWorker(const WalkShared& shared, unsigned index) : s_(shared), tree_(shared.tree), index_(index) {}

  void run() {
    while (auto item = s_.queues.pop(index_)) {
      if (item->is_file)
        read(item->path, item->open_path());
      else
        list_folder(*item);
      s_.queues.done();
    }
  }

 private:
  void list_folder(const WalkItem& folder) {
    const std::string& real = folder.open_path();
    auto key = tree_.file_key(real);
    if (!key) return s_.error(folder.path, reason_of(key.error(), real));
    if (s_.options.one_file_system && key->device != folder.device) return s_.skip();
    if (in_chain(folder.ancestors.get(), *key)) return s_.error(folder.path, "symbolic link loop (a folder inside itself)");
    auto names = tree_.list_dir(real);
    if (!names) return s_.error(folder.path, reason_of(names.error(), real));
    std::shared_ptr<const Ancestor> here;
    for (const auto& name : *names) {
      std::string path = child_path(folder.path, name);
      if (s_.excluded(path, name)) {
        s_.skip();
        continue;
      }
      std::string target = child_path(real, name);
      if (tree_.read_link(target)) {  // a symlink
        if (!s_.options.follow) {
          s_.skip();
          continue;
        }
        auto resolved = tree_.resolve(target);
        if (!resolved) {
          if (tree_.absent(target))
            s_.skip();  // dangling
          else
            s_.error(path, reason_of(resolved.error(), target));
          continue;
        }
        target = resolved->path;
      }
      switch (tree_.type(target)) {
        case fs::FileType::File:
          read(path, target);
          break;
        case fs::FileType::Directory:
          if (s_.is_vcs(name)) {
            s_.skip();
            break;
          }
          if (!here) here = std::make_shared<const Ancestor>(Ancestor{*key, folder.ancestors});
          s_.queue_folder(index_, folder, std::move(path), std::move(target), here);
          break;
        case fs::FileType::Missing:
          s_.error(std::move(path), "vanished while walked");
          break;
        case fs::FileType::Other:
          s_.skip();
          break;
      }
    }
  }

  void read(const std::string& path, const std::string& real) {
    auto mapped = tree_.map_file(real);
    if (!mapped) return s_.error(path, reason_of(mapped.error(), real));
    const std::string_view all = mapped->bytes();
    const auto keep = static_cast<std::size_t>(std::min<std::uint64_t>(all.size(), s_.options.max_file_bytes));
    s_.hand_over(path, all.size(), all.substr(0, keep));
  }

  const WalkShared& s_;
  const fs::FileTree& tree_;
  unsigned index_;
};

}  // namespace

void run_tree_worker(const WalkShared& shared, unsigned index) { TreeWorker(shared, index).run(); }

}  // namespace trustready::scan::detail
