// The Public Suffix List, through libpsl: names under which anyone may register
// ("com", "co.uk", "s3.amazonaws.com"). A certificate wildcard over one would match
// every customer's host, so browsers match no host with it and CAs must not issue it
// (CABF 3.2.2.6).
#pragma once

#include <string_view>

namespace trustready {

/// `domain` (lower case, no trailing dot) is a public suffix of the list's ICANN section
/// ("com", "co.uk"), or with `include_private` of its private section too
/// ("s3.amazonaws.com": Amazon's customers' names live under it, but Amazon's own
/// certificate for "*.s3.amazonaws.com" is real and valid).
bool is_public_suffix(std::string_view domain, bool include_private);

}  // namespace trustready
