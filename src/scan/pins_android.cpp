// Android's network security config (res/xml/NAME.xml) and the manifest that names it,
// read with pugixml. Semantics as developer.android.com/privacy-and-security/security-config
// documents them: a nested domain-config inherits the pin-set and trust-anchors its parent
// has and it lacks; debug-overrides applies only to debuggable builds.
#include <pugixml.hpp>

#include <string>

#include "scan/detectors.h"
#include "scan/text_position.h"

namespace trustready::scan {
namespace {

constexpr std::size_t kMaxSets = 1000;

bool is_true(const pugi::xml_attribute& a) { return iequals(a.as_string(), "true"); }

/// pugixml leaves each node's name and value where the buffer had them (it parses in
/// place), so node offsets are byte offsets into the file.
/// pugixml points at an element's name; we point at its '<', as rg finds "<pin-set".
std::size_t offset_of(const pugi::xml_node& n) {
  if (!n) return 0;
  const std::ptrdiff_t o = n.offset_debug();
  if (o <= 0) return 0;
  return static_cast<std::size_t>(n.type() == pugi::node_element ? o - 1 : o);
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

void read_pin_set(const pugi::xml_node& pin_set, const LineIndex& lines, PinSet& set, FileFindings& out) {
  set.at = lines.at(offset_of(pin_set));
  set.expiration = pin_set.attribute("expiration").as_string();
  for (const auto& pin : pin_set.children("pin")) {
    const pugi::xml_node text = pin.first_child();
    const std::string value = trimmed(pin.child_value());
    const std::string digest = pin.attribute("digest").as_string();
    Pin p;
    p.text = value;
    p.at = lines.at(text ? offset_of(text) : offset_of(pin));
    p.value = decode_digest(value, 32);
    if (digest != "SHA-256" || p.value.empty()) {
      out.notes.push_back(set.path + ":" + std::to_string(p.at.line) + ": <pin digest=\"" + digest +
                          "\"> is not a base64 SHA-256 digest Android accepts");
      continue;
    }
    set.pins.push_back(std::move(p));
  }
}

void read_trust_anchors(const pugi::xml_node& anchors, PinSet& set) {
  for (const auto& c : anchors.children("certificates")) {
    set.trust_anchors.emplace_back(c.attribute("src").as_string());
    if (is_true(c.attribute("overridePins"))) set.override_pins = true;
  }
}

/// One domain-config (or base-config, or debug-overrides) and, below it, its nested ones.
void read_config(const pugi::xml_node& node, const PinSet* parent, bool debug, const LineIndex& lines,
                 FileFindings& out, int depth = 0) {
  // Android nests a few levels; a hostile file nesting thousands must not exhaust the stack.
  if (depth > 32) {
    if (out.notes.empty() || !out.notes.back().ends_with("the rest not read")) out.notes.push_back(out.path + ": domain-config nested deeper than 32 levels; the rest not read");
    return;
  }
  // Each nested config copies its parent's pins: bound what a hostile file can make.
  if (out.pins.size() >= kMaxSets) {
    if (out.notes.empty() || !out.notes.back().ends_with("configs; the rest not read"))
      out.notes.push_back(out.path + ": more than " + std::to_string(kMaxSets) + " configs; the rest not read");
    return;
  }
  PinSet set;
  set.path = out.path;
  set.syntax = PinSyntax::AndroidNsc;
  set.debug_only = debug;
  set.at = lines.at(offset_of(node));
  for (const auto& d : node.children("domain")) {
    set.domains.push_back(trimmed(d.child_value()));
    if (is_true(d.attribute("includeSubdomains"))) set.include_subdomains = true;
  }
  const pugi::xml_node pin_set = node.child("pin-set");
  const pugi::xml_node anchors = node.child("trust-anchors");
  if (pin_set) read_pin_set(pin_set, lines, set, out);
  if (anchors) read_trust_anchors(anchors, set);
  if (parent != nullptr) {
    if (!pin_set) set.pins = parent->pins, set.expiration = parent->expiration;
    if (!anchors) set.trust_anchors = parent->trust_anchors, set.override_pins = parent->override_pins;
  }
  if (pin_set || anchors || (parent != nullptr && (!set.pins.empty() || !set.trust_anchors.empty())))
    out.pins.push_back(set);
  for (const auto& child : node.children("domain-config")) read_config(child, &set, debug, lines, out, depth + 1);
}

void read_manifest(const pugi::xml_document& doc, std::string_view bytes, const LineIndex& lines, FileFindings& out) {
  const pugi::xml_attribute a = doc.child("manifest").child("application").attribute("android:networkSecurityConfig");
  if (!a) return;
  const std::string value = a.as_string();
  // The attribute's offset: pugixml has none for attributes, so find it after the element's.
  std::size_t at = bytes.find("networkSecurityConfig", offset_of(doc.child("manifest").child("application")));
  if (at != std::string_view::npos && at >= 8) at -= 8;  // back to "android:"
  out.nsc_references.emplace_back(value, lines.at(at == std::string_view::npos ? 0 : at));
}

}  // namespace

void detect_android(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  pugi::xml_document doc;
  // No parse_eol: offsets stay byte offsets into the file even with CRLF line ends.
  const auto result = doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default & ~pugi::parse_eol, pugi::encoding_utf8);
  const LineIndex lines(bytes);
  if (!result) {
    out.notes.push_back(std::string(p.path) + ":" + std::to_string(lines.at(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, result.offset))).line) +
                        ": not well-formed XML (" + result.description() + "): no network security config read");
    return;
  }
  if (p.base == "AndroidManifest.xml") return read_manifest(doc, bytes, lines, out);
  const pugi::xml_node root = doc.child("network-security-config");
  if (!root) return;
  for (const auto& base : root.children("base-config")) read_config(base, nullptr, false, lines, out);
  for (const auto& config : root.children("domain-config")) read_config(config, nullptr, false, lines, out);
  for (const auto& debug : root.children("debug-overrides")) read_config(debug, nullptr, true, lines, out);
}

}  // namespace trustready::scan
