// Which roots an NSS database's readers trust besides the database's own: NSS's built-in
// roots module (libnssckbi.so), or the system store where that module is p11-kit-trust.
#pragma once

#include <optional>

#include "fs/file_tree.h"
#include "stores/store.h"

namespace trustready::stores {

struct NssRoots {
  /// What an NSS database here also trusts: nss_builtins(), or system_bundle() where the
  /// roots module is p11-kit's.
  StoreRef ref;
  /// The built-in roots module to read, when it is NSS's own.
  std::optional<StoreLocation> module;
};

/// Looks for libnssckbi.so where distributions install it.
NssRoots locate_nss_roots(const fs::FileTree& root);

/// `dir` holds an NSS certificate database (cert9.db, or the older cert8.db).
bool is_nss_db_dir(const fs::FileTree& root, const std::string& dir);

}  // namespace trustready::stores
