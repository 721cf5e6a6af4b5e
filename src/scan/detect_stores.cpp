// Trust stores by content: PEM (a bundle, or certificates embedded in code), DER
// certificates, PKCS#7, JKS, JCEKS and PKCS#12; the vendor from where the file sits.
#include <string>

#include "cert/keystore.h"
#include "cert/parse.h"
#include "scan/detectors.h"
#include "scan/text_position.h"

namespace trustready::scan {
namespace {

bool ends_with(std::string_view s, std::string_view tail) { return s.ends_with(tail); }

/// The folder holding the file, as one name ("/gems/aws-sdk-core-2.0.1/ca-bundle.crt" -> "aws-sdk-core-2.0.1").
std::string_view parent_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return {};
  const std::size_t before = path.rfind('/', slash - 1);
  return path.substr(before == std::string_view::npos ? 0 : before + 1, slash - (before == std::string_view::npos ? 0 : before + 1));
}

StoreVendor vendor_of(const PathInfo& p) {
  const std::string_view path = p.path;
  if (ends_with(path, "pip/_vendor/certifi/cacert.pem")) return StoreVendor::Pip;
  if (ends_with(path, "certifi/cacert.pem")) return StoreVendor::Certifi;
  if (ends_with(path, "botocore/cacert.pem")) return StoreVendor::Botocore;
  if (ends_with(path, "requests/cacert.pem")) return StoreVendor::Requests;
  if (ends_with(path, "httplib2/cacerts.txt")) return StoreVendor::Httplib2;
  if (p.base == "ca-bundle.crt" && parent_name(path).starts_with("aws-sdk-core")) return StoreVendor::AwsSdkRuby;
  if (p.base == "cacerts") return StoreVendor::JavaCacerts;
  return StoreVendor::None;
}

/// Where the first certificate's BEGIN line is (any BEGIN when none names a certificate).
std::size_t first_begin(std::string_view bytes) {
  std::size_t first = std::string_view::npos;
  for (std::string_view label : {"-----BEGIN CERTIFICATE-----", "-----BEGIN TRUSTED CERTIFICATE-----",
                                 "-----BEGIN X509 CERTIFICATE-----", "-----BEGIN PKCS7-----"})
    first = std::min(first, bytes.find(label));
  return first;
}

/// The contents of the string literals in code ("-----BEGIN CERTIFICATE-----\n" +
/// "MIIB..." in Java), with \n and \r escapes as line ends: PEM split across literals.
std::string string_literals(std::string_view code) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quote == 0) {
      if (c == '"' || c == '\'' || c == '`') quote = c;
      continue;
    }
    if (c == quote) {
      quote = 0;
      out += '\n';
    } else if (c == '\\' && i + 1 < code.size()) {
      const char e = code[++i];
      out += e == 'n' || e == 'r' ? '\n' : e;
    } else if (c == '\n') {
      quote = 0;  // an unterminated literal ends with its line
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

std::string without_indent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == ' ' || c == '\t')) continue;
    line_start = c == '\n';
    out += c;
  }
  return out;
}

void add_store(const PathInfo& p, StoreFormat format, Position at, cert::ParsedCertificates parsed, bool embedded,
               FileFindings& out) {
  StoreFound s;
  s.path = std::string(p.path);
  s.at = at;
  s.format = format;
  s.vendor = vendor_of(p);
  s.certificates = std::move(parsed.certificates);
  s.problems = std::move(parsed.problems);
  s.embedded = embedded;
  out.stores.push_back(std::move(s));
}

}  // namespace

