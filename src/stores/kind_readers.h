// Readers for the application store kinds, called by read_store (internal to stores/).
#pragma once

#include <string_view>

#include "fs/root_fs.h"
#include "stores/readers.h"
#include "stores/store.h"

namespace trustready::stores {

/// Fills `store` from keystore bytes (JKS, JCEKS, PKCS#12) with Java's anchors.
void read_keystore_bytes(std::string_view bytes, const ReadOptions& options, Store& store);
void read_keystore(const fs::RootFs& root, const ReadOptions& options, Store& store);
/// An NSS database folder, through `certutil -L` (libnss3-tools).
void read_nss_db(const fs::RootFs& root, const ReadOptions& options, Store& store);
/// Roots compiled into a program: node (PEM text in the binary), libnssckbi.so (DER).
void read_program_roots(const fs::RootFs& root, const ReadOptions& options, Store& store);

}  // namespace trustready::stores
