// The inputs of `trustready paths`: a chain as a server sends it, read from files, and
// the anchors of the store to judge it against.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "cert/certificate.h"
#include "cert/crl.h"
#include "fs/root_fs.h"
#include "util/result.h"

namespace trustready::check {

struct ChainFiles {
  cert::Certificate leaf;
  std::vector<cert::Certificate> presented;  ///< the rest, in file order
};

/// Reads PEM, DER or PKCS#7 files (host paths); the first certificate is the leaf.
/// Errors name the file. At most `max_certificates` are taken (a hostile chain file).
Result<ChainFiles> read_chain(const std::vector<std::string>& files, std::size_t max_certificates = 1000);

/// Every CRL in `files` (PEM or DER, host paths). Errors name the file.
Result<std::vector<cert::Crl>> read_crls(const std::vector<std::string>& files);

struct Anchors {
  std::vector<cert::Certificate> certificates;
  std::string label;  ///< the stores they came from
};

/// The anchors of `stores` (bundles, hashed folders, keystores; paths under `root`), or
/// when none are given the system bundle found under `root`.
Result<Anchors> read_anchors(const fs::RootFs& root, const std::vector<std::string>& stores);

/// Every cross-certificate of every migration in the catalog: certificates known to
/// exist that a client may fetch or hold, and so may build paths through.
std::vector<cert::Certificate> catalog_cross_certificates(const catalog::Catalog& catalog);

}  // namespace trustready::check
