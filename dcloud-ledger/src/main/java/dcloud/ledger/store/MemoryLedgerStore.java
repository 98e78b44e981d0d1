package dcloud.ledger.store;

import dcloud.core.account.Account;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.BlockOutcome;
import dcloud.ledger.block.ChainHead;
import dcloud.ledger.state.Values;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/** The in-memory twin of {@link RocksLedgerStore}: same behaviour, for tests and benchmarks. */
public final class MemoryLedgerStore implements LedgerStore {
    private final TreeMap<byte[], byte[]> state = new TreeMap<>(Arrays::compareUnsigned);
    private final TreeMap<Long, byte[]> blocks = new TreeMap<>();
    private final TreeMap<byte[], TxRecord> txs = new TreeMap<>(Arrays::compareUnsigned);
    private final TreeMap<byte[], byte[]> history = new TreeMap<>(Arrays::compareUnsigned);
    private ChainHead head;
    private long applied_index = -1;

    @Override
    public synchronized byte[] get(byte[] key) {
        byte[] value = state.get(key);
        return value == null ? null : value.clone();
    }

    @Override
    public synchronized void scan(byte[] prefix, byte[] from, int limit, BiPredicate<byte[], byte[]> visitor) {
        assert startsWith(from, prefix) : "the scan's start is within its prefix";
        int visited = 0;
        for (Map.Entry<byte[], byte[]> entry : state.tailMap(from, true).entrySet()) {
            if (visited++ >= limit || !startsWith(entry.getKey(), prefix) || !visitor.test(entry.getKey(), entry.getValue())) {
                return;
            }
        }
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public synchronized ChainHead head() {
        return head;
    }

    @Override
    public synchronized long lastAppliedIndex() {
        return applied_index;
    }

    @Override
    public synchronized void commit(byte[] block_bytes, List<byte[]> tx_hashes, BlockOutcome outcome, long applied_index) {
        for (Map.Entry<byte[], byte[]> change : outcome.changes().entrySet()) {
            if (change.getValue() == null) {
                state.remove(change.getKey());
            } else {
                state.put(change.getKey(), change.getValue());
            }
        }
        long height = outcome.head().height();
        if (block_bytes != null) {
            blocks.put(height, block_bytes);
            for (int i = 0; i < tx_hashes.size(); i++) {
                if (outcome.results().get(i).status() == dcloud.ledger.tx.TxStatus.DUPLICATE) {
                    continue; // the original record stands; a duplicate must not overwrite it
                }
                txs.put(tx_hashes.get(i), new TxRecord(height, i, outcome.results().get(i)));
            }
            for (BlockOutcome.HistoryEntry entry : outcome.history()) {
                history.put(StoreKeys.historyKey(entry.account(), height, entry.txIndex()), tx_hashes.get(entry.txIndex()));
            }
        }
        this.head = outcome.head();
        this.applied_index = applied_index;
    }

    @Override
    public synchronized byte[] block(long height) {
        return blocks.get(height);
    }

    @Override
    public synchronized TxRecord tx(byte[] hash) {
        return txs.get(hash);
    }

    @Override
    public synchronized List<byte[]> history(Account account, int limit) {
        byte[] from = account.toBytes();
        byte[] to = Values.concat(from, new byte[] {(byte) 0xff});
        NavigableMap<byte[], byte[]> range = history.subMap(from, true, to, false).descendingMap();
        List<byte[]> out = new ArrayList<>();
        for (byte[] hash : range.values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(hash);
        }
        return out;
    }

    @Override
    public void checkpoint(Path directory) {
        throw new IllegalStateException("an in-memory store has no on-disk checkpoint; use RocksLedgerStore");
    }

    @Override
    public synchronized byte[] fullStateDigest() {
        MessageDigest digest = Sha256.newDigest();
        for (Map.Entry<byte[], byte[]> entry : state.entrySet()) {
            digest.update(StoreKeys.stateEntryDigestBytes(entry.getKey(), entry.getValue()));
        }
        return digest.digest();
    }

    @Override
    public void close() {}
}
