// The writers, one per file, made for the registry (install/writers.cpp).
#pragma once

#include <memory>

#include "install/writer.h"

namespace trustready::install {

std::unique_ptr<StoreWriter> debian_writer();
std::unique_ptr<StoreWriter> rhel_writer();
std::unique_ptr<StoreWriter> alpine_writer();
std::unique_ptr<StoreWriter> suse_writer();
std::unique_ptr<StoreWriter> arch_writer();
std::unique_ptr<StoreWriter> bundle_file_writer();
std::unique_ptr<StoreWriter> java_keystore_writer();
std::unique_ptr<StoreWriter> nss_writer();
std::unique_ptr<StoreWriter> package_writer();
std::unique_ptr<StoreWriter> macos_writer();
std::unique_ptr<StoreWriter> windows_writer();

}  // namespace trustready::install
