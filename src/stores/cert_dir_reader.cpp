// An anchor folder (StoreKind::CertDir) holds what its update tool will compile into the
// stores. p11-kit's `trust` (RHEL, SUSE, Arch) parses PEM, DER, OpenSSL TRUSTED
// CERTIFICATE and files of several certificates alike ("Files in the following formats
// are supported ... X.509 certificates in raw DER format ... PEM ... Certificate(s) in the
// file are automatically treated as anchors", p11-kit's trust module manual,
// https://p11-glue.github.io/p11-glue/manual/trust-module.html): there every certificate
// counts and nothing is said. Debian's update-ca-certificates takes every *.crt under
// /usr/local/share/ca-certificates (`find -L ... -name '*.crt'`), counts it "added", links
// it into /etc/ssl/certs as NAME.pem and appends its bytes to ca-certificates.crt
// (`sed -e '$a\' FILE >> bundle`); Alpine's update-ca.c copies the bytes likewise. So a
// file that is not clean PEM certificates lands in the bundle as it is; what that does
// was measured with the real tool (tests/stores/cert_dir_compiled_test.cpp):
//   DER         skipped by OpenSSL and GnuTLS in the bundle: not an anchor the store gets;
//   damaged PEM the whole bundle fails to load ("Error loading file"): not counted;
//   several     all in the bundle, but `openssl rehash` skips the file ("does not contain
//               exactly one certificate"), so /etc/ssl/certs (CApath) lacks them: counted;
//   empty/junk  "added", adds no certificate.
#include <cctype>

#include "cert/parse.h"
#include "stores/kind_readers.h"

namespace trustready::stores {
namespace {

constexpr int kMaxCertDirDepth = 8;
constexpr std::size_t kMaxFilesPerDir = 100000;

bool wanted_suffix(const StoreLocation& loc, const std::string& name) {
  if (loc.suffixes.empty()) return true;
  for (const auto& s : loc.suffixes)
    if (name.ends_with(s)) return true;
  return false;
}

/// A name that looks like a certificate file (any case), for "the tool ignores it".
bool certificate_like_name(const std::string& name) {
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* s : {".pem", ".cer", ".der", ".crt"})
    if (lower.ends_with(s)) return true;
  return false;
}

/// One file of a folder whose update tool copies its bytes into the bundle.
void read_copied_member(const fs::FileTree& root, const std::string& path, SeenFiles& seen, Store& store) {
  auto content = root.read_file_keyed(path);
  if (!content) {
    store.problems.push_back({ProblemCode::UnreadableEntry, content.error()});
    return;
  }
  if (!seen.insert(content->key).second) return;
  const std::string tool = store.location.owner.name.empty() ? "the update tool" : store.location.owner.name;
  if (content->bytes.empty()) {
    store.problems.push_back({ProblemCode::NoCertificateInFile,
                              path + ": empty: " + tool + " counts it \"added\" but it adds no certificate"});
    return;
  }
  const PemLabels labels = count_pem_labels(content->bytes);
  auto parsed = cert::parse_certificates(content->bytes);
  if (labels.certificates == 0) {
    if (parsed)  // DER or PKCS#7: bytes the bundle's readers skip
      store.problems.push_back(
          {ProblemCode::DerCopiedIntoBundle,
           path + ": DER, not PEM: " + tool +
               " counts it \"added\" but copies its raw bytes into the bundle, where OpenSSL and GnuTLS skip "
               "them, so no store gets this certificate; convert it: openssl x509 -inform DER -in FILE -out FILE"});
    else
      store.problems.push_back({ProblemCode::NoCertificateInFile, path + ": " + parsed.error() + ": " + tool +
                                                                      " counts it \"added\" but it adds no certificate"});
    return;
  }
  if (!parsed || !parsed->problems.empty()) {
    store.problems.push_back({ProblemCode::BreaksCompiledBundle,
                              path + ": " + (parsed ? parsed->problems.front() : parsed.error()) + ": " + tool +
                                  " copies the damaged block into the bundle, and then OpenSSL and GnuTLS load no "
                                  "certificate at all from it; fix or remove this file"});
    return;
  }
  if (parsed->certificates.size() > 1)
    store.problems.push_back(
        {ProblemCode::SeveralCertificatesInFile,
         path + ": " + std::to_string(parsed->certificates.size()) + " certificates in one file: " + tool +
             " puts them all in the bundle, but `openssl rehash` links only files of one certificate, so OpenSSL's "
             "CApath (/etc/ssl/certs) lacks them; give each certificate its own .crt file"});
  for (auto& c : parsed->certificates) store.certificates.push_back(std::move(c));
}

void read_file(const fs::FileTree& root, const std::string& path, const std::string& name, SeenFiles& seen,
               Store& store) {
  if (wanted_suffix(store.location, name)) {
    if (store.location.compiler == AnchorCompiler::CopiesBytes) read_copied_member(root, path, seen, store);
    else read_member(root, path, seen, store);
  } else if (certificate_like_name(name)) {
    store.problems.push_back({ProblemCode::IgnoredByUpdateTool, path + ": ignored by the update tool, which reads only *" +
                                                                    store.location.suffixes.front() + " files"});
  }
}

void read_folder(const fs::FileTree& root, const std::string& dir, int depth, SeenFiles& seen, std::size_t& visited,
                 Store& store) {
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
          read_folder(root, path, depth + 1, seen, visited, store);
        }
        break;
      case fs::FileType::File: read_file(root, path, name, seen, store); break;
      default: break;
    }
  }
}

}  // namespace

void read_cert_dir(const fs::FileTree& root, Store& store) {
  SeenFiles seen;
  if (auto key = root.file_key(store.location.path)) seen.insert(*key);
  std::size_t visited = 0;
  read_folder(root, store.location.path, 0, seen, visited, store);
}

}  // namespace trustready::stores
