// Finds the trust stores under a root (locate), then reads them (read): two steps, so a
// scanner can feed the reading step candidates it found itself.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fs/file_tree.h"
#include "stores/distro.h"
#include "stores/inventory.h"
#include "stores/readers.h"
#include "stores/store.h"

namespace trustready::stores {

struct DiscoveryOptions {
  /// The values of discovery_variables() (stores/environment.h) as the process sees them;
  /// the CLI passes its own environment only when judging this host.
  std::map<std::string, std::string> environment;
  /// Extra stores named with --store (absolute paths inside the root).
  std::vector<std::string> extra_paths;
  /// Trees to search for virtualenvs, node_modules, JDKs, keystores and SDK jars (--path).
  std::vector<std::string> search_paths;
  /// Whether to look for application stores (Java, Python, node, NSS, AWS) at all.
  bool applications = true;
  ReadOptions read;
};

/// What locating found, before anything is read.
struct Candidates {
  Distro distro;
  /// Where applications were found: the SDK finder reads it too.
  Inventory inventory;
  /// Every place a store may be, in search order: what the user and the environment
  /// point at first, then the layouts, then the applications' own.
  std::vector<StoreLocation> locations;
  /// Pointers that could not be followed (an ~/.aws/config that does not parse).
  std::vector<Store> failed;
};

struct Discovery {
  Distro distro;
  /// Trust stores first, then anchor sources; one entry per real file or folder,
  /// with the consumers of every path that leads to it.
  std::vector<Store> stores;
  Inventory inventory;
};

/// The location of a store named by the user (--store PATH, absolute inside the root):
/// an NSS database folder (cert9.db or cert8.db, read with NSS's built-in roots), another
/// folder as an OpenSSL CApath, a file as a bundle (or a keystore, by its bytes).
StoreLocation named_location(const fs::FileTree& root, const std::string& path);

Candidates locate_stores(const fs::FileTree& root, const DiscoveryOptions& options);

/// Reads the candidates that exist, each real file or folder once (the consumers of
/// every path to it merged), pointers also when missing, and known places that are
/// dangling symlinks. Trust stores first, then anchor sources.
std::vector<Store> read_stores(const fs::FileTree& root, const std::vector<StoreLocation>& locations,
                               const ReadOptions& options);

/// locate_stores, then read_stores.
Discovery discover(const fs::FileTree& root, const DiscoveryOptions& options);

}  // namespace trustready::stores
