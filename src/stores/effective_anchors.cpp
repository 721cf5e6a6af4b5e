#include "stores/effective_anchors.h"

#include <optional>
#include <set>

#include "stores/layouts.h"
#include "stores/nss_roots.h"

namespace trustready::stores {
namespace {

/// The referenced store for people.
std::string describe(const StoreRef& ref) {
  switch (ref.kind) {
    case StoreRef::Kind::NssBuiltins: return "NSS's built-in roots (libnssckbi.so)";
    case StoreRef::Kind::SystemBundle: return "the system bundle";
    default: return to_string(ref);
  }
}

bool is_referenced(const StoreRef& ref, const Store& s) {
  if (s.error) return false;
  switch (ref.kind) {
    case StoreRef::Kind::NssBuiltins: return s.location.origin == StoreOrigin::NssBuiltins;
    case StoreRef::Kind::SystemBundle: return is_system_bundle(s);
    case StoreRef::Kind::File: return s.location.path == ref.path || s.resolved_path == ref.path;
    case StoreRef::Kind::None: return false;
  }
  return false;
}

/// The referenced store when it was not read before: located as discovery would.
std::optional<Store> locate_and_read(const fs::FileTree& root, const StoreRef& ref, const ReadOptions& options) {
  std::vector<StoreLocation> candidates;
  if (ref.kind == StoreRef::Kind::NssBuiltins) {
    if (auto module = locate_nss_roots(root).module) candidates.push_back(std::move(*module));
  } else if (ref.kind == StoreRef::Kind::SystemBundle) {
    for (auto& loc : known_locations())
      if (loc.kind == StoreKind::Bundle) candidates.push_back(std::move(loc));
  } else if (ref.kind == StoreRef::Kind::File) {
    candidates.push_back(trust_location(ref.path, StoreKind::Bundle, StoreOrigin::AppVariable, ref.path, {}, ""));
  }
  for (const auto& loc : candidates) {
    if (root.type(loc.path) == fs::FileType::Missing) continue;
    Store s = read_store(root, loc, options);
    if (is_referenced(ref, s) || (ref.kind == StoreRef::Kind::File && !s.error)) return s;
  }
  return std::nullopt;
}

}  // namespace

EffectiveAnchors effective_anchors(const fs::FileTree& root, const Store& store, const std::vector<Store>& already_read,
                                   const ReadOptions& options) {
  EffectiveAnchors out{store.certificates, {}, {}};
  const StoreRef& ref = store.location.also_trusts;
  if (!ref || store.error) return out;
  std::optional<Store> located;
  const Store* other = nullptr;
  for (const auto& s : already_read)
    if (!other && is_referenced(ref, s)) other = &s;
  if (!other && (located = locate_and_read(root, ref, options))) other = &*located;
  if (!other) {
    out.note = "judged on its own: its readers also trust " + describe(ref) + ", not found or not read";
    return out;
  }
  std::set<cert::Sha256> distrusted;
  for (const auto& c : store.distrusted) distrusted.insert(c.sha256());
  for (const auto& c : other->certificates)
    if (!distrusted.count(c.sha256())) out.certificates.push_back(c);
  out.judged_with = other->location.path;
  return out;
}

}  // namespace trustready::stores
