#include "report/escape.h"

#include <fmt/format.h>

#include <cstdint>
#include <utility>

namespace trustready::report {
namespace {

using nlohmann::json;

/// One step of decoding: a well-formed sequence (`valid`, its code point) or a maximal
/// ill-formed subpart; `length` bytes either way, at least 1.
struct Step {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};

/// Decodes at `at` by RFC 3629's grammar (Unicode Table 3-7): the lead byte fixes the
/// length and the range of the second byte (E0: A0-BF against overlongs, ED: 80-9F against
/// surrogates, F0: 90-BF against overlongs, F4: 80-8F against > U+10FFFF); the others are
/// 80-BF. C0, C1 and F5-FF never start a sequence, and neither does a continuation byte.
Step decode_at(std::string_view s, std::size_t at) {
  const auto lead = static_cast<unsigned char>(s[at]);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t continuations = 0;
  char32_t code_point = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuations = 1, code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuations = 2, code_point = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuations = 3, code_point = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {0, 1, false};
  }
  std::size_t length = 1;
  for (; length <= continuations; ++length) {
    if (at + length >= s.size()) return {0, length, false};
    const auto byte = static_cast<unsigned char>(s[at + length]);
    if (byte < low || byte > high) return {0, length, false};
    code_point = (code_point << 6) | (byte & 0x3F);
    low = 0x80, high = 0xBF;
  }
  return {code_point, length, true};
}

/// Controls a terminal may obey, and characters that break or reorder lines.
bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

std::string byte_escape(unsigned char byte) { return fmt::format("\\x{:02x}", byte); }

/// How shown() writes control `c`.
std::string control_escape(char32_t c) {
  switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: break;
  }
  if (c < 0x20 || c == 0x7F) return byte_escape(static_cast<unsigned char>(c));
  return fmt::format("\\u{:04x}", static_cast<std::uint32_t>(c));
}

/// The dumped JSON text with DEL, C1, U+2028/U+2029 and bidi controls as \uNNNN escapes.
/// The text is well-formed UTF-8 whose only controls left raw are these (nlohmann already
/// escapes C0), and they can only be inside strings, where \uNNNN means the same.
std::string escape_controls_in_json(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const Step step = decode_at(text, at);
    if (step.valid && step.code_point >= 0x7F && is_control(step.code_point))
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(step.code_point));
    else
      out.append(text, at, step.length);
    at += step.length;
  }
  return out;
}

/// Fixes `value` in place; returns what its KEY_bytes member holds, or null when nothing in
/// it needs one (valid strings, numbers, objects: they hold their own _bytes members).
json fix(json& value);

void fix_object(json& object) {
  json fixed = json::object();
  json bytes_members = json::object();
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string key = is_valid_utf8(it.key()) ? it.key() : replaced(it.key());
    json bytes = fix(it.value());
    if (!bytes.is_null()) bytes_members[key + "_bytes"] = std::move(bytes);
    fixed[key] = std::move(it.value());
  }
  for (auto it = bytes_members.begin(); it != bytes_members.end(); ++it) fixed[it.key()] = std::move(it.value());
  object = std::move(fixed);
}

json fix(json& value) {
  if (value.is_string()) {
    auto& s = value.get_ref<std::string&>();
    if (is_valid_utf8(s)) return nullptr;
    json original = hex(s);
    s = replaced(s);
    return original;
  }
  if (value.is_object()) {
    fix_object(value);
    return nullptr;
  }
  if (!value.is_array()) return nullptr;
  json entries = json::array();
  bool any = false;
  for (auto& entry : value) {
    entries.push_back(fix(entry));
    any = any || !entries.back().is_null();
  }
  return any ? entries : json(nullptr);
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t at = 0; at < bytes.size();) {
    const Step step = decode_at(bytes, at);
    if (!step.valid) return false;
    at += step.length;
  }
  return true;
}

std::string shown(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    const Step step = decode_at(bytes, at);
    if (!step.valid) {
      // Every byte of the ill-formed subpart: none of them starts a well-formed sequence
      // (they are continuation bytes after the first), so this is "resume at the next byte".
      for (std::size_t i = 0; i < step.length; ++i) out += byte_escape(static_cast<unsigned char>(bytes[at + i]));
    } else if (is_control(step.code_point)) {
      out += control_escape(step.code_point);
    } else {
      out.append(bytes.substr(at, step.length));
    }
    at += step.length;
  }
  return out;
}

std::string replaced(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    const Step step = decode_at(bytes, at);
    if (step.valid)
      out.append(bytes.substr(at, step.length));
    else
      out += "\xef\xbf\xbd";  // U+FFFD
    at += step.length;
  }
  return out;
}

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += digits[byte >> 4];
    out += digits[byte & 0x0F];
  }
  return out;
}

void make_json_safe(json& j) { (void)fix(j); }

std::string dump_json(json j) {
  make_json_safe(j);
  // replace is a backstop only: after make_json_safe every string is well-formed.
  return escape_controls_in_json(j.dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

std::string dump_json_line(json j) {
  make_json_safe(j);
  return escape_controls_in_json(j.dump(-1, ' ', false, json::error_handler_t::replace)) + "\n";
}

}  // namespace trustready::report
