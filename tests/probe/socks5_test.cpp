// SOCKS5's bytes as RFC 1928 (sections 3, 4, 5, 6) and RFC 1929 (section 2) lay them out.
#include <gtest/gtest.h>

#include "probe/socks5.h"

namespace trustready::probe {
namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string out;
  for (int c : b) out += static_cast<char>(c);
  return out;
}

TEST(ProbeSocks5, RequestsAreLaidOutAsTheRfcsSay) {
  EXPECT_EQ(socks5_greeting(false), bytes({5, 1, 0}));        // VER, NMETHODS, NO AUTHENTICATION
  EXPECT_EQ(socks5_greeting(true), bytes({5, 2, 0, 2}));      // ... and USERNAME/PASSWORD
  EXPECT_EQ(socks5_login("ab", "xyz"), bytes({1, 2, 'a', 'b', 3, 'x', 'y', 'z'}));
  EXPECT_EQ(socks5_connect("10.1.2.3", 443), bytes({5, 1, 0, 1, 10, 1, 2, 3, 1, 187}));
  EXPECT_EQ(socks5_connect("::1", 25), bytes({5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 25}));
  EXPECT_EQ(socks5_connect("a.io", 587), bytes({5, 1, 0, 3, 4, 'a', '.', 'i', 'o', 2, 75}));
}

TEST(ProbeSocks5, RepliesAreReadToTheirEndAndNoFurther) {
  Socks5Reader method(Socks5Reader::Expect::Method);
  EXPECT_EQ(method.feed(bytes({5, 2, 0x16})), 2u);  // the byte after it is not the reply's
  EXPECT_TRUE(method.done());
  EXPECT_EQ(method.code(), 2);
  const std::string domain_reply = bytes({5, 0, 0, 3, 3, 'a', '.', 'b', 1, 187});
  Socks5Reader whole(Socks5Reader::Expect::Connect), by_byte(Socks5Reader::Expect::Connect);
  EXPECT_EQ(whole.feed(domain_reply + "TLS"), domain_reply.size());
  for (char c : domain_reply) by_byte.feed(std::string(1, c));
  EXPECT_TRUE(whole.done());
  EXPECT_TRUE(by_byte.done());
  EXPECT_EQ(whole.code(), 0);
  Socks5Reader refused(Socks5Reader::Expect::Connect);
  refused.feed(bytes({5, 5, 0, 1, 0, 0, 0, 0, 0, 0}));
  EXPECT_TRUE(refused.done());
  EXPECT_EQ(socks5_reply_words(refused.code()), "connection refused");
}

TEST(ProbeSocks5, ANonSocksReplyOrAnUnknownAddressTypeFails) {
  Socks5Reader http(Socks5Reader::Expect::Method);
  http.feed("HTTP/1.1 400 Bad Request\r\n");
  EXPECT_TRUE(http.failed());
  EXPECT_NE(http.error().find("not a SOCKS5 reply"), std::string::npos);
  Socks5Reader odd(Socks5Reader::Expect::Connect);
  odd.feed(bytes({5, 0, 0, 9, 1, 2, 3}));
  EXPECT_TRUE(odd.failed());
  Socks5Reader login(Socks5Reader::Expect::Login);
  login.feed(bytes({1, 1}));
  EXPECT_TRUE(login.done());
  EXPECT_EQ(login.code(), 1);
}

}  // namespace
}  // namespace trustready::probe
