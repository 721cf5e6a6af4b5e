// OkHttp's CertificatePinner.Builder().add("host", "sha256/BASE64", ...) in Java and
// Kotlin: one pin set per host (the adds for one host merged), pins named through a
// constant (`const val PIN = "sha256/..."`) resolved, and pins in literals no add uses
// kept as a set without domains.
#include <map>
#include <set>
#include <string>

#include "scan/code_tokens.h"
#include "scan/detectors.h"
#include "scan/text_position.h"

namespace trustready::scan {
namespace {

constexpr std::size_t kMaxArgTokens = 256;

/// "sha256/BASE64" or "sha1/BASE64" with a digest of the right size, as OkHttp accepts.
std::optional<Pin> okhttp_pin(const Token& t, const LineIndex& lines) {
  Pin pin;
  std::string_view b64;
  if (t.text.starts_with("sha256/")) {
    b64 = t.text.substr(7);
    pin.value = decode_digest(b64, 32);
  } else if (t.text.starts_with("sha1/")) {
    b64 = t.text.substr(5);
    pin.digest = PinDigest::Sha1Spki;
    pin.value = decode_digest(b64, 20);
  }
  if (pin.value.empty()) return std::nullopt;
  pin.text = std::string(t.text);
  pin.at = lines.at(t.offset);
  return pin;
}

/// IDENT = "literal" (Java's `String X = "..."`, Kotlin's `val X = "..."`).
std::map<std::string_view, const Token*> constants(const std::vector<Token>& tokens) {
  std::map<std::string_view, const Token*> out;
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i)
    if (tokens[i].kind == Token::Ident && tokens[i + 1].text == "=" && tokens[i + 2].kind == Token::String &&
        (i + 3 >= tokens.size() || tokens[i + 3].text != "+"))
      out.emplace(tokens[i].text, &tokens[i + 2]);
  return out;
}

}  // namespace

void detect_okhttp(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  const auto tokens = code_tokens(bytes);
  const auto named = constants(tokens);
  const LineIndex lines(bytes);
  const auto literal = [&](const Token& t) -> const Token* {
    if (t.kind == Token::String) return &t;
    if (t.kind != Token::Ident) return nullptr;
    const auto it = named.find(t.text);
    return it == named.end() ? nullptr : it->second;
  };
  std::map<std::string, std::size_t> set_of_host;
  std::set<std::size_t> used;  // offsets of the literals an add took
  for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
    if (tokens[i].text != "add" || tokens[i - 1].text != "." || tokens[i + 1].text != "(") continue;
    std::vector<const Token*> args;
    std::size_t j = i + 2;
    // An add's arguments are a few tokens; a hostile file of unclosed `.add(` must not make
    // each of them read to the end.
    const std::size_t last = std::min(tokens.size(), i + 2 + kMaxArgTokens);
    for (; j < last && tokens[j].text != ")"; ++j)
      if (tokens[j].text != ",") args.push_back(literal(tokens[j]));
    if (args.size() < 2 || args[0] == nullptr) continue;
    std::vector<Pin> pins;
    for (std::size_t a = 1; a < args.size(); ++a)
      if (args[a] != nullptr)
        if (auto pin = okhttp_pin(*args[a], lines)) {
          pins.push_back(std::move(*pin));
          used.insert(args[a]->offset);
        }
    if (pins.empty()) continue;
    const std::string host(args[0]->text);
    auto [it, fresh] = set_of_host.emplace(host, out.pins.size());
    if (fresh) {
      PinSet set;
      set.path = std::string(p.path);
      set.at = pins.front().at;
      set.syntax = PinSyntax::OkHttp;
      set.domains = {host};
      set.include_subdomains = host.starts_with("*.") || host.starts_with("**.");
      out.pins.push_back(std::move(set));
    }
    auto& target = out.pins[it->second].pins;
    for (auto& pin : pins) target.push_back(std::move(pin));
    i = j;
  }
  PinSet loose;
  for (const auto& t : tokens)
    if (t.kind == Token::String && !used.count(t.offset))
      if (auto pin = okhttp_pin(t, lines)) loose.pins.push_back(std::move(*pin));
  if (!loose.pins.empty()) {
    loose.path = std::string(p.path);
    loose.at = loose.pins.front().at;
    loose.syntax = PinSyntax::OkHttp;
    out.pins.push_back(std::move(loose));
  }
}

}  // namespace trustready::scan
