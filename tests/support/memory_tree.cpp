#include "support/memory_tree.h"

#include <algorithm>
#include <deque>
#include <memory>

namespace trustready::testing {
namespace {

std::deque<std::string> split(std::string_view path) {
  const auto parts = fs::path_parts(path);
  return {parts.begin(), parts.end()};
}

std::string join(const std::vector<std::string>& parts) { return fs::join_parts(parts); }

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

MemoryTree::MemoryTree(std::string root) : root_(std::move(root)) { nodes_["/"] = Node{Node::Kind::Folder, {}, 0, {}}; }

void MemoryTree::add(const std::string& path, Node node) {
  const std::string p = fs::normalize(path);
  for (std::string dir = parent_of(p); !nodes_.count(dir); dir = parent_of(dir)) nodes_[dir] = Node{};
  node.inode = next_inode_++;
  nodes_[p] = std::move(node);
}

void MemoryTree::file(const std::string& path, std::string bytes) { add(path, Node{Node::Kind::File, std::move(bytes), 0, {}}); }
void MemoryTree::folder(const std::string& path) { add(path, Node{Node::Kind::Folder, {}, 0, {}}); }
void MemoryTree::symlink(const std::string& path, std::string target) {
  add(path, Node{Node::Kind::Symlink, std::move(target), 0, {}});
}
void MemoryTree::unreadable(const std::string& path, std::string why) { nodes_.at(fs::normalize(path)).unreadable = std::move(why); }

const MemoryTree::Node* MemoryTree::find(const std::string& resolved) const {
  auto it = nodes_.find(resolved);
  return it == nodes_.end() ? nullptr : &it->second;
}

Result<MemoryTree::Resolved> MemoryTree::resolve(std::string_view path) const {
  std::deque<std::string> todo = split(path);
  std::vector<std::string> done;
  int links = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.front());
    todo.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!done.empty()) done.pop_back();
      continue;
    }
    done.push_back(part);
    const Node* node = find(join(done));
    if (!node) return make_error(std::string(path) + ": No such file or directory");
    if (node->kind != Node::Kind::Symlink) continue;
    if (++links > 40) return make_error(std::string(path) + ": symbolic link loop (more than 40 links)");
    done.pop_back();
    if (node->bytes.starts_with('/')) done.clear();
    auto target = split(node->bytes);
    todo.insert(todo.begin(), target.begin(), target.end());
  }
  const std::string inside = join(done);
  return Resolved{inside, host_path(inside)};
}

Result<const MemoryTree::Node*> MemoryTree::open(std::string_view path, std::string* resolved_path) const {
  auto r = resolve(path);
  if (!r) return make_error(r.error());
  const Node* node = find(r->path);
  if (!node->unreadable.empty()) return make_error(std::string(path) + ": " + node->unreadable);
  if (resolved_path) *resolved_path = r->path;
  return node;
}

fs::FileType MemoryTree::type(std::string_view path) const {
  auto node = open(path);
  if (!node) return fs::FileType::Missing;
  return (*node)->kind == Node::Kind::File ? fs::FileType::File : fs::FileType::Directory;
}

bool MemoryTree::absent(std::string_view path) const {
  auto r = resolve(path);  // a loop is the only other way resolving fails here
  return !r && r.error().ends_with(": No such file or directory");
}

bool MemoryTree::entry_exists(std::string_view path) const {
  const std::string p = fs::normalize(path);
  auto parent = resolve(parent_of(p));
  return parent && find(fs::normalize(parent->path + "/" + p.substr(p.rfind('/') + 1)));
}

Result<fs::FileContent> MemoryTree::read_file_keyed(std::string_view path, std::size_t max_bytes) const {
  std::string resolved;
  auto node = open(path, &resolved);
  if (!node) return make_error(node.error());
  if ((*node)->kind != Node::Kind::File) return make_error(std::string(path) + ": is a directory, expected a file");
  if ((*node)->bytes.size() > max_bytes) return make_error(std::string(path) + ": file too large");
  ++reads_[resolved];
  return fs::FileContent{fs::FileKey{1, (*node)->inode}, (*node)->bytes};
}

Result<fs::MappedFile> MemoryTree::map_file(std::string_view path) const {
  auto content = read_file_keyed(path, SIZE_MAX);
  if (!content) return make_error(content.error());
  auto owned = std::make_shared<const std::string>(std::move(content->bytes));
  return fs::MappedFile(*owned, owned);
}

Result<fs::FileKey> MemoryTree::file_key(std::string_view path) const {
  auto node = open(path);
  if (!node) return make_error(node.error());
  return fs::FileKey{1, (*node)->inode};
}

Result<std::vector<std::string>> MemoryTree::list_dir(std::string_view path) const {
  std::string resolved;
  auto node = open(path, &resolved);
  if (!node) return make_error(node.error());
  if ((*node)->kind != Node::Kind::Folder) return make_error(std::string(path) + ": Not a directory");
  const std::string prefix = resolved == "/" ? "/" : resolved + "/";
  std::vector<std::string> names;
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix); ++it) {
    const std::string rest = it->first.substr(prefix.size());
    if (!rest.empty() && rest.find('/') == std::string::npos) names.push_back(rest);
  }
  return names;  // std::map keeps them sorted
}

Result<std::string> MemoryTree::read_link(std::string_view path) const {
  const std::string p = fs::normalize(path);
  auto parent = resolve(parent_of(p));
  if (!parent) return make_error(parent.error());
  const Node* node = find(fs::normalize(parent->path + "/" + p.substr(p.rfind('/') + 1)));
  if (!node || node->kind != Node::Kind::Symlink) return make_error(std::string(path) + ": Invalid argument");
  return node->bytes;
}

std::string MemoryTree::host_path(std::string_view path) const {
  const std::string inside = fs::normalize(path);
  return inside == "/" ? root_ : root_ + inside;
}

std::size_t MemoryTree::reads(const std::string& path) const {
  auto it = reads_.find(fs::normalize(path));
  return it == reads_.end() ? 0 : it->second;
}

}  // namespace trustready::testing
