// The distribution under a root, from os-release text the tests write themselves: the
// expected family of each ID / ID_LIKE is the distribution's own documented lineage.
#include <gtest/gtest.h>

#include <filesystem>

#include "fs/root_fs.h"
#include "stores/distro.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using stores::DistroFamily;
using stores::parse_os_release;
using testing::TempDir;
using testing::write_file;

stores::Distro detect(const TempDir& root) {
  auto fs = fs::RootFs::open(root.path());
  EXPECT_TRUE(fs) << fs.error();
  return stores::detect_distro(fs.value());
}

TEST(Distro, ReadsQuotedAndUnquotedValues) {
  const auto d = parse_os_release(
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
      "NAME=\"Debian GNU/Linux\"\n"
      "VERSION_ID=\"12\"\n"
      "ID=debian\n");
  EXPECT_EQ(d.id, "debian");
  EXPECT_EQ(d.version_id, "12");
  EXPECT_EQ(d.pretty_name, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(d.family, DistroFamily::Debian);
}

TEST(Distro, ReadsSingleQuotedValues) {
  const auto d = parse_os_release("ID='alpine'\nVERSION_ID='3.19.1'\nPRETTY_NAME='Alpine Linux v3.19'\n");
  EXPECT_EQ(d.id, "alpine");
  EXPECT_EQ(d.version_id, "3.19.1");
  EXPECT_EQ(d.pretty_name, "Alpine Linux v3.19");
  EXPECT_EQ(d.family, DistroFamily::Alpine);
}

TEST(Distro, KnownIdsMapToTheirFamilyWithoutIdLike) {
  struct Case {
    const char* text;
    DistroFamily family;
  };
  const Case cases[] = {
      {"ID=ubuntu\n", DistroFamily::Debian},       {"ID=\"rhel\"\n", DistroFamily::Rhel},
      {"ID=fedora\n", DistroFamily::Rhel},         {"ID=\"centos\"\n", DistroFamily::Rhel},
      {"ID=\"rocky\"\n", DistroFamily::Rhel},      {"ID=\"almalinux\"\n", DistroFamily::Rhel},
      {"ID=\"amzn\"\n", DistroFamily::Rhel},       {"ID=\"ol\"\n", DistroFamily::Rhel},
      {"ID=alpine\n", DistroFamily::Alpine},       {"ID=\"sles\"\n", DistroFamily::Suse},
      {"ID=\"opensuse-leap\"\n", DistroFamily::Suse}, {"ID=\"opensuse-tumbleweed\"\n", DistroFamily::Suse},
      {"ID=arch\n", DistroFamily::Arch},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_os_release(c.text).family, c.family) << c.text;
}

TEST(Distro, UnknownIdFallsBackToIdLike) {
  // Linux Mint: ID=linuxmint, ID_LIKE="ubuntu debian".
  const auto mint = parse_os_release("NAME=\"Linux Mint\"\nID=linuxmint\nID_LIKE=\"ubuntu debian\"\nVERSION_ID=\"21.3\"\n");
  EXPECT_EQ(mint.id, "linuxmint");
  EXPECT_EQ(mint.version_id, "21.3");
  EXPECT_EQ(mint.family, DistroFamily::Debian);

  // Oracle-like rebuilds and Amazon Linux list RHEL relatives.
  EXPECT_EQ(parse_os_release("ID=\"eurolinux\"\nID_LIKE=\"rhel fedora centos\"\n").family, DistroFamily::Rhel);
  // Manjaro: ID_LIKE=arch, unquoted single word.
  EXPECT_EQ(parse_os_release("ID=manjaro\nID_LIKE=arch\n").family, DistroFamily::Arch);
  // SUSE derivatives: the first known word decides.
  EXPECT_EQ(parse_os_release("ID=\"gecko\"\nID_LIKE=\"suse opensuse\"\n").family, DistroFamily::Suse);
}

TEST(Distro, IdLikeSkipsUnknownWordsUntilAKnownOne) {
  const auto d = parse_os_release("ID=elementary\nID_LIKE=\"somethingelse ubuntu\"\n");
  EXPECT_EQ(d.family, DistroFamily::Debian);
}

TEST(Distro, RockyWithIdLikeIsRhel) {
  const auto d = parse_os_release(
      "NAME=\"Rocky Linux\"\nVERSION=\"9.3 (Blue Onyx)\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n"
      "VERSION_ID=\"9.3\"\nPRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n");
  EXPECT_EQ(d.id, "rocky");
  EXPECT_EQ(d.version_id, "9.3");
  EXPECT_EQ(d.pretty_name, "Rocky Linux 9.3 (Blue Onyx)");
  EXPECT_EQ(d.family, DistroFamily::Rhel);
}

TEST(Distro, CommentsAndBlankLinesAreIgnored) {
  const auto d = parse_os_release(
      "# ID=fedora\n"
      "\n"
      "#ID_LIKE=\"rhel\"\n"
      "ID=alpine\n"
      "# VERSION_ID=99\n"
      "VERSION_ID=3.20.0\n");
  EXPECT_EQ(d.id, "alpine");
  EXPECT_EQ(d.version_id, "3.20.0");
  EXPECT_EQ(d.family, DistroFamily::Alpine);
}

TEST(Distro, UnknownIdWithoutIdLikeIsUnknown) {
  const auto d = parse_os_release("ID=gentoo\nVERSION_ID=2.15\n");
  EXPECT_EQ(d.id, "gentoo");
  EXPECT_EQ(d.family, DistroFamily::Unknown);
}

TEST(Distro, EmptyOrGarbageTextIsUnknown) {
  EXPECT_EQ(parse_os_release("").family, DistroFamily::Unknown);
  EXPECT_EQ(parse_os_release("").id, "");
  static const char kBytes[] = "\x7f" "ELF\x02\x01\x01\0\0=\xff\xfe\n=\n\"\n";
  const std::string garbage(kBytes, sizeof kBytes - 1);
  EXPECT_EQ(parse_os_release(garbage).family, DistroFamily::Unknown);
}

TEST(Distro, ValuesKeepTheirEqualsSigns) {
  // Only the first '=' separates the name from the value.
  const auto d = parse_os_release("ID=debian\nPRETTY_NAME=\"a=b\"\n");
  EXPECT_EQ(d.pretty_name, "a=b");
}

TEST(Distro, BackslashEscapesInQuotedValuesAreUndone) {
  // os-release(5): shell special characters inside values are escaped with
  // backslashes, shell style; the value of PRETTY_NAME here is: Acme "Road Runner" 1.0
  const auto d = parse_os_release("ID=acme\nPRETTY_NAME=\"Acme \\\"Road Runner\\\" 1.0\"\n");
  EXPECT_EQ(d.pretty_name, "Acme \"Road Runner\" 1.0");
}

TEST(DistroDetect, ReadsEtcOsReleaseUnderTheRoot) {
  TempDir root;
  write_file(root / "etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n");
  const auto d = detect(root);
  EXPECT_EQ(d.id, "alpine");
  EXPECT_EQ(d.version_id, "3.19.1");
  EXPECT_EQ(d.family, DistroFamily::Alpine);
}

TEST(DistroDetect, FallsBackToUsrLibOsRelease) {
  TempDir root;
  write_file(root / "usr/lib/os-release", "ID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\nVERSION_ID=\"15.5\"\n");
  const auto d = detect(root);
  EXPECT_EQ(d.id, "opensuse-leap");
  EXPECT_EQ(d.version_id, "15.5");
  EXPECT_EQ(d.family, DistroFamily::Suse);
}

TEST(DistroDetect, EtcOsReleaseWinsOverUsrLib) {
  TempDir root;
  write_file(root / "etc/os-release", "ID=arch\n");
  write_file(root / "usr/lib/os-release", "ID=fedora\n");
  EXPECT_EQ(detect(root).family, DistroFamily::Arch);
}

TEST(DistroDetect, FollowsARelativeOsReleaseSymlink) {
  // The systemd layout: /etc/os-release -> ../usr/lib/os-release.
  TempDir root;
  write_file(root / "usr/lib/os-release", "ID=arch\nBUILD_ID=rolling\n");
  std::filesystem::create_directories(root / "etc");
  std::filesystem::create_symlink("../usr/lib/os-release", root / "etc/os-release");
  const auto d = detect(root);
  EXPECT_EQ(d.id, "arch");
  EXPECT_EQ(d.family, DistroFamily::Arch);
}

TEST(DistroDetect, AnAbsoluteOsReleaseSymlinkStaysInsideTheRoot) {
  // An absolute link in a container image means the image's /usr/lib/os-release, not
  // this machine's.
  TempDir root;
  write_file(root / "usr/lib/os-release", "ID=alpine\nVERSION_ID=3.18.4\n");
  std::filesystem::create_directories(root / "etc");
  std::filesystem::create_symlink("/usr/lib/os-release", root / "etc/os-release");
  const auto d = detect(root);
  EXPECT_EQ(d.id, "alpine");
  EXPECT_EQ(d.version_id, "3.18.4");
  EXPECT_EQ(d.family, DistroFamily::Alpine);
}

TEST(DistroDetect, DanglingEtcOsReleaseFallsBackToUsrLib) {
  TempDir root;
  write_file(root / "usr/lib/os-release", "ID=fedora\nVERSION_ID=39\n");
  std::filesystem::create_directories(root / "etc");
  std::filesystem::create_symlink("/nowhere/os-release", root / "etc/os-release");
  const auto d = detect(root);
  EXPECT_EQ(d.id, "fedora");
  EXPECT_EQ(d.family, DistroFamily::Rhel);
}

TEST(DistroDetect, EmptyRootIsUnknown) {
  TempDir root;
  const auto d = detect(root);
  EXPECT_EQ(d.id, "");
  EXPECT_EQ(d.family, DistroFamily::Unknown);
}

TEST(DistroDetect, OsReleaseThatIsADirectoryIsUnknownNotACrash) {
  TempDir root;
  std::filesystem::create_directories(root / "etc/os-release");
  EXPECT_EQ(detect(root).family, DistroFamily::Unknown);
}

}  // namespace
}  // namespace trustready
