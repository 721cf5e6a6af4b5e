#include <algorithm>

#include "cert/keystore.h"
#include "stores/kind_readers.h"

namespace trustready::stores {

void read_keystore_bytes(std::string_view bytes, const ReadOptions& options, Store& store) {
  const std::string& path = store.location.path;
  std::vector<std::string> passwords;
  if (!store.location.password.empty()) passwords.push_back(store.location.password);
  for (const auto& p : options.passwords)
    if (std::find(passwords.begin(), passwords.end(), p) == passwords.end()) passwords.push_back(p);
  auto ks = cert::parse_keystore(bytes, passwords);
  if (!ks) {
    store.error = path + ": " + ks.error();
    return;
  }
  store.format = cert::to_string(ks->format);
  store.certificates = ks->java_anchors();
  store.default_password = ks->integrity == cert::Integrity::Verified && ks->password_used == "changeit";
  // The keystore's own findings, apart from notes the location brought (where it was named).
  std::vector<std::string> own = ks->notes;
  const bool named_password = options.password_given || !store.location.password.empty();
  if (ks->integrity == cert::Integrity::Mismatch) {
    if (named_password) {
      store.error = path + ": wrong keystore password: the " + std::string(cert::to_string(ks->format)) +
                    " integrity check fails with the password given";
      return;
    }
    own.push_back(
        "integrity not verified: the password is not \"changeit\" (or the file was altered); certificates are "
        "listed unchecked (give --store-password)");
  }
  const auto keys = std::count_if(ks->entries.begin(), ks->entries.end(), [](const auto& e) { return !e.trusted; });
  if (keys > 0)
    own.push_back(std::to_string(keys) +
                  " key entries: Java's default TrustManager trusts each one's own certificate too");
  if (store.certificates.empty())
    store.error = path + ": " + (own.empty() ? std::string("no trusted certificate entries") : own.front());
  store.notes.insert(store.notes.end(), own.begin(), own.end());
}

void read_keystore(const fs::FileTree& root, const ReadOptions& options, Store& store) {
  auto bytes = root.read_file(store.location.path);
  if (!bytes) {
    store.error = bytes.error();
    return;
  }
  read_keystore_bytes(*bytes, options, store);
}

}  // namespace trustready::stores
