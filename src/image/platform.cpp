// Platform names as the OCI image index uses them (image-index.md, "platform"): GOOS/GOARCH
// with an optional variant ("arm/v7", "arm64/v8").
#include <sys/utsname.h>

#include <string_view>

#include "image/manifests.h"

namespace trustready::image {
namespace {

struct Platform {
  std::string os, arch, variant;
};

Platform split(std::string_view text) {
  Platform p;
  const std::size_t a = text.find('/');
  p.os = std::string(text.substr(0, a));
  if (a == std::string_view::npos) return p;
  const std::size_t b = text.find('/', a + 1);
  p.arch = std::string(text.substr(a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1));
  if (b != std::string_view::npos) p.variant = std::string(text.substr(b + 1));
  return p;
}

bool matches(const Platform& have, const Platform& want) {
  return have.os == want.os && have.arch == want.arch && (want.variant.empty() || have.variant == want.variant);
}

std::string listed(const std::vector<std::string>& platforms) {
  std::string out;
  for (const auto& p : platforms) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

std::string host_platform() {
  struct utsname u {};
  if (::uname(&u) != 0) return "linux/amd64";
  const std::string_view m = u.machine;
  if (m == "x86_64") return "linux/amd64";
  if (m == "aarch64" || m == "arm64") return "linux/arm64";
  if (m.starts_with("armv7")) return "linux/arm/v7";
  if (m.starts_with("armv6")) return "linux/arm/v6";
  if (m == "i386" || m == "i686") return "linux/386";
  return "linux/" + std::string(m);  // ppc64le, s390x, riscv64 are named as uname says
}

Result<std::size_t> pick_platform(const std::vector<std::string>& platforms, const std::string& wanted) {
  if (platforms.empty()) return make_error("the index lists no image for any platform");
  const Platform want = split(wanted.empty() ? host_platform() : wanted);
  for (std::size_t i = 0; i < platforms.size(); ++i)
    if (matches(split(platforms[i]), want)) return i;
  if (!wanted.empty()) return make_error("no image for platform " + wanted + " (the index has " + listed(platforms) + ")");
  if (platforms.size() == 1) return std::size_t{0};
  return make_error("an index of several platforms (" + listed(platforms) + ") without this machine's (" +
                    host_platform() + "): choose one with --platform");
}

}  // namespace trustready::image
