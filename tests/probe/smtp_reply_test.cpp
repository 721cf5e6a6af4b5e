// SMTP replies as RFC 5321 4.2 defines them ("NNN-" continues, "NNN " or "NNN" ends a
// reply); the exchanges are the RFC's own examples: RFC 5321 Appendix D.1 and the
// STARTTLS session of RFC 3207 section 5.
#include <gtest/gtest.h>

#include <string>

#include "probe/reader_feeding.h"
#include "probe/smtp_reply.h"

namespace trustready::probe {
namespace {

// RFC 3207 5: the server's reply to EHLO, then "220 Go ahead" and (here) a TLS ServerHello's first bytes.
const std::string kRfc3207Ehlo =
    "250-mail.imc.org offers a warm hug of welcome\r\n"
    "250-8BITMIME\r\n"
    "250-STARTTLS\r\n"
    "250 DSN\r\n";

SmtpReply read_whole(const std::string& bytes, std::size_t* used = nullptr) {
  SmtpReplyReader r = testing::fed_whole<SmtpReplyReader>(bytes, used);
  EXPECT_TRUE(r.done()) << r.error();
  return r.take();
}

TEST(ProbeSmtpReply, Rfc5321GreetingIsOneLine) {
  const SmtpReply reply = read_whole("220 foo.com Simple Mail Transfer Service Ready\r\n");
  EXPECT_EQ(reply.code, 220);
  ASSERT_EQ(reply.lines.size(), 1u);
  EXPECT_EQ(reply.lines[0], "foo.com Simple Mail Transfer Service Ready");
}

TEST(ProbeSmtpReply, Rfc3207EhloOffersStarttls) {
  const SmtpReply reply = read_whole(kRfc3207Ehlo);
  EXPECT_EQ(reply.code, 250);
  EXPECT_EQ(reply.lines.size(), 4u);
  EXPECT_TRUE(reply.has_extension("STARTTLS"));
  EXPECT_TRUE(reply.has_extension("starttls"));
  EXPECT_TRUE(reply.has_extension("DSN"));
  EXPECT_FALSE(reply.has_extension("SIZE"));
  EXPECT_FALSE(reply.has_extension("mail.imc.org"));  // the first line is the domain, no keyword
  EXPECT_EQ(reply.text(), "mail.imc.org offers a warm hug of welcome / 8BITMIME / STARTTLS / DSN");
}

TEST(ProbeSmtpReply, Rfc5321D1EhloKeywordsWithParameters) {
  const SmtpReply reply =
      read_whole("250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE 35882577\r\n250-DSN\r\n250 HELP\r\n");
  EXPECT_TRUE(reply.has_extension("SIZE"));
  EXPECT_TRUE(reply.has_extension("HELP"));
  EXPECT_FALSE(reply.has_extension("SIZ"));
}

TEST(ProbeSmtpReply, StopsRightAfterTheReplySoTlsBytesStayWithTheCaller) {
  const std::string tls = "\x16\x03\x01\x02\x00\x01";
  std::size_t used = 0;
  const SmtpReply reply = read_whole("220 Go ahead\r\n" + tls, &used);
  EXPECT_EQ(used, 14u);
  EXPECT_EQ(reply.lines[0], "Go ahead");
}

TEST(ProbeSmtpReply, AfterDoneConsumesNothingAndTakeResets) {
  SmtpReplyReader r;
  const std::string two = "220 hello\r\n" + kRfc3207Ehlo;
  std::size_t used = r.feed(two);
  EXPECT_EQ(used, 11u);
  EXPECT_EQ(r.feed(std::string_view(two).substr(used)), 0u);
  EXPECT_EQ(r.take().code, 220);
  EXPECT_FALSE(r.done());
  used += r.feed(std::string_view(two).substr(used));
  EXPECT_EQ(used, two.size());
  ASSERT_TRUE(r.done());
  EXPECT_TRUE(r.take().has_extension("STARTTLS"));
}

TEST(ProbeSmtpReply, CodeAloneEndsAReply) {
  const SmtpReply reply = read_whole("250-first\r\n250\r\n");
  EXPECT_EQ(reply.code, 250);
  EXPECT_EQ(reply.lines, (std::vector<std::string>{"first", ""}));
}

TEST(ProbeSmtpReply, BareLfLineEndsAreAccepted) {
  const SmtpReply reply = read_whole("250-a\n250 b\n");
  EXPECT_EQ(reply.lines, (std::vector<std::string>{"a", "b"}));
}

TEST(ProbeSmtpReply, OneByteAtATimeGivesTheSameReply) {
  const std::string bytes = "220-smtp.example.com ESMTP\r\n220-\xff\xfe not UTF-8\r\n220 ready\r\nEXTRA";
  const SmtpReply whole = read_whole(bytes);
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    SmtpReplyReader r;
    EXPECT_EQ(testing::feed_split(r, bytes, split), bytes.size() - 5) << split;
    ASSERT_TRUE(r.done()) << split;
    const SmtpReply got = r.take();
    EXPECT_EQ(got.code, whole.code);
    EXPECT_EQ(got.lines, whole.lines);
  }
  SmtpReplyReader r;
  EXPECT_EQ(testing::feed_bytewise(r, bytes), bytes.size() - 5);
  EXPECT_EQ(r.take().lines, whole.lines);
}

TEST(ProbeSmtpReply, NonUtf8TextIsKeptAsItIs) {
  EXPECT_EQ(read_whole("220 caf\xe9\r\n").lines[0], "caf\xe9");
}

TEST(ProbeSmtpReply, LineWithoutACodeFails) {
  SmtpReplyReader r;
  r.feed("250-ok\r\n250-fine\r\nhello\r\n");
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error(), "line 3 does not start with a 3-digit code");
  EXPECT_EQ(r.feed("250 more\r\n"), 0u);
  EXPECT_FALSE(r.done());
}

