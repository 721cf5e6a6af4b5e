#include "install/app_fix.h"

#include <algorithm>

#include "install/shell.h"

namespace trustready::install {
namespace {

/// Anchors to add: those the judgement found missing, else every recommended one the
/// store lacks (an at-risk store has some anchor, just not a lasting one).
std::vector<const catalog::Anchor*> anchors_to_add(const catalog::Migration& m, const judge::StoreJudgement& j) {
  if (!j.missing.empty()) return j.missing;
  std::vector<const catalog::Anchor*> out;
  for (const auto& a : m.anchors)
    if (a.recommended && std::find(j.present.begin(), j.present.end(), &a) == j.present.end()) out.push_back(&a);
  return out;
}

std::string export_dir(const catalog::Migration& m) { return "/tmp/trustready-" + m.id; }

std::string exported_file(const catalog::Migration& m, const catalog::Anchor& a) {
  return export_dir(m) + "/" + a.file.substr(0, a.file.rfind('.')) + ".crt";
}

std::string alias_of(const catalog::Anchor& a) {
  std::string alias = a.file.substr(0, a.file.rfind('.'));
  std::transform(alias.begin(), alias.end(), alias.begin(), [](unsigned char c) { return std::tolower(c); });
  return alias;
}

/// Runs as root on this host unless the file is in a home folder (the user's own).
std::string as_owner(const fs::RootFs& root, const std::string& path, const std::string& command) {
  if (root.is_host() && (path.starts_with("/home/") || path.starts_with("/root/"))) return command;
  if (root.is_host()) return "sudo " + command;
  return in_root(root, command);
}

std::string keystore_fix(const stores::Store& s, const fs::RootFs& root, const catalog::Migration& m,
                         const judge::StoreJudgement& j) {
  std::string out = "trustready migrations " + m.id + " --export-anchors " + export_dir(m);
  const std::string pass = s.default_password ? "-storepass changeit" : "-storepass:env STOREPASS";
  for (const auto* a : anchors_to_add(m, j))
    out += " && keytool -importcert -noprompt -keystore " + shell_quote(root.host_path(s.location.path)) + " " + pass +
           " -alias " + alias_of(*a) + " -file " + exported_file(m, *a);
  if (!s.default_password) out += "   # with STOREPASS set to the keystore password";
  return out;
}

std::string nss_fix(const stores::Store& s, const fs::RootFs& root, const catalog::Migration& m,
                    const judge::StoreJudgement& j) {
  std::string out = "trustready migrations " + m.id + " --export-anchors " + export_dir(m);
  for (const auto* a : anchors_to_add(m, j))
    out += " && certutil -A -d sql:" + shell_quote(root.host_path(s.location.path)) + " -n " + shell_quote(a->name) +
           " -t C,, -i " + exported_file(m, *a);
  return out;
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

std::string system_bundle(const stores::Distro& distro) {
  switch (distro.family) {
    case stores::DistroFamily::Rhel: return "/etc/pki/tls/certs/ca-bundle.crt";
    case stores::DistroFamily::Suse: return "/var/lib/ca-certificates/ca-bundle.pem";
    case stores::DistroFamily::Alpine: return "/etc/ssl/certs/ca-certificates.crt";
    default: return "/etc/ssl/certs/ca-certificates.crt";
  }
}

/// certifi, pip, botocore, requests, boto: upgrade the package that owns the file.
std::string python_fix(const stores::Store& s, const stores::Distro& distro, const fs::RootFs& root) {
  struct Owner {
    const char* suffix;
    const char* package;
  };
  static constexpr Owner kOwners[] = {
      {"/awscli/botocore/cacert.pem", "awscli"}, {"/pip/_vendor/certifi/cacert.pem", "pip"},
      {"/pip/_vendor/requests/cacert.pem", "pip"}, {"/botocore/vendored/requests/cacert.pem", "botocore"},
      {"/certifi/cacert.pem", "certifi"},        {"/botocore/cacert.pem", "botocore"},
      {"/requests/cacert.pem", "requests"},      {"/boto/cacerts/cacerts.txt", "boto"},
      {"/httplib2/cacerts.txt", "httplib2"},
  };
  const std::string& path = s.location.path;
  for (const auto& o : kOwners) {
    if (!path.ends_with(o.suffix)) continue;
    const std::string lib = path.substr(0, path.size() - std::string(o.suffix).size());
    const std::string pkg = o.package;
    if (lib == "/usr/lib/python3/dist-packages") {
      const std::string deb = pkg == "awscli" ? "awscli" : "python3-" + pkg;
      return in_root(root, package_upgrade(distro, deb, "python3-" + pkg, "python3-" + pkg, "py3-" + pkg));
    }
    std::string python = "python3";
    if (const std::size_t at = lib.rfind("/lib/python"); at != std::string::npos &&
                                                         root.entry_exists(lib.substr(0, at) + "/bin/python3"))
      python = lib.substr(0, at) + "/bin/python3";
    return as_owner(root, lib, python + " -m pip install --upgrade " + pkg);
  }
  return "upgrade the package that ships " + path;
}

}  // namespace

std::optional<std::string> app_fix_command(const stores::Store& s, const stores::Distro& distro,
                                           const fs::RootFs& root, const catalog::Migration& m,
                                           const judge::StoreJudgement& j) {
  const auto& id = s.location.id;
  if (id == "debian-java-cacerts" || id == "rhel-java-cacerts" || id == "suse-java-cacerts")
    return std::nullopt;  // rebuilt from the system anchors by the distribution's update tool
  if (s.location.kind == stores::StoreKind::Keystore) return keystore_fix(s, root, m, j);
  if (s.location.kind == stores::StoreKind::NssDb) return nss_fix(s, root, m, j);
  if (id == "nss-builtins") return in_root(root, package_upgrade(distro, "libnss3", "nss", "mozilla-nss", "nss"));
  if (id.starts_with("node:"))
    return "upgrade Node.js, or start it with NODE_EXTRA_CA_CERTS=" + system_bundle(distro) +
           " (or node --use-openssl-ca)";
  if (id.starts_with("python:")) return python_fix(s, distro, root);
  return std::nullopt;
}

}  // namespace trustready::install
