// Roots compiled into programs. Both are read from the file, never by running code from
// a root filesystem: node keeps its roots as PEM text in .rodata (src/node_root_certs.h),
// and libnssckbi.so (NSS's built-in roots module) keeps them as DER arrays.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "cert/parse.h"
#include "stores/kind_readers.h"
#include "util/subprocess.h"

namespace trustready::stores {
namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
/// PEM blocks further apart than this are not one table of roots.
constexpr std::size_t kMaxGap = 256 * 1024;

template <typename T>
T read_le(std::string_view b, std::size_t at) {
  T v = 0;
  if (at + sizeof(T) > b.size()) return 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

/// The bytes of an ELF64 little-endian section, or the whole file when that is not found.
std::string_view elf_section(std::string_view file, std::string_view wanted) {
  if (file.size() < 64 || file.substr(0, 4) != "\x7f" "ELF" || file[4] != 2 || file[5] != 1) return file;
  const auto shoff = read_le<std::uint64_t>(file, 0x28);
  const auto shentsize = read_le<std::uint16_t>(file, 0x3A);
  const auto shnum = read_le<std::uint16_t>(file, 0x3C);
  const auto shstrndx = read_le<std::uint16_t>(file, 0x3E);
  if (shentsize < 64 || shstrndx >= shnum || shoff > file.size() || shnum > (file.size() - shoff) / shentsize)
    return file;
  auto header = [&](std::size_t i) { return shoff + i * shentsize; };
  const auto names_off = read_le<std::uint64_t>(file, header(shstrndx) + 0x18);
  const auto names_size = read_le<std::uint64_t>(file, header(shstrndx) + 0x20);
  if (names_off > file.size() || names_size > file.size() - names_off) return file;
  const std::string_view names = file.substr(names_off, names_size);
  for (std::size_t i = 0; i < shnum; ++i) {
    const auto name_at = read_le<std::uint32_t>(file, header(i));
    if (name_at >= names.size()) continue;
    const std::string_view name = names.substr(name_at, names.substr(name_at).find('\0'));
    if (name != wanted) continue;
    const auto off = read_le<std::uint64_t>(file, header(i) + 0x18);
    const auto size = read_le<std::uint64_t>(file, header(i) + 0x20);
    if (off <= file.size() && size <= file.size() - off) return file.substr(off, size);
  }
  return file;
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
  for (auto& p : parsed->problems) store.problems.push_back(store.location.path + ": " + p);
}

void read_node(const fs::RootFs& root, const ReadOptions& options, Store& store) {
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
  if (!options.run_programs) {
    store.error = store.location.path + ": no root table in the binary, and a program under --root is never run";
    return;
  }
  // A build that keeps its roots elsewhere (compressed, or another layout): ask it.
  auto run = run_process({root.host_path(store.resolved_path), "-p", "tls.rootCertificates.join('\\n')"},
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

/// Every DER certificate in a binary: each SEQUENCE header that starts a whole certificate.
void read_der_table(const fs::RootFs& root, Store& store) {
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
  if (store.certificates.empty()) store.error = store.location.path + ": no certificates found in the library";
}

}  // namespace

void read_program_roots(const fs::RootFs& root, const ReadOptions& options, Store& store) {
  if (store.location.id.starts_with("nss-builtins")) read_der_table(root, store);
  else read_node(root, options, store);
}

}  // namespace trustready::stores
