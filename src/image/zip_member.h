// One member of a zip archive held in memory (a jar's META-INF/MANIFEST.MF), read with
// libarchive. Bounded: at most `max_bytes` of the member are returned.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.h"

namespace trustready::image {

/// The member's bytes; an error when the archive is not a zip, is corrupt, or lacks it.
Result<std::string> zip_member(std::string_view zip, std::string_view member, std::size_t max_bytes);

}  // namespace trustready::image
