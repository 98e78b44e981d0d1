package dcloud.ledger.store;

import dcloud.core.account.Account;
import dcloud.ledger.BlockOutcome;
import dcloud.ledger.block.ChainHead;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * A store whose underlying database can be replaced whole (a replica installing a snapshot from the
 * leader). Readers and the writer hold the read lock; the swap holds the write lock, so nobody reads
 * a database while it closes.
 */
public final class SwappableLedgerStore implements LedgerStore {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private LedgerStore delegate;

    public SwappableLedgerStore(LedgerStore initial) {
        this.delegate = initial;
    }

    /** Closes the current database, then opens its replacement. */
    public void swap(Supplier<LedgerStore> replacement_after_close) {
        lock.writeLock().lock();
        try {
            delegate.close();
            delegate = replacement_after_close.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public byte[] get(byte[] key) {
        return read(() -> delegate.get(key));
    }

    @Override
    public void scan(byte[] prefix, byte[] from, int limit, BiPredicate<byte[], byte[]> visitor) {
        read(() -> {
            delegate.scan(prefix, from, limit, visitor);
            return null;
        });
    }

    @Override
    public ChainHead head() {
        return read(() -> delegate.head());
    }

    @Override
    public long lastAppliedIndex() {
        return read(() -> delegate.lastAppliedIndex());
    }

    @Override
    public void commit(byte[] block_bytes, List<byte[]> tx_hashes, BlockOutcome outcome, long applied_index) {
        read(() -> {
            delegate.commit(block_bytes, tx_hashes, outcome, applied_index);
            return null;
        });
    }

    @Override
    public byte[] block(long height) {
        return read(() -> delegate.block(height));
    }

    @Override
    public TxRecord tx(byte[] hash) {
        return read(() -> delegate.tx(hash));
    }

    @Override
    public List<byte[]> history(Account account, int limit) {
        return read(() -> delegate.history(account, limit));
    }

    @Override
    public void checkpoint(Path directory) {
        read(() -> {
            delegate.checkpoint(directory);
            return null;
        });
    }

    @Override
    public byte[] fullStateDigest() {
        return read(() -> delegate.fullStateDigest());
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            delegate.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
