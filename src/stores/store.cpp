#include "stores/store.h"

namespace trustready::stores {

bool is_system(StoreOrigin origin) {
  switch (origin) {
    case StoreOrigin::Distribution:
    case StoreOrigin::OpenSslDefault:
    case StoreOrigin::OpenSslVariable:
    case StoreOrigin::Named:
      return true;
    default:
      return false;
  }
}

bool is_pointer(StoreOrigin origin) {
  switch (origin) {
    case StoreOrigin::Named:
    case StoreOrigin::OpenSslVariable:
    case StoreOrigin::AppVariable:
    case StoreOrigin::AwsConfig:
      return true;
    default:
      return false;
  }
}

bool is_system_location(const StoreLocation& location) { return is_system(location.origin); }

bool is_system_bundle(const Store& s) {
  return is_system(s.location.origin) && s.location.origin != StoreOrigin::Named &&
         s.location.kind == StoreKind::Bundle && !s.error && !s.certificates.empty();
}

const char* to_string(StoreKind kind) {
  switch (kind) {
    case StoreKind::Bundle: return "bundle";
    case StoreKind::HashedDir: return "hashed-dir";
    case StoreKind::CertDir: return "cert-dir";
    case StoreKind::Keystore: return "keystore";
    case StoreKind::NssDb: return "nss-db";
    case StoreKind::ProgramRoots: return "program-roots";
  }
  return "?";
}

const char* to_string(Library library) {
  switch (library) {
    case Library::OpenSsl: return "openssl";
    case Library::Curl: return "curl";
    case Library::Gnutls: return "gnutls";
  }
  return "?";
}

const char* to_string(StoreRole role) { return role == StoreRole::TrustStore ? "trust-store" : "anchor-source"; }

const char* to_string(Verifier verifier) {
  switch (verifier) {
    case Verifier::OpenSsl: return "openssl";
    case Verifier::Java: return "java";
    case Verifier::Nss: return "nss";
  }
  return "?";
}

const char* to_string(StoreOrigin origin) {
  switch (origin) {
    case StoreOrigin::Distribution: return "distribution";
    case StoreOrigin::OpenSslDefault: return "openssl-default";
    case StoreOrigin::OpenSslVariable: return "openssl-variable";
    case StoreOrigin::Named: return "named";
    case StoreOrigin::AppVariable: return "application-variable";
    case StoreOrigin::AwsConfig: return "aws-config";
    case StoreOrigin::Java: return "java";
    case StoreOrigin::Python: return "python";
    case StoreOrigin::Node: return "node";
    case StoreOrigin::Nss: return "nss";
    case StoreOrigin::NssBuiltins: return "nss-builtins";
    case StoreOrigin::Scanned: return "scanned";
  }
  return "?";
}

const char* to_string(StoreOwner::Kind kind) {
  switch (kind) {
    case StoreOwner::Kind::Unknown: return "unknown";
    case StoreOwner::Kind::UpdateTool: return "update-tool";
    case StoreOwner::Kind::PythonPackage: return "python-package";
    case StoreOwner::Kind::Jdk: return "jdk";
    case StoreOwner::Kind::Program: return "program";
    case StoreOwner::Kind::Variable: return "variable";
    case StoreOwner::Kind::ConfigProfile: return "config-profile";
  }
  return "?";
}

std::string to_string(const StoreRef& ref) {
  switch (ref.kind) {
    case StoreRef::Kind::None: return "";
    case StoreRef::Kind::NssBuiltins: return "nss-builtins";
    case StoreRef::Kind::SystemBundle: return "system";
    case StoreRef::Kind::File: return ref.path;
  }
  return "";
}

const char* to_string(ProblemCode code) {
  switch (code) {
    case ProblemCode::UnreadableEntry: return "unreadable-entry";
    case ProblemCode::DamagedCertificate: return "damaged-certificate";
    case ProblemCode::UnlinkedCertificate: return "unlinked-certificate";
    case ProblemCode::IgnoredByUpdateTool: return "ignored-by-update-tool";
    case ProblemCode::TooManyEntries: return "too-many-entries";
    case ProblemCode::NestedTooDeep: return "nested-too-deep";
    case ProblemCode::NssEntryUnreadable: return "nss-entry-unreadable";
    case ProblemCode::HashNameMismatch: return "hash-name-mismatch";
    case ProblemCode::HashNameUnreachable: return "hash-name-unreachable";
    case ProblemCode::HashNameNotPem: return "hash-name-not-pem";
    case ProblemCode::DerCopiedIntoBundle: return "der-copied-into-bundle";
    case ProblemCode::BreaksCompiledBundle: return "breaks-compiled-bundle";
    case ProblemCode::SeveralCertificatesInFile: return "several-certificates-in-file";
    case ProblemCode::NoCertificateInFile: return "no-certificate-in-file";
    case ProblemCode::HomeNotSearched: return "home-not-searched";
    case ProblemCode::FolderNotListed: return "folder-not-listed";
    case ProblemCode::SearchStopped: return "search-stopped";
    case ProblemCode::SearchTooDeep: return "search-too-deep";
    case ProblemCode::SearchPathMissing: return "search-path-missing";
    case ProblemCode::SearchPathNotFolder: return "search-path-not-folder";
  }
  return "?";
}

std::string first_damage(const Store& store) {
  const std::string prefix = store.location.path + ": ";
  for (const auto& p : store.problems)
    if (p.code == ProblemCode::DamagedCertificate)
      return p.message.starts_with(prefix) ? p.message.substr(prefix.size()) : p.message;
  return "";
}

std::vector<std::string> messages(const std::vector<Problem>& problems) {
  std::vector<std::string> out;
  out.reserve(problems.size());
  for (const auto& p : problems) out.push_back(p.message);
  return out;
}

}  // namespace trustready::stores
