// Bad input on the command line: an impossible --at date, a --path or --store that does
// not exist, a --host that is no name. Each is a usage error: exit status 2 and one line
// naming the option and the value. Which dates exist is what Python's
// date.fromisoformat and calendar.monthrange say; which addresses are IP literals, what
// Python's ipaddress says; the DNS name limits are RFC 1035 2.3.4's.
#include <gtest/gtest.h>

#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::run;

class InputValidation : public ::testing::Test {
 protected:
  void SetUp() override { TRUSTREADY_REQUIRE_TOOL("python3"); }
  static std::string bin() { return quote(testing::binary()); }
  /// `paths` on a real root against itself: fast, no discovery.
  static testing::CommandResult paths(const std::string& args) {
    const std::string root = quote(testing::real_cert("Amazon_Root_CA_1.pem"));
    return run(bin() + " paths --no-color --no-cross-signs --client ideal " + root + " --store " + root + " " + args);
  }
  static std::string python(const std::string& code, const std::string& arg) {
    const auto r = run("python3 -c " + quote(code) + " " + quote(arg));
    return r.out.substr(0, r.out.find('\n'));
  }
  testing::TempDir dir;
};

TEST_F(InputValidation, AnImpossibleDateIsRefusedAsPythonRefusesItAndARealOneIsTaken) {
  const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                           "July",    "August",   "September", "October", "November", "December"};
  for (const std::string day : {"2034-02-30", "2034-02-29", "2032-02-29", "2100-02-29", "2000-02-29", "2034-04-31",
                                "2034-06-31", "2034-12-31", "2034-01-32", "2026-12-01"}) {
    const std::string exists =
        python("import datetime,sys\ntry: datetime.date.fromisoformat(sys.argv[1]); print('yes')\nexcept ValueError: "
               "print('no')",
               day);
    ASSERT_TRUE(exists == "yes" || exists == "no") << day;
    const auto r = paths("--at " + day);
    if (exists == "yes") {
      EXPECT_NE(r.exit_code, 2) << day << ": " << r.err;
      EXPECT_EQ(r.err, "") << day;
      continue;
    }
    const int year = std::stoi(day.substr(0, 4)), month = std::stoi(day.substr(5, 2));
    const std::string days = python("import calendar,sys\ny,m=map(int,sys.argv[1].split('-')[:2])\n"
                                    "print(calendar.monthrange(y,m)[1])",
                                    day);
    EXPECT_EQ(r.exit_code, 2) << day;
    EXPECT_EQ(r.err, "trustready: --at: invalid time '" + day + "': " + kMonths[month - 1] + " " +
                         std::to_string(year) + " has " + days + " days\n");
  }
  // The issue's own example, through check (refused before any store is read).
  const auto r = run(bin() + " check --root " + quote(dir.path()) + " --at 2034-02-30");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "trustready: --at: invalid time '2034-02-30': February 2034 has 28 days\n");
  EXPECT_EQ(r.out, "");
}

// A --path or --store that does not exist is a usage error, as a missing --root is;
// one that exists is read (and judged) as before.
TEST_F(InputValidation, APathOrStoreThatDoesNotExistIsAUsageErrorLikeAMissingRoot) {
  const std::string missing = dir / "nonexistent";
  ASSERT_NE(run("test -e " + quote(missing)).exit_code, 0);
  const auto root = run(bin() + " check --root " + quote(missing));
  EXPECT_EQ(root.exit_code, 2);
  EXPECT_EQ(root.err, "trustready: --root " + missing + ": No such file or directory\n");
  for (const std::string command : {"check", "stores"}) {
    for (const std::string flag : {"--path", "--store"}) {
      const auto r = run(bin() + " " + command + " " + flag + " " + quote(missing));
      EXPECT_EQ(r.exit_code, 2) << command << " " << flag << r.out;
      EXPECT_EQ(r.err, "trustready: " + flag + " " + missing + ": No such file or directory\n") << command;
      EXPECT_EQ(r.out, "") << command;
    }
  }
  // Under --root the path is inside the tree, and the message says so.
  testing::make_dirs(dir / "image/etc");
  const auto inside = run(bin() + " stores --root " + quote(dir / "image") + " --store /etc/missing.pem");
  EXPECT_EQ(inside.exit_code, 2);
  EXPECT_EQ(inside.err, "trustready: --store /etc/missing.pem: No such file or directory (inside " + dir / "image" + ")\n");
  // A file that is there is no usage error, whatever it holds.
  testing::write_file(dir / "image/etc/bundle.pem", testing::read_file(testing::real_cert("Amazon_Root_CA_1.pem")));
  const auto present = run(bin() + " stores --root " + quote(dir / "image") + " --store /etc/bundle.pem --system-only");
  EXPECT_NE(present.exit_code, 2) << present.err;
}

TEST_F(InputValidation, AHostThatIsNoDnsNameOrAddressIsRefusedInOneLine) {
  const std::string why_char = " (a DNS name has letters, digits, '-' and '_'; an IDN is given as its xn-- form)";
  const std::string long_label(64, 'a');
  std::string long_name;
  for (int i = 0; i < 4; ++i) long_name += std::string(63, 'b') + ".";  // 256 characters with the dots
  long_name += "c";
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"a b", "a space at position 2" + why_char},
      {"", "empty"},
      {"a..b", "an empty label at position 3"},
      {".example.test", "an empty label at position 1"},
      {".", "no label before the trailing dot"},
      {"example.test..", "an empty label at position 14"},
      {"*.example.test", "'*' at position 1" + why_char},
      {"[::1]", "'[' at position 1" + why_char},
      {long_label + ".test", "a label longer than 63 characters (RFC 1035 2.3.4)"},
      {long_name, "longer than 253 characters (RFC 1035 2.3.4)"},
      {"1.2.3.256", "not an IP address, and a DNS name's last label is not all digits (RFC 3696 2)"},
  };
  for (const auto& [host, why] : refused) {
    // Python's ipaddress agrees none of these is an address.
    EXPECT_EQ(python("import ipaddress,sys\ntry: ipaddress.ip_address(sys.argv[1]); print('ip')\n"
                     "except ValueError: print('no')",
                     host),
              "no")
        << host;
    const auto r = paths("--host " + quote(host));
    EXPECT_EQ(r.exit_code, 2) << host;
    EXPECT_EQ(r.err, "trustready: --host '" + host + "': " + why + "\n");
    EXPECT_EQ(r.out, "") << host;
  }
  // Names and addresses a client connects to: judged (exit 0 or 1), never refused. The
  // trailing dot of a fully qualified name is kept valid.
  for (const std::string host : {"example.test", "example.test.", "_acme-challenge.example.test", "xn--bcher-kva.de",
                                 "10.0.0.1", "::1", "2001:db8::1", "localhost"}) {
    const auto r = paths("--host " + quote(host));
    EXPECT_NE(r.exit_code, 2) << host << ": " << r.err;
    EXPECT_EQ(r.err, "") << host;
  }
  EXPECT_EQ(python("import ipaddress,sys\nprint(ipaddress.ip_address(sys.argv[1]).version)", "2001:db8::1"), "6");
}

}  // namespace
}  // namespace trustready
