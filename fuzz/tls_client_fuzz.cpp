// Fuzz target: what a server sends a probing client before the handshake is done (records,
// alerts, handshake messages, garbage), fed to the capture client (cert/tls_client) in
// pieces cut by the input's first byte, as the network would deliver them. It must fail or
// wait for more, never crash, and never hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cert/tls_client.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using trustready::cert::TlsClient;
  static auto context = trustready::cert::TlsClientContext::create();
  if (!context || size == 0) return 0;
  const std::size_t piece = data[0] % 64 + 1;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  TlsClient client(*context, "fuzz.example");
  auto step = client.handshake();
  (void)client.take_output();  // the ClientHello
  while (step == TlsClient::Step::NeedInput && !bytes.empty()) {
    const auto n = bytes.size() < piece ? bytes.size() : piece;
    client.received(bytes.substr(0, n));
    bytes.remove_prefix(n);
    step = client.handshake();
    (void)client.take_output();
  }
  if (step == TlsClient::Step::Done) {  // not reachable without the server's keys; kept honest
    (void)client.presented();
    (void)client.version();
  }
  return 0;
}
