package dcloud.ledger;

import dcloud.ledger.block.ChainHead;
import dcloud.ledger.tx.TxResult;
import java.util.List;
import java.util.TreeMap;

/**
 * Everything applying one block produced: sorted state changes (null = delete), one result per tx,
 * the account-history entries of successful txs, and the new chain head. A rejected block carries
 * its reason, no changes, and the unchanged head.
 */
public record BlockOutcome(String rejection, TreeMap<byte[], byte[]> changes, List<TxResult> results,
                           List<HistoryEntry> history, ChainHead head) {
    /** The account (64 bytes: owner and subaccount) touched by the tx at {@code txIndex} of the block. */
    public record HistoryEntry(byte[] account, int txIndex) {}

    public boolean accepted() {
        return rejection == null;
    }
}
