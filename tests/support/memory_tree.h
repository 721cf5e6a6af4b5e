// A file tree held in memory: the fake behind fs::FileTree, for tests of the modules
// that read files (discovery, readers, check) without a disk. Symlinks follow POSIX
// rules inside the tree (an absolute target starts again at the tree's own root).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fs/file_tree.h"

namespace trustready::testing {

class MemoryTree final : public fs::FileTree {
 public:
  /// `root` is what root() says and host_path() prefixes ("/srv/image").
  explicit MemoryTree(std::string root = "/memory");

  /// Adds a regular file (and every folder above it).
  void file(const std::string& path, std::string bytes);
  void folder(const std::string& path);
  void symlink(const std::string& path, std::string target);
  /// Every read of `path` fails with this errno text ("Permission denied").
  void unreadable(const std::string& path, std::string why);

  const std::string& root() const override { return root_; }
  bool is_host() const override { return false; }
  Result<Resolved> resolve(std::string_view path) const override;
  fs::FileType type(std::string_view path) const override;
  bool entry_exists(std::string_view path) const override;
  bool absent(std::string_view path) const override;
  Result<fs::FileContent> read_file_keyed(std::string_view path, std::size_t max_bytes = kMaxFileBytes) const override;
  Result<fs::MappedFile> map_file(std::string_view path) const override;
  Result<fs::FileKey> file_key(std::string_view path) const override;
  Result<std::vector<std::string>> list_dir(std::string_view path) const override;
  Result<std::string> read_link(std::string_view path) const override;
  std::string host_path(std::string_view path) const override;
  using FileTree::read_file;

  /// How many times a file's bytes were read (read_file_keyed or map_file), by path.
  std::size_t reads(const std::string& path) const;

 private:
  struct Node {
    enum class Kind { File, Folder, Symlink } kind = Kind::Folder;
    std::string bytes;  ///< a file's contents, a symlink's target
    unsigned long long inode = 0;
    std::string unreadable;  ///< errno text of every read, when set
  };
  const Node* find(const std::string& resolved) const;
  Result<const Node*> open(std::string_view path, std::string* resolved_path = nullptr) const;
  void add(const std::string& path, Node node);

  std::string root_;
  std::map<std::string, Node> nodes_;  ///< by normalized path; "/" is the root folder
  mutable std::map<std::string, std::size_t> reads_;
  unsigned long long next_inode_ = 1;
};

}  // namespace trustready::testing
