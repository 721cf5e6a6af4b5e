// Roots compiled into programs. Both are read from the file, never by running code from
// a root filesystem: node keeps its roots as PEM text in .rodata (src/node_root_certs.h),
// and libnssckbi.so (NSS's built-in roots module) keeps them as DER arrays.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>

#include "cert/digest.h"
#include "cert/parse.h"
#include "stores/kind_readers.h"
#include "util/elf.h"

namespace trustready::stores {
namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
/// PEM blocks further apart than this are not one table of roots.
constexpr std::size_t kMaxGap = 256 * 1024;

/// The bytes of an ELF section, or the whole file when that is not found.
std::string_view elf_section(std::string_view file, std::string_view wanted) {
  const auto image = util::ElfImage::parse(file);
  if (!image) return file;
  return image->section(wanted).value_or(file);
}

/// The run of PEM certificates in `data`: from the first BEGIN to the END of the last
/// block before a gap of kMaxGap bytes.
std::string_view pem_table(std::string_view data) {
  std::size_t first = data.find(kBegin);
  if (first == std::string_view::npos) return {};
  std::size_t end = first;
  for (std::size_t at = first; at != std::string_view::npos;) {
    const std::size_t close = data.find(kEnd, at);
    if (close == std::string_view::npos) break;
    end = close + kEnd.size();
    // Look for the next block only within the gap: the rest of a 50 MB section is not ours to read.
    at = data.substr(end, kMaxGap + kBegin.size()).find(kBegin);
    if (at != std::string_view::npos) at += end;
  }
  return data.substr(first, end - first);
}

void add_parsed(std::string_view text, Store& store) {
  auto parsed = cert::parse_certificates(text);
  if (!parsed) {
    store.error = store.location.path + ": " + parsed.error();
    return;
  }
  store.certificates = std::move(parsed->certificates);
  add_parse_problems(store.location.path, parsed->problems, store);
}

void read_node(const fs::FileTree& root, const ReadOptions& options, Store& store) {
  auto mapped = root.map_file(store.location.path);
  if (!mapped) {
    store.error = mapped.error();
    return;
  }
  const std::string_view table = pem_table(elf_section(mapped->bytes(), ".rodata"));
  if (!table.empty()) {
    store.format = "PEM table in the binary";
    // The strings are NUL-separated; a PEM header counts only at the start of a line.
    std::string text(table);
    std::replace(text.begin(), text.end(), '\0', '\n');
    add_parsed(text, store);
    return;
  }
  if (!options.run_programs || !root.is_host()) {
    store.error = store.location.path + ": no root table in the binary, and a program under --root is never run";
    return;
  }
  // A build that keeps its roots elsewhere (compressed, or another layout): ask it.
  auto run = options.runner->run({root.host_path(store.resolved_path), "-p", "tls.rootCertificates.join('\\n')"},
                                 {options.program_timeout, 16u << 20});
  if (!run) {
    store.error = run.error();
    return;
  }
  if (run->exit_code != 0) {
    store.error = store.location.path + ": exited with status " + std::to_string(run->exit_code) +
                  " when asked for tls.rootCertificates";
    return;
  }
  store.format = "tls.rootCertificates";
  add_parsed(run->out, store);
}

enum class BuiltinTrust { Anchor, Distrusted, NotForTls };

/// TLS trust of the roots in libnssckbi.so, keyed by each certificate's SHA-1, read from
/// the module's static trust objects: NSS keeps trust apart from certificates, and the
/// module also holds roots trusted for e-mail only and explicitly distrusted ones.
/// Each object is an array of NSSItem {const void* data; PRUint32 size} (16 bytes on
/// LP64) in certdata order: ..., CKA_CERT_SHA1_HASH, CKA_CERT_MD5_HASH, CKA_ISSUER,
/// CKA_SERIAL_NUMBER, CKA_TRUST_SERVER_AUTH, ... So the item whose data is a root's
/// SHA-1 (20 bytes) is followed by the MD5 (16 bytes), and four items on by the
/// server-auth CK_TRUST (8 bytes). One entry per root, in order; all empty when the
/// layout is not that one.
std::vector<std::optional<BuiltinTrust>> builtin_trust(std::string_view file,
                                                       const std::vector<cert::Certificate>& roots) {
  std::vector<std::optional<BuiltinTrust>> out(roots.size());
  const auto image = util::ElfImage::parse(file);
  if (!image) return out;
  std::map<std::array<std::uint8_t, 20>, std::size_t> wanted;  // SHA-1 -> index in roots
  for (std::size_t i = 0; i < roots.size(); ++i) wanted.emplace(cert::sha1_of(roots[i].der()), i);
  constexpr std::uint64_t kItem = 16;
  auto size_at = [&](std::uint64_t item) -> std::optional<std::uint32_t> {
    const auto off = image->offset_of(item + 8);
    if (!off) return std::nullopt;
    return util::read_le<std::uint32_t>(file, *off);
  };
  auto bytes_at = [&](std::uint64_t vaddr, std::size_t n) -> std::optional<std::string_view> {
    const auto off = image->offset_of(vaddr);
    if (!off || *off > file.size() || n > file.size() - *off) return std::nullopt;
    return file.substr(*off, n);
  };
  // CK_TRUST values: CKT_NSS (0xCE534350) plus 2 (trusted delegator), 10 (not trusted).
  constexpr std::uint64_t kTrustedDelegator = 0xCE534352, kNotTrusted = 0xCE53435A;
  for (const auto& [item, target] : image->relative_pointers()) {
    if (size_at(item) != 20u || size_at(item + kItem) != 16u || size_at(item + 4 * kItem) != 8u) continue;
    const auto sha1 = bytes_at(target, 20);
    if (!sha1) continue;
    std::array<std::uint8_t, 20> key{};
    std::memcpy(key.data(), sha1->data(), key.size());
    const auto root = wanted.find(key);
    if (root == wanted.end()) continue;
    const auto trust_ptr = image->pointer_at(item + 4 * kItem);
    const auto trust = trust_ptr ? bytes_at(*trust_ptr, 8) : std::nullopt;
    if (!trust) continue;
    const auto value = util::read_le<std::uint64_t>(*trust, 0);
    out[root->second] = value == kTrustedDelegator ? BuiltinTrust::Anchor
                        : value == kNotTrusted     ? BuiltinTrust::Distrusted
                                                   : BuiltinTrust::NotForTls;
  }
  return out;
}

/// "1 root", "19 roots".
std::string roots(std::size_t n) { return std::to_string(n) + (n == 1 ? " root" : " roots"); }

/// Every DER certificate in a binary: each SEQUENCE header that starts a whole certificate.
void read_der_table(const fs::FileTree& root, Store& store) {
  auto bytes = root.read_file(store.location.path);
  if (!bytes) {
    store.error = bytes.error();
    return;
  }
  const std::string_view b = *bytes;
  for (std::size_t at = b.find("\x30\x82", 0, 2); at != std::string_view::npos; at = b.find("\x30\x82", at, 2)) {
    if (at + 4 > b.size()) break;
    const std::size_t len = (static_cast<std::size_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
                            static_cast<unsigned char>(b[at + 3]);
    if (len + 4 > b.size() - at || b.substr(at + 4, 2) != std::string_view("\x30\x82", 2)) {
      ++at;
      continue;
    }
    auto c = cert::Certificate::from_der(b.substr(at, len + 4));
    if (!c) {
      ++at;
      continue;
    }
    store.certificates.push_back(std::move(*c));
    at += len + 4;
  }
  store.format = "DER table in the library";
  if (store.certificates.empty()) {
    store.error = store.location.path + ": no certificates found in the library";
    return;
  }
  const auto trust = builtin_trust(b, store.certificates);
  if (std::none_of(trust.begin(), trust.end(), [](const auto& t) { return t.has_value(); })) {
    store.notes.push_back("trust objects not read (unknown layout): every root the module holds is counted, "
                          "including any it keeps for e-mail only");
    return;
  }
  std::vector<cert::Certificate> anchors;
  std::size_t not_for_tls = 0;
  for (std::size_t i = 0; i < store.certificates.size(); ++i) {
    auto& c = store.certificates[i];
    if (!trust[i] || *trust[i] == BuiltinTrust::NotForTls) ++not_for_tls;
    else if (*trust[i] == BuiltinTrust::Anchor) anchors.push_back(std::move(c));
    else store.distrusted.push_back(std::move(c));
  }
  store.certificates = std::move(anchors);
  store.format = "DER table and trust objects in the library";
  if (not_for_tls > 0)
    store.notes.push_back(roots(not_for_tls) + " held for e-mail or code signing only (not TLS anchors)");
  if (!store.distrusted.empty()) store.notes.push_back(roots(store.distrusted.size()) + " explicitly distrusted");
}

}  // namespace

void read_program_roots(const fs::FileTree& root, const ReadOptions& options, Store& store) {
  if (store.location.origin == StoreOrigin::NssBuiltins) read_der_table(root, store);
  else read_node(root, options, store);
}

}  // namespace trustready::stores
