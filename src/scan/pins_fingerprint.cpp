// Hex SHA-256 (64 digits) and SHA-1 (40 digits) fingerprints, colon-separated or not, on
// a line that names them as a pin (pin, fingerprint, thumbprint, cert hash, spki): the
// hand-rolled pinning of code and configuration. A hash with no such name (a commit id,
// a checksum) is not one; neither is a run inside base64 (PEM) or a longer hex string.
#include <string>

#include "scan/detectors.h"
#include "scan/text_position.h"

namespace trustready::scan {
namespace {

constexpr std::size_t kShortest = 40;  // characters of the shortest run looked for
constexpr std::size_t kNameBefore = 100;  // how far before the digest its name may be
constexpr std::size_t kNameAfter = 40;    // and after (`"AB:CD..." // pin`)

bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool run_char(char c) { return hex(c) || c == ':'; }
bool alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Calls f(begin, end) for each maximal run of hex digits and colons of kShortest or more.
/// Probing every kShortest-th byte finds them all: such a run covers one probe.
template <typename F>
void for_each_run(std::string_view s, F&& f) {
  std::size_t i = kShortest - 1;
  while (i < s.size()) {
    if (!run_char(s[i])) {
      i += kShortest;
      continue;
    }
    std::size_t b = i, e = i + 1;
    while (b > 0 && run_char(s[b - 1])) --b;
    while (e < s.size() && run_char(s[e])) ++e;
    if (e - b >= kShortest && f(b, e)) return;
    i = e + kShortest;
  }
}

/// 40 or 64 hex digits, bare or as colon-separated pairs ("AB:CD:..."); the digest size.
std::size_t digest_size(std::string_view run) {
  while (!run.empty() && run.front() == ':') run.remove_prefix(1);
  while (!run.empty() && run.back() == ':') run.remove_suffix(1);
  if (run.find(':') == std::string_view::npos) return run.size() == 40 || run.size() == 64 ? run.size() / 2 : 0;
  if ((run.size() + 1) % 3 != 0) return 0;
  for (std::size_t i = 2; i < run.size(); i += 3)
    if (run[i] != ':' || !hex(run[i - 1]) || !hex(run[i - 2])) return 0;
  const std::size_t n = (run.size() + 1) / 3;
  return n == 20 || n == 32 ? n : 0;
}

/// Where a pin-like word starts in `line` (case-insensitive; "pin" only at a word's or a
/// camelCase part's start, so "spinner" and "shipping" are not pins), else npos.
bool pin_like_at(std::string_view line, std::size_t i) {
  static constexpr std::string_view kWords[] = {"fingerprint", "thumbprint", "certhash", "cert_hash", "cert-hash",
                                                "certificatehash", "certificate_hash", "spki", "publickeyhash",
                                                "public_key_hash", "pubkeyhash", "pin"};
  const char first = lower(line[i]);
  if (first != 'f' && first != 't' && first != 'c' && first != 's' && first != 'p') return false;
  for (std::string_view w : kWords) {
    if (w[0] != first || i + w.size() > line.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < w.size() && same; ++k) same = lower(line[i + k]) == w[k];
    if (!same) continue;
    if (w != "pin") return true;
    const bool word_start = i == 0 || !alnum(line[i - 1]) ||
                            (line[i] == 'P' && line[i - 1] >= 'a' && line[i - 1] <= 'z');
    if (word_start) return true;
  }
  return false;
}

/// The identifier nearest before `at` on the line ("pinnedCertSha256" in
/// `val pinnedCertSha256 = "ab..."`, "fingerprint" in `"fingerprint": "AB:..."`).
std::string name_before(std::string_view line, std::size_t at) {
  std::size_t e = at;
  while (e > 0 && !(alnum(line[e - 1]) || line[e - 1] == '_' || line[e - 1] == '-')) --e;
  std::size_t b = e;
  while (b > 0 && (alnum(line[b - 1]) || line[b - 1] == '_' || line[b - 1] == '-' || line[b - 1] == '.')) --b;
  return std::string(line.substr(b, e - b));
}

}  // namespace

bool has_hex_run(std::string_view bytes) {
  bool found = false;
  for_each_run(bytes, [&](std::size_t b, std::size_t e) { return found = digest_size(bytes.substr(b, e - b)) != 0; });
  return found;
}

void detect_fingerprints(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  std::unique_ptr<LineIndex> lines;
  for_each_run(bytes, [&](std::size_t b, std::size_t e) {
    // Base64 on either side: a PEM line or a longer token, not a fingerprint.
    const auto b64 = [](char c) { return alnum(c) || c == '+' || c == '/' || c == '='; };
    if ((b > 0 && b64(bytes[b - 1])) || (e < bytes.size() && b64(bytes[e]))) return false;
    const std::size_t size = digest_size(bytes.substr(b, e - b));
    if (size == 0) return false;
    // The name must be beside the digest: a window of the line before it and a little after
    // (a minified JSON file is one line; rescanning all of it per run would be quadratic).
    std::size_t from = b > kNameBefore ? b - kNameBefore : 0;
    if (const std::size_t nl = bytes.substr(from, b - from).rfind('\n'); nl != std::string_view::npos) from += nl + 1;
    const std::string_view after = bytes.substr(e, kNameAfter);
    const std::size_t to = e + std::min(after.find('\n'), after.size());
    const std::string_view line = bytes.substr(from, to - from);
    bool named = false;
    for (std::size_t i = 0; i < line.size() && !named; ++i) named = pin_like_at(line, i);
    if (!named) return false;
    if (!lines) lines = std::make_unique<LineIndex>(bytes);
    std::string_view text = bytes.substr(b, e - b);
    while (text.front() == ':') text.remove_prefix(1), ++b;
    while (text.back() == ':') text.remove_suffix(1);
    Pin pin;
    pin.digest = size == 32 ? PinDigest::Sha256Hex : PinDigest::Sha1Hex;
    pin.text = std::string(text);
    for (std::size_t i = 0; i + 1 < text.size(); i += text[i + 2 < text.size() ? i + 2 : i] == ':' ? 3 : 2) {
      const auto nibble = [](char c) { return c <= '9' ? c - '0' : lower(c) - 'a' + 10; };
      pin.value.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
    }
    pin.at = lines->at(b);
    PinSet set;
    set.path = std::string(p.path);
    set.at = pin.at;
    set.syntax = PinSyntax::Fingerprint;
    set.name = name_before(line, b - from);
    set.pins.push_back(std::move(pin));
    out.pins.push_back(std::move(set));
    return false;
  });
}

}  // namespace trustready::scan
