// Judges a chain a live server presented (`probe`) against one store: every engine that
// reads the store is asked with what it holds of it, and their verdicts decide; the
// path builder ("ideal") is asked too, and decides only for a store no engine models.
#pragma once

#include <string>
#include <vector>

#include "judge/library_views.h"
#include "judge/verdict.h"
#include "stores/store.h"

namespace trustready::judge {

/// A store read once and asked about every chain of a run.
struct JudgedStore {
  stores::Store store;
  std::vector<cert::Certificate> anchors;  ///< what its readers trust (stores::effective_anchors)
  std::vector<LibraryView> views;          ///< what each library that reads it holds
  std::string label;                       ///< its path, and what it is judged with
};

JudgedStore prepare_store(stores::Store store, std::vector<cert::Certificate> anchors, std::string label);

/// `chain`: as sent, the leaf first; `host`: the name the client asks for (empty: none);
/// `clients`: engine names to ask (empty: every engine the store's readers use).
PresentedVerdict judge_presented(const std::vector<cert::Certificate>& chain, const std::string& host, TimePoint at,
                                 const JudgedStore& store, const std::vector<std::string>& clients = {});

/// `base`, each store's verdict on a chain judged with no host, for `host`: every engine
/// that verified the chain checks the name on the leaf as it does after the chain
/// (paths::host_problem), once per engine for all the stores. A chain serves many names
/// (a wildcard, a CDN): it is verified once and checked for each name.
std::vector<PresentedVerdict> for_host(const std::vector<PresentedVerdict>& base, const cert::Certificate& leaf,
                                       const std::string& host);

/// In order and complete, as sent; `known_roots`: certificates known to be roots (the
/// stores' anchors, the catalog's), so a chain sent without its root is complete.
ChainShape shape_of(const std::vector<cert::Certificate>& chain, const std::vector<cert::Certificate>& known_roots);

}  // namespace trustready::judge