void detect_pem(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  const std::size_t begin = first_begin(bytes);
  if (begin == std::string_view::npos) return;  // keys, CRLs, CSRs: not trust
  std::size_t line_start = begin;
  while (line_start > 0 && (bytes[line_start - 1] == ' ' || bytes[line_start - 1] == '\t')) --line_start;
  const bool at_line_start = line_start == 0 || bytes[line_start - 1] == '\n' || bytes[line_start - 1] == '\r';
  const bool indented = at_line_start && line_start != begin;
  // In code, in a string, or compiled into a binary (Go embeds its bundles): a pin in all but name.
  const bool embedded = p.is_code() || p.is_binary || !at_line_start;
  auto parsed = cert::parse_certificates(bytes);
  // PEM in string literals ("-----BEGIN CERTIFICATE-----\n" + "MIIB..." in Java, "\n"
  // escapes in JSON): its lines are not the file's lines.
  if (!parsed && embedded) {
    if (auto literal = cert::parse_certificates(string_literals(bytes))) parsed = std::move(literal);
  }
  // Indented PEM (a YAML block scalar, a Helm value): OpenSSL would not read the file,
  // but the application reading its value does.
  if (!parsed && indented) {
    if (auto dedented = cert::parse_certificates(without_indent(bytes))) parsed = std::move(dedented);
  }
  const LineIndex lines(bytes);
  if (!parsed) {
    // Armour inside a string, documentation and binaries quote PEM (regular expressions,
    // examples with "EXAMPLE" bodies): only a file laid out as PEM is worth a note.
    if (at_line_start && !p.is_prose() && !p.is_binary)
      out.notes.push_back(std::string(p.path) + ":" + std::to_string(lines.at(begin).line) +
                          ": PEM armour but no certificate decodes (" + parsed.error() + ")");
    return;
  }
  const StoreFormat format = bytes.substr(begin).starts_with("-----BEGIN PKCS7") ? StoreFormat::Pkcs7 : StoreFormat::PemBundle;
  add_store(p, format, lines.at(begin), std::move(parsed).value(), embedded, out);
}

void detect_binary_store(const PathInfo& p, std::string_view bytes, const DetectOptions& options, FileFindings& out) {
  const std::string where = std::string(p.path) + ": ";
  const auto u = [&](std::size_t i) { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0u; };
  const bool jks = u(0) == 0xFE && u(1) == 0xED, jceks = u(0) == 0xCE && u(1) == 0xCE;
  if (jks || jceks || cert::looks_like_keystore(bytes)) {
    auto ks = cert::parse_keystore(bytes, options.passwords);
    if (!ks) {
      const char* kind = jks ? "JKS" : jceks ? "JCEKS" : "PKCS#12";
      out.notes.push_back(where + kind + " magic but not a readable keystore: " + ks.error());
      return;
    }
    StoreFound s;
    s.path = std::string(p.path);
    s.format = ks->format == cert::KeystoreFormat::Jks     ? StoreFormat::Jks
               : ks->format == cert::KeystoreFormat::Jceks ? StoreFormat::Jceks
                                                           : StoreFormat::Pkcs12;
    s.vendor = vendor_of(p);
    s.certificates = ks->java_anchors();
    s.integrity = ks->integrity;
    s.problems = ks->notes;
    out.stores.push_back(std::move(s));
    return;
  }
  // A DER SEQUENCE whose length is the file's (a certificate or PKCS#7 file is nothing
  // else): anything shorter or longer is some other binary starting with 0x30.
  const unsigned n = u(1) & 0x7F;
  if (u(1) == 0x80 || bytes.size() < 2 + n) return;
  std::size_t length = 0;
  for (unsigned i = 0; i < n; ++i) length = length << 8 | u(2 + i);
  const std::size_t total = 2 + n + length;
  const bool exact = total == bytes.size();
  const bool named = p.ext_is(".der") || p.ext_is(".cer") || p.ext_is(".crt") || p.ext_is(".p7b") || p.ext_is(".p7c");
  if (!exact && !named) return;
  static constexpr unsigned char kSignedData[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02};
  const bool pkcs7 = bytes.substr(2 + n).starts_with(std::string_view(reinterpret_cast<const char*>(kSignedData), sizeof kSignedData));
  if (!pkcs7 && u(2 + n) != 0x30) return;  // a key (INTEGER version first) or other ASN.1
  auto parsed = cert::parse_certificates(bytes);
  if (!parsed) {
    out.notes.push_back(where + (exact ? "a DER SEQUENCE the size of the file" : "named like a certificate") +
                        " but no certificate decodes: " + parsed.error());
    return;
  }
  add_store(p, pkcs7 ? StoreFormat::Pkcs7 : StoreFormat::DerCertificate, Position{}, std::move(parsed).value(), false, out);
}

}  // namespace trustready::scan
