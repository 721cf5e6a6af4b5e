#include "stores/nss_roots.h"

#include "fs/glob.h"

namespace trustready::stores {

NssRoots locate_nss_roots(const fs::FileTree& root) {
  NssRoots out{StoreRef::nss_builtins(), std::nullopt};
  for (const char* pattern : {"/usr/lib/*/libnssckbi.so", "/usr/lib64/libnssckbi.so", "/usr/lib/libnssckbi.so"}) {
    for (const auto& lib : fs::glob(root, pattern)) {
      auto real = root.resolve(lib);
      if (!real) continue;
      if (real->path.find("p11-kit") != std::string::npos) {
        out.ref = StoreRef::system_bundle();  // p11-kit-trust: NSS's built-in roots are the system store
        continue;
      }
      StoreLocation loc = trust_location("nss-builtins", StoreKind::ProgramRoots, StoreOrigin::NssBuiltins, lib,
                                         {"NSS built-in roots (Firefox, Chrome, Thunderbird, NSS tools)"},
                                         "libnssckbi.so");
      loc.verifier = Verifier::Nss;
      loc.owner = {StoreOwner::Kind::Program, "libnssckbi.so", lib};
      out.module = std::move(loc);
      return out;
    }
  }
  return out;
}

bool is_nss_db_dir(const fs::FileTree& root, const std::string& dir) {
  return root.entry_exists(dir + "/cert9.db") || root.entry_exists(dir + "/cert8.db");
}

}  // namespace trustready::stores
