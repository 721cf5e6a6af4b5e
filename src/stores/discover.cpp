#include "stores/discover.h"

#include <algorithm>

#include "cert/openssl_defaults.h"
#include "stores/app_locations.h"
#include "stores/readers.h"

namespace trustready::stores {
namespace {

StoreLocation trust(std::string id, StoreKind kind, std::string path, std::vector<std::string> consumers,
                    std::string found_by) {
  return trust_location(std::move(id), kind, std::move(path), std::move(consumers), std::move(found_by));
}

StoreLocation source(std::string id, std::string path, std::vector<std::string> suffixes, std::string found_by) {
  StoreLocation loc = trust_location(std::move(id), StoreKind::CertDir, std::move(path), {"update tool"},
                                     std::move(found_by));
  loc.role = StoreRole::AnchorSource;
  loc.suffixes = std::move(suffixes);
  return loc;
}

bool has_hash_links(const fs::RootFs& root, const std::string& dir) {
  auto names = root.list_dir(dir);
  if (!names) return false;
  return std::any_of(names->begin(), names->end(), [](const std::string& n) { return is_hash_link_name(n); });
}

}  // namespace

std::vector<StoreLocation> known_locations() {
  const std::vector<std::string> openssl = {"OpenSSL (openssl s_client, Python ssl, Ruby, PHP, Node --use-openssl-ca)"};
  return {
      // Debian, Ubuntu (and Alpine, whose ca-certificates uses the same update tool)
      trust("debian-bundle", StoreKind::Bundle, "/etc/ssl/certs/ca-certificates.crt",
            {"curl", "GnuTLS (wget, git, apt)", "Go", "OpenSSL via SSL_CERT_FILE"}, "Debian/Alpine layout"),
      trust("openssl-capath", StoreKind::HashedDir, "/etc/ssl/certs", openssl, "Debian/Alpine layout"),
      // RHEL, Fedora, CentOS, Amazon Linux (p11-kit extract)
      trust("rhel-tls-ca-bundle", StoreKind::Bundle, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
            {"curl", "OpenSSL", "GnuTLS", "Python", "Go"}, "RHEL/Fedora layout"),
      trust("rhel-legacy-bundle", StoreKind::Bundle, "/etc/pki/tls/certs/ca-bundle.crt",
            {"applications configured with the legacy RHEL path"}, "RHEL/Fedora layout"),
      trust("rhel-openssl-cafile", StoreKind::Bundle, "/etc/pki/tls/cert.pem", openssl, "RHEL/Fedora layout"),
      trust("rhel-openssl-trust-bundle", StoreKind::Bundle, "/etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt",
            {"OpenSSL (TRUSTED CERTIFICATE form, with trust purposes)"}, "RHEL/Fedora layout"),
      trust("rhel-openssl-capath", StoreKind::HashedDir, "/etc/pki/tls/certs", openssl, "RHEL/Fedora layout"),
      // Alpine, SUSE, LibreSSL: OpenSSLDIR is /etc/ssl
      trust("etc-ssl-cert-pem", StoreKind::Bundle, "/etc/ssl/cert.pem", openssl, "Alpine/SUSE layout"),
      // SUSE
      trust("suse-bundle", StoreKind::Bundle, "/var/lib/ca-certificates/ca-bundle.pem",
            {"curl", "OpenSSL", "GnuTLS", "Python"}, "SUSE layout"),
      trust("suse-etc-bundle", StoreKind::Bundle, "/etc/ssl/ca-bundle.pem", {"applications using /etc/ssl/ca-bundle.pem"},
            "SUSE layout"),
      trust("suse-openssl-capath", StoreKind::HashedDir, "/var/lib/ca-certificates/openssl", openssl, "SUSE layout"),
      // Arch and other p11-kit based layouts
      trust("p11-kit-tls-bundle", StoreKind::Bundle, "/etc/ca-certificates/extracted/tls-ca-bundle.pem",
            {"curl", "OpenSSL", "GnuTLS"}, "p11-kit layout"),
      // OpenSSL's compiled-in defaults on Debian (/usr/lib/ssl is OPENSSLDIR)
      trust("debian-openssl-cafile", StoreKind::Bundle, "/usr/lib/ssl/cert.pem", openssl, "OpenSSL's Debian OPENSSLDIR"),
      trust("debian-openssl-capath", StoreKind::HashedDir, "/usr/lib/ssl/certs", openssl, "OpenSSL's Debian OPENSSLDIR"),
      // Where administrators add roots
      source("debian-local-anchors", "/usr/local/share/ca-certificates", {".crt"}, "update-ca-certificates"),
      source("rhel-anchors", "/etc/pki/ca-trust/source/anchors", {}, "update-ca-trust"),
      source("rhel-system-anchors", "/usr/share/pki/ca-trust-source/anchors", {}, "update-ca-trust"),
      source("suse-anchors", "/etc/pki/trust/anchors", {}, "update-ca-certificates (SUSE)"),
      source("suse-system-anchors", "/usr/share/pki/trust/anchors", {}, "update-ca-certificates (SUSE)"),
      source("p11-kit-anchors", "/etc/ca-certificates/trust-source/anchors", {}, "trust extract-compat"),
  };
}

bool is_system_location(const StoreLocation& location) {
  static const std::vector<StoreLocation> known = known_locations();
  const auto& id = location.id;
  if (id.starts_with("store:") || id.starts_with("ssl-cert") || id.starts_with("openssl-default")) return true;
  return std::any_of(known.begin(), known.end(), [&](const StoreLocation& k) { return k.id == id; });
}

bool is_system_bundle(const Store& s) {
  return is_system_location(s.location) && s.location.kind == StoreKind::Bundle && !s.location.id.starts_with("store:") &&
         !s.error && !s.certificates.empty();
}

StoreKind named_store_kind(const fs::RootFs& root, const std::string& path) {
  if (root.type(path) != fs::FileType::Directory) return StoreKind::Bundle;
  // A Firefox profile or ~/.pki/nssdb is no CApath, whatever else the folder holds.
  return is_nss_db_dir(root, path) ? StoreKind::NssDb : StoreKind::HashedDir;
}

Discovery discover(const fs::RootFs& root, const DiscoveryOptions& options) {
  Discovery out;
  out.distro = detect_distro(root);

  std::vector<StoreLocation> candidates;
  // Explicit pointers first: they are what the user is asking about.
  for (const auto& path : options.extra_paths) {
    StoreLocation loc = trust("store:" + path, named_store_kind(root, path), path, {"named with --store"}, "--store");
    if (loc.kind == StoreKind::NssDb) {
      loc.verifier = Verifier::Nss;
      loc.also_trusts = kNssBuiltinsId;  // replaced below by what this host's NSS loads
    }
    candidates.push_back(std::move(loc));
  }
  const auto defaults = cert::openssl_defaults();
  if (auto it = options.environment.find(defaults.file_env); it != options.environment.end() && !it->second.empty())
    candidates.push_back(trust("ssl-cert-file", StoreKind::Bundle, it->second,
                               {"OpenSSL-based clients that honour SSL_CERT_FILE (openssl, Python, curl builds)"},
                               defaults.file_env));
  if (auto it = options.environment.find(defaults.dir_env); it != options.environment.end()) {
    // Like PATH: OpenSSL searches each ':'-separated folder in turn.
    std::size_t n = 0, start = 0;
    while (start <= it->second.size()) {
      const std::size_t colon = std::min(it->second.find(':', start), it->second.size());
      const std::string dir = it->second.substr(start, colon - start);
      start = colon + 1;
      if (dir.empty()) continue;
      candidates.push_back(trust(n++ == 0 ? "ssl-cert-dir" : "ssl-cert-dir-" + std::to_string(n), StoreKind::HashedDir,
                                 dir, {"OpenSSL-based clients that honour SSL_CERT_DIR"}, defaults.dir_env));
    }
  }
  AppLocations apps;
  if (options.applications) {
    out.inventory = take_inventory(root, {options.environment, options.search_paths});
    apps = app_locations(root, out.inventory, options.environment);
    for (auto& loc : candidates)
      if (loc.kind == StoreKind::NssDb) loc.also_trusts = apps.nss_also_trusts;
  }
  for (auto& loc : apps.pointers) candidates.push_back(std::move(loc));
  const std::size_t explicit_count = candidates.size();
  for (auto& loc : known_locations()) candidates.push_back(std::move(loc));
  for (auto& loc : apps.found) candidates.push_back(std::move(loc));
  if (root.is_host()) {  // this binary's OpenSSL: the paths it would use itself
    candidates.push_back(trust("openssl-default-cafile", StoreKind::Bundle, defaults.cert_file,
                               {"OpenSSL (compiled-in CAfile)"}, "OpenSSL's compiled-in default"));
    candidates.push_back(trust("openssl-default-capath", StoreKind::HashedDir, defaults.cert_dir,
                               {"OpenSSL (compiled-in CApath)"}, "OpenSSL's compiled-in default"));
  }

  std::vector<std::string> resolved_seen;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    StoreLocation& loc = candidates[i];
    const bool named = i < explicit_count;  // named stores are reported even when missing
    auto resolved = root.resolve(loc.path);
    const fs::FileType type = resolved ? root.type(resolved->path) : fs::FileType::Missing;
    if (type == fs::FileType::Missing) {
      // A known location that is a dangling or looping symlink is reported, not skipped:
      // every client configured to read it fails.
      if (named || root.entry_exists(loc.path)) {
        Store missing;
        missing.location = loc;
        missing.error = resolved ? loc.path + ": No such file or directory" : resolved.error();
        out.stores.push_back(std::move(missing));
        resolved_seen.emplace_back();  // keeps resolved_seen parallel to out.stores
      }
      continue;
    }
    auto same = std::find(resolved_seen.begin(), resolved_seen.end(), resolved->path);
    if (same != resolved_seen.end()) {  // another path to a store already found
      Store& existing = out.stores[static_cast<std::size_t>(same - resolved_seen.begin())];
      for (auto& c : loc.consumers)
        if (std::find(existing.location.consumers.begin(), existing.location.consumers.end(), c) ==
            existing.location.consumers.end())
          existing.location.consumers.push_back(c);
      continue;
    }
    // A folder without hash names is no CApath (RHEL's /etc/pki/tls/certs holds only
    // bundles). Anything else of the wrong type is read, and so reported with its error.
    if (!named && loc.kind == StoreKind::HashedDir && type == fs::FileType::Directory &&
        !has_hash_links(root, resolved->path))
      continue;
    resolved_seen.push_back(resolved->path);
    out.stores.push_back(read_store(root, loc, options.read));
  }
  for (auto& failed : apps.failed) out.stores.push_back(std::move(failed));
  std::stable_partition(out.stores.begin(), out.stores.end(),
                        [](const Store& s) { return s.location.role == StoreRole::TrustStore; });
  return out;
}

}  // namespace trustready::stores
