#include "stores/discover.h"

#include <algorithm>

#include "cert/openssl_defaults.h"
#include "stores/app_locations.h"
#include "stores/layouts.h"
#include "stores/nss_roots.h"
#include "stores/readers.h"

namespace trustready::stores {
namespace {

std::string env(const std::map<std::string, std::string>& e, const std::string& name) {
  auto it = e.find(name);
  return it == e.end() ? std::string() : it->second;
}

/// A folder that holds hash names (HASH.0), or whose listing fails for another reason
/// than its absence: a CApath this user cannot list is an error to report, not no CApath.
bool may_be_capath(const fs::FileTree& root, const std::string& dir) {
  auto names = root.list_dir(dir);
  if (!names) return !root.absent(dir);
  return std::any_of(names->begin(), names->end(), [](const std::string& n) { return is_hash_link_name(n); });
}

StoreLocation variable_location(std::string id, StoreKind kind, const std::string& var, std::string path,
                                std::string consumer) {
  StoreLocation loc = trust_location(std::move(id), kind, StoreOrigin::OpenSslVariable, std::move(path),
                                     {std::move(consumer)}, var);
  loc.owner = {StoreOwner::Kind::Variable, var, {}};
  return loc;
}

/// SSL_CERT_FILE, and SSL_CERT_DIR's folders: like PATH, OpenSSL searches each
/// ':'-separated folder in turn.
void openssl_variables(const DiscoveryOptions& options, std::vector<StoreLocation>& out) {
  const auto defaults = cert::openssl_defaults();
  if (auto file = env(options.environment, defaults.file_env); !file.empty())
    out.push_back(variable_location("ssl-cert-file", StoreKind::Bundle, defaults.file_env, file,
                                    "OpenSSL-based clients that honour SSL_CERT_FILE (openssl, Python, curl builds)"));
  if (!options.environment.count(defaults.dir_env)) return;
  const std::string dirs = env(options.environment, defaults.dir_env);
  std::size_t n = 0, start = 0;
  while (start <= dirs.size()) {
    const std::size_t colon = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = dirs.substr(start, colon - start);
    start = colon + 1;
    if (dir.empty()) continue;
    out.push_back(variable_location(n++ == 0 ? "ssl-cert-dir" : "ssl-cert-dir-" + std::to_string(n),
                                    StoreKind::HashedDir, defaults.dir_env, dir,
                                    "OpenSSL-based clients that honour SSL_CERT_DIR"));
  }
}

/// This binary's OpenSSL: the paths it would use itself (only on this host).
void openssl_compiled_in(std::vector<StoreLocation>& out) {
  const auto defaults = cert::openssl_defaults();
  out.push_back(trust_location("openssl-default-cafile", StoreKind::Bundle, StoreOrigin::OpenSslDefault,
                               defaults.cert_file, {"OpenSSL (compiled-in CAfile)"}, "OpenSSL's compiled-in default"));
  out.push_back(trust_location("openssl-default-capath", StoreKind::HashedDir, StoreOrigin::OpenSslDefault,
                               defaults.cert_dir, {"OpenSSL (compiled-in CApath)"}, "OpenSSL's compiled-in default"));
}

/// A known place is left out only when it does not exist (ENOENT all the way). One that
/// is a dangling or looping symlink, or that this user cannot reach (a folder of mode
/// 700, a file where a folder should be), is reported with the cause: every client
/// configured to read it fails, and "not found" would send people to install a package
/// that is installed. A pointer is reported even when missing.
std::optional<Store> missing_store(const fs::FileTree& root, const StoreLocation& loc,
                                   const Result<fs::FileTree::Resolved>& resolved) {
  if (!is_pointer(loc.origin) && root.absent(loc.path) && !root.entry_exists(loc.path)) return std::nullopt;
  Store missing;
  missing.location = loc;
  missing.error = resolved ? loc.path + ": No such file or directory" : resolved.error();
  return missing;
}

void merge_consumers(const StoreLocation& from, StoreLocation& into) {
  for (const auto& c : from.consumers)
    if (std::find(into.consumers.begin(), into.consumers.end(), c) == into.consumers.end())
      into.consumers.push_back(c);
}

}  // namespace

StoreLocation named_location(const fs::FileTree& root, const std::string& path) {
  StoreKind kind = StoreKind::Bundle;
  // A Firefox profile or ~/.pki/nssdb is no CApath, whatever else the folder holds.
  if (root.type(path) == fs::FileType::Directory) kind = is_nss_db_dir(root, path) ? StoreKind::NssDb : StoreKind::HashedDir;
  StoreLocation loc = trust_location("store:" + path, kind, StoreOrigin::Named, path, {"named with --store"}, "--store");
  // Who reads a file the user names is not known: every PEM library could.
  if (kind == StoreKind::Bundle) loc.libraries = {Library::OpenSsl, Library::Curl, Library::Gnutls};
  if (kind == StoreKind::NssDb) {
    loc.verifier = Verifier::Nss;
    loc.also_trusts = locate_nss_roots(root).ref;
  }
  return loc;
}

Candidates locate_stores(const fs::FileTree& root, const DiscoveryOptions& options) {
  Candidates out;
  out.distro = detect_distro(root);
  // Explicit pointers first: they are what the user is asking about.
  for (const auto& path : options.extra_paths) out.locations.push_back(named_location(root, path));
  openssl_variables(options, out.locations);
  AppLocations apps;
  if (options.applications) {
    out.inventory = take_inventory(root, {options.environment, options.search_paths});
    apps = app_locations(root, out.inventory, options.environment);
  }
  for (auto& loc : apps.pointers) out.locations.push_back(std::move(loc));
  for (auto& loc : known_locations()) out.locations.push_back(std::move(loc));
  for (auto& loc : apps.found) out.locations.push_back(std::move(loc));
  if (root.is_host()) openssl_compiled_in(out.locations);
  out.failed = std::move(apps.failed);
  return out;
}

std::vector<Store> read_stores(const fs::FileTree& root, const std::vector<StoreLocation>& locations,
                               const ReadOptions& options) {
  std::vector<Store> out;
  std::vector<std::string> resolved_seen;  // parallel to out: "" for a missing store
  for (const StoreLocation& loc : locations) {
    auto resolved = root.resolve(loc.path);
    const fs::FileType type = resolved ? root.type(resolved->path) : fs::FileType::Missing;
    if (type == fs::FileType::Missing) {
      if (auto missing = missing_store(root, loc, resolved)) {
        out.push_back(std::move(*missing));
        resolved_seen.emplace_back();
      }
      continue;
    }
    auto same = std::find(resolved_seen.begin(), resolved_seen.end(), resolved->path);
    if (same != resolved_seen.end()) {  // another path to a store already found
      merge_consumers(loc, out[static_cast<std::size_t>(same - resolved_seen.begin())].location);
      continue;
    }
    // A folder without hash names is no CApath (RHEL's /etc/pki/tls/certs holds only
    // bundles). Anything else of the wrong type is read, and so reported with its error.
    if (!is_pointer(loc.origin) && loc.kind == StoreKind::HashedDir && type == fs::FileType::Directory &&
        !may_be_capath(root, resolved->path))
      continue;
    resolved_seen.push_back(resolved->path);
    out.push_back(read_store(root, loc, options));
  }
  std::stable_partition(out.begin(), out.end(), [](const Store& s) { return s.location.role == StoreRole::TrustStore; });
  return out;
}

Discovery discover(const fs::FileTree& root, const DiscoveryOptions& options) {
  Candidates found = locate_stores(root, options);
  Discovery out{found.distro, read_stores(root, found.locations, options.read), std::move(found.inventory)};
  // Failed pointers go after the trust stores read, before the anchor sources.
  auto sources = std::find_if(out.stores.begin(), out.stores.end(),
                              [](const Store& s) { return s.location.role == StoreRole::AnchorSource; });
  out.stores.insert(sources, std::make_move_iterator(found.failed.begin()), std::make_move_iterator(found.failed.end()));
  return out;
}

}  // namespace trustready::stores
