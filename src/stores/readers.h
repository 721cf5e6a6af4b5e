// One reader per store kind: each fills a Store from the files under a root.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "fs/file_tree.h"
#include "stores/store.h"
#include "util/process_runner.h"

namespace trustready::stores {

struct ReadOptions {
  /// Keystore passwords to try after the store's own; the first is --store-password when
  /// given, and "changeit" (the JDK's) is always tried.
  std::vector<std::string> passwords = {"changeit"};
  /// True when the user named a password: a keystore it does not open is then an error,
  /// not an "integrity unknown" note.
  bool password_given = false;
  /// Programs run to ask for their roots (node, certutil) are killed after this.
  std::chrono::milliseconds program_timeout{5000};
  /// Whether binaries may be run at all (only on this host, never under --root).
  bool run_programs = false;
  /// What runs helper programs (certutil always; node only with run_programs).
  const ProcessRunner* runner = &system_process_runner();
};

/// Reads a store of any kind; never throws, reports what it could not read in the Store.
Store read_store(const fs::FileTree& root, const StoreLocation& location, const ReadOptions& options = {});

/// True for OpenSSL CApath certificate names: 8 lowercase hex digits, '.', a decimal
/// (CRLs use ".rN" and are not certificates).
bool is_hash_link_name(std::string_view name);

/// PEM BEGIN lines at the start of a line, as OpenSSL's reader finds them: certificates
/// (CERTIFICATE, X509 CERTIFICATE, TRUSTED CERTIFICATE) and CRLs.
struct PemLabels {
  int certificates = 0;
  int crls = 0;
};
PemLabels count_pem_labels(std::string_view bytes);

}  // namespace trustready::stores
