// One writer per platform or store kind (debian.cpp, rhel.cpp, alpine.cpp, suse.cpp,
// arch.cpp, bundle_file.cpp, java_keystore.cpp, nss.cpp, package.cpp, macos.cpp,
// windows.cpp), each behind this interface. A writer decides only what to change and
// says it as typed steps; carrying steps out, journalling, backing up and rolling back
// is one code path for every writer (install/apply.h), so the crash rules hold the same
// way for all of them, and verifying is `check` again on the stores it touched.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/migration.h"
#include "fs/file_tree.h"
#include "install/plan.h"
#include "install/platform.h"
#include "judge/verdict.h"
#include "stores/store.h"

namespace trustready::install {

struct PlanContext {
  const fs::FileTree& tree;
  const Platform& platform;
  const catalog::Migration& migration;
  /// Edit a bundle a package owns (certifi's cacert.pem) instead of naming its upgrade.
  bool edit_package_files = false;
};

class StoreWriter {
 public:
  virtual ~StoreWriter() = default;
  virtual const char* name() const = 0;
  /// This writer is the one that fixes `store` (the first in writers()' order that says so).
  virtual bool fixes(const stores::Store& store, const PlanContext& ctx) const = 0;
  /// The steps that add `add` (catalog anchors) to the store.
  virtual StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                         const PlanContext& ctx) const = 0;
};

/// Every writer, in the order they are asked (the most specific first).
const std::vector<std::unique_ptr<StoreWriter>>& writers();

/// A plan for `store` by `writer`, with no step yet.
StorePlan store_plan(const stores::Store& store, std::string writer);

/// A plan of one step per certificate, each made by `step` from the certificate and its
/// DER, run by the platform's administrator (macOS's security, Windows' certutil).
StorePlan per_certificate_plan(const stores::Store& store, std::string writer,
                               const std::vector<const catalog::Anchor*>& add,
                               Step (*step)(const PlannedCert& cert, const std::string& der),
                               std::vector<std::string> notes);

/// The catalog anchors as certificates to write, each with its recorded fingerprint.
std::vector<PlannedCert> planned_certs(const std::vector<const catalog::Anchor*>& add);

}  // namespace trustready::install
