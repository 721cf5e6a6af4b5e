#include "image/zip_member.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace trustready::image {

Result<std::string> zip_member(std::string_view zip, std::string_view member, std::size_t max_bytes) {
  const std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  if (!a) return make_error("zip: out of memory");
  archive_read_support_format_zip(a.get());
  if (archive_read_open_memory(a.get(), zip.data(), zip.size()) != ARCHIVE_OK)
    return make_error(std::string("not a readable zip: ") + archive_error_string(a.get()));
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    const char* name = archive_entry_pathname(entry);
    if (name == nullptr || member != name) continue;
    std::string out;
    char buffer[16384];
    for (;;) {
      const la_ssize_t n = archive_read_data(a.get(), buffer, sizeof buffer);
      if (n < 0) return make_error(std::string(member) + " in the zip: " + archive_error_string(a.get()));
      if (n == 0) break;
      out.append(buffer, std::min(static_cast<std::size_t>(n), max_bytes - out.size()));
      if (out.size() >= max_bytes) break;
    }
    return out;
  }
  if (rc != ARCHIVE_EOF) {
    const char* why = archive_error_string(a.get());
    return make_error(std::string("corrupt zip: ") + (why != nullptr ? why : "unreadable entry"));
  }
  return make_error("no " + std::string(member) + " in the zip");
}

}  // namespace trustready::image
