// Finds the system trust stores under a root and reads them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fs/root_fs.h"
#include "stores/distro.h"
#include "stores/inventory.h"
#include "stores/readers.h"
#include "stores/store.h"

namespace trustready::stores {

struct DiscoveryOptions {
  /// SSL_CERT_FILE / SSL_CERT_DIR as the process sees them; the CLI passes its own
  /// environment only when judging this host (a container's variables are not ours).
  std::map<std::string, std::string> environment;
  /// Extra stores named with --store (a bundle file or a hashed directory).
  std::vector<std::string> extra_paths;
  /// Trees to search for virtualenvs, node_modules, JDKs, keystores and SDK jars (--path).
  std::vector<std::string> search_paths;
  /// Whether to look for application stores (Java, Python, node, NSS, AWS) at all.
  bool applications = true;
  ReadOptions read;
};

struct Discovery {
  Distro distro;
  /// Trust stores first, then anchor sources; one entry per real file or folder,
  /// with the consumers of every path that leads to it.
  std::vector<Store> stores;
  /// Where applications were found: the SDK finder reads it too.
  Inventory inventory;
};

/// The places this module knows, in search order (exposed for `stores --help` and tests).
std::vector<StoreLocation> known_locations();

/// A store of the system itself (a distribution layout, OpenSSL's defaults, SSL_CERT_*,
/// or named with --store), as opposed to one an application brought.
bool is_system_location(const StoreLocation& location);

/// The system's own certificate bundle, read and not empty: the file a distribution's
/// OpenSSL, curl and GnuTLS read by default (not one named with --store).
bool is_system_bundle(const Store& store);

/// How a store named by the user (--store PATH) is read: an NSS database folder (cert9.db
/// or cert8.db), another folder as an OpenSSL CApath, a file as a bundle (or keystore).
StoreKind named_store_kind(const fs::RootFs& root, const std::string& path);

Discovery discover(const fs::RootFs& root, const DiscoveryOptions& options);

}  // namespace trustready::stores
