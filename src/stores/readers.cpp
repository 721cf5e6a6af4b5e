#include "stores/readers.h"

#include <cctype>
#include <set>

#include "cert/keystore.h"
#include "cert/parse.h"
#include "stores/kind_readers.h"

namespace trustready::stores {
namespace {

constexpr int kMaxCertDirDepth = 8;
constexpr std::size_t kMaxFilesPerDir = 100000;

void read_bundle(const fs::FileTree& root, const ReadOptions& options, Store& store) {
  auto bytes = root.read_file(store.location.path);
  if (!bytes) {
    store.error = bytes.error();
    return;
  }
  if (cert::looks_like_keystore(*bytes)) {  // --store FILE may name a keystore
    store.location.kind = StoreKind::Keystore;
    store.location.verifier = Verifier::Java;
    read_keystore_bytes(*bytes, options, store);
    return;
  }
  auto parsed = cert::parse_certificates(*bytes);
  if (!parsed) {
    store.error = store.location.path + ": " + parsed.error();
    return;
  }
  store.certificates = std::move(parsed->certificates);
  add_parse_problems(store.location.path, parsed->problems, store);
  store.bytes = std::make_shared<const std::string>(std::move(*bytes));
}

using SeenFiles = std::set<fs::FileKey>;

/// Reads one certificate file of a directory store into `store`, once per real file.
void read_member(const fs::FileTree& root, const std::string& path, SeenFiles& seen, Store& store) {
  auto content = root.read_file_keyed(path);
  if (!content) {
    store.problems.push_back({ProblemCode::UnreadableEntry, content.error()});
    return;
  }
  if (!seen.insert(content->key).second) return;  // foo.pem and its hash link
  auto parsed = cert::parse_certificates(content->bytes);
  if (!parsed) {
    store.problems.push_back({ProblemCode::DamagedCertificate, path + ": " + parsed.error()});
    return;
  }
  for (auto& c : parsed->certificates) store.certificates.push_back(std::move(c));
  add_parse_problems(path, parsed->problems, store);
}

/// What `openssl rehash` links: a .pem/.crt/.cer/.crl file (any case) holding exactly one
/// PEM certificate or CRL (DER files are skipped). True when that one object is a certificate.
bool rehash_would_link_certificate(std::string_view name, std::string_view bytes) {
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!(lower.ends_with(".pem") || lower.ends_with(".crt") || lower.ends_with(".cer") || lower.ends_with(".crl")))
    return false;
  int certificates = 0, crls = 0;
  for (std::size_t pos = 0; (pos = bytes.find("-----BEGIN ", pos)) != std::string_view::npos; ++pos) {
    if (pos > 0 && bytes[pos - 1] != '\n' && bytes[pos - 1] != '\r') continue;
    const std::string_view rest = bytes.substr(pos + 11);
    for (std::string_view label : {"CERTIFICATE-----", "X509 CERTIFICATE-----", "TRUSTED CERTIFICATE-----"})
      if (rest.starts_with(label)) ++certificates;
    if (rest.starts_with("X509 CRL-----")) ++crls;
  }
  return certificates == 1 && crls == 0;
}

void read_hashed_dir(const fs::FileTree& root, Store& store) {
  auto names = root.list_dir(store.location.path);
  if (!names) {
    store.error = names.error();
    return;
  }
  SeenFiles seen;
  // Names the hash links point at directly (update-ca-certificates and c_rehash link
  // HASH.0 -> NAME.pem in the same folder): those files are visible to OpenSSL.
  std::set<std::string> linked;
  std::size_t links = 0;
  for (const auto& name : *names) {
    if (!is_hash_link_name(name)) continue;
    ++links;
    const std::string path = store.location.path + "/" + name;
    auto target = root.read_link(path);
    if (target && target->find('/') == std::string::npos) linked.insert(*target);
    read_member(root, path, seen, store);
  }
  if (links == 0) {
    store.error = store.location.path +
                  ": no certificates under hash names (HASH.0); OpenSSL's CApath sees nothing here "
                  "(run `openssl rehash " + store.location.path + "`)";
    return;
  }
  // Certificates without a hash link are invisible to OpenSSL: say so, it is a classic
  // "I added the file and it still fails". Only files `openssl rehash` would link count
  // (a bundle in the same folder is not one), so the advice always helps.
  std::size_t unlinked = 0;
  std::string example;
  for (const auto& name : *names) {
    if (is_hash_link_name(name) || linked.count(name)) continue;
    auto content = root.read_file_keyed(store.location.path + "/" + name);
    if (!content || seen.count(content->key) || !rehash_would_link_certificate(name, content->bytes)) continue;
    if (example.empty()) example = name;
    ++unlinked;
  }
  if (unlinked > 0)
    store.problems.push_back({ProblemCode::UnlinkedCertificate,
                              store.location.path + ": " + std::to_string(unlinked) +
                                  " certificate file(s) without a hash link, invisible to OpenSSL (e.g. " + example +
                                  "); run `openssl rehash " + store.location.path + "`"});
}

bool wanted_suffix(const StoreLocation& loc, const std::string& name) {
  if (loc.suffixes.empty()) return true;
  for (const auto& s : loc.suffixes)
    if (name.ends_with(s)) return true;
  return false;
}

void read_cert_dir(const fs::FileTree& root, const std::string& dir, int depth, SeenFiles& seen,
                   std::size_t& visited, Store& store) {
  auto names = root.list_dir(dir);
  if (!names) {
    if (depth == 0) store.error = names.error();
    else store.problems.push_back({ProblemCode::UnreadableEntry, names.error()});
    return;
  }
  for (const auto& name : *names) {
    if (++visited > kMaxFilesPerDir) {
      store.problems.push_back(
          {ProblemCode::TooManyEntries, dir + ": more than " + std::to_string(kMaxFilesPerDir) + " entries; stopped"});
      return;
    }
    const std::string path = dir + "/" + name;
    auto key = root.file_key(path);
    if (!key) {
      store.problems.push_back({ProblemCode::UnreadableEntry, key.error()});
      continue;
    }
    switch (root.type(path)) {
      case fs::FileType::Directory:
        if (depth + 1 >= kMaxCertDirDepth) {
          store.problems.push_back({ProblemCode::NestedTooDeep, path + ": directories nested too deep; not read"});
        } else if (seen.insert(*key).second) {
          read_cert_dir(root, path, depth + 1, seen, visited, store);
        }
        break;
      case fs::FileType::File:
        if (wanted_suffix(store.location, name)) {
          read_member(root, path, seen, store);
        } else if (name.ends_with(".pem") || name.ends_with(".cer") || name.ends_with(".der")) {
          store.problems.push_back({ProblemCode::IgnoredByUpdateTool,
                                    path + ": ignored by the update tool, which reads only *" +
                                        store.location.suffixes.front() + " files"});
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace

void add_parse_problems(const std::string& file, const std::vector<std::string>& problems, Store& store) {
  for (const auto& p : problems) store.problems.push_back({ProblemCode::DamagedCertificate, file + ": " + p});
}

bool is_hash_link_name(std::string_view name) {
  if (name.size() < 10 || name[8] != '.') return false;
  for (std::size_t i = 0; i < 8; ++i) {
    const char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  for (std::size_t i = 9; i < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9') return false;
  return true;
}

Store read_store(const fs::FileTree& root, const StoreLocation& location, const ReadOptions& options) {
  Store store;
  store.location = location;
  store.notes = location.notes;
  auto resolved = root.resolve(location.path);
  if (!resolved) {
    store.error = resolved.error();
    return store;
  }
  store.resolved_path = resolved->path;
  switch (location.kind) {
    case StoreKind::Bundle: read_bundle(root, options, store); break;
    case StoreKind::Keystore: read_keystore(root, options, store); break;
    case StoreKind::NssDb: read_nss_db(root, options, store); break;
    case StoreKind::ProgramRoots: read_program_roots(root, options, store); break;
    case StoreKind::HashedDir: read_hashed_dir(root, store); break;
    case StoreKind::CertDir: {
      SeenFiles seen;
      if (auto key = root.file_key(location.path)) seen.insert(*key);
      std::size_t visited = 0;
      read_cert_dir(root, location.path, 0, seen, visited, store);
      break;
    }
  }
  return store;
}

}  // namespace trustready::stores
