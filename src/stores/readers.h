// One reader per store kind: each fills a Store from the files under a root.
#pragma once

#include "fs/root_fs.h"
#include "stores/store.h"

namespace trustready::stores {

/// Reads a store of any kind; never throws, reports what it could not read in the Store.
Store read_store(const fs::RootFs& root, const StoreLocation& location);

/// True for OpenSSL CApath certificate names: 8 lowercase hex digits, '.', a decimal
/// (CRLs use ".rN" and are not certificates).
bool is_hash_link_name(std::string_view name);

}  // namespace trustready::stores
