// The certificates of a PEM bundle as the openssl CLI fingerprints them, block by block.
#pragma once

#include <set>
#include <string>

#include "support/fixtures.h"

namespace trustready::testing {

/// SHA-256 of each "BEGIN CERTIFICATE" block in `file` (lowercase hex, openssl's), each
/// block written to a file of its own under a TempDir and read by `openssl x509`.
inline std::multiset<std::string> bundle_fingerprints(const std::string& file) {
  static const std::string kBegin = "-----BEGIN CERTIFICATE-----", kEnd = "-----END CERTIFICATE-----";
  const std::string text = read_file(file);
  TempDir dir;
  std::multiset<std::string> out;
  std::size_t at = 0;
  for (int n = 0; n < 10000; ++n) {
    const std::size_t begin = text.find(kBegin, at);
    if (begin == std::string::npos) break;
    const std::size_t end = text.find(kEnd, begin);
    if (end == std::string::npos) break;
    const std::string one = dir / (std::to_string(n) + ".pem");
    write_file(one, text.substr(begin, end + kEnd.size() - begin) + "\n");
    out.insert(openssl_fingerprint(one));
    at = end + kEnd.size();
  }
  return out;
}

}  // namespace trustready::testing
