// Shell command text for fixes a person copies and runs.
#pragma once

#include <string>

#include "fs/file_tree.h"

namespace trustready::install {

/// Quoted for sh when it needs to be: plain paths stay readable.
std::string shell_quote(const std::string& s);

/// A command run inside the root: with sudo on this host, through chroot for a root tree.
std::string in_root(const fs::FileTree& root, const std::string& command);

}  // namespace trustready::install
