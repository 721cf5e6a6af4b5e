// TrustKit's configuration (github.com/datatheorem/TrustKit, getting-started.md): a
// dictionary literal in Objective-C (@{kTSKPinnedDomains: @{@"host": @{kTSKPublicKeyHashes:
// @[...]}}}) or Swift ([kTSKPinnedDomains: ["host": [...]]]), or the TSKConfiguration
// dictionary of an Info.plist (the same keys without the leading k). Both are read into one
// small tree of dictionaries, arrays and scalars.
#include <pugixml.hpp>

#include <string>

#include "scan/code_tokens.h"
#include "scan/detectors.h"
#include "scan/text_position.h"

namespace trustready::scan {
namespace {

struct Node {
  enum Kind { Scalar, Dict, Array } kind = Scalar;
  std::string_view text;  ///< Scalar: the string or identifier
  std::size_t offset = 0;
  // Dict: keys[i] maps to values[i] (two vectors: std::pair of an incomplete Node is not allowed).
  std::vector<Node> keys, values;
  std::vector<Node> items;  ///< Array
};

constexpr int kMaxDepth = 48;

/// One value of a literal at tokens[i]; i ends after it. `@` (Objective-C) is skipped.
Node parse_value(const std::vector<Token>& t, std::size_t& i, int depth) {
  Node n;
  while (i < t.size() && t[i].text == "@") ++i;
  if (i >= t.size()) return n;
  n.offset = t[i].offset;
  const std::string_view open = t[i].kind == Token::Punct ? t[i].text : std::string_view();
  if ((open != "{" && open != "[") || depth > kMaxDepth) {
    n.text = t[i].text;
    ++i;
    return n;
  }
  const std::string_view close = open == "{" ? "}" : "]";
  n.kind = open == "{" ? Node::Dict : Node::Array;
  ++i;
  bool first = true;
  while (i < t.size() && t[i].text != close) {
    const std::size_t before = i;
    Node key = parse_value(t, i, depth + 1);
    if (i < t.size() && t[i].text == ":") {
      ++i;
      if (first) n.kind = Node::Dict;  // Swift writes dictionaries with [ ]
      n.keys.push_back(std::move(key));
      n.values.push_back(parse_value(t, i, depth + 1));
    } else {
      n.items.push_back(std::move(key));
    }
    first = false;
    while (i < t.size() && t[i].text != "," && t[i].text != close && t[i].text != "}" && t[i].text != "]") ++i;
    if (i < t.size() && t[i].text == ",") ++i;
    if (i == before) ++i;  // never stall on a token nothing takes
  }
  if (i < t.size()) ++i;
  return n;
}

/// A plist element as a Node; text points into the pugixml document.
Node plist_value(const pugi::xml_node& x, int depth) {
  Node n;
  n.offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, x.first_child() ? x.first_child().offset_debug() : x.offset_debug()));
  const std::string_view name = x.name();
  if (name == "dict" && depth <= kMaxDepth) {
    n.kind = Node::Dict;
    for (pugi::xml_node k = x.child("key"); k; k = k.next_sibling("key")) {
      const pugi::xml_node v = k.next_sibling();
      if (!v) break;
      n.keys.push_back(plist_value(k, depth + 1));
      n.values.push_back(plist_value(v, depth + 1));
    }
  } else if (name == "array" && depth <= kMaxDepth) {
    n.kind = Node::Array;
    for (const auto& c : x.children()) n.items.push_back(plist_value(c, depth + 1));
  } else {
    n.text = name == "true" || name == "false" ? name : std::string_view(x.child_value());
  }
  return n;
}

Node scalar(std::string_view text) {
  Node n;
  n.text = text;
  return n;
}

bool key_is(const Node& key, std::string_view name) {
  return key.text == name || (key.text.size() == name.size() + 1 && key.text[0] == 'k' && key.text.substr(1) == name);
}

void read_domains(const Node& domains, const std::string& path, const LineIndex& lines, FileFindings& out) {
  for (std::size_t d = 0; d < domains.keys.size(); ++d) {
    const Node& host = domains.keys[d];
    const Node& config = domains.values[d];
    PinSet set;
    set.path = path;
    set.syntax = PinSyntax::TrustKit;
    set.domains = {std::string(host.text)};
    set.at = lines.at(host.offset);
    for (std::size_t e = 0; e < config.keys.size(); ++e) {
      const Node& key = config.keys[e];
      const Node& value = config.values[e];
      if (key_is(key, "TSKIncludeSubdomains")) set.include_subdomains = value.text == "YES" || value.text == "true";
      if (key_is(key, "TSKExpirationDate")) set.expiration = std::string(value.text);
      if (!key_is(key, "TSKPublicKeyHashes")) continue;
      for (const auto& item : value.items) {
        Pin pin;
        pin.text = std::string(item.text);
        pin.value = decode_digest(item.text, 32);
        pin.at = lines.at(item.offset);
        if (pin.value.empty())
          out.notes.push_back(path + ":" + std::to_string(pin.at.line) + ": TrustKit pin \"" + pin.text +
                              "\" is not a base64 SHA-256 digest");
        else
          set.pins.push_back(std::move(pin));
      }
    }
    if (!set.pins.empty()) out.pins.push_back(std::move(set));
  }
}

/// Every dictionary entry TSKPinnedDomains, anywhere in the tree.
void find_pinned_domains(const Node& n, const std::string& path, const LineIndex& lines, FileFindings& out, int depth = 0) {
  if (depth > kMaxDepth) return;
  for (std::size_t e = 0; e < n.keys.size(); ++e) {
    if (key_is(n.keys[e], "TSKPinnedDomains") && n.values[e].kind == Node::Dict) read_domains(n.values[e], path, lines, out);
    else find_pinned_domains(n.values[e], path, lines, out, depth + 1);
  }
  for (const auto& item : n.items) find_pinned_domains(item, path, lines, out, depth + 1);
}

}  // namespace

void detect_trustkit(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  const LineIndex lines(bytes);
  const std::string path(p.path);
  if (p.ext_is(".plist")) {
    pugi::xml_document doc;
    if (!doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default & ~pugi::parse_eol, pugi::encoding_utf8)) return;
    for (const auto& d : doc.child("plist").children("dict")) find_pinned_domains(plist_value(d, 0), path, lines, out);
    return;
  }
  const auto tokens = code_tokens(bytes);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != Token::Ident || !key_is(scalar(tokens[i].text), "TSKPinnedDomains")) continue;
    if (i + 1 >= tokens.size() || tokens[i + 1].text != ":") continue;
    std::size_t j = i + 2;
    const Node domains = parse_value(tokens, j, 0);
    if (domains.kind == Node::Dict) read_domains(domains, path, lines, out);
    i = j - 1;
  }
}

}  // namespace trustready::scan
