// Targets as `trustready probe` reads them. Expected defaults are curl's (its URL syntax
// page, everything.curl.dev "URLs/Scheme": smtp 25, smtps 465, https 443, http 80), IPv6
// literals in brackets per RFC 3986 3.2.2, and --connect-to as curl's manual states it:
// "HOST1:PORT1:HOST2:PORT2 ... requests to HOST1:PORT1 ... connect to HOST2:PORT2 instead.
// ... If HOST1 is empty, it matches any host ... PORT1 empty ... any port ... If HOST2 is
// empty ... the original host ... PORT2 empty ... the original port".
#include <gtest/gtest.h>

#include <string>

#include "probe/target.h"

namespace trustready::probe {
namespace {

Target parsed(const std::string& text) {
  auto t = parse_target(text);
  EXPECT_TRUE(t) << text << ": " << t.error();
  return t ? *t : Target{};
}

std::string error_of(const std::string& text) {
  auto t = parse_target(text);
  EXPECT_FALSE(t) << text << " parsed";
  return t ? std::string() : t.error();
}

TEST(ProbeTarget, BareHostIsHttpsOn443) {
  const Target t = parsed("Example.COM");
  EXPECT_EQ(t.protocol, Protocol::Https);
  EXPECT_EQ(t.host, "example.com");
  EXPECT_EQ(t.port, 443);
  EXPECT_EQ(t.path, "/");
  EXPECT_EQ(t.text, "Example.COM");
  EXPECT_FALSE(t.host_is_ip);
}

TEST(ProbeTarget, SchemesAndTheirDefaultPorts) {
  EXPECT_EQ(parsed("https://s3.amazonaws.com").port, 443);
  EXPECT_EQ(parsed("http://example.com").port, 80);
  EXPECT_EQ(parsed("http://example.com").protocol, Protocol::Http);
  EXPECT_EQ(parsed("smtp://mail.example.com").port, 25);
  EXPECT_EQ(parsed("smtp://mail.example.com").protocol, Protocol::Smtp);
  EXPECT_EQ(parsed("smtps://mail.example.com").port, 465);
  EXPECT_EQ(parsed("smtps://mail.example.com").protocol, Protocol::Smtps);
  EXPECT_EQ(parsed("tls://ldap.example.com:636").protocol, Protocol::Tls);
  EXPECT_EQ(parsed("tls://ldap.example.com:636").port, 636);
}

TEST(ProbeTarget, SchemeIsCaseInsensitive) {
  EXPECT_EQ(parsed("HTTPS://example.com").protocol, Protocol::Https);
  EXPECT_EQ(parsed("SmTp://example.com:587").protocol, Protocol::Smtp);
  EXPECT_EQ(parsed("SmTp://example.com:587").port, 587);
}

TEST(ProbeTarget, ToStringIsTheScheme) {
  EXPECT_STREQ(to_string(Protocol::Https), "https");
  EXPECT_STREQ(to_string(Protocol::Smtp), "smtp");
  EXPECT_STREQ(to_string(Protocol::Smtps), "smtps");
  EXPECT_STREQ(to_string(Protocol::Tls), "tls");
  EXPECT_STREQ(to_string(Protocol::Http), "http");
}

TEST(ProbeTarget, PathAndQueryAreKeptFragmentIsNot) {
  EXPECT_EQ(parsed("https://example.com/a/b?x=1#frag").path, "/a/b?x=1");
  EXPECT_EQ(parsed("https://example.com?x=1").path, "/?x=1");
  EXPECT_EQ(parsed("example.com:8443/health").path, "/health");
  EXPECT_EQ(parsed("example.com:8443/health").port, 8443);
}

TEST(ProbeTarget, SchemeInTheQueryIsNoScheme) {
  const Target t = parsed("example.com/login?next=https://other.example/");
  EXPECT_EQ(t.protocol, Protocol::Https);
  EXPECT_EQ(t.host, "example.com");
  EXPECT_EQ(t.path, "/login?next=https://other.example/");
}

TEST(ProbeTarget, NonAsciiPathBytesArePercentEncoded) {
  EXPECT_EQ(parsed("https://example.com/caf\xc3\xa9").path, "/caf%C3%A9");
}

TEST(ProbeTarget, SpacesAndControlsInThePathAreRefused) {
  EXPECT_NE(error_of("https://example.com/a\r\nHost: evil").find("control byte in the path"), std::string::npos);
}

TEST(ProbeTarget, IPv6LiteralsInBrackets) {
  Target t = parsed("[::1]:8443");
  EXPECT_EQ(t.host, "::1");
  EXPECT_EQ(t.port, 8443);
  EXPECT_TRUE(t.host_is_ip);
  t = parsed("https://[2001:DB8::1]/");
  EXPECT_EQ(t.host, "2001:db8::1");
  EXPECT_EQ(t.port, 443);
  EXPECT_TRUE(parsed("127.0.0.1:443").host_is_ip);
}

TEST(ProbeTarget, UnterminatedBracketIsAnError) {
  EXPECT_EQ(error_of("[::1"), "'[::1': unterminated '[' (an IPv6 address is written [::1])");
  EXPECT_NE(error_of("https://[::1:443").find("unterminated '['"), std::string::npos);
}

TEST(ProbeTarget, BareIPv6WithoutBracketsIsAnError) {
  EXPECT_NE(error_of("::1").find("in brackets"), std::string::npos);
  EXPECT_NE(error_of("[example.com]:443").find("brackets hold an IPv6 address"), std::string::npos);
}

TEST(ProbeTarget, PortsOutOfRange) {
  EXPECT_EQ(error_of("example.com:0"), "'example.com:0': port must be 1-65535");
  EXPECT_EQ(error_of("example.com:65536"), "'example.com:65536': port must be 1-65535");
  EXPECT_EQ(error_of("example.com:99999999999999999999"),
            "'example.com:99999999999999999999': port must be 1-65535");
  EXPECT_EQ(parsed("example.com:65535").port, 65535);
  EXPECT_EQ(parsed("example.com:1").port, 1);
  EXPECT_NE(error_of("example.com:https").find("is not a number"), std::string::npos);
  EXPECT_NE(error_of("example.com:").find("port after ':' is empty"), std::string::npos);
}

TEST(ProbeTarget, TlsNeedsAPort) {
  EXPECT_EQ(error_of("tls://example.com"), "'tls://example.com': tls:// needs a port (tls://host:port)");
}

TEST(ProbeTarget, UnknownSchemeIsNamed) {
  EXPECT_EQ(error_of("ftp://example.com"), "'ftp://example.com': unknown scheme 'ftp' (https, http, smtp, smtps or tls)");
}

TEST(ProbeTarget, UserinfoIsRefused) {
  EXPECT_EQ(error_of("https://alice@example.com/"), "'https://alice@example.com/': userinfo not allowed (no 'user@')");
}

TEST(ProbeTarget, EmptyHostIsRefused) {
  EXPECT_EQ(error_of("https://"), "'https://': empty host");
  EXPECT_EQ(error_of("https://:443/"), "'https://:443/': empty host");
}

TEST(ProbeTarget, SmtpTakesNoPath) {
  EXPECT_NE(error_of("smtp://mail.example.com/x").find("takes no path"), std::string::npos);
  EXPECT_EQ(parsed("smtp://mail.example.com:587/").port, 587);
}

TEST(ProbeTarget, TrailingDotIsDroppedFromTheName) {
  EXPECT_EQ(parsed("example.com.").host, "example.com");
}

TEST(ProbeTarget, HostileBytesAreEscapedInTheError) {
  const std::string e = error_of(std::string("exa\0mple\xff\x1b[2J.com", 17));
  EXPECT_EQ(e.find('\0'), std::string::npos);
  EXPECT_EQ(e.find('\x1b'), std::string::npos);
  EXPECT_NE(e.find("\\x00"), std::string::npos) << e;
  EXPECT_NE(error_of("caf\xc3\xa9.example").find("\\xc3\\xa9"), std::string::npos);
}

TEST(ProbeTarget, AHugeTargetGivesAShortError) {
  const std::string e = error_of(std::string(1 << 20, 'a'));
  EXPECT_LT(e.size(), 300u) << e;
}

TEST(ProbeTargetList, CommentsBlankLinesAndCrlf) {
  auto list = parse_target_list("# endpoints\r\n\r\n  s3.amazonaws.com  \r\nsmtp://mail.example.com:587 # relay\r\n"
                                "\t[::1]:8443\r\nhttps://example.com/#top\n",
                                "targets.txt");
  ASSERT_TRUE(list) << list.error();
  ASSERT_EQ(list->size(), 4u);
  EXPECT_EQ((*list)[0].host, "s3.amazonaws.com");
  EXPECT_EQ((*list)[1].protocol, Protocol::Smtp);
  EXPECT_EQ((*list)[1].port, 587);
  EXPECT_EQ((*list)[2].host, "::1");
  EXPECT_EQ((*list)[3].path, "/");  // "#top" follows no blank: the URL's fragment
}

TEST(ProbeTargetList, ErrorNamesSourceAndLine) {
  auto list = parse_target_list("a.example\n\nx:99999\n", "targets.txt");
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error(), "targets.txt line 3: 'x:99999': port must be 1-65535");
}

TEST(ProbeTargetList, TwoTargetsOnOneLineIsAnError) {
  auto list = parse_target_list("a.example b.example\n", "stdin");
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error(), "stdin line 1: 'a.example b.example': one target per line");
}

