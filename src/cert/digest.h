// SHA-256 digests as values: 32 bytes, not strings (fingerprints and SPKI pins).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trustready::cert {

struct Sha256 {
  std::array<std::uint8_t, 32> bytes{};

  static Sha256 of(std::string_view data);
  /// Accepts 64 hex digits, upper or lower case, with or without ':' separators.
  static std::optional<Sha256> from_hex(std::string_view hex);

  std::string hex() const;     ///< lowercase, no separators
  std::string base64() const;  ///< standard base64, as used in "sha256/..." pins
  std::string pin() const { return "sha256/" + base64(); }

  auto operator<=>(const Sha256&) const = default;
};

struct Sha256Hash {
  std::size_t operator()(const Sha256& d) const noexcept {
    std::size_t h = 0;
    for (int i = 0; i < 8; ++i) h = (h << 8) | d.bytes[static_cast<std::size_t>(i)];
    return h;
  }
};

/// SHA-1 of `data`: only to match the certificate hashes other formats key trust by
/// (NSS trust objects), never as a fingerprint of ours.
std::array<std::uint8_t, 20> sha1_of(std::string_view data);

/// Standard base64 (RFC 4648) encoding.
std::string base64_encode(std::string_view data);
/// Decodes standard base64, skipping ASCII whitespace; nullopt on any other bad byte.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace trustready::cert
