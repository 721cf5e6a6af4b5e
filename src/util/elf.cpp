#include "util/elf.h"

namespace trustready::util {
namespace {

constexpr std::uint32_t kPtLoad = 1;
constexpr std::uint32_t kShtRela = 4;

/// R_*_RELATIVE for the machines Linux distributions ship: the one relocation type
/// static tables of pointers need in a shared library.
std::optional<std::uint32_t> relative_type(std::uint16_t machine) {
  switch (machine) {
    case 0x3E: return 8;     // x86-64
    case 0xB7: return 1027;  // AArch64
    case 0xF3: return 3;     // RISC-V
    case 0x15: return 22;    // PowerPC64
    case 0x16: return 12;    // s390x
    default: return std::nullopt;
  }
}

bool fits(std::string_view file, std::uint64_t off, std::uint64_t size) {
  return off <= file.size() && size <= file.size() - off;
}

}  // namespace

std::optional<ElfImage> ElfImage::parse(std::string_view file) {
  if (file.size() < 64 || file.substr(0, 4) != "\x7f" "ELF" || file[4] != 2 || file[5] != 1) return std::nullopt;
  ElfImage image;
  image.file_ = file;
  const auto machine = read_le<std::uint16_t>(file, 0x12);

  const auto phoff = read_le<std::uint64_t>(file, 0x20);
  const auto phentsize = read_le<std::uint16_t>(file, 0x36);
  const auto phnum = read_le<std::uint16_t>(file, 0x38);
  if (phentsize < 56 || !fits(file, phoff, std::uint64_t{phnum} * phentsize)) return std::nullopt;
  for (std::size_t i = 0; i < phnum; ++i) {
    const std::size_t h = phoff + i * phentsize;
    if (read_le<std::uint32_t>(file, h) != kPtLoad) continue;
    const Segment s{read_le<std::uint64_t>(file, h + 0x10), read_le<std::uint64_t>(file, h + 0x08),
                    read_le<std::uint64_t>(file, h + 0x20)};
    if (fits(file, s.offset, s.size)) image.segments_.push_back(s);
  }

  const auto shoff = read_le<std::uint64_t>(file, 0x28);
  const auto shentsize = read_le<std::uint16_t>(file, 0x3A);
  const auto shnum = read_le<std::uint16_t>(file, 0x3C);
  const auto shstrndx = read_le<std::uint16_t>(file, 0x3E);
  if (shentsize < 64 || shstrndx >= shnum || !fits(file, shoff, std::uint64_t{shnum} * shentsize)) return image;
  auto header = [&](std::size_t i) { return shoff + i * shentsize; };
  const auto names_off = read_le<std::uint64_t>(file, header(shstrndx) + 0x18);
  const auto names_size = read_le<std::uint64_t>(file, header(shstrndx) + 0x20);
  if (!fits(file, names_off, names_size)) return image;
  const std::string_view names = file.substr(names_off, names_size);
  const auto relative = relative_type(machine);
  for (std::size_t i = 0; i < shnum; ++i) {
    const auto name_at = read_le<std::uint32_t>(file, header(i));
    const auto type = read_le<std::uint32_t>(file, header(i) + 0x04);
    const auto off = read_le<std::uint64_t>(file, header(i) + 0x18);
    const auto size = read_le<std::uint64_t>(file, header(i) + 0x20);
    if (name_at >= names.size() || !fits(file, off, size)) continue;
    const std::string_view name = names.substr(name_at, names.substr(name_at).find('\0'));
    image.sections_.push_back({name, type, off, size});
    if (type != kShtRela || !relative) continue;
    for (std::uint64_t r = off; r + 24 <= off + size; r += 24) {
      if ((read_le<std::uint64_t>(file, r + 8) & 0xffffffffu) != *relative) continue;
      image.relative_[read_le<std::uint64_t>(file, r)] = read_le<std::uint64_t>(file, r + 16);
    }
  }
  return image;
}

std::optional<std::string_view> ElfImage::section(std::string_view name) const {
  for (const auto& s : sections_)
    if (s.name == name) return file_.substr(s.offset, s.size);
  return std::nullopt;
}

std::optional<std::size_t> ElfImage::offset_of(std::uint64_t vaddr) const {
  for (const auto& s : segments_)
    if (vaddr >= s.vaddr && vaddr - s.vaddr < s.size) return s.offset + (vaddr - s.vaddr);
  return std::nullopt;
}

std::optional<std::uint64_t> ElfImage::pointer_at(std::uint64_t vaddr) const {
  if (auto r = relative_.find(vaddr); r != relative_.end()) return r->second;
  const auto off = offset_of(vaddr);
  if (!off || !fits(file_, *off, 8)) return std::nullopt;
  return read_le<std::uint64_t>(file_, *off);
}

}  // namespace trustready::util
