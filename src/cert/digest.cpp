#include "cert/digest.h"

#include <openssl/evp.h>

namespace trustready::cert {

Sha256 Sha256::of(std::string_view data) {
  // Fetched once: the one-shot SHA256() fetches the algorithm from the provider on
  // every call, which costs more than hashing a certificate.
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  Sha256 d;
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), d.bytes.data(), &len, md, nullptr);
  return d;
}

std::array<std::uint8_t, 20> sha1_of(std::string_view data) {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  std::array<std::uint8_t, 20> out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr);
  return out;
}

std::optional<Sha256> Sha256::from_hex(std::string_view hex) {
  Sha256 d;
  std::size_t n = 0;
  int hi = -1;
  for (char c : hex) {
    if (c == ':') continue;
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return std::nullopt;
    if (hi < 0) {
      hi = v;
    } else {
      if (n >= d.bytes.size()) return std::nullopt;
      d.bytes[n++] = static_cast<std::uint8_t>(hi << 4 | v);
      hi = -1;
    }
  }
  if (n != d.bytes.size() || hi >= 0) return std::nullopt;
  return d;
}

std::string Sha256::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (auto b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::string Sha256::base64() const {
  return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  for (; i + 3 <= data.size(); i += 3) {
    const unsigned v = p[i] << 16 | p[i + 1] << 8 | p[i + 2];
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
  }
  if (data.size() - i == 1) {
    const unsigned v = p[i] << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (data.size() - i == 2) {
    const unsigned v = p[i] << 16 | p[i + 1] << 8;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

// Why by hand: EVP_DecodeBlock rejects the line breaks every PEM block has, and the
// PEM_read_* family decodes the whole X509 we are trying not to decode.
std::optional<std::string> base64_decode(std::string_view text) {
  static const auto table = [] {
    std::array<signed char, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
    return t;
  }();
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned acc = 0;
  int bits = 0;
  int padding = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  while (p < end) {
    // Fast path: four valid characters decode to three bytes without per-byte checks.
    if (bits == 0 && padding == 0 && end - p >= 4) {
      const int a = table[p[0]], b = table[p[1]], c = table[p[2]], d = table[p[3]];
      if ((a | b | c | d) >= 0) {
        const unsigned v = static_cast<unsigned>(a << 18 | b << 12 | c << 6 | d);
        out.push_back(static_cast<char>(v >> 16));
        out.push_back(static_cast<char>((v >> 8) & 0xff));
        out.push_back(static_cast<char>(v & 0xff));
        p += 4;
        continue;
      }
    }
    const char c = static_cast<char>(*p++);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int v = table[static_cast<unsigned char>(c)];
    if (v < 0 || padding > 0) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if (padding > 2) return std::nullopt;
  return out;
}

}  // namespace trustready::cert
