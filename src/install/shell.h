// A plan said as shell, for a person to copy: the same steps fix --apply carries out.
#pragma once

#include <string>
#include <vector>

#include "fs/file_tree.h"
#include "install/plan.h"

namespace trustready::install {

struct PlanContext;

/// Quoted for sh when it needs to be: plain paths stay readable.
std::string shell_quote(const std::string& s);

/// A command run inside the root: with sudo on this host, through chroot for a root tree.
std::string in_root(const fs::FileTree& root, const std::string& command);

/// Where mkdir -p of `path` puts it inside the root, as fs::TreeWriter::make_dirs does: a
/// dangling symlink on the way is followed inside the root. Empty when it cannot tell.
std::string made_in_root(const fs::FileTree& tree, const std::string& path);

/// Where a path of the root is for a person on this host: inside the root, symlinks
/// followed inside it (so a symlink planted in an image never sends the person's write out).
std::string person_path(const fs::FileTree& tree, const std::string& in_root);

/// `trustready migrations ID --export-anchors DIR` for these certificates.
std::string export_shell(const PlanContext& ctx, const std::string& dir, const std::vector<PlannedCert>& certs);
/// Appends the certificates to a bundle, starting on a new line when the file has no final one.
std::string append_shell(const PlanContext& ctx, const std::string& bundle, const std::vector<PlannedCert>& certs);
/// A planned command as a person runs it: sudo here, chroot, or unshare over the binds.
std::string command_shell(const PlannedCommand& command, const PlanContext& ctx);

/// The whole fix for a store on one line ("A && B"), as `check` prints it.
std::string fix_line(const StorePlan& plan);

}  // namespace trustready::install
