// The inputs of `trustready paths`: a chain as a server sends it, read from files, the
// CRLs, and the anchors of the stores to judge it against.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "cert/certificate.h"
#include "cert/crl.h"
#include "fs/file_tree.h"
#include "stores/readers.h"
#include "util/result.h"

namespace trustready::run {

struct ChainFiles {
  cert::Certificate leaf;
  std::vector<cert::Certificate> presented;  ///< the rest, in file order
};

/// Reads PEM, DER or PKCS#7 files (paths of this host, relative to the working folder);
/// the first certificate is the leaf. Errors name the file as given. At most
/// `max_certificates` are taken (a hostile chain file).
Result<ChainFiles> read_chain(const std::vector<std::string>& files, std::size_t max_certificates = 1000);

/// Every CRL in `files` (PEM or DER, host paths). Errors name the file.
Result<std::vector<cert::Crl>> read_crls(const std::vector<std::string>& files);

struct Anchors {
  std::vector<cert::Certificate> certificates;
  std::string label;  ///< the stores they came from
  /// Each store read, with what its readers trust (for each library's own view of it).
  std::vector<std::pair<stores::Store, std::vector<cert::Certificate>>> stores;
};

/// What the readers of `stores` trust (absolute paths inside `root`: bundles, hashed
/// folders, keystores, NSS databases with NSS's built-in roots), or when none are given
/// the system bundle found under `root`.
Result<Anchors> read_anchors(const fs::FileTree& root, const std::vector<std::string>& stores,
                             const stores::ReadOptions& options = {});

/// Every cross-certificate of every migration in the catalog: certificates known to
/// exist that a client may fetch or hold, and so may build paths through.
std::vector<cert::Certificate> catalog_cross_certificates(const catalog::Catalog& catalog);

}  // namespace trustready::run
