#include "stores/layouts.h"

#include <algorithm>

namespace trustready::stores {
namespace {

using Families = std::vector<DistroFamily>;

/// One place of a layout. `primary_for`: the families whose system bundle (a trust
/// store) or anchor folder (an anchor source) this is.
struct KnownPlace {
  const char* id;
  StoreKind kind;
  const char* path;
  std::vector<std::string> consumers;
  const char* found_by;
  Families primary_for;
  std::vector<std::string> suffixes = {};  ///< anchor folders: what the update tool reads
  const char* update_command = "";         ///< anchor folders: what compiles them
  AnchorCompiler compiler = AnchorCompiler::Parses;
  /// Bundles every PEM library's clients read by default; the others OpenSSL's alone.
  bool every_library = false;
};

const std::vector<std::string> kOpenSsl = {"OpenSSL (openssl s_client, Python ssl, Ruby, PHP, Node --use-openssl-ca)"};
constexpr DistroFamily kDebian = DistroFamily::Debian, kRhel = DistroFamily::Rhel, kAlpine = DistroFamily::Alpine,
                       kSuse = DistroFamily::Suse, kArch = DistroFamily::Arch, kUnknown = DistroFamily::Unknown;

const std::vector<KnownPlace>& places() {
  static const std::vector<KnownPlace> table = {
      // Debian, Ubuntu (and Alpine, whose ca-certificates uses the same update tool)
      {"debian-bundle", StoreKind::Bundle, "/etc/ssl/certs/ca-certificates.crt",
       {"curl", "GnuTLS (wget, git, apt)", "Go", "OpenSSL via SSL_CERT_FILE"}, "Debian/Alpine layout",
       {kDebian, kAlpine, kArch, kUnknown}, {}, "", AnchorCompiler::Parses, true},
      {"openssl-capath", StoreKind::HashedDir, "/etc/ssl/certs", kOpenSsl, "Debian/Alpine layout", {}},
      // RHEL, Fedora, CentOS, Amazon Linux (p11-kit extract)
      {"rhel-tls-ca-bundle", StoreKind::Bundle, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
       {"curl", "OpenSSL", "GnuTLS", "Python", "Go"}, "RHEL/Fedora layout", {}, {}, "", AnchorCompiler::Parses, true},
      {"rhel-legacy-bundle", StoreKind::Bundle, "/etc/pki/tls/certs/ca-bundle.crt",
       {"applications configured with the legacy RHEL path"}, "RHEL/Fedora layout", {kRhel}},
      {"rhel-openssl-cafile", StoreKind::Bundle, "/etc/pki/tls/cert.pem", kOpenSsl, "RHEL/Fedora layout", {}},
      {"rhel-openssl-trust-bundle", StoreKind::Bundle, "/etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt",
       {"OpenSSL (TRUSTED CERTIFICATE form, with trust purposes)"}, "RHEL/Fedora layout", {}},
      {"rhel-openssl-capath", StoreKind::HashedDir, "/etc/pki/tls/certs", kOpenSsl, "RHEL/Fedora layout", {}},
      // Alpine, SUSE, LibreSSL: OpenSSLDIR is /etc/ssl
      {"etc-ssl-cert-pem", StoreKind::Bundle, "/etc/ssl/cert.pem", kOpenSsl, "Alpine/SUSE layout", {}},
      // SUSE
      {"suse-bundle", StoreKind::Bundle, "/var/lib/ca-certificates/ca-bundle.pem",
       {"curl", "OpenSSL", "GnuTLS", "Python"}, "SUSE layout", {kSuse}, {}, "", AnchorCompiler::Parses, true},
      {"suse-etc-bundle", StoreKind::Bundle, "/etc/ssl/ca-bundle.pem", {"applications using /etc/ssl/ca-bundle.pem"},
       "SUSE layout", {}},
      {"suse-openssl-capath", StoreKind::HashedDir, "/var/lib/ca-certificates/openssl", kOpenSsl, "SUSE layout", {}},
      // Arch and other p11-kit based layouts
      {"p11-kit-tls-bundle", StoreKind::Bundle, "/etc/ca-certificates/extracted/tls-ca-bundle.pem",
       {"curl", "OpenSSL", "GnuTLS"}, "p11-kit layout", {}, {}, "", AnchorCompiler::Parses, true},
      // OpenSSL's compiled-in defaults on Debian (/usr/lib/ssl is OPENSSLDIR)
      {"debian-openssl-cafile", StoreKind::Bundle, "/usr/lib/ssl/cert.pem", kOpenSsl, "OpenSSL's Debian OPENSSLDIR", {}},
      {"debian-openssl-capath", StoreKind::HashedDir, "/usr/lib/ssl/certs", kOpenSsl, "OpenSSL's Debian OPENSSLDIR",
       {}},
      // Where administrators add roots
      {"debian-local-anchors", StoreKind::CertDir, "/usr/local/share/ca-certificates", {"update tool"},
       "update-ca-certificates", {kDebian, kAlpine}, {".crt"}, "update-ca-certificates", AnchorCompiler::CopiesBytes},
      // `extract` alone: force-enable is needed only on RHEL 6 (install/rhel.cpp adds it
      // there), and RHEL 9's update-ca-trust does not know the word.
      {"rhel-anchors", StoreKind::CertDir, "/etc/pki/ca-trust/source/anchors", {"update tool"}, "update-ca-trust",
       {kRhel}, {}, "update-ca-trust extract"},
      {"rhel-system-anchors", StoreKind::CertDir, "/usr/share/pki/ca-trust-source/anchors", {"update tool"},
       "update-ca-trust", {}, {}, "update-ca-trust extract"},
      {"suse-anchors", StoreKind::CertDir, "/etc/pki/trust/anchors", {"update tool"}, "update-ca-certificates (SUSE)",
       {kSuse}, {}, "update-ca-certificates"},
      {"suse-system-anchors", StoreKind::CertDir, "/usr/share/pki/trust/anchors", {"update tool"},
       "update-ca-certificates (SUSE)", {}, {}, "update-ca-certificates"},
      {"p11-kit-anchors", StoreKind::CertDir, "/etc/ca-certificates/trust-source/anchors", {"update tool"},
       "trust extract-compat", {kArch}, {}, "trust extract-compat"},
  };
  return table;
}

bool is_anchor_folder(const KnownPlace& p) { return p.kind == StoreKind::CertDir; }

const KnownPlace* primary(DistroFamily family, bool anchor_folder) {
  for (const auto& p : places())
    if (is_anchor_folder(p) == anchor_folder &&
        std::find(p.primary_for.begin(), p.primary_for.end(), family) != p.primary_for.end())
      return &p;
  return nullptr;
}

}  // namespace

std::optional<DistroLayout> distro_layout(DistroFamily family) {
  const KnownPlace* anchors = primary(family, true);
  if (!anchors) return std::nullopt;
  return DistroLayout{system_bundle_path(family), anchors->path, anchors->update_command};
}

std::string system_bundle_path(DistroFamily family) {
  const KnownPlace* bundle = primary(family, false);
  return bundle ? bundle->path : primary(DistroFamily::Unknown, false)->path;
}

std::vector<StoreLocation> known_locations() {
  std::vector<StoreLocation> out;
  for (const auto& p : places()) {
    StoreLocation loc = trust_location(p.id, p.kind, StoreOrigin::Distribution, p.path, p.consumers, p.found_by);
    if (p.every_library) loc.libraries = {Library::OpenSsl, Library::Curl, Library::Gnutls};
    if (is_anchor_folder(p)) {
      loc.role = StoreRole::AnchorSource;
      loc.suffixes = p.suffixes;
      loc.compiler = p.compiler;
      const std::string command = p.update_command;
      loc.owner = {StoreOwner::Kind::UpdateTool, command.substr(0, command.find(' ')), {}};
    }
    out.push_back(std::move(loc));
  }
  return out;
}

}  // namespace trustready::stores
