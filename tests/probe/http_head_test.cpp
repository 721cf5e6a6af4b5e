// HTTP/1.x response heads as RFC 9112 reads them (status-line 4, field lines 5, obs-fold
// 5.2, bare LF 2.2) and RFC 9110 (1xx before the final response 15.2, a repeated field's
// values joined with commas 5.3). The example response is RFC 7230 2.1's; the 407 and its
// Proxy-Authenticate follow RFC 9110 11.7.1 and RFC 7617 2's challenge.
#include <gtest/gtest.h>

#include <string>

#include "probe/http_head.h"
#include "probe/reader_feeding.h"

namespace trustready::probe {
namespace {

// RFC 7230 2.1, the server's response to "GET /hello.txt".
const std::string kRfc7230Response =
    "HTTP/1.1 200 OK\r\n"
    "Date: Mon, 27 Jul 2009 12:28:53 GMT\r\n"
    "Server: Apache\r\n"
    "Last-Modified: Wed, 22 Jul 2009 19:15:56 GMT\r\n"
    "ETag: \"34aa387-d-1568eb00\"\r\n"
    "Accept-Ranges: bytes\r\n"
    "Content-Length: 51\r\n"
    "Vary: Accept-Encoding\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "Hello World! My payload includes a trailing CRLF.\r\n";

HttpHeadReader read(const std::string& bytes, std::size_t* used = nullptr) {
  return testing::fed_whole<HttpHeadReader>(bytes, used);
}

TEST(ProbeHttpHead, Rfc7230ExampleResponse) {
  std::size_t used = 0;
  const HttpHeadReader r = read(kRfc7230Response, &used);
  ASSERT_TRUE(r.done()) << r.error();
  EXPECT_EQ(used, kRfc7230Response.find("Hello"));  // the body stays with the caller
  EXPECT_EQ(r.head().status, 200);
  EXPECT_EQ(r.head().reason, "OK");
  EXPECT_EQ(r.head().headers.size(), 8u);
  EXPECT_EQ(r.head().header("content-length"), "51");
  EXPECT_EQ(r.head().header("ETAG"), "\"34aa387-d-1568eb00\"");
  EXPECT_EQ(r.head().headers[1].first, "Server");
  EXPECT_EQ(r.head().header("X-Absent"), "");
}

TEST(ProbeHttpHead, ConnectEstablishedStopsBeforeTheTunnelsBytes) {
  const std::string reply = "HTTP/1.1 200 Connection established\r\n\r\n";
  std::size_t used = 0;
  const HttpHeadReader r = read(reply + "\x16\x03\x03\x00\x7a\x02", &used);
  ASSERT_TRUE(r.done()) << r.error();
  EXPECT_EQ(used, reply.size());
  EXPECT_EQ(r.head().status, 200);
  EXPECT_EQ(r.head().reason, "Connection established");
  EXPECT_TRUE(r.head().headers.empty());
}

TEST(ProbeHttpHead, ProxyAuthenticationRequired) {
  const HttpHeadReader r = read(
      "HTTP/1.1 407 Proxy Authentication Required\r\n"
      "Proxy-Authenticate: Basic realm=\"WallyWorld\"\r\n"
      "Content-Length: 0\r\n\r\n");
  ASSERT_TRUE(r.done()) << r.error();
  EXPECT_EQ(r.head().status, 407);
  EXPECT_EQ(r.head().header("proxy-authenticate"), "Basic realm=\"WallyWorld\"");
}

TEST(ProbeHttpHead, ValuesAreTrimmedAndRepeatedFieldsJoined) {
  const HttpHeadReader r = read("HTTP/1.0 403 Forbidden\r\nVia:  1.1 a \t\r\nvia: 1.1 b\r\nX-Empty:\r\n\r\n");
  ASSERT_TRUE(r.done()) << r.error();
  EXPECT_EQ(r.head().header("Via"), "1.1 a, 1.1 b");
  EXPECT_EQ(r.head().header("x-empty"), "");
  EXPECT_EQ(r.head().headers[0].second, "1.1 a");
}

TEST(ProbeHttpHead, ObsFoldBecomesASpace) {
  const HttpHeadReader r = read("HTTP/1.1 200 OK\r\nX-Long: first\r\n \t second\r\n\r\n");
  ASSERT_TRUE(r.done()) << r.error();
  EXPECT_EQ(r.head().header("X-Long"), "first second");
}

TEST(ProbeHttpHead, StatusWithoutReason) {
  const HttpHeadReader a = read("HTTP/1.1 200 \r\n\r\n");
  ASSERT_TRUE(a.done()) << a.error();
  EXPECT_EQ(a.head().reason, "");
  const HttpHeadReader b = read("HTTP/1.1 204\r\n\r\n");
  ASSERT_TRUE(b.done()) << b.error();
  EXPECT_EQ(b.head().status, 204);
}

TEST(ProbeHttpHead, BareLfLineEnds) {
  const HttpHeadReader r = read("HTTP/1.1 200 OK\nServer: x\n\nBODY");
  ASSERT_TRUE(r.done()) << r.error();
  EXPECT_EQ(r.head().header("server"), "x");
}

TEST(ProbeHttpHead, InterimResponsesAreSkipped) {
  const HttpHeadReader r = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                                "HTTP/1.1 200 OK\r\nServer: final\r\n\r\n");
  ASSERT_TRUE(r.done()) << r.error();
  EXPECT_EQ(r.head().status, 200);
  EXPECT_EQ(r.head().header("Link"), "");
  EXPECT_EQ(r.head().header("Server"), "final");
}

TEST(ProbeHttpHead, OneByteAtATimeGivesTheSameHead) {
  const std::string bytes = kRfc7230Response;
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    HttpHeadReader r;
    EXPECT_EQ(testing::feed_split(r, bytes, split), bytes.find("Hello")) << split;
    ASSERT_TRUE(r.done()) << split << ": " << r.error();
    EXPECT_EQ(r.head().headers.size(), 8u);
  }
  HttpHeadReader r;
  EXPECT_EQ(testing::feed_bytewise(r, bytes), bytes.find("Hello"));
  EXPECT_EQ(r.head().header("Vary"), "Accept-Encoding");
}

