// What the scanner finds in one file, by its content and not only by its name: trust
// stores (PEM bundles, DER certificates, PKCS#7, JKS/JCEKS/PKCS#12 keystores, vendored
// certifi/botocore bundles, Java cacerts copies), certificate pin sets (OkHttp, Android's
// network security config, TrustKit, HPKP headers, fingerprints beside pin-like names) and
// AWS SDK/CLI versions. Every finding carries its file, line and column. Plain data: the
// detectors (scan/detect.h) fill it, judge/ and report/ read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cert/certificate.h"
#include "cert/keystore.h"
#include "software/sdk.h"

namespace trustready::scan {

/// 1-based, in bytes from the start of the line (as SARIF's region with its default
/// columnKind utf16CodeUnits would count ASCII; compilers and rg count bytes too).
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

enum class StoreFormat {
  PemBundle,    ///< one or more PEM certificates (a file that is nothing else, or PEM inside code)
  DerCertificate,
  Pkcs7,
  Jks,
  Jceks,
  Pkcs12,
};
const char* to_string(StoreFormat format);

/// Who ships the store, when its place or content says so.
enum class StoreVendor {
  None,
  Certifi,     ///< certifi/cacert.pem
  Botocore,    ///< botocore/cacert.pem
  Requests,    ///< requests/cacert.pem (old requests vendored its own)
  Httplib2,    ///< httplib2/cacerts.txt
  AwsSdkRuby,  ///< aws-sdk-core/ca-bundle.crt
  JavaCacerts, ///< a copy of a JDK's lib/security/cacerts
  Pip,         ///< pip/_vendor/certifi/cacert.pem
};
const char* to_string(StoreVendor vendor);

struct StoreFound {
  std::string path;
  Position at;  ///< the first certificate (PEM: its BEGIN line; binary formats: 1:1)
  StoreFormat format = StoreFormat::PemBundle;
  StoreVendor vendor = StoreVendor::None;
  /// Every certificate decoded (a keystore's trusted entries and key entries' first certificate).
  std::vector<cert::Certificate> certificates;
  /// Keystores: the integrity check with the passwords tried, and notes.
  std::optional<cert::Integrity> integrity;
  /// PEM inside another kind of file (a .py, .java, .go source): a certificate embedded in
  /// code is a pin in all but name.
  bool embedded = false;
  std::vector<std::string> problems;  ///< blocks that did not decode ("PEM block 3 at line 120: ...")
};

enum class PinSyntax {
  OkHttp,       ///< CertificatePinner.Builder().add("host", "sha256/BASE64") (Java, Kotlin)
  AndroidNsc,   ///< res/xml/*.xml <network-security-config> <pin-set>
  TrustKit,     ///< kTSKPinnedDomains / kTSKPublicKeyHashes (Objective-C, Swift, Info.plist)
  Hpkp,         ///< Public-Key-Pins header in an nginx, Apache or HAProxy configuration
  Fingerprint,  ///< a hex SHA-256 or SHA-1 beside a pin-like name in code or configuration
};
const char* to_string(PinSyntax syntax);

/// What a pin is a digest of.
enum class PinDigest {
  Sha256Spki,  ///< base64 SHA-256 of SubjectPublicKeyInfo (OkHttp sha256/, HPKP, Android, TrustKit)
  Sha1Spki,    ///< OkHttp's sha1/
  Sha256Hex,   ///< 64 hex digits: a certificate's SHA-256 fingerprint, or an SPKI's
  Sha1Hex,     ///< 40 hex digits: a certificate's SHA-1 fingerprint, or an SPKI's
};
const char* to_string(PinDigest digest);

struct Pin {
  PinDigest digest = PinDigest::Sha256Spki;
  std::vector<std::uint8_t> value;  ///< the decoded digest (32 or 20 bytes)
  std::string text;                 ///< as written ("sha256/AAAA...=")
  Position at;
};

/// One set of pins applying to some domains (an OkHttp builder's adds for one host, one
/// Android pin-set, one TrustKit domain, one HPKP header, one fingerprint).
struct PinSet {
  std::string path;
  Position at;  ///< where the set starts (the first pin, the <pin-set>, the header)
  PinSyntax syntax = PinSyntax::OkHttp;
  std::vector<std::string> domains;  ///< empty: unknown (a bare fingerprint)
  bool include_subdomains = false;
  std::vector<Pin> pins;
  std::string expiration;        ///< Android pin-set expiration="2027-01-01", HPKP max-age as written
  bool override_pins = false;    ///< Android: a trust-anchor with overridePins="true" exempts its CAs
  bool debug_only = false;       ///< Android <debug-overrides>: not in release builds
  /// Android trust-anchors of the same domain-config: "system", "user", "@raw/NAME"
  /// (resolved to the file when found: "app/src/main/res/raw/NAME.pem").
  std::vector<std::string> trust_anchors;
  /// The Android manifest that names this config (android:networkSecurityConfig), when found.
  std::string used_by;
  /// Fingerprint: the pin-like name beside it ("pinnedCertSha256"); Hpkp: the header's
  /// name ("Public-Key-Pins", or "Public-Key-Pins-Report-Only", which only reports).
  std::string name;
};

struct SdkFound {
  software::InstalledSdk sdk;
  Position at;
};

struct FileFindings {
  std::string path;
  std::vector<StoreFound> stores;
  std::vector<PinSet> pins;
  std::vector<SdkFound> sdks;
  /// Android: a manifest's android:networkSecurityConfig="@xml/NAME" (linked after the walk).
  std::vector<std::pair<std::string, Position>> nsc_references;
  /// One line each: the file looked like something and was not ("PEM armour but no
  /// certificate decodes", "keystore magic but truncated at 48 bytes").
  std::vector<std::string> notes;
  bool empty() const { return stores.empty() && pins.empty() && sdks.empty() && nsc_references.empty() && notes.empty(); }
};

}  // namespace trustready::scan
