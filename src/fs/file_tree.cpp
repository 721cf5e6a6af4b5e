#include "fs/file_tree.h"

#include <vector>

namespace trustready::fs {

Result<std::string> FileTree::read_file(std::string_view path, std::size_t max_bytes) const {
  auto content = read_file_keyed(path, max_bytes);
  if (!content) return Error{content.error()};
  return std::move(content->bytes);
}

std::vector<std::string> path_parts(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t start = i;
    while (i < path.size() && path[i] != '/') ++i;
    if (i > start) parts.emplace_back(path.substr(start, i - start));
  }
  return parts;
}

std::string join_parts(const std::vector<std::string>& parts) {
  if (parts.empty()) return "/";
  std::string out;
  for (const auto& p : parts) (out += '/') += p;
  return out;
}

std::string normalize(std::string_view path) {
  std::vector<std::string> out;
  for (auto& part : path_parts(path)) {
    if (part == ".") continue;
    if (part == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(std::move(part));
  }
  return join_parts(out);
}

std::string path_in_tree(const FileTree& tree, std::string_view given, std::string_view working_dir) {
  if (!given.starts_with('/') && tree.is_host()) return normalize(std::string(working_dir) + "/" + std::string(given));
  return normalize(given);
}

}  // namespace trustready::fs
