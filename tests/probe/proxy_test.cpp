// Proxies as curl reads them. curl's manual, --proxy: "[protocol://]host[:port] ... If the
// port number is not specified, it is assumed at port 1080", user and password percent-decoded.
// --noproxy / NO_PROXY: "Comma-separated list of hosts ... The only wildcard is a single *
// character, which matches all hosts ... local.com would match local.com, local.com:80, and
// www.local.com, but not www.notlocal.com ... IP addresses ... using CIDR notation ...
// "192.168.0.0/16" would match all addresses starting with "192.168"". libcurl-env: https_proxy
// for HTTPS, ALL_PROXY when no protocol-specific one is set. CONNECT per RFC 9110 9.3.6; Basic
// credentials per RFC 7617 2 (its example "Aladdin:open sesame" -> QWxhZGRpbjpvcGVuIHNlc2FtZQ==).
#include <gtest/gtest.h>

#include <initializer_list>
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

TEST(ProbeProxyUrl, UrlsAsCurlReadsThem) {
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

// curl's proxy schemes (curl(1) --proxy): socks5:// resolves the destination itself,
// socks5h:// lets the proxy resolve it; SOCKS4 and HTTPS proxies are not supported here.
TEST(ProbeProxyUrl, Socks5ProxiesAreTakenAndSocks4AndHttpsAreRefusedInWords) {
  auto s5 = parse_proxy("socks5://alice:pw@proxy");
  ASSERT_TRUE(s5) << s5.error();
  EXPECT_EQ(s5->kind, ProxyKind::Socks5);
  EXPECT_EQ(s5->port, 1080);
  EXPECT_EQ(s5->display, "socks5://alice:***@proxy:1080");
  auto s5h = parse_proxy("SOCKS5H://proxy:9050");
  ASSERT_TRUE(s5h) << s5h.error();
  EXPECT_EQ(s5h->kind, ProxyKind::Socks5h);
  EXPECT_EQ(parse_proxy("http://proxy:3128")->kind, ProxyKind::Http);
  EXPECT_EQ(parse_proxy("socks4://proxy:1080").error(),
            "proxy 'socks4://proxy:1080': socks4:// proxies are not supported; use an HTTP or SOCKS5 proxy");
  EXPECT_EQ(parse_proxy("https://proxy:443").error(),
            "proxy 'https://proxy:443': https:// proxies are not supported; use an HTTP or SOCKS5 proxy");
  EXPECT_NE(parse_proxy("ftp://proxy").error().find("unknown scheme 'ftp'"), std::string::npos);
}

TEST(ProbeProxyUrl, ErrorsNeverShowThePassword) {
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

TEST(ProbeProxyUrl, MalformedProxies) {
  EXPECT_NE(parse_proxy("http://").error().find("empty host"), std::string::npos);
  EXPECT_NE(parse_proxy("http://proxy:0").error().find("port must be 1-65535"), std::string::npos);
  EXPECT_NE(parse_proxy("http://[::1").error().find("unterminated '['"), std::string::npos);
  EXPECT_NE(parse_proxy("http://a:%zz@proxy").error().find("'%' not followed by two hex digits"), std::string::npos);
  EXPECT_NE(parse_proxy("http://a:%4@proxy").error().find("'%' not followed by two hex digits"), std::string::npos);
  EXPECT_NE(parse_proxy("http://proxy/some/path").error().find("no path"), std::string::npos);
}

struct NoProxyCase {
  const char* no_proxy;
  const char* host;
  bool bypasses;
};

void expect_bypasses(std::initializer_list<NoProxyCase> cases) {
  for (const NoProxyCase& c : cases)
    EXPECT_EQ(bypasses_proxy(c.no_proxy, c.host), c.bypasses) << "NO_PROXY='" << c.no_proxy << "' host " << c.host;
}

TEST(ProbeNoProxy, CurlsManualExample) {
  expect_bypasses({
      {"local.com", "local.com", true},
      {"local.com", "www.local.com", true},
      {"local.com", "www.notlocal.com", false},
  });
}

TEST(ProbeNoProxy, LeadingDotIsOptional) {
  expect_bypasses({
      {"example.com", "a.example.com", true},
      {".example.com", "a.example.com", true},
      {"example.com", "example.com", true},
      {".example.com", "example.com", true},
      {"example.com", "badexample.com", false},
      {".example.com", "badexample.com", false},
  });
}

TEST(ProbeNoProxy, StarAloneMatchesEverything) {
  expect_bypasses({
      {"*", "anything.example", true},
      {" * ", "10.1.2.3", true},
      {"*.example.com", "a.example.com", false},  // curl has no other wildcard
  });
}

TEST(ProbeNoProxy, ListsCaseAndTrailingDots) {
  expect_bypasses({
      {"localhost, internal.corp ,Example.COM.", "www.example.com", true},
      {"localhost internal.corp", "INTERNAL.corp.", true},
      {"localhost,internal.corp", "s3.amazonaws.com", false},
      {"", "example.com", false},
      {",,,", "example.com", false},
  });
}

TEST(ProbeNoProxy, AddressesMatchExactlyOrByCidr) {
  expect_bypasses({
      {"192.168.0.0/16", "192.168.7.9", true},
      {"192.168.0.0/16", "192.169.0.1", false},
      {"10.0.0.0/8", "10.255.0.1", true},
      {"172.16.0.0/12", "172.31.255.255", true},
      {"172.16.0.0/12", "172.32.0.0", false},
      {"127.0.0.1", "127.0.0.1", true},
      {"127.0.0.1", "127.0.0.2", false},
      {"fd00::/8", "fd12:3456::1", true},
      {"fd00::/8", "fe80::1", false},
      {"[::1]", "::1", true},
      {"::1", "[0:0::1]", true},
      {"0.0.0.0/0", "8.8.8.8", true},
      {"10.0.0.0/33", "10.0.0.1", false},  // not a range: matches nothing
      {"10.0.0.0/8", "fd00::1", false},    // another family
      {"0.1", "10.0.0.1", false},          // a name suffix never matches an address
  });
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
  auto r = choose_proxy(*parse_target("example.com"), std::nullopt, env("socks4://p", "", ""), std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "https_proxy: proxy 'socks4://p': socks4:// proxies are not supported; use an HTTP or SOCKS5 proxy");
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
