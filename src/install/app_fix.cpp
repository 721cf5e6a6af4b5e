#include "install/app_fix.h"

#include <algorithm>

#include "install/shell.h"
#include "stores/layouts.h"

namespace trustready::install {
namespace {

/// A file in a home folder is its user's own: changed without sudo.
bool in_home(const std::string& path) { return path.starts_with("/home/") || path.starts_with("/root/"); }

/// Runs as root on this host unless the file is in a home folder (the user's own).
std::string as_owner(const fs::FileTree& root, const std::string& path, const std::string& command) {
  if (root.is_host() && in_home(path)) return command;
  if (root.is_host()) return "sudo " + command;
  return in_root(root, command);
}

std::string package_upgrade(const stores::Distro& distro, const std::string& debian, const std::string& rpm,
                            const std::string& suse, const std::string& alpine) {
  switch (distro.family) {
    case stores::DistroFamily::Debian: return "apt-get install --only-upgrade " + debian;
    case stores::DistroFamily::Rhel: return "dnf upgrade " + rpm;
    case stores::DistroFamily::Suse: return "zypper update " + suse;
    case stores::DistroFamily::Alpine: return "apk upgrade " + alpine;
    default: return "upgrade the " + debian + " package";
  }
}

/// Upgrades a Python package installed in `lib` (a site-packages or dist-packages
/// folder): the distribution's package for its own folder, else pip of the Python that
/// owns the folder (a venv's own python3).
std::string python_package_upgrade(const std::string& lib, const std::string& pkg, const std::string& deb,
                                   const std::string& min_version, const stores::Distro& distro,
                                   const fs::FileTree& root) {
  if (lib == "/usr/lib/python3/dist-packages")
    return in_root(root, package_upgrade(distro, deb, "python3-" + pkg, "python3-" + pkg, "py3-" + pkg));
  std::string python = "python3";
  if (const std::size_t at = lib.rfind("/lib/python");
      at != std::string::npos && root.entry_exists(lib.substr(0, at) + "/bin/python3"))
    python = lib.substr(0, at) + "/bin/python3";
  const std::string spec = min_version.empty() ? pkg : shell_quote(pkg + ">=" + min_version);
  return as_owner(root, lib, python + " -m pip install --upgrade " + spec);
}

/// certifi, pip, botocore, requests, boto: upgrade the package that ships the file.
std::string python_fix(const stores::Store& s, const stores::Distro& distro, const fs::FileTree& root) {
  const auto& owner = s.location.owner;
  if (owner.kind != stores::StoreOwner::Kind::PythonPackage)
    return "upgrade the package that ships " + s.location.path;
  const std::string& pkg = owner.name;
  return python_package_upgrade(owner.path, pkg, pkg == "awscli" ? "awscli" : "python3-" + pkg, "", distro, root);
}

}  // namespace

std::optional<std::string> app_fix_command(const stores::Store& s, const stores::Distro& distro,
                                           const fs::FileTree& root) {
  const auto& loc = s.location;
  if (loc.owner.kind == stores::StoreOwner::Kind::UpdateTool)
    return std::nullopt;  // rebuilt from the system anchors by the distribution's update tool
  switch (loc.origin) {
    case stores::StoreOrigin::NssBuiltins:
      return in_root(root, package_upgrade(distro, "libnss3", "nss", "mozilla-nss", "nss"));
    case stores::StoreOrigin::Node:
      return "upgrade Node.js, or start it with NODE_EXTRA_CA_CERTS=" + stores::system_bundle_path(distro.family) +
             " (or node --use-openssl-ca)";
    case stores::StoreOrigin::Python:
      return python_fix(s, distro, root);
    default:
      return std::nullopt;
  }
}

}  // namespace trustready::install

namespace trustready::install {

std::string sdk_fix_command(const software::InstalledSdk& sdk, const std::string& upgrade_to,
                            const stores::Distro& distro, const fs::FileTree& root) {
  const std::string& path = sdk.path;
  const std::string parent = path.substr(0, path.rfind('/'));
  if (sdk.source == software::SdkSource::PythonMetadata) {
    const std::string pkg = sdk.name == "aws-cli" ? "awscli" : sdk.name;
    return python_package_upgrade(parent, pkg, pkg == "awscli" ? "awscli" : "python3-" + pkg, upgrade_to, distro,
                                  root);
  }
  if (sdk.source == software::SdkSource::AwsCliInstaller)  // /usr/local/aws-cli/v2/VERSION
    return "run the AWS CLI v2 installer again with --update (sudo ./aws/install --update)";
  if (sdk.source == software::SdkSource::JarName || sdk.source == software::SdkSource::MavenFolder)
    return "raise com.amazonaws:aws-java-sdk to " + (upgrade_to.empty() ? "a current version" : upgrade_to + " or later") +
           " in the build that ships " + path;
  if (sdk.source == software::SdkSource::PackageJson) {
    // .../node_modules/aws-sdk/package.json or .../node_modules/@aws-sdk/NAME/package.json
    const std::size_t modules = path.rfind("/node_modules/");
    if (modules == std::string::npos) return "upgrade " + sdk.name + " in the project that ships " + path;
    const std::string project = path.substr(0, modules);
    const std::string package = path.substr(modules + 14, path.size() - modules - 14 - 13);
    return "cd " + shell_quote(root.host_path(project)) + " && npm install " +
           shell_quote(package + "@" + (upgrade_to.empty() ? "latest" : ">=" + upgrade_to));
  }
  return "upgrade " + sdk.name + (upgrade_to.empty() ? "" : " to " + upgrade_to + " or later");
}

}  // namespace trustready::install
