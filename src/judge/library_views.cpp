#include "judge/library_views.h"

#include <set>

#include "cert/openssl_load.h"
#include "paths/gnutls_engine.h"

namespace trustready::judge {
namespace {

using Held = std::set<cert::Sha256>;

/// `anchors` as a library holds them: a certificate of the file that the library did not
/// load is dropped (anchors from another store the readers also trust stay), and so are
/// the ones it refuses.
std::vector<cert::Certificate> as_held(const std::vector<cert::Certificate>& anchors, const stores::Store& store,
                                       const Held& loaded, const Held& refused) {
  Held in_file;
  for (const auto& c : store.certificates) in_file.insert(c.sha256());
  std::vector<cert::Certificate> out;
  for (const auto& a : anchors)
    if (!refused.count(a.sha256()) && (!in_file.count(a.sha256()) || loaded.count(a.sha256()))) out.push_back(a);
  return out;
}

/// Where our own reader stopped, when it did: the block OpenSSL and GnuTLS choke on.
std::string damage_note(const stores::Store& store) {
  const std::string where = stores::first_damage(store);
  return where.empty() ? "" : " (" + where + ")";
}

LibraryView openssl_view(stores::Library library, const stores::Store& store,
                         const std::vector<cert::Certificate>& anchors,
                         const Result<cert::OpenSslFileLoad>& load) {
  LibraryView v{library, engine_of(library), std::nullopt, {}, {}};
  if (!load) {
    v.failure = "OpenSSL cannot load " + store.location.path + ": " + load.error() + damage_note(store);
    return v;
  }
  Held loaded, refused;
  for (const auto& c : load->certificates) loaded.insert(c.sha256());
  for (const auto& r : load->rejected) {
    refused.insert(r.certificate.sha256());
    v.refused.push_back(r.certificate.display_name() + ": " + r.why);
  }
  v.anchors = as_held(anchors, store, loaded, refused);
  return v;
}

LibraryView gnutls_view(const stores::Store& store, const std::vector<cert::Certificate>& anchors) {
  LibraryView v{stores::Library::Gnutls, paths::EngineId::Gnutls, std::nullopt, anchors, {}};
  const auto load = paths::load_with_gnutls(*store.bytes);
  if (load.unavailable) return v;  // the engine says it is unavailable when asked
  if (!load.ok) {
    v.failure = "GnuTLS cannot load " + store.location.path + ": " + load.error + damage_note(store);
    v.anchors.clear();
    return v;
  }
  Held loaded;
  for (const auto& der : load.der)
    if (auto c = cert::Certificate::from_der(der)) loaded.insert(c->sha256());
  v.anchors = as_held(anchors, store, loaded, {});
  return v;
}

}  // namespace

paths::EngineId engine_of(stores::Library library) {
  switch (library) {
    case stores::Library::OpenSsl: return paths::EngineId::OpenSsl;
    case stores::Library::Curl: return paths::EngineId::Curl;
    case stores::Library::Gnutls: return paths::EngineId::Gnutls;
  }
  return paths::EngineId::OpenSsl;
}

std::vector<LibraryView> library_views(const stores::Store& store, const std::vector<cert::Certificate>& anchors) {
  if (store.location.verifier != stores::Verifier::OpenSsl) return {};
  std::vector<stores::Library> libraries = store.location.libraries;
  if (libraries.empty()) libraries = {stores::Library::OpenSsl};
  std::optional<Result<cert::OpenSslFileLoad>> openssl_load;  // OpenSSL's and curl's, loaded once
  std::vector<LibraryView> out;
  for (const auto library : libraries) {
    if (!store.bytes) {  // a CApath, compiled-in roots: the reader read them as OpenSSL looks them up
      out.push_back({library, engine_of(library), std::nullopt, anchors, {}});
      continue;
    }
    if (library == stores::Library::Gnutls) {
      out.push_back(gnutls_view(store, anchors));
      continue;
    }
    if (!openssl_load) openssl_load = cert::openssl_load_file(*store.bytes);
    out.push_back(openssl_view(library, store, anchors, *openssl_load));
  }
  return out;
}

}  // namespace trustready::judge
