#include "install/platform.h"

#include <unistd.h>

#include <array>

#include "fs/root_fs.h"
#include "util/subprocess.h"

namespace trustready::install {

const char* to_string(PlatformKind kind) {
  switch (kind) {
    case PlatformKind::Debian: return "debian";
    case PlatformKind::Rhel: return "rhel";
    case PlatformKind::Alpine: return "alpine";
    case PlatformKind::Suse: return "suse";
    case PlatformKind::Arch: return "arch";
    case PlatformKind::MacOs: return "macos";
    case PlatformKind::Windows: return "windows";
    case PlatformKind::Unknown: break;
  }
  return "unknown";
}

PlatformKind platform_of(stores::DistroFamily family) {
  switch (family) {
    case stores::DistroFamily::Debian: return PlatformKind::Debian;
    case stores::DistroFamily::Rhel: return PlatformKind::Rhel;
    case stores::DistroFamily::Alpine: return PlatformKind::Alpine;
    case stores::DistroFamily::Suse: return PlatformKind::Suse;
    case stores::DistroFamily::Arch: return PlatformKind::Arch;
    case stores::DistroFamily::Unknown: break;
  }
  return PlatformKind::Unknown;
}

std::string update_tool_name(PlatformKind kind) {
  switch (kind) {
    case PlatformKind::Debian:
    case PlatformKind::Alpine:
    case PlatformKind::Suse: return "update-ca-certificates";
    case PlatformKind::Rhel: return "update-ca-trust";
    case PlatformKind::Arch: return "trust";
    default: return "";
  }
}

namespace {

constexpr std::array<const char*, 4> kToolFolders = {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"};

/// The tool's path inside the tree, when it is a file there; "" otherwise.
std::string in_tree(const fs::FileTree& tree, const std::string& name) {
  for (const char* folder : kToolFolders)
    if (tree.type(std::string(folder) + name) == fs::FileType::File) return std::string(folder) + name;
  return "";
}

/// The family whose update tool the tree holds, for a tree without an os-release.
PlatformKind kind_by_tool(const fs::FileTree& tree) {
  if (!in_tree(tree, "update-ca-trust").empty()) return PlatformKind::Rhel;
  if (!in_tree(tree, "update-ca-certificates").empty()) return PlatformKind::Debian;
  if (!in_tree(tree, "trust").empty()) return PlatformKind::Arch;
  return PlatformKind::Unknown;
}

UpdateTool find_tool(const fs::FileTree& tree, PlatformKind kind, const HostLookup& on_host, bool same_family) {
  UpdateTool tool{update_tool_name(kind), ToolPlace::Missing, ""};
  if (tool.name.empty()) return tool;
  if (tree.is_host()) {
    tool.path = on_host(tool.name);
    if (!tool.path.empty()) tool.place = ToolPlace::Host;
    return tool;
  }
  // Debian's update-ca-certificates is a shell script: chroot needs the root's own sh too.
  const std::string inside = in_tree(tree, tool.name);
  if (!inside.empty() && tree.type("/bin/sh") == fs::FileType::File) return {tool.name, ToolPlace::InRoot, inside};
  if (same_family) {
    tool.path = on_host(tool.name);
    if (!tool.path.empty()) tool.place = ToolPlace::HostOverRoot;
  }
  return tool;
}

}  // namespace

Platform detect_platform(const fs::FileTree& tree, const stores::Distro& distro, const HostLookup& on_host,
                         stores::DistroFamily host_family, bool running_as_root) {
  Platform p;
  p.distro = distro;
  p.host = tree.is_host();
  p.root = tree.root();
  p.running_as_root = running_as_root;
  p.kind = platform_of(distro.family);
  if (p.kind == PlatformKind::Unknown) p.kind = kind_by_tool(tree);
  // The host's tool may stand in for a root's own only when it is the same family's
  // (Debian's update-ca-certificates would not compile SUSE's folders).
  const bool same_family = p.kind != PlatformKind::Unknown && platform_of(host_family) == p.kind;
  p.tool = find_tool(tree, p.kind, on_host, same_family);
  return p;
}

Platform detect_platform_here(const fs::FileTree& tree, const stores::Distro& distro) {
  stores::DistroFamily host_family = distro.family;
  if (!tree.is_host())
    if (auto host = fs::RootFs::open("/")) host_family = stores::detect_distro(*host).family;
  return detect_platform(tree, distro, [](const std::string& name) { return find_in_path(name); }, host_family,
                         ::geteuid() == 0);
}

}  // namespace trustready::install
