#include "cert/parse.h"

#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace trustready::cert {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kDashes = "-----";

bool is_certificate_label(std::string_view label) {
  return label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE";
}

bool is_pkcs7_label(std::string_view label) { return label == "PKCS7" || label == "PKCS #7 SIGNED DATA"; }

/// Line numbers for messages, counted incrementally as the scan moves forward.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::size_t line_at(std::size_t offset) {
    line_ += static_cast<std::size_t>(std::count(text_.begin() + static_cast<long>(counted_),
                                                 text_.begin() + static_cast<long>(offset), '\n'));
    counted_ = offset;
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t counted_ = 0;
  std::size_t line_ = 1;
};

struct Pkcs7Free {
  void operator()(PKCS7* p) const { PKCS7_free(p); }
};

/// Appends the certificates of a DER PKCS#7 SignedData; false if it is not one.
bool append_pkcs7(std::string_view der, ParsedCertificates& out, std::string& why) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<PKCS7, Pkcs7Free> p7(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
  ERR_clear_error();
  if (!p7) {
    why = "not a PKCS#7 structure";
    return false;
  }
  if (OBJ_obj2nid(p7->type) != NID_pkcs7_signed || !p7->d.sign) {
    why = "PKCS#7 is not SignedData";
    return false;
  }
  STACK_OF(X509)* certs = p7->d.sign->cert;
  for (int i = 0; certs && i < sk_X509_num(certs); ++i) {
    unsigned char* buf = nullptr;
    const int len = i2d_X509(sk_X509_value(certs, i), &buf);
    if (len <= 0) continue;
    auto c = Certificate::from_der(std::string_view(reinterpret_cast<char*>(buf), static_cast<std::size_t>(len)));
    OPENSSL_free(buf);
    if (c) out.certificates.push_back(std::move(c).value());
    else out.problems.push_back("PKCS#7 certificate " + std::to_string(i + 1) + ": " + c.error());
  }
  return true;
}

/// Certificates by their exact base64 text. One host holds the same roots in a dozen
/// bundles (the system's, certifi, pip's, botocore's, each virtualenv's), and base64
/// decoding plus two SHA-256 digests is most of the cost of reading one: equal text is
/// decoded once per process. Bounded: emptied when full.
class PemBodyCache {
 public:
  std::optional<Certificate> find(std::string_view body) {
    std::lock_guard lock(mutex_);
    auto it = map_.find(body);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    map_.clear();
  }
  void add(std::string_view body, const Certificate& c) {
    std::lock_guard lock(mutex_);
    if (map_.size() >= kMaxEntries) map_.clear();
    map_.emplace(std::string(body), c);
  }

 private:
  static constexpr std::size_t kMaxEntries = 8192;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Certificate, Hash, std::equal_to<>> map_;
};

PemBodyCache& pem_body_cache() {
  static PemBodyCache cache;
  return cache;
}

Result<ParsedCertificates> parse_pem(std::string_view text) {
  ParsedCertificates out;
  std::size_t blocks = 0;
  std::size_t pos = 0;
  LineCounter lines(text);
  while ((pos = text.find(kBegin, pos)) != std::string_view::npos) {
    // Like OpenSSL, a BEGIN line starts a line and ends with its dashes: "see -----BEGIN x"
    // in a comment is text, not a block that would swallow the certificates after it.
    const bool at_line_start = pos == 0 || text[pos - 1] == '\n' || text[pos - 1] == '\r';
    const std::size_t label_start = pos + kBegin.size();
    const std::size_t line_end = std::min(text.find('\n', label_start), text.size());
    const std::size_t label_end = text.find(kDashes, label_start);
    if (!at_line_start || label_end == std::string_view::npos || label_end > line_end ||
        text.substr(label_end + kDashes.size(), line_end - label_end - kDashes.size())
                .find_first_not_of(" \t\r") != std::string_view::npos) {
      pos = label_start;
      continue;
    }
    const std::string_view label = text.substr(label_start, label_end - label_start);
    const std::string end_marker = "-----END " + std::string(label) + "-----";
    const std::size_t body_start = label_end + kDashes.size();
    const std::size_t end = text.find(end_marker, body_start);
    const std::size_t block_line = lines.line_at(pos);
    const bool wanted = is_certificate_label(label) || is_pkcs7_label(label);
    if (end == std::string_view::npos) {
      if (wanted)
        out.problems.push_back("PEM block at line " + std::to_string(block_line) + ": no END line (truncated file?)");
      break;
    }
    pos = end + end_marker.size();
    if (!wanted) continue;  // keys, CRLs and parameters are not trust anchors
    ++blocks;
    std::string_view body = text.substr(body_start, end - body_start);
    // RFC 1421 headers (Proc-Type: ...) end at a blank line; certificates have none,
    // but skip them rather than fail.
    if (body.find(':') != std::string_view::npos) {
      const std::size_t blank = body.find("\n\n");
      if (blank != std::string_view::npos) body.remove_prefix(blank + 2);
    }
    const bool certificate = is_certificate_label(label);
    if (certificate) {
      if (auto cached = pem_body_cache().find(body)) {
        out.certificates.push_back(std::move(*cached));
        continue;
      }
    }
    auto der = base64_decode(body);
    const std::string where = "PEM block at line " + std::to_string(block_line) + ": ";
    if (!der) {
      out.problems.push_back(where + "invalid base64");
      continue;
    }
    if (is_pkcs7_label(label)) {
      std::string why;
      if (!append_pkcs7(*der, out, why)) out.problems.push_back(where + why);
      continue;
    }
    auto c = Certificate::from_der(*der);
    if (!c) {
      out.problems.push_back(where + c.error());
      continue;
    }
    if (certificate) pem_body_cache().add(body, *c);
    out.certificates.push_back(std::move(c).value());
  }
  if (out.certificates.empty()) {
    if (!out.problems.empty()) return make_error(out.problems.front());
    if (blocks == 0) return make_error("no certificate found (PEM without CERTIFICATE blocks)");
    return make_error("no certificate found (the PKCS#7 bundle is empty)");
  }
  return out;
}

}  // namespace

Result<ParsedCertificates> parse_certificates(std::string_view bytes) {
  if (bytes.empty()) return make_error("empty file: no certificates");
  if (bytes.find(kBegin) != std::string_view::npos) return parse_pem(bytes);
  if (static_cast<unsigned char>(bytes[0]) != 0x30)
    return make_error("no certificate found (not PEM, DER or PKCS#7)");
  ParsedCertificates out;
  auto c = Certificate::from_der(bytes);
  if (c) {
    out.certificates.push_back(std::move(c).value());
    return out;
  }
  std::string why;
  if (append_pkcs7(bytes, out, why)) {
    if (out.certificates.empty()) return make_error("PKCS#7 bundle holds no certificates");
    return out;
  }
  return make_error("not a DER certificate or PKCS#7 bundle: " + c.error());
}

void forget_decoded_pem() { pem_body_cache().clear(); }

std::string to_pem(const Certificate& c) {
  const std::string b64 = base64_encode(c.der());
  std::string out = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) {
    out.append(b64, i, 64);
    out.push_back('\n');
  }
  out += "-----END CERTIFICATE-----\n";
  return out;
}

}  // namespace trustready::cert
