// Judges one trust store against one migration, offline: the migration's real
// cross-certificates are verified by OpenSSL against exactly the store's anchors.
#pragma once

#include "catalog/migration.h"
#include "judge/verdict.h"
#include "stores/store.h"

namespace trustready::judge {

StoreJudgement judge_store(const stores::Store& store, const catalog::Migration& migration,
                           const JudgeOptions& options);

/// `partial_chain`: the consumer takes any store certificate as an anchor, self-signed or
/// not (Java's PKIX, NSS), rather than only self-issued ones (OpenSSL's default).
ChainJudgement judge_chain(const std::vector<cert::Certificate>& anchors, const catalog::Chain& chain,
                           const catalog::Migration& migration, const JudgeOptions& options,
                           bool partial_chain = false);

}  // namespace trustready::judge
