// Judges one trust store against one migration, offline: every path from the migration's
// real cross-certificates to exactly the store's anchors, by the path builder, and what
// the libraries that read the store say (paths/engines.h).
#pragma once

#include "catalog/migration.h"
#include "judge/library_views.h"
#include "judge/verdict.h"
#include "stores/store.h"

namespace trustready::judge {

/// `anchors`: what the store's readers trust (stores::effective_anchors), which for an
/// NSS database or node is more than the store's own certificates.
StoreJudgement judge_store(const stores::Store& store, const std::vector<cert::Certificate>& anchors,
                           const catalog::Migration& migration, const JudgeOptions& options);
/// Judged with the store's own certificates alone.
StoreJudgement judge_store(const stores::Store& store, const catalog::Migration& migration,
                           const JudgeOptions& options);

/// `partial_chain`: the consumer takes any store certificate as an anchor, self-signed or
/// not (Java's PKIX, NSS), rather than only self-issued ones (OpenSSL's default).
/// `libraries`: the store's readers, each asked with what it holds (ChainJudgement::clients).
ChainJudgement judge_chain(const std::vector<cert::Certificate>& anchors, const catalog::Chain& chain,
                           const catalog::Migration& migration, const JudgeOptions& options,
                           bool partial_chain = false, const std::vector<LibraryView>& libraries = {});

}  // namespace trustready::judge
