// The distribution under a root, from etc/os-release.
#pragma once

#include <string>

#include "fs/file_tree.h"

namespace trustready::stores {

enum class DistroFamily { Debian, Rhel, Alpine, Suse, Arch, Unknown };

struct Distro {
  std::string id;           ///< os-release ID ("debian", "ubuntu", "fedora", ...)
  std::string version_id;   ///< "12"
  std::string pretty_name;  ///< "Debian GNU/Linux 12 (bookworm)"
  DistroFamily family = DistroFamily::Unknown;
};

const char* to_string(DistroFamily family);

/// Reads /etc/os-release, else /usr/lib/os-release; Unknown when neither parses.
Distro detect_distro(const fs::FileTree& root);

/// Parses os-release text (exposed for tests).
Distro parse_os_release(const std::string& text);

}  // namespace trustready::stores
