#include "image/tree_index.h"

#include <deque>

#include "fs/file_tree.h"

namespace trustready::image {
namespace {

constexpr int kMaxSymlinks = 40;  // as Linux
constexpr std::size_t kMaxDepth = 256;  // deeper names are hostile: each costs its depth in lookups

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string child_of(const std::string& dir, std::string_view name) {
  std::string out = dir;  // appended, not "/" + name: GCC 12 warns falsely (-Wrestrict) on that
  if (out != "/") out += '/';
  out += name;
  return out;
}

/// Keys below `path` are exactly those in [path + "/", path + "0"): '0' follows '/'.
std::string below_start(const std::string& path) { return path == "/" ? "/" : path + "/"; }
std::string below_end(const std::string& path) { return path == "/" ? "0" : path + "0"; }

}  // namespace

TreeIndex::TreeIndex() { nodes_["/"] = Node{Node::Kind::Dir, 0755, 0, 0, 0, {}}; }

const Node* TreeIndex::find(const std::string& resolved) const {
  auto it = nodes_.find(resolved);
  return it == nodes_.end() ? nullptr : &it->second;
}

Walked TreeIndex::walk(std::string_view path, bool follow_last) const {
  const auto given = fs::path_parts(path);
  std::deque<std::string> todo(given.begin(), given.end());
  std::vector<std::string> done;
  int links = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.front());
    todo.pop_front();
    if (part == ".") continue;
    if (part == "..") {  // lexical: the folder it leads back to was resolved already
      if (!done.empty()) done.pop_back();
      continue;
    }
    done.push_back(std::move(part));
    const Node* node = find(fs::join_parts(done));
    if (!node) return {Lookup::NoEntry, {}};
    if (node->kind == Node::Kind::Symlink && (!todo.empty() || follow_last)) {
      if (++links > kMaxSymlinks) return {Lookup::Loop, {}};
      done.pop_back();
      if (node->target.starts_with('/')) done.clear();  // absolute: from the image's root
      const auto target = fs::path_parts(node->target);
      todo.insert(todo.begin(), target.begin(), target.end());
    } else if (node->kind != Node::Kind::Dir && !todo.empty()) {
      return {Lookup::NotDir, {}};
    }
  }
  return {Lookup::Found, fs::join_parts(done)};
}

std::vector<std::string> TreeIndex::children(const std::string& resolved) const {
  const std::string prefix = below_start(resolved);
  std::vector<std::string> names;
  auto it = nodes_.lower_bound(prefix);
  while (it != nodes_.end() && it->first.starts_with(prefix)) {
    const std::string_view rest = std::string_view(it->first).substr(prefix.size());
    const std::size_t slash = rest.find('/');
    if (rest.empty()) {
      ++it;
    } else if (slash == std::string_view::npos) {
      names.emplace_back(rest);
      ++it;
    } else {  // a grandchild: jump over that child's whole subtree
      it = nodes_.lower_bound(prefix + std::string(rest.substr(0, slash)) + "0");
    }
  }
  return names;
}

std::string TreeIndex::place(const std::string& path) const {
  if (path == "/") return path;
  const Walked parent = walk(parent_of(path), true);
  if (parent.result != Lookup::Found) return {};
  const Node* dir = find(parent.path);
  if (!dir || dir->kind != Node::Kind::Dir) return {};
  return child_of(parent.path, path.substr(path.rfind('/') + 1));
}

std::string TreeIndex::make_parents(const std::vector<std::string>& parts, std::uint32_t layer) {
  // The folders above: made when missing, followed when symlinks to folders, and marked
  // as written by this layer so that an opaque whiteout of this layer keeps them.
  std::string at = "/";
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    std::string next = child_of(at, parts[i]);
    auto it = nodes_.find(next);
    if (it == nodes_.end()) {
      it = nodes_.emplace(next, Node{Node::Kind::Dir, 0755, layer, 0, next_id_++, {}}).first;
    } else if (it->second.kind == Node::Kind::Symlink) {
      const Walked w = walk(next, true);
      const Node* target = w.result == Lookup::Found ? find(w.path) : nullptr;
      if (!target || target->kind != Node::Kind::Dir) return {};
      next = w.path;
      it = nodes_.find(next);
    }
    if (it->second.kind != Node::Kind::Dir) return {};
    if (it->second.layer < layer) it->second.layer = layer;
    at = std::move(next);
  }
  return at;
}

bool TreeIndex::add(const std::string& path, Node node, std::uint32_t layer) {
  const auto parts = fs::path_parts(path);
  if (parts.size() > kMaxDepth) return false;
  // Entries of a layer come folder by folder: the last parent is the next one's, mostly.
  const std::string parent = parent_of(path);
  if (parent != cache_.given || layer != cache_.layer || cache_.resolved.empty()) {
    cache_ = ParentCache{parent, make_parents(parts, layer), layer};
    if (cache_.resolved.empty()) return false;
  }
  const std::string& at = cache_.resolved;
  if (parts.empty()) return node.kind == Node::Kind::Dir;  // "/" itself: nothing to change
  const std::string key = child_of(at, parts.back());
  node.layer = layer;
  auto it = nodes_.find(key);
  if (it != nodes_.end()) {
    const bool dir_over_dir = it->second.kind == Node::Kind::Dir && node.kind == Node::Kind::Dir;
    if (!dir_over_dir) {
      remove_below(key, UINT32_MAX, false);  // tar replaces a file or link whole
      cache_ = {};                           // which may have been a folder on the cached way
    }
    node.id = it->second.id;
    it->second = std::move(node);
  } else {
    node.id = next_id_++;
    nodes_.emplace(key, std::move(node));
  }
  return true;
}

std::uint32_t TreeIndex::add_content(Content content) {
  contents_.push_back(content);
  return static_cast<std::uint32_t>(contents_.size() - 1);
}

void TreeIndex::remove_below(const std::string& path, std::uint32_t layer, bool self) {
  cache_ = {};
  auto it = nodes_.lower_bound(below_start(path));
  const auto end = nodes_.lower_bound(below_end(path));
  while (it != end) {
    if (it->first != "/" && it->second.layer < layer) {
      it = nodes_.erase(it);
    } else {
      ++it;
    }
  }
  if (self && path != "/") {
    auto me = nodes_.find(path);
    if (me != nodes_.end() && me->second.layer < layer) nodes_.erase(me);
  }
}

void TreeIndex::whiteout(const std::string& path, std::uint32_t layer) {
  const std::string key = place(path);
  if (!key.empty() && key != "/") remove_below(key, layer, true);
}

void TreeIndex::opaque(const std::string& dir, std::uint32_t layer) {
  const Walked w = walk(dir, true);
  if (w.result == Lookup::Found) remove_below(w.path, layer, false);
}

const Node* TreeIndex::link_source(const std::string& path) const {
  const std::string key = place(path);
  return key.empty() ? nullptr : find(key);
}

}  // namespace trustready::image
