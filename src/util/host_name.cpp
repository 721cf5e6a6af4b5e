#include "util/host_name.h"

#include <arpa/inet.h>

#include <cctype>

namespace trustready {
namespace {

bool ip_literal(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

}  // namespace

Result<std::string> check_host_name(std::string_view host) {
  const std::string given(host);
  if (host.empty()) return make_error("empty");
  if (given.find('\0') == std::string::npos && ip_literal(given)) return given;
  std::string_view name = host;
  if (name.back() == '.') name.remove_suffix(1);  // a fully qualified name
  if (name.empty()) return make_error("no label before the trailing dot");
  if (name.size() > 253) return make_error("longer than 253 characters (RFC 1035 2.3.4)");
  std::size_t start = 0;
  bool all_digits = true;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      if (i == start) return make_error("an empty label at position " + std::to_string(i + 1));
      if (i - start > 63) return make_error("a label longer than 63 characters (RFC 1035 2.3.4)");
      if (i < name.size()) start = i + 1, all_digits = true;
      continue;
    }
    if (!name_char(name[i])) {
      const unsigned char c = static_cast<unsigned char>(name[i]);
      const std::string shown = c >= 0x21 && c < 0x7f ? std::string(1, name[i])
                                : c == ' '             ? std::string("a space")
                                                       : "byte " + std::to_string(c);
      return make_error((c >= 0x21 && c < 0x7f ? "'" + shown + "'" : shown) + " at position " + std::to_string(i + 1) +
                        " (a DNS name has letters, digits, '-' and '_'; an IDN is given as its xn-- form)");
    }
    all_digits = all_digits && std::isdigit(static_cast<unsigned char>(name[i])) != 0;
  }
  if (all_digits) return make_error("not an IP address, and a DNS name's last label is not all digits (RFC 3696 2)");
  return given;
}

}  // namespace trustready
