package dcloud.node.storage;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.core.rocks.KeyValueDb;
import dcloud.ledger.tx.EgressOrder;
import dcloud.ledger.tx.SettleEgress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * What a storage node must not forget about downloads across a restart or a {@code kill -9}, in
 * its own RocksDB:
 * <ul>
 *   <li>the orders already taken ({@code 'u' ‖ expires epoch ‖ client ‖ serial}), so an order is
 *       served once even after a restart, kept until the order expires;</li>
 *   <li>the downloads served and not yet settled on-ledger ({@code 's' ‖ sequence} → order and
 *       bytes), oldest first, kept until a committed settlement covers them.</li>
 * </ul>
 * Before this journal both lived in memory, and a restart lost the node its unsettled earnings and
 * let a client's used order download the piece a second time.
 */
final class EgressJournal implements AutoCloseable {
    private static final byte USED = 'u';
    private static final byte SERVED = 's';

    /** A served download waiting for settlement, under its journal sequence number. */
    record Entry(long sequence, SettleEgress.Served served) {}

    private final KeyValueDb store;
    private final RocksDB db;
    private final WriteOptions synced;
    /**
     * Taken orders go to RocksDB's log without an fsync: that survives the process dying (the log is
     * in the kernel's hands), and only an OS crash could forget one, which at worst serves that one
     * order twice. Deletions are logged the same way: one an OS crash forgot brings back a settled
     * download, which the ledger then skips as already settled, or an expired serial, forgotten again.
     * A download's record, the node's claim to payment, is fsynced.
     */
    private final WriteOptions logged;
    private long used_count;
    private long served_count;
    /** Orders taken whose download has not finished: each holds a settlement slot, so the limit counts it. */
    private long reserved_count;
    private long next_sequence;

    EgressJournal(Path dir) throws IOException {
        this.store = KeyValueDb.open(dir, "egress journal", "");
        this.db = store.db;
        this.synced = store.synced;
        this.logged = store.logged;
        try (RocksIterator iterator = db.newIterator()) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                if (key[0] == USED) {
                    used_count++;
                } else {
                    served_count++;
                    next_sequence = sequence(key) + 1;
                }
            }
        }
    }

    private static byte[] usedKey(EgressOrder order) {
        return new Writer().u8(USED).u64(order.expiresEpoch()).fixed(order.client()).fixed(order.serial()).toBytes();
    }

    private static byte[] servedKey(long sequence) {
        return new Writer().u8(SERVED).u64(sequence).toBytes();
    }

    private static long sequence(byte[] served_key) {
        return java.nio.ByteBuffer.wrap(served_key, 1, 8).getLong();
    }

    /** What {@link #take} did with an order. */
    enum Take {
        /** Recorded as used, with a settlement slot reserved until {@link #served} or {@link #release}. */
        TAKEN,
        /** The order was taken before (now or before a restart). */
        USED_BEFORE,
        /** The node holds as many unsettled downloads or remembered orders as it may. */
        FULL
    }

    /**
     * Records the order as taken and reserves a settlement slot for its download, unless the order
     * was taken before or a limit is reached. The limits are checked under the same lock as the
     * take, and count downloads still in flight, so concurrent requests cannot pass them.
     */
    synchronized Take take(EgressOrder order, long unsettled_max, long used_max) throws IOException {
        assert reserved_count >= 0 && served_count >= 0 && used_count >= 0;
        if (served_count + reserved_count >= unsettled_max || used_count >= used_max) {
            return Take.FULL;
        }
        byte[] key = usedKey(order);
        try {
            if (db.get(key) != null) {
                return Take.USED_BEFORE;
            }
            db.put(logged, key, new byte[0]);
        } catch (RocksDBException e) {
            throw new IOException("egress journal write failed: " + e.getMessage(), e);
        }
        used_count++;
        reserved_count++;
        return Take.TAKEN;
    }

    /** Records a download served on a taken order, to be settled; its reserved slot becomes the record. */
    synchronized void served(EgressOrder order, long bytes) throws IOException {
        Writer value = new Writer();
        order.encode(value);
        release();
        try {
            db.put(synced, servedKey(next_sequence), value.u64(bytes).toBytes());
        } catch (RocksDBException e) {
            throw new IOException("egress journal write failed: " + e.getMessage(), e);
        }
        next_sequence++;
        served_count++;
    }

    /** Gives back the slot a taken order reserved when nothing was served on it (the order stays used). */
    synchronized void release() {
        assert reserved_count > 0 : "no reserved settlement slot to release";
        reserved_count = Math.max(0, reserved_count - 1);
    }

    /** Up to {@code limit} unsettled downloads, oldest first. */
    synchronized List<Entry> unsettled(int limit) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (RocksIterator iterator = db.newIterator()) {
            for (iterator.seek(new byte[] {SERVED}); iterator.isValid() && iterator.key()[0] == SERVED && entries.size() < limit; iterator.next()) {
                Reader reader = new Reader(iterator.value());
                entries.add(new Entry(sequence(iterator.key()), new SettleEgress.Served(EgressOrder.decode(reader, "order"), reader.u64("bytes"))));
            }
        } catch (DecodeException e) {
            throw new IOException("egress journal holds an unreadable entry: " + e.getMessage(), e);
        }
        return entries;
    }

    /** Forgets downloads a committed settlement covered (or the ledger refused for good). */
    synchronized void settled(List<Entry> entries) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            for (Entry entry : entries) {
                batch.delete(servedKey(entry.sequence()));
            }
            db.write(logged, batch);
        } catch (RocksDBException e) {
            throw new IOException("egress journal write failed: " + e.getMessage(), e);
        }
        served_count -= entries.size();
    }

    /** Forgets taken orders that expired before {@code epoch_now} (the ledger refuses them anyway), at most {@code limit}. */
    synchronized int forgetExpired(long epoch_now, int limit) throws IOException {
        byte[] end = new Writer().u8(USED).u64(Math.max(0, epoch_now)).toBytes();
        int forgotten = 0;
        try (RocksIterator iterator = db.newIterator(); WriteBatch batch = new WriteBatch()) {
            for (iterator.seek(new byte[] {USED}); iterator.isValid() && forgotten < limit; iterator.next()) {
                byte[] key = iterator.key();
                if (key[0] != USED || Arrays.compareUnsigned(key, end) >= 0) {
                    break;
                }
                batch.delete(key);
                forgotten++;
            }
            db.write(logged, batch);
        } catch (RocksDBException e) {
            throw new IOException("egress journal write failed: " + e.getMessage(), e);
        }
        used_count -= forgotten;
        return forgotten;
    }

    synchronized long usedCount() {
        return used_count;
    }

    /** Served downloads waiting for settlement (not counting downloads still in flight). */
    synchronized long unsettledCount() {
        return served_count;
    }

    synchronized long reservedCount() {
        return reserved_count;
    }

    @Override
    public synchronized void close() {
        store.close();
    }
}
