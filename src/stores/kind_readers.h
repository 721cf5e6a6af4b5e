// Readers for the application store kinds, called by read_store (internal to stores/).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fs/file_tree.h"
#include "stores/readers.h"
#include "stores/store.h"

namespace trustready::stores {

/// Fills `store` from keystore bytes (JKS, JCEKS, PKCS#12) with Java's anchors.
void read_keystore_bytes(std::string_view bytes, const ReadOptions& options, Store& store);
void read_keystore(const fs::FileTree& root, const ReadOptions& options, Store& store);
/// An NSS database folder, through `certutil -L` (libnss3-tools).
void read_nss_db(const fs::FileTree& root, const ReadOptions& options, Store& store);
/// Roots compiled into a program: node (PEM text in the binary), libnssckbi.so (DER).
void read_program_roots(const fs::FileTree& root, const ReadOptions& options, Store& store);
/// The parts of `file` the certificate parser could not take, as the store's problems.
void add_parse_problems(const std::string& file, const std::vector<std::string>& problems, Store& store);

}  // namespace trustready::stores
