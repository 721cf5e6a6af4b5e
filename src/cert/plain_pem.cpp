#include "cert/plain_pem.h"

#include "cert/parse.h"

namespace trustready::cert {
namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----", kEnd = "-----END CERTIFICATE-----";

bool base64_line(std::string_view line) {
  if (line.empty() || line.size() > 76) return false;
  for (char c : line)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='))
      return false;
  return true;
}

/// Every "-----BEGIN " line starts a plain CERTIFICATE block of base64 lines only (no
/// headers, no other label); returns how many blocks, or -1.
long plain_blocks(std::string_view bytes) {
  long blocks = 0;
  bool inside = false;
  for (std::size_t pos = 0; pos < bytes.size();) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    if (inside) {
      if (line == kEnd) inside = false;
      else if (!base64_line(line)) return -1;
    } else if (line.find("-----BEGIN ") != std::string_view::npos || line.find("-----END ") != std::string_view::npos) {
      if (line != kBegin) return -1;
      inside = true;
      ++blocks;
    }
  }
  return inside ? -1 : blocks;
}

}  // namespace

std::optional<std::vector<Certificate>> plain_pem_certificates(std::string_view bytes) {
  const long blocks = plain_blocks(bytes);
  if (blocks <= 0) return std::nullopt;
  auto parsed = parse_certificates(bytes);
  if (!parsed || !parsed->problems.empty() || static_cast<long>(parsed->certificates.size()) != blocks)
    return std::nullopt;
  // Our DER walk accepted each one; OpenSSL's own decode is left to first use (decoding
  // every root of every store here was most of `check`'s time). A certificate the walk
  // takes and OpenSSL does not is then no anchor for any engine, rather than failing
  // the whole file as OpenSSL's loader would: the one case this answer can differ.
  return std::move(parsed->certificates);
}

}  // namespace trustready::cert
