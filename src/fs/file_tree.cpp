#include "fs/file_tree.h"

#include <vector>

namespace trustready::fs {

Result<std::string> FileTree::read_file(std::string_view path, std::size_t max_bytes) const {
  auto content = read_file_keyed(path, max_bytes);
  if (!content) return Error{content.error()};
  return std::move(content->bytes);
}

std::string normalize(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t start = i;
    while (i < path.size() && path[i] != '/') ++i;
    const std::string_view part = path.substr(start, i - start);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(part);
  }
  if (out.empty()) return "/";
  std::string joined;
  for (const auto& p : out) (joined += '/') += p;
  return joined;
}

std::string path_in_tree(const FileTree& tree, std::string_view given, std::string_view working_dir) {
  if (!given.starts_with('/') && tree.is_host()) return normalize(std::string(working_dir) + "/" + std::string(given));
  return normalize(given);
}

}  // namespace trustready::fs
