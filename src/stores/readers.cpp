#include "stores/readers.h"

#include "cert/keystore.h"
#include "cert/parse.h"
#include "stores/kind_readers.h"

namespace trustready::stores {
namespace {

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

}  // namespace

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

PemLabels count_pem_labels(std::string_view bytes) {
  PemLabels out;
  for (std::size_t pos = 0; (pos = bytes.find("-----BEGIN ", pos)) != std::string_view::npos; ++pos) {
    if (pos > 0 && bytes[pos - 1] != '\n' && bytes[pos - 1] != '\r') continue;
    const std::string_view rest = bytes.substr(pos + 11);
    for (std::string_view label : {"CERTIFICATE-----", "X509 CERTIFICATE-----", "TRUSTED CERTIFICATE-----"})
      if (rest.starts_with(label)) ++out.certificates;
    if (rest.starts_with("X509 CRL-----")) ++out.crls;
  }
  return out;
}

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
    case StoreKind::CertDir: read_cert_dir(root, store); break;
  }
  return store;
}

}  // namespace trustready::stores
