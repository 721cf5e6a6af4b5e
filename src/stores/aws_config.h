// ~/.aws/config: which profiles name their own CA bundle (ca_bundle = PATH).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace trustready::stores {

struct AwsCaBundle {
  std::string profile;  ///< "default", "prod"
  std::string path;     ///< as written, "~/" expanded against `home` when there is one
  int line = 0;
};

/// Parses the INI dialect the AWS CLI reads (configparser: "key = value" or "key: value",
/// keys in any case; profiles are [default] and [profile NAME]). An error names the line;
/// indented lines (nested settings such as "s3 =\n  max_concurrent_requests = 10") belong
/// to the key above them.
Result<std::vector<AwsCaBundle>> parse_aws_config(std::string_view text, const std::string& home);

}  // namespace trustready::stores
