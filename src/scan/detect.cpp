// detect(): the fast path every file of a tree goes through. Most files hold nothing, so
// each detector is gated by a marker found with one memmem pass (or, for hex
// fingerprints, a probe that reads about one byte in forty); only files that pass are
// parsed.
#include "scan/detect.h"

#include <cstring>

#include "cert/digest.h"
#include "scan/detectors.h"

namespace trustready::scan {

const char* to_string(StoreFormat format) {
  switch (format) {
    case StoreFormat::PemBundle: return "pem";
    case StoreFormat::DerCertificate: return "der";
    case StoreFormat::Pkcs7: return "pkcs7";
    case StoreFormat::Jks: return "jks";
    case StoreFormat::Jceks: return "jceks";
    case StoreFormat::Pkcs12: return "pkcs12";
  }
  return "?";
}

const char* to_string(StoreVendor vendor) {
  switch (vendor) {
    case StoreVendor::None: return "none";
    case StoreVendor::Certifi: return "certifi";
    case StoreVendor::Botocore: return "botocore";
    case StoreVendor::Requests: return "requests";
    case StoreVendor::Httplib2: return "httplib2";
    case StoreVendor::AwsSdkRuby: return "aws-sdk-ruby";
    case StoreVendor::JavaCacerts: return "java-cacerts";
    case StoreVendor::Pip: return "pip";
  }
  return "?";
}

const char* to_string(PinSyntax syntax) {
  switch (syntax) {
    case PinSyntax::OkHttp: return "okhttp";
    case PinSyntax::AndroidNsc: return "android-nsc";
    case PinSyntax::TrustKit: return "trustkit";
    case PinSyntax::Hpkp: return "hpkp";
    case PinSyntax::Fingerprint: return "fingerprint";
  }
  return "?";
}

const char* to_string(PinDigest digest) {
  switch (digest) {
    case PinDigest::Sha256Spki: return "sha256-spki";
    case PinDigest::Sha1Spki: return "sha1-spki";
    case PinDigest::Sha256Hex: return "sha256-hex";
    case PinDigest::Sha1Hex: return "sha1-hex";
  }
  return "?";
}

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// The first bytes of JKS (FEEDFEED), JCEKS (CECECECE) or a DER SEQUENCE with a long
/// length (certificates, PKCS#7, PKCS#12 all start 30 8x).
bool binary_store_magic(std::string_view b) {
  if (b.size() < 4) return false;
  const auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
  if (u(0) == 0xFE && u(1) == 0xED && u(2) == 0xFE && u(3) == 0xED) return true;
  if (u(0) == 0xCE && u(1) == 0xCE && u(2) == 0xCE && u(3) == 0xCE) return true;
  return u(0) == 0x30 && (u(1) == 0x80 || (u(1) >= 0x81 && u(1) <= 0x84));
}

/// NUL in the first 1 KiB, as git and rg decide: no program text or configuration to read.
bool looks_binary(std::string_view b) {
  return std::memchr(b.data(), '\0', std::min<std::size_t>(b.size(), 1024)) != nullptr;
}

/// Lock files list hashes of what they lock, none of them pins.
bool is_lock_file(std::string_view base) {
  for (std::string_view name : {"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "go.sum",
                                "Cargo.lock", "poetry.lock", "Pipfile.lock", "composer.lock", "Gemfile.lock",
                                "packages.lock.json", "flake.lock", "gradle.lockfile"})
    if (base == name) return true;
  return false;
}

/// "Public-Key-Pins" in any case, in one pass: "ublic-" is as rare as the whole name.
bool has_hpkp_header(std::string_view b) {
  for (std::size_t at = 0;;) {
    const void* hit = memmem(b.data() + at, b.size() - at, "ublic-", 6);
    if (hit == nullptr) return false;
    at = static_cast<std::size_t>(static_cast<const char*>(hit) - b.data()) + 6;
    if (iequals(b.substr(at, 8), "key-pins")) return true;
  }
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool icontains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
    if (iequals(haystack.substr(i, needle.size()), needle)) return true;
  return false;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return memmem(haystack.data(), haystack.size(), needle.data(), needle.size()) != nullptr;
}

bool PathInfo::ext_is(std::string_view e) const { return iequals(ext, e); }

bool PathInfo::is_code() const {
  for (std::string_view e : {".java", ".kt", ".kts", ".scala", ".groovy", ".swift", ".m", ".mm", ".h", ".c", ".cc",
                             ".cpp", ".hpp", ".cs", ".go", ".py", ".rb", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx",
                             ".php", ".rs", ".dart", ".ex", ".exs", ".erl", ".lua", ".pl", ".pm", ".sh", ".ps1"})
    if (ext_is(e)) return true;
  return false;
}

bool PathInfo::is_jvm() const {
  return ext_is(".java") || ext_is(".kt") || ext_is(".kts") || ext_is(".scala") || ext_is(".groovy");
}

bool PathInfo::is_apple() const {
  return ext_is(".m") || ext_is(".mm") || ext_is(".swift") || ext_is(".h") || ext_is(".plist");
}

bool PathInfo::is_prose() const {
  for (std::string_view e : {".md", ".markdown", ".rst", ".txt", ".adoc", ".html", ".htm"})
    if (ext_is(e)) return true;
  for (std::string_view name : {"README", "CHANGELOG", "CHANGES", "NEWS", "HISTORY"})
    if (base.starts_with(name)) return true;
  return false;
}

PathInfo path_info(std::string_view path) {
  PathInfo p;
  p.path = path;
  const std::size_t slash = path.rfind('/');
  p.base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = p.base.rfind('.');
  if (dot != std::string_view::npos && dot > 0) p.ext = p.base.substr(dot);
  return p;
}

std::vector<std::uint8_t> decode_digest(std::string_view base64, std::size_t size) {
  // A digest of `size` bytes is exactly 4*ceil(size/3) characters with its padding.
  if (base64.size() != (size + 2) / 3 * 4) return {};
  auto raw = cert::base64_decode(base64);
  if (!raw || raw->size() != size) return {};
  return {raw->begin(), raw->end()};
}

FileFindings detect(std::string_view path, std::string_view bytes, const DetectOptions& options) {
  FileFindings out;
  out.path = std::string(path);
  if (bytes.empty()) return out;
  PathInfo info = path_info(path);
  info.is_binary = looks_binary(bytes);

  if (binary_store_magic(bytes)) detect_binary_store(info, bytes, options, out);
  if (out.stores.empty() && contains(bytes, "-----BEGIN")) detect_pem(info, bytes, out);
  if (is_sdk_path(info)) detect_sdks(info, bytes, out);
  if (info.is_binary) return out;

  // Each gate is one memmem pass; a detector's passes run only over the kinds of file its
  // syntax lives in, so most files of a tree pay for "-----BEGIN" and the hex probe alone.
  if (info.is_jvm() && (contains(bytes, "sha256/") || contains(bytes, "sha1/"))) detect_okhttp(info, bytes, out);
  if (info.ext_is(".xml") && (contains(bytes, "pin-set") || contains(bytes, "network-security-config") ||
                              (info.base == "AndroidManifest.xml" && contains(bytes, "networkSecurityConfig"))))
    detect_android(info, bytes, out);
  if (info.is_apple() && contains(bytes, "TSKPublicKeyHashes")) detect_trustkit(info, bytes, out);
  // Web server configurations have any name (sites-available/default, .htaccess,
  // haproxy.cfg), but are neither program text nor documentation.
  if (!info.is_code() && !info.is_prose() && has_hpkp_header(bytes))
    detect_hpkp(info, bytes, out);
  // A bundle's "# SHA256 Fingerprint:" comments describe the certificates found as a store.
  if (out.stores.empty() && !is_lock_file(info.base) && !info.is_prose() && has_hex_run(bytes)) detect_fingerprints(info, bytes, out);
  return out;
}

}  // namespace trustready::scan
