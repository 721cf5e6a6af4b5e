// The detectors behind scan::detect(), one per kind of finding. Each runs only when
// detect()'s fast path saw its marker in the bytes, and appends to `out`.
#pragma once

#include <string_view>

#include "scan/detect.h"
#include "scan/scan_findings.h"

namespace trustready::scan {

/// The parts of a path the detectors look at ("/a/b/Foo.kt": base "Foo.kt", ext ".kt").
struct PathInfo {
  std::string_view path;
  std::string_view base;  ///< after the last '/'
  std::string_view ext;   ///< from the base's last '.', lowercase compared; empty if none
  bool ext_is(std::string_view e) const;
  bool is_binary = false;  ///< NUL in the first 1 KiB (set by detect())
  /// Java, Kotlin, Swift, Objective-C, Python, Go, JavaScript and other program text.
  bool is_code() const;
  /// Java, Kotlin, Scala, Groovy: where OkHttp's CertificatePinner is written.
  bool is_jvm() const;
  /// Objective-C, Swift, their headers and property lists: where TrustKit is configured.
  bool is_apple() const;
  /// Documentation (README, *.md, *.rst, *.txt, *.html): it quotes headers, pins and PEM.
  bool is_prose() const;
};
PathInfo path_info(std::string_view path);

/// ASCII-only helpers.
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view haystack, std::string_view needle);
bool contains(std::string_view haystack, std::string_view needle);

void detect_pem(const PathInfo& path, std::string_view bytes, FileFindings& out);
void detect_binary_store(const PathInfo& path, std::string_view bytes, const DetectOptions& options,
                         FileFindings& out);
void detect_okhttp(const PathInfo& path, std::string_view bytes, FileFindings& out);
/// Android network security configs and manifests (pugixml).
void detect_android(const PathInfo& path, std::string_view bytes, FileFindings& out);
void detect_trustkit(const PathInfo& path, std::string_view bytes, FileFindings& out);
void detect_hpkp(const PathInfo& path, std::string_view bytes, FileFindings& out);
/// Whether a 40- or 64-digit hex run (colons allowed) is anywhere: a skipping probe,
/// about one byte in forty read.
bool has_hex_run(std::string_view bytes);
void detect_fingerprints(const PathInfo& path, std::string_view bytes, FileFindings& out);
/// Whether the path names a file an SDK's version is read from.
bool is_sdk_path(const PathInfo& path);
void detect_sdks(const PathInfo& path, std::string_view bytes, FileFindings& out);

/// Standard base64 of exactly `size` bytes (a pin), else empty.
std::vector<std::uint8_t> decode_digest(std::string_view base64, std::size_t size);

}  // namespace trustready::scan
