// One escaping policy for bytes that come from outside (file names, os-release values,
// certificate subjects, --host): they may be any bytes, and a hostile image must not be able
// to move the terminal's cursor, forge report lines, reorder text or make a report unreadable.
//
// The policy (README "Bytes from outside"):
//   File names, os-release values, certificate subjects and --host are printed as they are
//   when they are printable UTF-8 (RFC 3629), so "é" and "中" stay readable. In text output
//   every control character is shown instead of obeyed: \n, \r and \t for those three; \xNN
//   for the other C0 controls and DEL; \uNNNN (four lowercase hex digits) for the C1
//   controls U+0080-U+009F, the line and paragraph separators U+2028/U+2029 and the
//   bidirectional embeddings, overrides and isolates U+202A-U+202E, U+2066-U+2069. Every
//   byte that is not part of well-formed UTF-8 (an overlong form, a surrogate, a code point
//   above U+10FFFF, a truncated sequence, a stray continuation byte) is shown as \xNN. A
//   backslash is printed as it is: text output is for reading, not for getting bytes back.
//   In JSON output a string that is not well-formed UTF-8 has each maximal ill-formed
//   subpart replaced by U+FFFD (the Unicode-recommended practice, as Python's and
//   nlohmann's decoders do), and its exact bytes are kept as lowercase hex in a sibling
//   member KEY_bytes (for an array of strings: an array of the same length with null for
//   the entries that were valid). Valid strings are unchanged and get no _bytes member.
//   JSON output also writes DEL, the C1 controls, U+2028/U+2029 and the bidi controls as
//   \uNNNN escapes, so the file is safe to print; it parses back to the same strings.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace trustready::report {

/// True when `bytes` is well-formed UTF-8 by RFC 3629 (Unicode Table 3-7): no overlong
/// forms, no surrogates U+D800-U+DFFF, nothing above U+10FFFF, no truncated sequences and
/// no stray continuation bytes. Control characters are valid UTF-8.
bool is_valid_utf8(std::string_view bytes);

/// `bytes` for text output read by people. Printable well-formed UTF-8 passes unchanged,
/// a backslash included (so the result is not meant to be decoded back). Shown instead
/// of obeyed:
///   - \n, \r, \t for LF, CR, TAB; \xNN (lowercase hex) for the other C0 controls
///     U+0000-U+001F and for DEL U+007F;
///   - \uNNNN (four lowercase hex digits) for the C1 controls U+0080-U+009F (some
///     terminals obey them as 8-bit CSI, OSC, ...), U+2028/U+2029 and the bidi controls
///     U+202A-U+202E and U+2066-U+2069 (Trojan-Source reordering);
///   - \xNN for every byte that is not part of a well-formed sequence; decoding resumes
///     at the next byte, so "\xe2\x82A" shows as \xe2\x82A.
/// The result is well-formed UTF-8 with no byte below 0x20 and no 0x7F.
std::string shown(std::string_view bytes);

/// `bytes` with each maximal ill-formed subpart (Unicode 15 §3.9, "U+FFFD Substitution of
/// Maximal Subparts": the longest prefix of a well-formed sequence, or one byte) replaced
/// by U+FFFD. Python's bytes.decode('utf-8', 'replace') and nlohmann's
/// error_handler_t::replace do the same, so a truncated "\xe2\x82" is ONE U+FFFD while an
/// overlong "\xc0\xaf" or a surrogate "\xed\xa0\x80" is one U+FFFD per byte (no
/// well-formed sequence starts with C0, or with ED A0).
std::string replaced(std::string_view bytes);

/// Lowercase hex of `bytes`, two digits a byte, no separators (as fingerprints are written).
std::string hex(std::string_view bytes);

/// Makes every string in `j` well-formed UTF-8 without losing bytes. A string that is not
/// valid becomes replaced(string); its original bytes go into a sibling member: for member
/// KEY a string, KEY_bytes = hex(original); for member KEY an array, KEY_bytes is an array
/// of the same length with hex(original) for each invalid string entry and null for the
/// others (nested arrays nest the same way; objects in arrays carry their own _bytes
/// members). Valid strings are untouched and no _bytes member appears for them. A
/// KEY_bytes member already present is replaced. An invalid object key becomes
/// replaced(key) (keys are the tool's own ASCII; this only guards the dump). A string
/// that is not inside an object (the top-level value, or an array at top level) is
/// replaced with nowhere to keep its bytes.
void make_json_safe(nlohmann::json& j);

/// make_json_safe(j), then j.dump(2) + "\n" with DEL, C1 controls, U+2028/U+2029 and bidi
/// controls written as \uNNNN escapes (same strings when parsed, safe to print). Never
/// throws nlohmann's type_error.316 (invalid UTF-8).
std::string dump_json(nlohmann::json j);
/// As dump_json, on one line (JSON Lines: `probe --format json`).
std::string dump_json_line(nlohmann::json j);

}  // namespace trustready::report
