#include "probe/http_head.h"

#include <algorithm>

#include "probe/authority.h"

namespace trustready::probe {
namespace {

constexpr std::string_view kVersionPrefix = "HTTP/";
constexpr std::size_t kShownBytes = 40;

bool ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && ows(s.back())) s.remove_suffix(1);
  return s;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

/// A token character (RFC 9110 5.6.2), what a field name is made of.
bool tchar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || digit(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

std::string HttpHead::header(std::string_view name) const {
  std::string out;
  for (const auto& [n, v] : headers) {
    if (!iequals(n, name)) continue;
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

HttpHeadReader::HttpHeadReader(std::size_t max_bytes) : splitter_(max_bytes) {}

std::size_t HttpHeadReader::feed(std::string_view bytes) {
  std::size_t used = 0;
  while (used < bytes.size() && !done_ && !failed()) {
    const std::string_view rest = bytes.substr(used);
    // A TLS alert or an SSH banner shows at once that this is no HTTP server: say what
    // came instead, without waiting for a line end that may never come.
    if (!in_head_ && splitter_.line_number() == 1) {
      const std::string seen = std::string(splitter_.line()) + std::string(rest.substr(0, kShownBytes + 1));
      const std::size_t n = std::min(seen.size(), kVersionPrefix.size());
      if (seen.compare(0, n, kVersionPrefix, 0, n) != 0) {
        error_ = "not an HTTP response (starts with " + quoted(seen, kShownBytes) + ")";
        return used;
      }
    }
    used += splitter_.take(rest);
    if (splitter_.failed()) {
      error_ = splitter_.error();
    } else if (splitter_.complete()) {
      read_line(splitter_.line());
      splitter_.next_line();
    }
  }
  return used;
}

void HttpHeadReader::read_line(std::string_view line) {
  if (line.find('\r') != std::string_view::npos) {
    // A bare CR may end a line for some parsers and not others (RFC 9112 2.2).
    error_ = "a bare CR in line " + std::to_string(splitter_.line_number());
  } else if (!in_head_) {
    read_status_line(line);
  } else if (!line.empty()) {
    read_field_line(line);
  } else if (head_.status < 200 && head_.status != 101) {
    head_ = HttpHead{};  // an interim response: the final one follows
    in_head_ = false;
  } else {
    done_ = true;
  }
}

void HttpHeadReader::read_status_line(std::string_view line) {
  // status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 4)
  // Like most clients we also take "HTTP/1.1 200" without the SP before an empty reason.
  const auto fail = [&](const std::string& why) { error_ = "status line " + quoted(line) + ": " + why; };
  if (line.size() < 12 || !digit(line[5]) || line[6] != '.' || !digit(line[7]) || line[8] != ' ')
    return fail("not 'HTTP/1.x NNN reason'");
  if (line[5] != '1') return fail("not HTTP/1.x");
  if (!digit(line[9]) || !digit(line[10]) || !digit(line[11]) || (line.size() > 12 && line[12] != ' '))
    return fail("the status code is not 3 digits");
  head_.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (head_.status < 100) return fail("the status code is below 100");
  head_.reason = line.size() > 13 ? std::string(line.substr(13)) : std::string();
  in_head_ = true;
}

void HttpHeadReader::read_field_line(std::string_view line) {
  const std::size_t number = splitter_.line_number();
  if (ows(line.front())) {
    // obs-fold: a user agent replaces it with a space (RFC 9112 5.2).
    if (head_.headers.empty()) {
      error_ = "line " + std::to_string(number) + " continues a header, but none came before it";
      return;
    }
    std::string& value = head_.headers.back().second;
    const std::string_view more = trim_ows(line);
    if (!value.empty() && !more.empty()) value += ' ';
    value.append(more);
    return;
  }
  // field-line = field-name ":" OWS field-value OWS   (RFC 9112 5)
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    error_ = "header line " + std::to_string(number) + " has no ':' (" + quoted(line) + ")";
    return;
  }
  const std::string_view name = line.substr(0, colon);
  if (name.empty() || !std::all_of(name.begin(), name.end(), tchar)) {
    error_ = "header line " + std::to_string(number) + ": " + quoted(name) + " is not a field name";
    return;
  }
  head_.headers.emplace_back(std::string(name), std::string(trim_ows(line.substr(colon + 1))));
}

}  // namespace trustready::probe
