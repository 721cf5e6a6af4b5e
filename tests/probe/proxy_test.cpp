// Proxies as curl reads them. curl's manual, --proxy: "[protocol://]host[:port] ... If the
// port number is not specified, it is assumed at port 1080", user and password percent-decoded.
// --noproxy / NO_PROXY: "Comma-separated list of hosts ... The only wildcard is a single *
// character, which matches all hosts ... local.com would match local.com, local.com:80, and
// www.local.com, but not www.notlocal.com ... IP addresses ... using CIDR notation ...
// "192.168.0.0/16" would match all addresses starting with "192.168"". libcurl-env: https_proxy
// for HTTPS, ALL_PROXY when no protocol-specific one is set. CONNECT per RFC 9110 9.3.6; Basic
// credentials per RFC 7617 2 (its example "Aladdin:open sesame" -> QWxhZGRpbjpvcGVuIHNlc2FtZQ==).
#include <gtest/gtest.h>

#include <string>

#include "probe/proxy.h"

namespace trustready::probe {
namespace {

Proxy parsed(const std::string& url) {
  auto p = parse_proxy(url);
  EXPECT_TRUE(p) << url << ": " << p.error();
  return p ? *p : Proxy{};
}

struct ProxyCase {
  const char* url;
  const char* host;
  std::uint16_t port;
  const char* user;
  const char* password;
  const char* display;
};

TEST(ProbeProxy, UrlsAsCurlReadsThem) {
  const ProxyCase cases[] = {
      // No scheme is http://, no port is 1080.
      {"proxy.example.com", "proxy.example.com", 1080, "", "", "http://proxy.example.com:1080"},
      {"http://alice:s%40cret@Proxy:3128/", "proxy", 3128, "alice", "s@cret", "http://alice:***@proxy:3128"},
      // The last '@' ends the userinfo; the user is percent-decoded too.
      {"HTTP://dom%5Cuser:p@ss@10.0.0.1:8080", "10.0.0.1", 8080, "dom\\user", "p@ss",
       "http://dom%5Cuser:***@10.0.0.1:8080"},
      {"http://[fd00::1]:3128", "fd00::1", 3128, "", "", "http://[fd00::1]:3128"},
      {"http://bob@proxy", "proxy", 1080, "bob", "", "http://bob@proxy:1080"},
  };
  for (const ProxyCase& c : cases) {
    const Proxy p = parsed(c.url);
    EXPECT_EQ(p.host, c.host) << c.url;
    EXPECT_EQ(p.port, c.port) << c.url;
    EXPECT_EQ(p.user, c.user) << c.url;
    EXPECT_EQ(p.password, c.password) << c.url;
    EXPECT_EQ(p.display, c.display) << c.url;
  }
}

TEST(ProbeProxy, SocksAndHttpsProxiesAreRefusedInWords) {
  EXPECT_EQ(parse_proxy("socks5://proxy:1080").error(),
            "proxy 'socks5://proxy:1080': socks5:// proxies are not supported; use an HTTP proxy");
  EXPECT_EQ(parse_proxy("socks5h://proxy").error(),
            "proxy 'socks5h://proxy': socks5h:// proxies are not supported; use an HTTP proxy");
  EXPECT_EQ(parse_proxy("https://proxy:443").error(),
            "proxy 'https://proxy:443': https:// proxies are not supported; use an HTTP proxy");
  EXPECT_NE(parse_proxy("ftp://proxy").error().find("unknown scheme 'ftp'"), std::string::npos);
}

TEST(ProbeProxy, ErrorsNeverShowThePassword) {
  auto p = parse_proxy("http://alice:hunter2@proxy:99999");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error(), "proxy 'http://alice:***@proxy:99999': port must be 1-65535");
  for (const char* url : {"http://bob:hunter2@proxy:80/path", "http://bob:hun/ter2@proxy", "bob:hunter2@proxy:0"}) {
    auto q = parse_proxy(url);
    ASSERT_FALSE(q) << url;
    EXPECT_EQ(q.error().find("hunter2"), std::string::npos) << q.error();
    EXPECT_EQ(q.error().find("ter2"), std::string::npos) << q.error();
  }
}

TEST(ProbeProxy, MalformedProxies) {
  EXPECT_NE(parse_proxy("http://").error().find("empty host"), std::string::npos);
  EXPECT_NE(parse_proxy("http://proxy:0").error().find("port must be 1-65535"), std::string::npos);
  EXPECT_NE(parse_proxy("http://[::1").error().find("unterminated '['"), std::string::npos);
  EXPECT_NE(parse_proxy("http://a:%zz@proxy").error().find("'%' not followed by two hex digits"), std::string::npos);
  EXPECT_NE(parse_proxy("http://a:%4@proxy").error().find("'%' not followed by two hex digits"), std::string::npos);
  EXPECT_NE(parse_proxy("http://proxy/some/path").error().find("no path"), std::string::npos);
}

TEST(ProbeNoProxy, CurlsManualExample) {
  EXPECT_TRUE(bypasses_proxy("local.com", "local.com"));
  EXPECT_TRUE(bypasses_proxy("local.com", "www.local.com"));
  EXPECT_FALSE(bypasses_proxy("local.com", "www.notlocal.com"));
}

TEST(ProbeNoProxy, LeadingDotIsOptional) {
  for (const char* entry : {"example.com", ".example.com"}) {
    EXPECT_TRUE(bypasses_proxy(entry, "a.example.com")) << entry;
    EXPECT_TRUE(bypasses_proxy(entry, "example.com")) << entry;
    EXPECT_FALSE(bypasses_proxy(entry, "badexample.com")) << entry;
  }
}

TEST(ProbeNoProxy, StarAloneMatchesEverything) {
  EXPECT_TRUE(bypasses_proxy("*", "anything.example"));
  EXPECT_TRUE(bypasses_proxy(" * ", "10.1.2.3"));
  EXPECT_FALSE(bypasses_proxy("*.example.com", "a.example.com"));  // curl has no other wildcard
}

TEST(ProbeNoProxy, ListsCaseAndTrailingDots) {
  EXPECT_TRUE(bypasses_proxy("localhost, internal.corp ,Example.COM.", "www.example.com"));
  EXPECT_TRUE(bypasses_proxy("localhost internal.corp", "INTERNAL.corp."));
  EXPECT_FALSE(bypasses_proxy("localhost,internal.corp", "s3.amazonaws.com"));
  EXPECT_FALSE(bypasses_proxy("", "example.com"));
  EXPECT_FALSE(bypasses_proxy(",,,", "example.com"));
}

TEST(ProbeNoProxy, AddressesMatchExactlyOrByCidr) {
  EXPECT_TRUE(bypasses_proxy("192.168.0.0/16", "192.168.7.9"));
  EXPECT_FALSE(bypasses_proxy("192.168.0.0/16", "192.169.0.1"));
  EXPECT_TRUE(bypasses_proxy("10.0.0.0/8", "10.255.0.1"));
  EXPECT_TRUE(bypasses_proxy("172.16.0.0/12", "172.31.255.255"));
  EXPECT_FALSE(bypasses_proxy("172.16.0.0/12", "172.32.0.0"));
  EXPECT_TRUE(bypasses_proxy("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(bypasses_proxy("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(bypasses_proxy("fd00::/8", "fd12:3456::1"));
  EXPECT_FALSE(bypasses_proxy("fd00::/8", "fe80::1"));
  EXPECT_TRUE(bypasses_proxy("[::1]", "::1"));
  EXPECT_TRUE(bypasses_proxy("::1", "[0:0::1]"));
  EXPECT_TRUE(bypasses_proxy("0.0.0.0/0", "8.8.8.8"));
  EXPECT_FALSE(bypasses_proxy("10.0.0.0/33", "10.0.0.1"));   // not a range: matches nothing
  EXPECT_FALSE(bypasses_proxy("10.0.0.0/8", "fd00::1"));     // another family
  EXPECT_FALSE(bypasses_proxy("0.1", "10.0.0.1"));           // a name suffix never matches an address
}

ProxyEnvironment env(std::string https, std::string all, std::string no) {
  return ProxyEnvironment{std::move(https), std::move(all), std::move(no)};
}

std::string chosen_host(const std::string& target, const std::optional<std::string>& explicit_proxy,
                        const ProxyEnvironment& e, const std::optional<std::string>& no_proxy = std::nullopt) {
  auto r = choose_proxy(*parse_target(target), explicit_proxy, e, no_proxy);
  EXPECT_TRUE(r) << r.error();
  return r && *r ? (*r)->host : std::string("none");
}

TEST(ProbeChooseProxy, HttpsProxyForHttpsAllProxyOtherwise) {
  const ProxyEnvironment e = env("https-proxy", "all-proxy", "");
  EXPECT_EQ(chosen_host("https://s3.amazonaws.com", std::nullopt, e), "https-proxy");
  EXPECT_EQ(chosen_host("smtp://mail.example.com:587", std::nullopt, e), "all-proxy");
  EXPECT_EQ(chosen_host("tls://db.example.com:5432", std::nullopt, e), "all-proxy");
  EXPECT_EQ(chosen_host("https://s3.amazonaws.com", std::nullopt, env("", "all-proxy", "")), "all-proxy");
  EXPECT_EQ(chosen_host("https://s3.amazonaws.com", std::nullopt, env("", "", "")), "none");
}

TEST(ProbeChooseProxy, ExplicitProxyWinsAndEmptyMeansNone) {
  const ProxyEnvironment e = env("https-proxy", "all-proxy", "");
  EXPECT_EQ(chosen_host("example.com", std::string("http://cli-proxy:8080"), e), "cli-proxy");
  EXPECT_EQ(chosen_host("example.com", std::string(""), e), "none");
}

TEST(ProbeChooseProxy, NoProxyAndItsOverride) {
  const ProxyEnvironment e = env("https-proxy", "", "internal.corp,10.0.0.0/8");
  EXPECT_EQ(chosen_host("https://api.internal.corp", std::nullopt, e), "none");
  EXPECT_EQ(chosen_host("https://10.1.2.3", std::nullopt, e), "none");
  EXPECT_EQ(chosen_host("https://api.internal.corp", std::nullopt, e, std::string("")), "https-proxy");
  EXPECT_EQ(chosen_host("https://example.com", std::nullopt, e, std::string("*")), "none");
  EXPECT_EQ(chosen_host("https://api.internal.corp", std::string("http://p:1"), e), "none");
}

TEST(ProbeChooseProxy, PlainHttpTargetsUseNone) {
  EXPECT_EQ(chosen_host("http://example.com", std::string("http://p:1"), env("a", "b", "")), "none");
}

TEST(ProbeChooseProxy, ABadProxyNamesWhereItCameFrom) {
  auto r = choose_proxy(*parse_target("example.com"), std::nullopt, env("socks5://p", "", ""), std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "https_proxy: proxy 'socks5://p': socks5:// proxies are not supported; use an HTTP proxy");
}

TEST(ProbeConnectRequest, WithoutCredentials) {
  EXPECT_EQ(connect_request(parsed("proxy:3128"), "s3.amazonaws.com", 443),
            "CONNECT s3.amazonaws.com:443 HTTP/1.1\r\nHost: s3.amazonaws.com:443\r\n\r\n");
}

TEST(ProbeConnectRequest, Rfc7617BasicCredentials) {
  EXPECT_EQ(connect_request(parsed("http://Aladdin:open%20sesame@proxy"), "example.com", 465),
            "CONNECT example.com:465 HTTP/1.1\r\nHost: example.com:465\r\n"
            "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n");
}

TEST(ProbeConnectRequest, IPv6TargetInBrackets) {
  EXPECT_EQ(connect_request(parsed("proxy"), "2001:db8::1", 8443),
            "CONNECT [2001:db8::1]:8443 HTTP/1.1\r\nHost: [2001:db8::1]:8443\r\n\r\n");
}

}  // namespace
}  // namespace trustready::probe