TEST(ProbeTargetList, MaxTargets) {
  EXPECT_TRUE(parse_target_list("a.example\nb.example\n", "t", 2));
  auto list = parse_target_list("a.example\nb.example\nc.example\n", "t", 2);
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error(), "t line 3: more than 2 targets");
}

TEST(ProbeTargetList, EmptyAndCommentOnlyListsAreEmpty) {
  auto list = parse_target_list("# nothing\n   \n", "t");
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->empty());
  EXPECT_TRUE(parse_target_list("", "t")->empty());
}

TEST(ProbeTargetList, LeadingBomAndNoFinalNewline) {
  auto list = parse_target_list("\xEF\xBB\xBF" "example.com", "t");
  ASSERT_TRUE(list) << list.error();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].host, "example.com");
}

TEST(ProbeTargetList, NonUtf8LineIsAnError) {
  auto list = parse_target_list("ok.example\n\xc0\xaf\xff.example\n", "t");
  ASSERT_FALSE(list);
  EXPECT_TRUE(list.error().starts_with("t line 2: '\\xc0\\xaf\\xff.example': host")) << list.error();
}

TEST(ProbeConnectTo, CurlsManualExample) {
  // curl's manual: --connect-to example.com:443:example.net:8443
  auto r = parse_connect_to("example.com:443:example.net:8443");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->host, "example.com");
  EXPECT_EQ(r->port, 443);
  EXPECT_EQ(r->to_host, "example.net");
  EXPECT_EQ(r->to_port, 8443);
}

