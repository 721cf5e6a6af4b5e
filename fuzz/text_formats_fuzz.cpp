// Fuzz target: the text formats read from a host or image (~/.aws/config, os-release, the
// PEM BEGIN lines of a store's files) and ELF images (node's and libnssckbi's built-in
// roots are read from their ELF data); and what the command line reads as text: --host
// names and --at times.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "stores/aws_config.h"
#include "stores/distro.h"
#include "stores/readers.h"
#include "util/elf.h"
#include "util/host_name.h"
#include "util/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)stores::parse_aws_config(bytes, "/home/user");
  (void)stores::parse_os_release(std::string(bytes));
  (void)stores::count_pem_labels(bytes);
  (void)check_host_name(bytes);
  (void)parse_time(bytes);
  if (auto elf = util::ElfImage::parse(bytes)) {
    (void)elf->section(".rodata");
    (void)elf->section(".data.rel.ro");
    for (const auto& [at, target] : elf->relative_pointers()) {
      (void)elf->offset_of(target);
      (void)elf->pointer_at(at);
    }
  }
  return 0;
}
