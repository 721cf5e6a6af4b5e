// The escaping policy for bytes from outside (report/escape.h). Expected values come from
// outside the code: the UTF-8 grammar of RFC 3629 / Unicode Table 3-7 and Markus Kuhn's
// "UTF-8 decoder capability and stress test" cases written out by hand, and Python's own
// UTF-8 decoder (bytes.decode with 'strict', 'replace', 'backslashreplace'), Python's
// Unicode database (unicodedata) and Python's json module, run as a separate process.
#include "report/escape.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using report::dump_json;
using report::is_valid_utf8;
using report::make_json_safe;
using report::replaced;
using report::shown;

const std::string kReplacement = "\xef\xbf\xbd";  // U+FFFD

std::string from_hex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}

/// UTF-8 of a scalar value by RFC 3629's bit layout (inputs for the exhaustive test).
std::string encode(char32_t c) {
  std::string out;
  auto put = [&](unsigned v) { out += static_cast<char>(v); };
  if (c < 0x80) {
    put(c);
  } else if (c < 0x800) {
    put(0xC0 | (c >> 6)), put(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    put(0xE0 | (c >> 12)), put(0x80 | ((c >> 6) & 0x3F)), put(0x80 | (c & 0x3F));
  } else {
    put(0xF0 | (c >> 18)), put(0x80 | ((c >> 12) & 0x3F)), put(0x80 | ((c >> 6) & 0x3F)), put(0x80 | (c & 0x3F));
  }
  return out;
}

/// Hostile and ordinary byte strings, as hex: Kuhn's sections 2-5 (boundaries, stray
/// continuations, truncations, impossible bytes, overlongs, surrogates), above U+10FFFF,
/// Latin-1 and CP1252 names, terminal escapes, C1, bidi controls, and valid text.
const std::vector<std::string> kCases = {
    "c0af", "e080af", "f08080af", "f8808080af", "fc80808080af",  // overlong "/"
    "c1bf", "e09fbf", "f08fbfbf", "c080", "e08080",              // largest overlongs, overlong NUL
    "eda080", "edbfbf", "eda080edb080", "edafbfedbfbf",          // surrogates, surrogate pairs
    "f4908080", "f7bfbfbf", "f5", "fe", "ff", "fefeffff",        // above U+10FFFF, impossible bytes
    "80", "bf", "80bf80bf", "c020", "e02020", "e282", "e28241", "f09f98", "f09f9841", "c3",
    "612fc3", "e228a1", "f0288cbc", "caf9e9", "636166e9", "2f6574632f73736c2fff2e70656d", "93636572749400",
    "1b5b324a1b5d303b706f776e656407", "0a4f4b0d09", "7f00", "c29bc285c280c29f", "e280ae7478742e657865",
    "e281a6e281a7e281a8e281a9", "e280a8e280a9", "5c7831625c", "c3a9e4b8ad", "f09d849e", "f48fbfbf",
    "ed9fbf", "ee8080", "efbfbd", "efbfbe", "636c65616e",
};

testing::CommandResult python(const std::string& script, const std::vector<std::string>& args) {
  std::string command = "python3 -c " + testing::quote(script);
  for (const auto& a : args) command.append(" ").append(testing::quote(a));  // not " " + …: GCC 12 PR 105329
  return testing::run(command);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// --- shown(): text for people --------------------------------------------------------

TEST(EscapeShown, ValidUtf8PassesThroughUntouched) {
  for (const std::string s : {"caf\xc3\xa9", "\xe4\xb8\xad\xe6\x96\x87", "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1",
                              "\xf0\x9d\x84\x9e", "\xf4\x8f\xbf\xbf", "\xef\xbf\xbd", "\xc2\xa0nbsp", "/etc/ssl/certs",
                              "CN=Amazon Root CA 1,O=Amazon,C=US"})
    EXPECT_EQ(shown(s), s);
}

TEST(EscapeShown, EscapeSequenceInACertificateNameIsShownNotObeyed) {
  EXPECT_EQ(shown("CN=evil\x1b[2J\x1b]0;pwned\x07"), "CN=evil\\x1b[2J\\x1b]0;pwned\\x07");
}

TEST(EscapeShown, NewlineInAFileNameCannotForgeASecondReportLine) {
  EXPECT_EQ(shown("a.pem\n  ready   /etc/ssl/ok.pem\r\t"), "a.pem\\n  ready   /etc/ssl/ok.pem\\r\\t");
}

TEST(EscapeShown, NulAndDelInAnOsReleaseValueAreShownAsHex) {
  EXPECT_EQ(shown(std::string("Debian\0\x7f\x01\x1f", 10)), "Debian\\x00\\x7f\\x01\\x1f");
}

TEST(EscapeShown, EightBitCsiInASubjectIsShownAsItsCodePoint) {
  // U+009B CSI, U+0085 NEL and the ends of C1; U+00A0 (no control) passes.
  EXPECT_EQ(shown("\xc2\x9b" "2J \xc2\x85 \xc2\x80\xc2\x9f\xc2\xa0"), "\\u009b2J \\u0085 \\u0080\\u009f\xc2\xa0");
}

TEST(EscapeShown, BidiOverrideInAHostNameCannotReorderTheLine) {
  EXPECT_EQ(shown("evil\xe2\x80\xae" "moc.elgoog"), "evil\\u202emoc.elgoog");
  EXPECT_EQ(shown("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"), "\\u202a\\u202b\\u202c\\u202d");
  EXPECT_EQ(shown("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9"), "\\u2066\\u2067\\u2068\\u2069");
  EXPECT_EQ(shown("a\xe2\x80\xa8" "b\xe2\x80\xa9"), "a\\u2028b\\u2029");
  // Neighbours that are no controls: U+2027, U+202F, U+2065 and U+206A pass.
  for (const std::string s : {"\xe2\x80\xa7", "\xe2\x80\xaf", "\xe2\x81\xa5", "\xe2\x81\xaa"}) EXPECT_EQ(shown(s), s);
}

TEST(EscapeShown, BackslashIsPrintedAsItIs) { EXPECT_EQ(shown("C:\\certs\\x41.pem"), "C:\\certs\\x41.pem"); }

TEST(EscapeShown, KuhnMalformedSequencesAreShownByteByByte) {
  EXPECT_EQ(shown("\xc0\xaf"), "\\xc0\\xaf");                // overlong "/"
  EXPECT_EQ(shown("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");       // overlong "/", 3 bytes
  EXPECT_EQ(shown("\xed\xa0\x80"), "\\xed\\xa0\\x80");       // surrogate U+D800
  EXPECT_EQ(shown("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // U+110000
  EXPECT_EQ(shown("\x80"), "\\x80");                         // lone continuation
  EXPECT_EQ(shown("\xe2\x82"), "\\xe2\\x82");                // truncated U+20AC
  EXPECT_EQ(shown("\xfe\xff"), "\\xfe\\xff");                // impossible bytes
  EXPECT_EQ(shown("caf\xe9"), "caf\\xe9");                   // Latin-1 file name
}

TEST(EscapeShown, DecodingResumesAtTheByteAfterAnInvalidOne) {
  EXPECT_EQ(shown("\xe2\x82" "A"), "\\xe2\\x82A");
  EXPECT_EQ(shown("\xe2\xe2\x82\xac"), "\\xe2\xe2\x82\xac");     // then a whole euro sign
  EXPECT_EQ(shown("\xc3" "\xc3\xa9"), "\\xc3\xc3\xa9");
  EXPECT_EQ(shown("\xed\xa0\x80" "\xed\x9f\xbf"), "\\xed\\xa0\\x80\xed\x9f\xbf");  // U+D7FF is fine
}

TEST(EscapeShown, ShownOfRandomBytesIsValidUtf8WithoutRawControls) {
  std::mt19937 random(20240601);
  for (int n = 0; n < 20000; ++n) {
    std::string bytes(random() % 24, '\0');
    for (auto& b : bytes) b = static_cast<char>(random() % 4 == 0 ? 0x80 + random() % 0x40 : random() % 256);
    const std::string out = shown(bytes);
    ASSERT_TRUE(is_valid_utf8(out)) << report::hex(bytes);
    for (const char c : out) ASSERT_TRUE(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) << report::hex(bytes);
    ASSERT_EQ(out.find("\xc2\x9b"), std::string::npos) << report::hex(bytes);
  }
}

// --- is_valid_utf8(): RFC 3629 -------------------------------------------------------

TEST(EscapeUtf8Validity, KuhnBoundaryCharactersAreValid) {
  for (const auto& s : {std::string(1, '\0'), std::string("\x7f"), std::string("\xc2\x80"), std::string("\xdf\xbf"),
                              std::string("\xe0\xa0\x80"), std::string("\xef\xbf\xbf"), std::string("\xf0\x90\x80\x80"),
                              std::string("\xf4\x8f\xbf\xbf"), std::string("\xed\x9f\xbf"), std::string("\xee\x80\x80"),
                              std::string("\xef\xbf\xbd"), std::string()})
    EXPECT_TRUE(is_valid_utf8(s)) << report::hex(s);
}

TEST(EscapeUtf8Validity, OverlongsSurrogatesAndCodePointsAboveU10FFFFAreInvalid) {
  for (const std::string s : {"\xc0\xaf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xc1\xbf", "\xe0\x9f\xbf", "\xf0\x8f\xbf\xbf",
                              "\xc0\x80", "\xed\xa0\x80", "\xed\xbf\xbf", "\xed\xa0\x80\xed\xb0\x80", "\xf4\x90\x80\x80",
                              "\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80", "\xfe", "\xff"})
    EXPECT_FALSE(is_valid_utf8(s)) << report::hex(s);
}

TEST(EscapeUtf8Validity, TruncatedSequencesAndStrayContinuationBytesAreInvalid) {
  for (const std::string s : {"\x80", "\xbf", "a\x80z", "\xe2\x82", "\xe2\x82" "A", "\xc3", "\xf0\x9f\x98", "\xc3 "})
    EXPECT_FALSE(is_valid_utf8(s)) << report::hex(s);
}

// --- make_json_safe() / dump_json(): JSON ----------------------------------------------

TEST(EscapeJson, FileNameWithByteFFDumpsAsJsonWithTheRawBytesBeside) {
  const json j = json::parse(dump_json({{"path", "/etc/ssl/\xff.pem"}}));
  EXPECT_EQ(j["path"], "/etc/ssl/" + kReplacement + ".pem");
  EXPECT_EQ(j["path_bytes"], "2f6574632f73736c2fff2e70656d");  // "/etc/ssl/" 0xff ".pem" by the ASCII table
}

TEST(EscapeJson, ValidStringsGetNoBytesMember) {
  json j = {{"name", "caf\xc3\xa9"}, {"list", {"a", "\xe4\xb8\xad"}}, {"inner", {{"x", "\x1b[0m"}}}, {"n", 3}};
  const json before = j;
  make_json_safe(j);
  EXPECT_EQ(j, before);
}

TEST(EscapeJson, ArrayOfNamesGetsABytesArrayOfTheSameLengthWithNullForValidNames) {
  json j = {{"files", {"ok.pem", "bad\xc0\xaf.pem", "\xe4\xb8\xad.pem"}}};
  make_json_safe(j);
  EXPECT_EQ(j["files"], json({"ok.pem", "bad" + kReplacement + kReplacement + ".pem", "\xe4\xb8\xad.pem"}));
  EXPECT_EQ(j["files_bytes"], json({nullptr, "626164c0af2e70656d", nullptr}));
}

TEST(EscapeJson, NestedObjectsGetTheirOwnBytesMembers) {
  json j = {{"stores", {{{"path", "/x\x80"}, {"count", 2}}, {{"path", "/y"}}}}};
  make_json_safe(j);
  EXPECT_EQ(j["stores"][0]["path"], "/x" + kReplacement);
  EXPECT_EQ(j["stores"][0]["path_bytes"], "2f7880");
  EXPECT_FALSE(j["stores"][1].contains("path_bytes"));
  EXPECT_FALSE(j.contains("stores_bytes"));  // the objects hold their own
}

TEST(EscapeJson, InvalidObjectKeyIsReplacedInsteadOfThrowing) {
  json j = {{"k\xff", "v\xfe"}};
  make_json_safe(j);
  EXPECT_EQ(j, json({{"k" + kReplacement, "v" + kReplacement}, {"k" + kReplacement + "_bytes", "76fe"}}));
}

TEST(EscapeJson, NlohmannDumpAbortsOnAnInvalidSubjectButDumpJsonDoesNot) {
  const json j = {{"subject", "CN=\xed\xa0\x80"}};
  EXPECT_THROW((void)j.dump(2), json::type_error);  // type_error.316: what made the CLI exit 134
  EXPECT_NO_THROW((void)dump_json(j));
}

TEST(EscapeJson, TruncatedSequenceIsOneReplacementCharacterPerMaximalSubpart) {
  EXPECT_EQ(replaced("\xe2\x82"), kReplacement);  // E2 82 starts a valid sequence: one subpart
  EXPECT_EQ(replaced("\xe2\x82" "A"), kReplacement + "A");
  EXPECT_EQ(replaced("\xf0\x9f\x98"), kReplacement);
  EXPECT_EQ(replaced("\xc0\xaf"), kReplacement + kReplacement);  // C0 starts none
  EXPECT_EQ(replaced("\xed\xa0\x80"), kReplacement + kReplacement + kReplacement);  // nor ED A0
  EXPECT_EQ(replaced("\xf4\x90\x80\x80"), kReplacement + kReplacement + kReplacement + kReplacement);
}

TEST(EscapeJson, TerminalControlsInJsonAreEscapedYetParseBackTheSame) {
  const std::string hostile = "\xc2\x9b" "2J\x7f\xe2\x80\xae\xe2\x81\xa6\xe2\x80\xa8\x1b";
  const std::string out = dump_json({{"cn", hostile}});
  EXPECT_NE(out.find(R"("\u009b2J\u007f\u202e\u2066\u2028\u001b")"), std::string::npos) << out;
  EXPECT_EQ(json::parse(out)["cn"], hostile);
  std::string lines_only = out;
  std::erase(lines_only, '\n');
  EXPECT_EQ(shown(lines_only), lines_only) << "no control is left raw but the line ends";
}

TEST(EscapeJson, DumpJsonIsIndentedByTwoAndEndsWithANewline) {
  EXPECT_EQ(dump_json({{"a", {1}}}), "{\n  \"a\": [\n    1\n  ]\n}\n");
}

TEST(EscapeJson, NlohmannParsesEveryDumpJsonOutput) {
  for (const auto& h : kCases) {
    const std::string s = from_hex(h);
    json j = {{"k", s}, {"a", {s, "x"}}, {"o", {{s, {s}}}}};
    json parsed;
    ASSERT_NO_THROW(parsed = json::parse(dump_json(j))) << h;
    EXPECT_EQ(parsed["k"], replaced(s)) << h;
    EXPECT_EQ(parsed.contains("k_bytes"), !is_valid_utf8(s)) << h;
  }
}

// --- against Python's decoder, Unicode database and json module ----------------------------

TEST(EscapeAgainstPython, ValidityMatchesPythonsStrictDecoder) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  const auto r = python(R"(
import sys
for h in sys.argv[1:]:
    try:
        bytes.fromhex(h).decode('utf-8')
        print('valid')
    except UnicodeDecodeError:
        print('invalid')
)", kCases);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto expected = lines(r.out);
  ASSERT_EQ(expected.size(), kCases.size());
  for (std::size_t i = 0; i < kCases.size(); ++i)
    EXPECT_EQ(is_valid_utf8(from_hex(kCases[i])) ? "valid" : "invalid", expected[i]) << kCases[i];
}

// Python's 'replace' is U+FFFD per maximal subpart (it groups a truncated E2 82 into one):
// the JSON replacement follows that same Unicode practice, so Python is the oracle as is.
TEST(EscapeAgainstPython, ReplacementMatchesPythonsDecodeReplace) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  const auto r = python(R"(
import sys
for h in sys.argv[1:]:
    print(bytes.fromhex(h).decode('utf-8', 'replace').encode('utf-8').hex())
)", kCases);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto expected = lines(r.out);
  ASSERT_EQ(expected.size(), kCases.size());
  for (std::size_t i = 0; i < kCases.size(); ++i) {
    json j = {{"k", from_hex(kCases[i])}};
    make_json_safe(j);
    EXPECT_EQ(report::hex(j["k"].get<std::string>()), expected[i]) << kCases[i];
  }
}

// Python's 'backslashreplace' writes each byte of an ill-formed subpart as \xNN; which code
// points are controls comes from the Unicode database: general category Cc, Zl, Zp, or
// bidi class LRE, RLE, LRO, RLO, PDF, LRI, RLI, FSI, PDI.
const char* const kPythonShown = R"(
import sys, unicodedata as u
BIDI = {'LRE', 'RLE', 'LRO', 'RLO', 'PDF', 'LRI', 'RLI', 'FSI', 'PDI'}
NAMED = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}
def control(c):
    return u.category(c) in ('Cc', 'Zl', 'Zp') or u.bidirectional(c) in BIDI
def show(c):
    if not control(c): return c
    if c in NAMED: return NAMED[c]
    return '\\x%02x' % ord(c) if ord(c) < 0x20 or ord(c) == 0x7f else '\\u%04x' % ord(c)
)";

TEST(EscapeAgainstPython, ShownMatchesPythonsBackslashreplaceAndUnicodeDatabase) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  const auto r = python(std::string(kPythonShown) + R"(
for h in sys.argv[1:]:
    text = bytes.fromhex(h).decode('utf-8', 'backslashreplace')
    print(''.join(show(c) for c in text).encode('utf-8').hex())
)", kCases);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto expected = lines(r.out);
  ASSERT_EQ(expected.size(), kCases.size());
  for (std::size_t i = 0; i < kCases.size(); ++i)
    EXPECT_EQ(shown(from_hex(kCases[i])), from_hex(expected[i])) << kCases[i];
}