TEST(ProbeConnectTo, EmptyFieldsMatchAnyOrKeepTheOriginal) {
  auto r = parse_connect_to("::127.0.0.1:");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->host, "");
  EXPECT_FALSE(r->port);
  EXPECT_EQ(r->to_host, "127.0.0.1");
  EXPECT_FALSE(r->to_port);
  const Target t = *parse_target("s3.amazonaws.com");
  EXPECT_EQ(connect_address(t, {*r}), (std::pair<std::string, std::uint16_t>{"127.0.0.1", 443}));
}

TEST(ProbeConnectTo, IPv6OnEitherSide) {
  auto r = parse_connect_to("[2001:db8::1]:443:[::1]:8443");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->host, "2001:db8::1");
  EXPECT_EQ(r->to_host, "::1");
  EXPECT_EQ(r->to_port, 8443);
  const Target t = *parse_target("https://[2001:db8::1]/");
  EXPECT_EQ(connect_address(t, {*r}), (std::pair<std::string, std::uint16_t>{"::1", 8443}));
}

TEST(ProbeConnectTo, FirstMatchingRuleWins) {
  const std::vector<ConnectTo> rules = {*parse_connect_to("other.example:443:x.example:1"),
                                        *parse_connect_to("EXAMPLE.com:8443:y.example:2"),
                                        *parse_connect_to("example.com::z.example:3"),
                                        *parse_connect_to("::w.example:4")};
  EXPECT_EQ(connect_address(*parse_target("example.com:8443"), rules).first, "y.example");
  EXPECT_EQ(connect_address(*parse_target("example.com"), rules).first, "z.example");
  EXPECT_EQ(connect_address(*parse_target("unrelated.example"), rules).first, "w.example");
  EXPECT_EQ(connect_address(*parse_target("example.com:8443"), {}),
            (std::pair<std::string, std::uint16_t>{"example.com", 8443}));
}

TEST(ProbeConnectTo, MalformedRules) {
  EXPECT_EQ(parse_connect_to("example.com:443:example.net").error(),
            "--connect-to 'example.com:443:example.net': not HOST1:PORT1:HOST2:PORT2 (fields may be empty)");
  EXPECT_NE(parse_connect_to("a:443:b:0").error().find("port must be 1-65535"), std::string::npos);
  EXPECT_NE(parse_connect_to("a:65536:b:1").error().find("port must be 1-65535"), std::string::npos);
  EXPECT_NE(parse_connect_to("[::1:443:b:1").error().find("unterminated '['"), std::string::npos);
  EXPECT_NE(parse_connect_to("a:1:b:2:3").error().find("not a number"), std::string::npos);
  EXPECT_NE(parse_connect_to("a b:1:c:2").error().find("host 'a b'"), std::string::npos);
}

}  // namespace
}  // namespace trustready::probe