TEST(ProbeSmtpReply, HttpServerIsNoSmtpServer) {
  SmtpReplyReader r;
  r.feed("HTTP/1.1 400 Bad Request\r\n");
  EXPECT_EQ(r.error(), "line 1 does not start with a 3-digit code");
}

TEST(ProbeSmtpReply, WrongSeparatorFails) {
  SmtpReplyReader r;
  r.feed("2500 ok\r\n");
  EXPECT_EQ(r.error(), "line 1 has '0' after its code, not ' ' or '-'");
}

TEST(ProbeSmtpReply, DifferentCodesInOneReplyFail) {
  SmtpReplyReader r;
  r.feed("250-a\r\n251 b\r\n");
  EXPECT_EQ(r.error(), "the reply's lines carry different codes (250, 251)");
}

TEST(ProbeSmtpReply, NulByteFails) {
  SmtpReplyReader r;
  r.feed(std::string("250-ok\r\n250 a\0b\r\n", 17));
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error(), "a NUL byte in line 2");
}

TEST(ProbeSmtpReply, EndlessMultiLineReplyStopsAtTheLineLimit) {
  SmtpReplyReader r;
  std::size_t lines = 0;
  while (!r.failed() && lines < 100000) {
    r.feed("250-again\r\n");
    ++lines;
  }
  EXPECT_EQ(r.error(), "more than 512 lines");
  EXPECT_EQ(lines, 513u);
}

TEST(ProbeSmtpReply, EndlessReplyStopsAtTheByteLimit) {
  SmtpReplyReader r(1024, 100000);
  const std::string line = "250-" + std::string(96, 'x') + "\r\n";  // 102 bytes
  std::size_t fed = 0;
  while (!r.failed() && fed < 100) fed += r.feed(line) ? 1 : 0;
  EXPECT_EQ(r.error(), "longer than 1 KiB");
}

TEST(ProbeSmtpReply, OneMegabyteLineFailsWithoutReadingItAll) {
  SmtpReplyReader r;
  const std::string huge = "250 " + std::string(1 << 20, 'a') + "\r\n";
  const std::size_t used = r.feed(huge);
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error(), "longer than 64 KiB");
  EXPECT_LE(used, 64u * 1024 + 1);
}

TEST(ProbeSmtpReply, ReplyOfExactlyTheLimitIsRead) {
  SmtpReplyReader r(16);
  r.feed("250 0123456789\r\n");  // 16 bytes
  EXPECT_TRUE(r.done()) << r.error();
}

TEST(ProbeSmtpReply, TakeAfterFailureResets) {
  SmtpReplyReader r;
  r.feed("junk\r\n");
  ASSERT_TRUE(r.failed());
  (void)r.take();
  EXPECT_FALSE(r.failed());
  r.feed("221 bye\r\n");
  EXPECT_TRUE(r.done());
}

}  // namespace
}  // namespace trustready::probe
