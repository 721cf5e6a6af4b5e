// What the distributions' writers share: a certificate file per anchor in the folder an
// administrator adds roots to, then the update tool that compiles the folder into every
// store (run here, chrooted into a root tree, or over its folders in a private mount
// namespace), and where the tool is missing, the compiled bundle written directly.
#pragma once

#include <string>
#include <vector>

#include "install/writer.h"

namespace trustready::install {

struct AnchorFolderLayout {
  std::string anchor_dir;                   ///< /usr/local/share/ca-certificates
  std::string suffix;                       ///< what the tool reads there: ".crt" (Debian) or ".pem"
  std::vector<std::vector<std::string>> commands;  ///< the update tool's runs, argv each, in order
  std::vector<std::string> compiled;        ///< files the tool rewrites (those that exist are backed up)
  std::vector<std::string> folders;         ///< folders whose links it rewrites
  /// Folders and files of the root bound over the host's when the host's tool compiles it.
  std::vector<std::string> binds;
  /// The bundle written directly when no tool can run (empty: no layout known to do so).
  std::string bundle;
  std::string why;  ///< why the folder reaches the stores, for people
  /// Arguments this host's tool gets when it runs over a root: never the root's hooks,
  /// which are the image's programs and would run as root on this host.
  std::vector<std::string> over_root_args;
  /// Folders whose files the tool reads and concatenates (symlinks followed).
  std::vector<std::string> read_trees;
  /// The CApath folder the tool links (HASH.N), written directly with the bundle ("" if none).
  std::string capath;
};

/// The plan for a store the distribution compiles from `layout.anchor_dir`.
StorePlan plan_anchor_folder(const AnchorFolderLayout& layout, const stores::Store& store,
                             const std::vector<const catalog::Anchor*>& add, const PlanContext& ctx,
                             const char* writer);

/// HASH.N files (OpenSSL's CApath lookup name) in `dir` for the certificates it lacks.
std::vector<Step> capath_steps(const PlanContext& ctx, const std::string& dir, const std::vector<PlannedCert>& certs);

/// The first symlink under `dir` in the tree (depth and count bounded), "" when none.
std::string first_symlink(const fs::FileTree& tree, const std::string& dir);

/// A folder of this root's distribution that a system store is compiled from is the one
/// to fix: the store is the system's own, or a keystore the update tool regenerates.
bool compiled_by_distribution(const stores::Store& store);

}  // namespace trustready::install
