#include "judge/sdk_judge.h"

namespace trustready::judge {
namespace {

/// SDKs whose every release postdates every cutoff of a migration (first releases:
/// aws-cli v2 2020-02, the JavaScript SDK v3 2020-12), or that take their trust elsewhere.
std::optional<std::string> judged_elsewhere(const software::InstalledSdk& sdk) {
  if (sdk.name == "aws-cli" && software::compare_versions(sdk.version, "2") >= 0)
    return std::string("aws-cli v2 was first released in 2020, after every cutoff");
  if (sdk.name == "@aws-sdk (v3)") return std::string("the JavaScript SDK v3 was first released in 2020, after every cutoff");
  if (sdk.name == "boto3") return std::string("boto3 takes its trust from botocore and certifi, judged on their own");
  return std::nullopt;
}

}  // namespace

SdkJudgement judge_sdk(const software::InstalledSdk& sdk, const catalog::Migration& m) {
  SdkJudgement j;
  j.sdk = sdk;
  if (auto why = judged_elsewhere(sdk)) {
    j.verdict = Verdict::Ready;
    j.reason = *why;
    return j;
  }
  const catalog::SdkCutoff* failed = nullptr;
  bool known = false;
  for (const auto& cutoff : m.sdk_cutoffs) {
    auto it = cutoff.fixed_in.find(sdk.name);
    if (it == cutoff.fixed_in.end()) continue;
    known = true;
    if (software::compare_versions(sdk.version, it->second) >= 0) continue;
    if (!failed || software::compare_versions(it->second, j.upgrade_to) > 0) {
      failed = &cutoff;
      j.upgrade_to = it->second;
    }
  }
  if (failed) {
    j.verdict = Verdict::Broken;
    j.reason = sdk.name + " " + sdk.version + " predates " + format_date(failed->released_before) + " (" +
               failed->sdk + " released before then must be upgraded): upgrade to " + j.upgrade_to +
               " or later";
  } else if (known) {
    j.verdict = Verdict::Ready;
    j.reason = sdk.name + " " + sdk.version + " is not older than any cutoff of " + m.id;
  } else {
    j.reason = "the catalog knows no version of " + sdk.name + " for " + m.id +
               "'s cutoffs; the trust store it uses is judged on its own";
  }
  return j;
}

}  // namespace trustready::judge
