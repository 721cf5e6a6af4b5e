// What `--host` may name: a DNS name or an IP address literal, checked at the edge so
// the engines never see a name no client could connect to.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace trustready {

/// `host` itself when it is an IPv4 literal (inet_pton's dotted quad), an IPv6 literal
/// (without brackets), or a DNS name: labels of letters, digits, '-' and '_' (tolerated
/// anywhere, as curl and OpenSSL's X509_check_host take them), 1 to 63 characters each,
/// 253 in all, an optional single trailing dot (a fully qualified name), and a last
/// label that is not all digits (RFC 3696 2: such a name would be read as an address).
/// Otherwise why not, in a few words ("an empty label", "' ' at position 2").
Result<std::string> check_host_name(std::string_view host);

}  // namespace trustready
