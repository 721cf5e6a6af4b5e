// Readers for the store kinds other than a bundle, called by read_store (internal to stores/).
#pragma once

#include <set>
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
/// Real files already read by a folder's reader (a file and the links to it count once).
using SeenFiles = std::set<fs::FileKey>;
/// Reads one certificate file of a folder store into `store`, once per real file.
void read_member(const fs::FileTree& root, const std::string& path, SeenFiles& seen, Store& store);
/// An OpenSSL CApath: the certificates its lookup finds by HASH.N (stores/hashed_dir_reader.cpp).
void read_hashed_dir(const fs::FileTree& root, Store& store);
/// An anchor folder: the certificates its update tool compiles (stores/cert_dir_reader.cpp).
void read_cert_dir(const fs::FileTree& root, Store& store);
/// The parts of `file` the certificate parser could not take, as the store's problems.
void add_parse_problems(const std::string& file, const std::vector<std::string>& problems, Store& store);

}  // namespace trustready::stores
