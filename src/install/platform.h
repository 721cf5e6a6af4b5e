// Which platform a fix is for, and where its update tool is: from etc/os-release and
// the presence of the tool itself, never from which folders exist (mkcert's test for
// /etc/pki/ca-trust sends an Ubuntu with a leftover folder down the RHEL branch).
#pragma once

#include <functional>
#include <string>

#include "fs/file_tree.h"
#include "stores/distro.h"

namespace trustready::install {

enum class PlatformKind { Debian, Rhel, Alpine, Suse, Arch, MacOs, Windows, Unknown };
const char* to_string(PlatformKind kind);

/// Where the update tool a writer runs is.
enum class ToolPlace {
  Host,     ///< on this host, for this host's own stores
  InRoot,   ///< inside the root tree (run through chroot)
  HostOverRoot,  ///< on this host only, run in a private mount namespace over the root's folders
  Missing,  ///< nowhere: the plan says what to do instead
};

struct UpdateTool {
  std::string name;  ///< "update-ca-certificates", "update-ca-trust", "trust"
  ToolPlace place = ToolPlace::Missing;
  std::string path;  ///< where it was found (in the root for InRoot, on the host otherwise)
};

struct Platform {
  PlatformKind kind = PlatformKind::Unknown;
  stores::Distro distro;
  bool host = true;  ///< the tree is this machine's own `/`
  std::string root;  ///< the tree's root on this host
  UpdateTool tool;
  bool running_as_root = false;
};

/// Finds a program on this host's PATH ("" when absent); tests hand in their own.
using HostLookup = std::function<std::string(const std::string&)>;

/// The platform of `tree`: its os-release's family; with none (a distroless image), the
/// family whose update tool the tree holds. The tool is looked for in the tree (usr/sbin,
/// usr/bin, sbin, bin) and, for a tree of the host's own family, on this host.
Platform detect_platform(const fs::FileTree& tree, const stores::Distro& distro, const HostLookup& on_host,
                         stores::DistroFamily host_family, bool running_as_root);

/// detect_platform with this machine's PATH, its own os-release and its effective user.
Platform detect_platform_here(const fs::FileTree& tree, const stores::Distro& distro);

/// The update tool of a family ("" for none: macOS, Windows and unknown ones have none).
std::string update_tool_name(PlatformKind kind);

PlatformKind platform_of(stores::DistroFamily family);

}  // namespace trustready::install
