#include "fs/glob.h"

#include <fnmatch.h>

namespace trustready::fs {
namespace {

void expand(const FileTree& root, const std::string& base, std::string_view rest, std::size_t limit,
            std::vector<std::string>& out) {
  if (out.size() >= limit) return;
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  if (rest.empty()) {
    if (root.entry_exists(base.empty() ? "/" : base)) out.push_back(base.empty() ? "/" : base);
    return;
  }
  const std::size_t slash = std::min(rest.find('/'), rest.size());
  const std::string part(rest.substr(0, slash));
  const std::string_view tail = rest.substr(slash);
  if (part.find_first_of("*?[") == std::string::npos) {
    expand(root, base + "/" + part, tail, limit, out);
    return;
  }
  auto names = root.list_dir(base.empty() ? "/" : base);
  if (!names) return;
  for (const auto& name : *names) {
    if (::fnmatch(part.c_str(), name.c_str(), 0) == 0) expand(root, base + "/" + name, tail, limit, out);
  }
}

}  // namespace

std::vector<std::string> glob(const FileTree& root, std::string_view pattern, std::size_t limit) {
  std::vector<std::string> out;
  expand(root, "", pattern, limit, out);
  return out;
}

}  // namespace trustready::fs
