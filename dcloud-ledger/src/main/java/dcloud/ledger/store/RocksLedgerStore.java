package dcloud.ledger.store;

import dcloud.core.account.Account;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.BlockOutcome;
import dcloud.ledger.block.ChainHead;
import dcloud.ledger.state.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The ledger on RocksDB. Column families: {@code state} (consensus), {@code blocks} (height to
 * bytes), {@code txs} (hash to record), {@code history} (account, height, index to hash), and the
 * default family for the head and last applied index. One WriteBatch per block holds all of it.
 * The batch goes to RocksDB's write-ahead log; a killed process loses nothing it acknowledged
 * because the replication log, which is fsynced, replays any block after the stored applied index.
 */
public final class RocksLedgerStore implements LedgerStore {
    static {
        dcloud.core.rocks.RocksLibrary.load();
    }

    private final RocksDB db;
    private final DBOptions options;
    private final ColumnFamilyOptions cf_options;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle state;
    private final ColumnFamilyHandle blocks;
    private final ColumnFamilyHandle txs;
    private final ColumnFamilyHandle history;
    private final WriteOptions write_options = new WriteOptions();
    private volatile ChainHead head;
    private volatile long applied_index;

    public RocksLedgerStore(Path directory) {
        try {
            Files.createDirectories(directory);
            options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
            cf_options = new ColumnFamilyOptions();
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (String name : List.of("default", "state", "blocks", "txs", "history")) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII), cf_options));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            db = RocksDB.open(options, directory.toString(), descriptors, handles);
            meta = handles.get(0);
            state = handles.get(1);
            blocks = handles.get(2);
            txs = handles.get(3);
            history = handles.get(4);
            head = StoreKeys.decodeHead(db.get(meta, StoreKeys.HEAD));
            byte[] applied = db.get(meta, StoreKeys.APPLIED);
            applied_index = applied == null ? -1 : Values.u64(applied, 0);
        } catch (RocksDBException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the ledger store at " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            return db.get(state, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("state read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void scan(byte[] prefix, byte[] from, int limit, BiPredicate<byte[], byte[]> visitor) {
        assert MemoryLedgerStore.startsWith(from, prefix) : "the scan's start is within its prefix";
        try (RocksIterator iterator = db.newIterator(state)) {
            int visited = 0;
            for (iterator.seek(from); iterator.isValid() && visited < limit; iterator.next(), visited++) {
                byte[] key = iterator.key();
                if (!MemoryLedgerStore.startsWith(key, prefix) || !visitor.test(key, iterator.value())) {
                    return;
                }
            }
        }
    }

    @Override
    public ChainHead head() {
        return head;
    }

    @Override
    public long lastAppliedIndex() {
        return applied_index;
    }

    @Override
    public synchronized void commit(byte[] block_bytes, List<byte[]> tx_hashes, BlockOutcome outcome, long applied_index) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<byte[], byte[]> change : outcome.changes().entrySet()) {
                if (change.getValue() == null) {
                    batch.delete(state, change.getKey());
                } else {
                    batch.put(state, change.getKey(), change.getValue());
                }
            }
            long height = outcome.head().height();
            if (block_bytes != null) {
                batch.put(blocks, Values.u64(height), block_bytes);
                for (int i = 0; i < tx_hashes.size(); i++) {
                    if (outcome.results().get(i).status() == dcloud.ledger.tx.TxStatus.DUPLICATE) {
                        continue; // the original record stands; a duplicate must not overwrite it
                    }
                    batch.put(txs, tx_hashes.get(i), new TxRecord(height, i, outcome.results().get(i)).encode());
                }
                for (BlockOutcome.HistoryEntry entry : outcome.history()) {
                    batch.put(history, StoreKeys.historyKey(entry.account(), height, entry.txIndex()), tx_hashes.get(entry.txIndex()));
                }
            }
            batch.put(meta, StoreKeys.HEAD, StoreKeys.encodeHead(outcome.head()));
            batch.put(meta, StoreKeys.APPLIED, Values.u64(applied_index));
            db.write(write_options, batch);
            this.head = outcome.head();
            this.applied_index = applied_index;
        } catch (RocksDBException e) {
            throw new IllegalStateException("ledger commit failed at height " + outcome.head().height() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] block(long height) {
        try {
            return db.get(blocks, Values.u64(height));
        } catch (RocksDBException e) {
            throw new IllegalStateException("block read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public TxRecord tx(byte[] hash) {
        try {
            byte[] value = db.get(txs, hash);
            return value == null ? null : TxRecord.decode(value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("tx read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<byte[]> history(Account account, int limit) {
        byte[] prefix = account.toBytes();
        List<byte[]> out = new ArrayList<>();
        try (RocksIterator iterator = db.newIterator(history)) {
            iterator.seekForPrev(Values.concat(prefix, new byte[] {(byte) 0xff}));
            for (; iterator.isValid() && out.size() < limit; iterator.prev()) {
                if (!MemoryLedgerStore.startsWith(iterator.key(), prefix)) {
                    break;
                }
                out.add(iterator.value());
            }
        }
        return out;
    }

    @Override
    public void checkpoint(Path directory) {
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(directory.toString());
        } catch (RocksDBException e) {
            throw new IllegalStateException("checkpoint to " + directory + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fullStateDigest() {
        MessageDigest digest = Sha256.newDigest();
        try (RocksIterator iterator = db.newIterator(state)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                digest.update(StoreKeys.stateEntryDigestBytes(iterator.key(), iterator.value()));
            }
        }
        return digest.digest();
    }

    @Override
    public synchronized void close() {
        for (ColumnFamilyHandle handle : List.of(meta, state, blocks, txs, history)) {
            handle.close();
        }
        db.close();
        write_options.close();
        options.close();
        cf_options.close();
    }
}
