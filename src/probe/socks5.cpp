#include "probe/socks5.h"

#include <arpa/inet.h>

#include <array>

namespace trustready::probe {
namespace {

std::string with_length(std::string_view s) {
  const std::size_t n = s.size() > 255 ? 255 : s.size();
  std::string out(1, static_cast<char>(n));
  out.append(s.substr(0, n));
  return out;
}

std::string port_bytes(std::uint16_t port) {
  return {static_cast<char>(port >> 8), static_cast<char>(port & 0xff)};
}

}  // namespace

std::string socks5_greeting(bool password) {
  return password ? std::string("\x05\x02\x00\x02", 4) : std::string("\x05\x01\x00", 3);
}

// Built by appending: GCC 12 warns falsely (-Wrestrict) on a char + std::string.
std::string socks5_login(std::string_view user, std::string_view password) {
  std::string out(1, '\x01');
  out.append(with_length(user)).append(with_length(password));
  return out;
}

std::string socks5_connect(std::string_view host, std::uint16_t port) {
  const std::string h(host);
  std::array<unsigned char, 16> a{};
  std::string out("\x05\x01\x00", 3);
  const bool text = h.find('\0') == std::string::npos;
  if (text && inet_pton(AF_INET, h.c_str(), a.data()) == 1) {
    out += '\x01';
    out.append(reinterpret_cast<const char*>(a.data()), 4);
  } else if (text && inet_pton(AF_INET6, h.c_str(), a.data()) == 1) {
    out += '\x04';
    out.append(reinterpret_cast<const char*>(a.data()), 16);
  } else {
    out += '\x03';
    out.append(with_length(host));
  }
  out.append(port_bytes(port));
  return out;
}

/// The reply's whole length once enough of it is known (0: not yet).
std::size_t Socks5Reader::want() const {
  if (expect_ != Expect::Connect) return 2;
  if (bytes_.size() < 5) return 0;
  switch (static_cast<unsigned char>(bytes_[3])) {
    case 0x01: return 4 + 4 + 2;
    case 0x04: return 4 + 16 + 2;
    case 0x03: return 4 + 1 + static_cast<unsigned char>(bytes_[4]) + 2;
    default: return 0;
  }
}

std::size_t Socks5Reader::feed(std::string_view bytes) {
  std::size_t used = 0;
  while (!done_ && error_.empty() && used < bytes.size()) {
    bytes_ += bytes[used++];
    const unsigned char version = static_cast<unsigned char>(bytes_[0]);
    const unsigned char expected = expect_ == Expect::Login ? 0x01 : 0x05;
    if (version != expected) {
      error_ = "not a SOCKS5 reply (version byte " + std::to_string(version) + ")";
      break;
    }
    if (expect_ == Expect::Connect && bytes_.size() == 4 && bytes_[3] != 0x01 && bytes_[3] != 0x03 && bytes_[3] != 0x04) {
      error_ = "an unknown address type " + std::to_string(static_cast<unsigned char>(bytes_[3]));
      break;
    }
    if (const std::size_t n = want(); n != 0 && bytes_.size() == n) {
      code_ = static_cast<unsigned char>(bytes_[1]);
      done_ = true;
    }
  }
  return used;
}

std::string socks5_reply_words(int code) {
  switch (code) {
    case 0: return "succeeded";
    case 1: return "general SOCKS server failure";
    case 2: return "connection not allowed by ruleset";
    case 3: return "network unreachable";
    case 4: return "host unreachable";
    case 5: return "connection refused";
    case 6: return "TTL expired";
    case 7: return "command not supported";
    case 8: return "address type not supported";
    default: return "reply code " + std::to_string(code);
  }
}

}  // namespace trustready::probe
