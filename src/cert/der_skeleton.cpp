#include "cert/der_skeleton.h"

#include <string>

namespace trustready::cert {
namespace {

constexpr unsigned char kSequence = 0x30;
constexpr unsigned char kInteger = 0x02;
constexpr unsigned char kUtcTime = 0x17;
constexpr unsigned char kGeneralizedTime = 0x18;
constexpr unsigned char kVersionTag = 0xa0;  // [0] EXPLICIT Version

struct Tlv {
  unsigned char tag = 0;
  std::string_view whole;     // header + contents
  std::string_view contents;
};

/// Reads one DER TLV from the front of `in` (single-byte tags, definite lengths only,
/// as DER requires) and advances `in` past it.
Result<Tlv> take_tlv(std::string_view& in, const char* what) {
  auto fail = [&](const std::string& why) { return make_error(std::string(what) + ": " + why); };
  if (in.size() < 2) return fail("truncated DER (no room for a header)");
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  Tlv tlv;
  tlv.tag = p[0];
  if ((tlv.tag & 0x1f) == 0x1f) return fail("multi-byte DER tags are not used in certificates");
  std::size_t header = 2;
  std::size_t length = p[1];
  if (length & 0x80) {
    const std::size_t n = length & 0x7f;
    if (n == 0) return fail("indefinite length is not DER");
    if (n > 4) return fail("DER length field too long");
    if (in.size() < 2 + n) return fail("truncated DER (length field cut off)");
    length = 0;
    for (std::size_t i = 0; i < n; ++i) length = (length << 8) | p[2 + i];
    header += n;
  }
  if (length > in.size() - header)
    return fail("truncated DER (needs " + std::to_string(header + length) + " bytes, has " +
                std::to_string(in.size()) + ")");
  tlv.whole = in.substr(0, header + length);
  tlv.contents = in.substr(header, length);
  in.remove_prefix(header + length);
  return tlv;
}

Result<TimePoint> decode_time(const Tlv& tlv) {
  const std::string_view s = tlv.contents;
  std::size_t pos = 0;
  int year = 0;
  auto digits = [&](std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s[pos + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos += n;
    return true;
  };
  if (tlv.tag == kUtcTime) {
    if (!digits(2, year)) return make_error("bad UTCTime");
    year += year < 50 ? 2000 : 1900;  // RFC 5280 4.1.2.5.1
  } else if (tlv.tag == kGeneralizedTime) {
    if (!digits(4, year)) return make_error("bad GeneralizedTime");
  } else {
    return make_error("validity is not a UTCTime or GeneralizedTime");
  }
  int mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(2, mo) || !digits(2, d) || !digits(2, h) || !digits(2, mi) || !digits(2, sec) ||
      pos >= s.size() || s[pos] != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31)
    return make_error("malformed validity time");
  const std::int64_t secs =
      days_from_civil(year, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
      mi * 60 + sec;
  return TimePoint{std::chrono::seconds{secs}};
}

}  // namespace

Result<DerSkeleton> read_der_skeleton(std::string_view der) {
  std::string_view in = der;
  auto cert = take_tlv(in, "certificate");
  if (!cert) return Error{cert.error()};
  if (cert->tag != kSequence) return make_error("not a DER certificate (no outer SEQUENCE)");

  std::string_view body = cert->contents;
  auto tbs = take_tlv(body, "tbsCertificate");
  if (!tbs) return Error{tbs.error()};
  if (tbs->tag != kSequence) return make_error("not a certificate (tbsCertificate is not a SEQUENCE)");
  auto sig_alg = take_tlv(body, "signatureAlgorithm");
  if (!sig_alg) return Error{sig_alg.error()};
  auto sig = take_tlv(body, "signatureValue");
  if (!sig) return Error{sig.error()};

  std::string_view t = tbs->contents;
  if (!t.empty() && static_cast<unsigned char>(t[0]) == kVersionTag) {
    auto version = take_tlv(t, "version");
    if (!version) return Error{version.error()};
  }
  auto serial = take_tlv(t, "serialNumber");
  if (!serial) return Error{serial.error()};
  if (serial->tag != kInteger) return make_error("not a certificate (serialNumber is not an INTEGER)");
  auto inner_alg = take_tlv(t, "signature");
  if (!inner_alg) return Error{inner_alg.error()};
  auto issuer = take_tlv(t, "issuer");
  if (!issuer) return Error{issuer.error()};
  auto validity = take_tlv(t, "validity");
  if (!validity) return Error{validity.error()};
  auto subject = take_tlv(t, "subject");
  if (!subject) return Error{subject.error()};
  auto spki = take_tlv(t, "subjectPublicKeyInfo");
  if (!spki) return Error{spki.error()};
  if (issuer->tag != kSequence || subject->tag != kSequence || spki->tag != kSequence ||
      validity->tag != kSequence)
    return make_error("not a certificate (unexpected field types in tbsCertificate)");

  std::string_view v = validity->contents;
  auto nb = take_tlv(v, "notBefore");
  if (!nb) return Error{nb.error()};
  auto na = take_tlv(v, "notAfter");
  if (!na) return Error{na.error()};
  auto not_before = decode_time(*nb);
  if (!not_before) return Error{not_before.error()};
  auto not_after = decode_time(*na);
  if (!not_after) return Error{not_after.error()};

  DerSkeleton out;
  out.whole = cert->whole;
  out.issuer = issuer->whole;
  out.subject = subject->whole;
  out.spki = spki->whole;
  out.serial = serial->contents;
  out.not_before = *not_before;
  out.not_after = *not_after;
  return out;
}

}  // namespace trustready::cert
