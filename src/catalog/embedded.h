// The catalog's data files, compiled into the binary (see cmake/embed.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace trustready::catalog {

struct EmbeddedFile {
  std::string_view name;  ///< path under data/, e.g. "certs/Amazon_Root_CA_1.pem"
  std::string_view data;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace trustready::catalog