TEST(ProbeHttpHead, TlsServerIsNotAnHttpResponse) {
  // A TLS alert (handshake failure) where a proxy's reply was expected.
  const HttpHeadReader r = read(std::string("\x15\x03\x01\x00\x02\x02\x28", 7));
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error(), "not an HTTP response (starts with '\\x15\\x03\\x01\\x00\\x02\\x02(')");
}

TEST(ProbeHttpHead, NotHttpShowsAtMost40Bytes) {
  const HttpHeadReader r = read("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3 and a lot more text\r\n");
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error(), "not an HTTP response (starts with 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3 a...')");
  HttpHeadReader slow;
  testing::feed_bytewise(slow, "SSH-2.0");
  EXPECT_TRUE(slow.failed());
}

TEST(ProbeHttpHead, MalformedStatusLines) {
  EXPECT_EQ(read("HTTP/1.1 OK\r\n\r\n").error(), "status line 'HTTP/1.1 OK': not 'HTTP/1.x NNN reason'");
  EXPECT_EQ(read("HTTP/2.0 200 OK\r\n\r\n").error(), "status line 'HTTP/2.0 200 OK': not HTTP/1.x");
  EXPECT_EQ(read("HTTP/1.1 2000 OK\r\n\r\n").error(), "status line 'HTTP/1.1 2000 OK': the status code is not 3 digits");
  EXPECT_EQ(read("HTTP/1.1 099 Low\r\n\r\n").error(), "status line 'HTTP/1.1 099 Low': the status code is below 100");
}

TEST(ProbeHttpHead, MalformedFieldLines) {
  EXPECT_EQ(read("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n").error(),
            "header line 2 has no ':' ('no colon here')");
  EXPECT_EQ(read("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n").error(), "header line 2: 'Bad Name' is not a field name");
  EXPECT_EQ(read("HTTP/1.1 200 OK\r\n continued\r\n\r\n").error(),
            "line 2 continues a header, but none came before it");
  EXPECT_EQ(read("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n").error(), "a bare CR in line 2");
}

TEST(ProbeHttpHead, NulByteFails) {
  const HttpHeadReader r = read(std::string("HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", 27));
  EXPECT_EQ(r.error(), "a NUL byte in line 2");
}

TEST(ProbeHttpHead, NonUtf8ValueIsKept) {
  const HttpHeadReader r = read("HTTP/1.1 200 \xc0\xaf\r\nServer: caf\xe9\r\n\r\n");
  ASSERT_TRUE(r.done()) << r.error();
  EXPECT_EQ(r.head().reason, "\xc0\xaf");
  EXPECT_EQ(r.head().header("server"), "caf\xe9");
}

TEST(ProbeHttpHead, EndlessHeadersStopAtTheLimit) {
  HttpHeadReader r;
  r.feed("HTTP/1.1 200 OK\r\n");
  for (int i = 0; i < 10000 && !r.failed(); ++i) r.feed("X-Filler: 0123456789\r\n");
  EXPECT_EQ(r.error(), "longer than 16 KiB");
  EXPECT_EQ(r.feed("\r\n"), 0u);
}

TEST(ProbeHttpHead, OneMegabyteLineFails) {
  std::size_t used = 0;
  const HttpHeadReader r = read("HTTP/1.1 200 " + std::string(1 << 20, 'x') + "\r\n\r\n", &used);
  EXPECT_EQ(r.error(), "longer than 16 KiB");
  EXPECT_LE(used, 16u * 1024 + 1);
}

}  // namespace
}  // namespace trustready::probe
