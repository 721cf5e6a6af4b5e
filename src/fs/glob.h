// Shell-style patterns over a FileTree: "/usr/lib/python3.*/site-packages".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fs/file_tree.h"

namespace trustready::fs {

/// Paths inside the root matching `pattern` ('*', '?' and [...] within one path
/// component, as fnmatch(3) without FNM_PERIOD: hidden names match too), at most
/// `limit`, in order: each wildcard component's matches sorted by name, depth first. Components without wildcards are not listed, only checked, so
/// "/home/*/.aws/config" lists /home and nothing else.
std::vector<std::string> glob(const FileTree& root, std::string_view pattern, std::size_t limit = 10000);

}  // namespace trustready::fs
