// HTTP Public Key Pinning headers (RFC 7469) set by a web server's configuration:
// nginx `add_header Public-Key-Pins '...'` (domains from the enclosing server block's
// server_name), Apache `Header [always] set Public-Key-Pins "..."` (ServerName and
// ServerAlias of the enclosing <VirtualHost>), HAProxy `http-response set-header
// Public-Key-Pins ...` (no host names in the configuration to take).
#include <string>

#include "scan/detectors.h"
#include "scan/text_position.h"

namespace trustready::scan {
namespace {

struct Block {
  std::size_t begin = 0, end = std::string_view::npos;
  std::vector<std::string> names;
};

bool word_char(char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ';' && c != '{' && c != '}'; }

/// nginx: every `server { ... }` with its server_name values, comments and quotes skipped.
std::vector<Block> nginx_servers(std::string_view s) {
  std::vector<Block> blocks;
  std::vector<std::pair<bool, std::size_t>> open;  // (is a server block, its index)
  std::string_view word, last_word;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '#') {
      i = std::min(s.find('\n', i), s.size());
    } else if (c == '"' || c == '\'') {
      const std::size_t end = s.find(c, i + 1);
      i = end == std::string_view::npos ? s.size() : end;
    } else if (c == '{') {
      const bool server = last_word == "server";
      if (server) blocks.push_back({i, std::string_view::npos, {}});
      open.emplace_back(server, blocks.size() - 1);
    } else if (c == '}') {
      if (!open.empty()) {
        if (open.back().first) blocks[open.back().second].end = i;
        open.pop_back();
      }
    } else if (word_char(c)) {
      std::size_t j = i;
      while (j < s.size() && word_char(s[j])) ++j;
      const std::string_view w = s.substr(i, j - i);
      // server_name's values follow it up to the ';'.
      if (word == "server_name" && !open.empty() && open.back().first && w != "_")
        blocks[open.back().second].names.emplace_back(w);
      else if (w == "server_name") word = w;
      last_word = w;
      i = j - 1;
    }
    if (c == ';') word = {};
  }
  return blocks;
}

/// Apache: every <VirtualHost> ... </VirtualHost> with its ServerName and ServerAlias values.
std::vector<Block> apache_hosts(std::string_view s) {
  std::vector<Block> blocks;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t nl = std::min(s.find('\n', pos), s.size());
    std::string_view line = s.substr(pos, nl - pos);
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    if (icontains(line.substr(0, 13), "<VirtualHost")) blocks.push_back({pos, std::string_view::npos, {}});
    else if (icontains(line.substr(0, 14), "</VirtualHost") && !blocks.empty()) blocks.back().end = pos;
    else if (!blocks.empty() && blocks.back().end == std::string_view::npos &&
             (iequals(line.substr(0, 11), "ServerName ") || iequals(line.substr(0, 12), "ServerAlias "))) {
      std::string_view rest = line.substr(line.find(' ') + 1);
      while (!rest.empty()) {
        const std::size_t b = rest.find_first_not_of(" \t\r");
        if (b == std::string_view::npos) break;
        const std::size_t e = std::min(rest.find_first_of(" \t\r", b), rest.size());
        std::string_view name = rest.substr(b, e - b);
        if (const std::size_t colon = name.rfind(':'); colon != std::string_view::npos) name = name.substr(0, colon);
        if (!name.empty()) blocks.back().names.emplace_back(name);
        rest.remove_prefix(e);
      }
    }
    pos = nl + 1;
  }
  return blocks;
}

std::vector<std::string> names_around(const std::vector<Block>& blocks, std::size_t offset) {
  const Block* inner = nullptr;
  for (const auto& b : blocks)
    if (b.begin < offset && offset < b.end && (inner == nullptr || b.begin > inner->begin)) inner = &b;
  return inner == nullptr ? std::vector<std::string>{} : inner->names;
}

/// The pins and directives of one header value, escapes (\" in Apache and HAProxy) ignored.
void read_header_value(std::string_view value, std::size_t value_offset, const LineIndex& lines, PinSet& set) {
  for (std::size_t pos = 0; (pos = value.find("pin-sha256=", pos)) != std::string_view::npos;) {
    std::size_t b = pos + 11;
    while (b < value.size() && (value[b] == '"' || value[b] == '\\')) ++b;
    std::size_t e = b;
    while (e < value.size() && value[e] != '"' && value[e] != '\\' && value[e] != ';' && value[e] != '\'' && value[e] != ' ') ++e;
    Pin pin;
    pin.text = std::string(value.substr(b, e - b));
    pin.value = decode_digest(pin.text, 32);
    pin.at = lines.at(value_offset + b);
    if (!pin.value.empty()) set.pins.push_back(std::move(pin));
    pos = e;
  }
  if (const std::size_t m = value.find("max-age="); m != std::string_view::npos) {
    std::size_t e = m + 8;
    while (e < value.size() && value[e] >= '0' && value[e] <= '9') ++e;
    set.expiration = std::string(value.substr(m, e - m));
  }
  set.include_subdomains = icontains(value, "includeSubDomains");
}

}  // namespace

void detect_hpkp(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  const LineIndex lines(bytes);
  std::vector<Block> nginx, apache;
  bool blocks_read = false;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t nl = std::min(bytes.find('\n', pos), bytes.size());
    const std::string_view line = bytes.substr(pos, nl - pos);
    std::size_t h = std::string_view::npos;
    for (std::size_t i = 0; i + 15 <= line.size() && h == std::string_view::npos; ++i)
      if (iequals(line.substr(i, 15), "Public-Key-Pins")) h = i;
    const std::size_t comment = line.find_first_not_of(" \t");
    if (h != std::string_view::npos && comment != std::string_view::npos && line[comment] != '#') {
      if (out.pins.size() >= 1000) {  // each header looks up its block: bound a hostile file's cost
        out.notes.push_back(std::string(p.path) + ": more than 1000 Public-Key-Pins headers; the rest not read");
        return;
      }
      if (!blocks_read) nginx = nginx_servers(bytes), apache = apache_hosts(bytes), blocks_read = true;
      PinSet set;
      set.path = std::string(p.path);
      set.syntax = PinSyntax::Hpkp;
      set.at = lines.at(pos + h);
      const bool report_only = iequals(line.substr(h + 15, 12), "-Report-Only");
      set.name = report_only ? "Public-Key-Pins-Report-Only" : "Public-Key-Pins";
      const std::size_t value = h + set.name.size();
      read_header_value(line.substr(value), pos + value, lines, set);
      const std::string_view head = line.substr(0, h);
      const bool directive = icontains(head, "header");  // add_header, Header set, set-header
      if (icontains(head, "add_header")) set.domains = names_around(nginx, pos + h);
      else if (icontains(head, "http-response") || icontains(head, "http-request")) set.domains = {};
      else if (icontains(head, "Header")) set.domains = names_around(apache, pos + h);
      if (!set.pins.empty()) out.pins.push_back(std::move(set));
      else if (directive) out.notes.push_back(set.path + ":" + std::to_string(set.at.line) + ": " + set.name + " header without a pin-sha256 read");
    }
    pos = nl + 1;
  }
}

}  // namespace trustready::scan
