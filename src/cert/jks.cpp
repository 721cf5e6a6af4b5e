// JKS and JCEKS, read by hand: no library in Debian reads them (OpenSSL does not know
// the format, and starting a JVM to run keytool costs half a second per keystore).
// The format (sun.security.provider.JavaKeyStore):
//   u32 magic (FEEDFEED JKS, CECECECE JCEKS), u32 version (1 or 2), u32 count, then
//   per entry: u32 tag (1 private key, 2 trusted certificate, 3 JCEKS secret key),
//   UTF alias, u64 creation time in ms; tag 1: u32 length + encrypted key, u32 chain
//   length, certificates; tag 2: one certificate. A certificate is (version 2: UTF type)
//   u32 length + DER. A UTF string is u16 length + modified UTF-8.
//   Trailer: SHA-1(password as UTF-16BE || "Mighty Aphrodite" || everything before).
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "cert/keystore.h"

namespace trustready::cert {
namespace {

constexpr std::uint32_t kJksMagic = 0xFEEDFEEDu;
constexpr std::uint32_t kJceksMagic = 0xCECECECEu;
constexpr std::size_t kDigestSize = 20;

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool u16(std::uint32_t& v) { return number(2, v); }
  bool u32(std::uint32_t& v) { return number(4, v); }
  bool skip(std::size_t n) {
    if (n > data_.size() - pos_) return false;
    pos_ += n;
    return true;
  }
  bool bytes(std::size_t n, std::string_view& out) {
    if (n > data_.size() - pos_) return false;
    out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool utf(std::string& out) {
    std::uint32_t n = 0;
    std::string_view v;
    if (!u16(n) || !bytes(n, v)) return false;
    out.assign(v);  // modified UTF-8 is UTF-8 for every alias keytool writes
    return true;
  }
  std::size_t pos() const { return pos_; }

 private:
  bool number(std::size_t width, std::uint32_t& v) {
    if (width > data_.size() - pos_) return false;
    v = 0;
    for (std::size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += width;
    return true;
  }
  std::string_view data_;
  std::size_t pos_ = 0;
};

std::array<unsigned char, kDigestSize> keyed_digest(std::string_view password, std::string_view body) {
  // keytool hashes the password's Java chars: UTF-16 code units, big-endian. Our
  // passwords arrive as UTF-8 (command line, environment); bytes that are not valid
  // UTF-8 are taken as Latin-1, one char each.
  std::string prefix;
  auto unit = [&](std::uint32_t u) {
    prefix.push_back(static_cast<char>(u >> 8));
    prefix.push_back(static_cast<char>(u & 0xFF));
  };
  for (std::size_t i = 0; i < password.size();) {
    const auto b0 = static_cast<unsigned char>(password[i]);
    const std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    bool valid = len > 0 && i + len <= password.size();
    std::uint32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (std::size_t k = 1; valid && k < len; ++k) {
      const auto b = static_cast<unsigned char>(password[i + k]);
      valid = (b >> 6) == 0x2;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (!valid) {
      unit(b0);
      ++i;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
    i += len;
  }
  prefix += "Mighty Aphrodite";
  std::array<unsigned char, kDigestSize> out{};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned int len = 0;
  const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, prefix.data(), prefix.size()) == 1 &&
                  EVP_DigestUpdate(ctx, body.data(), body.size()) == 1 && EVP_DigestFinal_ex(ctx, out.data(), &len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) out.fill(0);
  return out;
}

std::string where(const std::string& what, std::size_t index, const std::string& alias) {
  return what + " of entry " + std::to_string(index + 1) + (alias.empty() ? "" : " '" + alias + "'");
}

}  // namespace

Result<Keystore> parse_java_keystore(std::string_view bytes, const std::vector<std::string>& passwords) {
  Reader r(bytes);
  std::uint32_t magic = 0, version = 0, count = 0;
  if (!r.u32(magic) || !r.u32(version) || !r.u32(count)) return make_error("truncated keystore header");
  if (magic != kJksMagic && magic != kJceksMagic) return make_error("not a JKS or JCEKS keystore (bad magic)");
  if (version != 1 && version != 2) return make_error("unknown JKS version " + std::to_string(version));
  Keystore ks;
  ks.format = magic == kJksMagic ? KeystoreFormat::Jks : KeystoreFormat::Jceks;
  // Each entry takes at least 14 bytes, so a count beyond that is a lie, not a reason to loop.
  if (count > bytes.size() / 14) return make_error("keystore claims " + std::to_string(count) + " entries in " +
                                                   std::to_string(bytes.size()) + " bytes");
  auto read_cert = [&](std::size_t index, const std::string& alias, std::vector<Certificate>& out) -> Status {
    std::string type = "X.509";
    std::uint32_t len = 0;
    std::string_view der;
    if ((version == 2 && !r.utf(type)) || !r.u32(len) || !r.bytes(len, der))
      return make_error("truncated in the certificate " + where("", index, alias).substr(1));
    if (type != "X.509") return make_error(where("certificate type", index, alias) + " is '" + type + "'");
    auto c = Certificate::from_der(der);
    if (!c) return make_error(where("certificate", index, alias) + ": " + c.error());
    out.push_back(std::move(*c));
    return ok_status();
  };
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t tag = 0;
    KeystoreEntry entry;
    if (!r.u32(tag) || !r.utf(entry.alias) || !r.skip(8))
      return make_error("truncated at entry " + std::to_string(i + 1) + " of " + std::to_string(count));
    if (tag == 1) {
      std::uint32_t key_len = 0, chain = 0;
      if (!r.u32(key_len) || !r.skip(key_len) || !r.u32(chain))
        return make_error("truncated in the private key " + where("", i, entry.alias).substr(1));
      if (chain > bytes.size() / 4) return make_error(where("certificate chain", i, entry.alias) + " is too long");
      for (std::uint32_t k = 0; k < chain; ++k)
        if (auto s = read_cert(i, entry.alias, entry.certificates); !s) return Error{s.error()};
    } else if (tag == 2) {
      entry.trusted = true;
      if (auto s = read_cert(i, entry.alias, entry.certificates); !s) return Error{s.error()};
    } else if (tag == 3 && ks.format == KeystoreFormat::Jceks) {
      // A serialized Java SealedObject: its length is known only to a Java deserializer.
      return make_error(where("secret-key", i, entry.alias) +
                        ": JCEKS secret keys cannot be skipped without a Java deserializer; convert the keystore "
                        "with keytool -importkeystore -deststoretype PKCS12");
    } else {
      return make_error(where("unknown tag " + std::to_string(tag) + " in", i, entry.alias));
    }
    ks.entries.push_back(std::move(entry));
  }
  std::string_view trailer;
  const std::size_t body_len = r.pos();
  if (!r.bytes(kDigestSize, trailer)) return make_error("truncated: the integrity digest is missing");
  if (r.pos() != bytes.size())
    ks.notes.push_back(std::to_string(bytes.size() - r.pos()) + " bytes after the integrity digest are ignored");
  ks.integrity = Integrity::Mismatch;
  for (const auto& password : passwords) {
    const auto digest = keyed_digest(password, bytes.substr(0, body_len));
    if (std::memcmp(digest.data(), trailer.data(), kDigestSize) == 0) {
      ks.integrity = Integrity::Verified;
      ks.password_used = password;
      break;
    }
  }
  return ks;
}

}  // namespace trustready::cert
