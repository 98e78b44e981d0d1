package dcloud.ledger.token;

import dcloud.ledger.TxContext;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.Values;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * ICRC-1 time window and de-duplication for every transaction: too old, created in the future,
 * or already applied (by hash) within the window. Entries are pruned once they can no longer
 * matter: a replay after the window is rejected as too old before the table is consulted.
 */
public final class Deduplication {
    private Deduplication() {}

    /** Null when the tx may proceed; otherwise the failure. */
    public static TxResult check(Overlay state, TxContext context, SignedTx tx) {
        long now = context.blockTimeNs();
        long created = tx.createdAtTimeNs();
        if (created < now - TokenRules.TX_WINDOW_NS - TokenRules.PERMITTED_DRIFT_NS) {
            return TxResult.fail(TxStatus.TOO_OLD, now,
                    "created_at_time is older than the 24 h de-duplication window (plus 2 min drift)");
        }
        if (created > now + TokenRules.PERMITTED_DRIFT_NS) {
            return TxResult.fail(TxStatus.CREATED_IN_FUTURE, now,
                    "created_at_time is more than 2 min ahead of ledger time " + now);
        }
        byte[] seen = state.get(TokenState.dedupKey(tx.hash()));
        if (seen != null) {
            long height = Values.u64(seen, 0);
            return TxResult.fail(TxStatus.DUPLICATE, height, "duplicate of a transaction applied at height " + height);
        }
        return null;
    }

    public static void record(Overlay state, TxContext context, SignedTx tx) {
        byte[] hash = tx.hash();
        long expires = tx.createdAtTimeNs() + TokenRules.TX_WINDOW_NS + TokenRules.PERMITTED_DRIFT_NS;
        state.put(TokenState.dedupKey(hash), Values.u64(context.height()));
        state.put(TokenState.dedupExpiryKey(expires, hash), new byte[0]);
    }

    /** Removes up to a fixed number of entries whose window closed before this block's time. */
    public static void prune(Overlay state, long block_time_ns) {
        List<byte[]> expired = new ArrayList<>();
        state.scan(TokenState.dedupExpiryPrefix(), TokenRules.DEDUP_PRUNE_PER_BLOCK_MAX, (key, value) -> {
            if (Values.u64(key, 1) >= block_time_ns) {
                return false;
            }
            expired.add(key);
            return true;
        });
        for (byte[] key : expired) {
            state.delete(key);
            state.delete(TokenState.dedupKey(java.util.Arrays.copyOfRange(key, 9, key.length)));
        }
    }
}
