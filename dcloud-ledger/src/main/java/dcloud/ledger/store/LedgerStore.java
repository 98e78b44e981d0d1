package dcloud.ledger.store;

import dcloud.core.account.Account;
import dcloud.ledger.BlockOutcome;
import dcloud.ledger.block.ChainHead;
import dcloud.ledger.state.StateReader;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the ledger lives: consensus state plus what is derived from it (blocks, tx records,
 * account history) and the last applied replication-log index. {@link #commit} writes one block's
 * everything in one atomic batch, so a crash leaves either all of a block or none of it.
 */
public interface LedgerStore extends StateReader, AutoCloseable {
    /** The chain head, or null before genesis. */
    ChainHead head();

    /** The last replication-log index whose entry was applied, or -1. */
    long lastAppliedIndex();

    /**
     * Atomically applies {@code outcome}'s changes, stores {@code block_bytes} (null for genesis or a
     * rejected block), tx records, history, the head and {@code applied_index}.
     */
    void commit(byte[] block_bytes, List<byte[]> tx_hashes, BlockOutcome outcome, long applied_index);

    /** The stored block at {@code height}, or null. */
    byte[] block(long height);

    /** The record of the tx with this hash, or null. */
    TxRecord tx(byte[] hash);

    /** Tx hashes touching {@code account}, newest first, at most {@code limit}. */
    List<byte[]> history(Account account, int limit);

    /** A consistent copy of the whole store in {@code directory} (which must not exist). */
    void checkpoint(Path directory);

    /** A digest of every consensus key and value, in key order: the slow, exact state comparison. */
    byte[] fullStateDigest();

    @Override
    void close();
}