TEST(EscapeAgainstPython, EscapedCodePointsAreExactlyTheUnicodeDatabasesControls) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  const auto r = python(std::string(kPythonShown) + R"(
for n in range(0x110000):
    if not 0xd800 <= n <= 0xdfff and control(chr(n)): print('%x' % n)
)", {});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> escaped;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::string s = encode(c);
    ASSERT_TRUE(is_valid_utf8(s)) << std::hex << static_cast<unsigned>(c);
    if (shown(s) == s) continue;
    std::ostringstream code_point;
    code_point << std::hex << static_cast<unsigned>(c);
    escaped.push_back(code_point.str());
  }
  EXPECT_EQ(escaped, lines(r.out));
}

TEST(EscapeAgainstPython, EveryBytesMemberDecodesBackToTheOriginalBytesInPython) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  json j = json::object();
  for (std::size_t i = 0; i < kCases.size(); ++i) {
    j[std::string("c").append(std::to_string(i))] = from_hex(kCases[i]);
    j["list"].push_back(from_hex(kCases[i]));
    j["nested"]["deep"].push_back(json::array({from_hex(kCases[i])}));
  }
  testing::TempDir dir;
  testing::write_file(dir / "report.json", dump_json(j));
  const auto r = python(R"(
import sys, json, unicodedata as u
raw = open(sys.argv[1], 'rb').read().decode('utf-8')  # strict: the file is UTF-8
assert all(c == '\n' or u.category(c) not in ('Cc', 'Zl', 'Zp') for c in raw), 'raw control'
d = json.loads(raw)
for i, h in enumerate(sys.argv[2:]):
    b, k = bytes.fromhex(h), 'c%d' % i
    try:
        b.decode('utf-8')
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert d[k] == b.decode('utf-8', 'replace'), h
    assert d['list'][i] == d[k] and d['nested']['deep'][i] == [d[k]], h
    if valid:
        assert k + '_bytes' not in d and d['list_bytes'][i] is None, h
        assert d['nested']['deep_bytes'][i] is None, h
    else:
        assert bytes.fromhex(d[k + '_bytes']) == b, h
        assert bytes.fromhex(d['list_bytes'][i]) == b, h
        assert bytes.fromhex(d['nested']['deep_bytes'][i][0]) == b, h
assert len(d['list_bytes']) == len(d['list'])
print('ok')
)", [&] {
    std::vector<std::string> args{dir / "report.json"};
    args.insert(args.end(), kCases.begin(), kCases.end());
    return args;
  }());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ok\n") << r.err;
}

}  // namespace
}  // namespace trustready
