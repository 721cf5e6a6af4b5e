// A read-only view of an ELF64 little-endian image: its sections, its loaded segments and
// its relative relocations. Hand-written because no Debian library reads an ELF file as
// data without loading it (libelf would do, but pulls a dependency for 150 lines), and a
// binary under --root must never be loaded or run.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trustready::util {

class ElfImage {
 public:
  /// nullopt unless `file` is an ELF64 little-endian image with sane headers.
  static std::optional<ElfImage> parse(std::string_view file);

  /// The bytes of the named section; nullopt when absent or out of the file.
  std::optional<std::string_view> section(std::string_view name) const;
  /// The file offset of a virtual address inside a loaded segment.
  std::optional<std::size_t> offset_of(std::uint64_t vaddr) const;
  /// The pointer stored at `vaddr` once loaded: the addend of its relative relocation
  /// (position-independent code stores 0 in the file) or else the stored value.
  std::optional<std::uint64_t> pointer_at(std::uint64_t vaddr) const;
  /// The addresses holding a relatively relocated pointer, each with its target.
  const std::unordered_map<std::uint64_t, std::uint64_t>& relative_pointers() const { return relative_; }
  std::string_view bytes() const { return file_; }

 private:
  struct Segment {
    std::uint64_t vaddr, offset, size;
  };
  struct Section {
    std::string_view name;
    std::uint32_t type;
    std::uint64_t offset, size;
  };
  std::string_view file_;
  std::vector<Segment> segments_;
  std::vector<Section> sections_;
  std::unordered_map<std::uint64_t, std::uint64_t> relative_;
};

template <typename T>
T read_le(std::string_view b, std::size_t at) {
  T v = 0;
  if (at > b.size() || sizeof(T) > b.size() - at) return 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

}  // namespace trustready::util
