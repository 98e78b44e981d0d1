package dcloud.storage.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.core.rocks.KeyValueDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/** The local object index (name → manifest) in an embedded RocksDB, written with synced writes. */
public final class ObjectIndex implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final int NAME_SIZE_BYTES_MAX = 1024;
    /**
     * Keys of pending puts start with this byte, which no object name can (names hold no control
     * characters): {@code 0x01 ‖ object id (hex) ‖ '/' ‖ segment id (hex)} → the segment's signed
     * contracts tx. Records written before session 17 are {@code 0x01 ‖ object id (hex)} → JSON
     * {@code {"objectHex", "segmentIds"}}, without the txs.
     */
    private static final byte PENDING = 0x01;

    /** A segment a put recorded before sending its contracts tx; {@code contractsTx} is null in a record from before session 17. */
    public record PendingSegment(String segmentHex, byte[] contractsTx) {}

    /** A put that recorded {@code segments} and has not finished or been undone. */
    public record PendingPut(String objectHex, List<PendingSegment> segments) {
        public List<String> segmentIds() {
            return segments.stream().map(PendingSegment::segmentHex).toList();
        }
    }

    /** The JSON value of a record from before session 17. */
    private record LegacyPendingPut(String objectHex, List<String> segmentIds) {}

    private final KeyValueDb store;
    private final RocksDB db;
    private final WriteOptions synced;

    public ObjectIndex(Path dir) throws IOException {
        this.store = KeyValueDb.open(dir, "storage index", "(is another 'dcloud storage' command running?)");
        this.db = store.db;
        this.synced = store.synced;
    }

    /** Null when {@code name} is usable as an object name, else the rule it breaks. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > NAME_SIZE_BYTES_MAX) {
            return "object name must be 1 to " + NAME_SIZE_BYTES_MAX + " bytes of UTF-8";
        }
        if (name.chars().anyMatch(c -> c < 0x20)) {
            return "object name must not contain control characters";
        }
        return null;
    }

    public ObjectManifest get(String name) throws IOException {
        try {
            byte[] value = db.get(name.getBytes(StandardCharsets.UTF_8));
            return value == null ? null : JSON.readValue(value, ObjectManifest.class);
        } catch (RocksDBException e) {
            throw new IOException("storage index read failed: " + e.getMessage(), e);
        }
    }

    public void put(ObjectManifest manifest) throws IOException {
        try {
            db.put(synced, manifest.name().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(manifest));
        } catch (RocksDBException e) {
            throw new IOException("storage index write failed: " + e.getMessage(), e);
        }
    }

    public void delete(String name) throws IOException {
        try {
            db.delete(synced, name.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new IOException("storage index delete failed: " + e.getMessage(), e);
        }
    }

    /** Every manifest in name order. */
    public List<ObjectManifest> list() throws IOException {
        List<ObjectManifest> out = new ArrayList<>();
        try (var iterator = db.newIterator()) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                if (iterator.key()[0] != PENDING) {
                    out.add(JSON.readValue(iterator.value(), ObjectManifest.class));
                }
            }
        }
        return out;
    }

    /** {@code 0x01 ‖ object id (hex)}: the old record's key, and the prefix of every segment's. */
    private static byte[] pendingPrefix(String object_hex) {
        return ((char) PENDING + object_hex).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pendingKey(String object_hex, String segment_hex) {
        return ((char) PENDING + object_hex + "/" + segment_hex).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Records, durably and before the ledger may see it, that the put of {@code object_hex} sends
     * {@code contracts_tx} for a segment: a killed put's txs can then be settled (see
     * {@link LedgerAccess#settle}). One key per segment, so a put writes each record once.
     */
    public void pendingSegment(String object_hex, String segment_hex, byte[] contracts_tx) throws IOException {
        try {
            db.put(synced, pendingKey(object_hex, segment_hex), contracts_tx);
        } catch (RocksDBException e) {
            throw new IOException("storage index write failed: " + e.getMessage(), e);
        }
    }

    /** Forgets a pending put, every segment of it (it finished, or its contracts were cancelled). */
    public void dropPending(String object_hex) throws IOException {
        try {
            // [0x01 ‖ object, 0x01 ‖ object ‖ '0'): the old single record and every "object/segment" key ('/' sorts
            // just below '0'), and no other object's, since hex ids hold no character below '0'.
            db.deleteRange(synced, pendingPrefix(object_hex), pendingPrefix(object_hex + "0"));
        } catch (RocksDBException e) {
            throw new IOException("storage index delete failed: " + e.getMessage(), e);
        }
    }

    /** Puts that recorded segments and neither finished nor were undone: the CLI was killed in mid-put. Key order. */
    public List<PendingPut> pending() throws IOException {
        java.util.Map<String, List<PendingSegment>> puts = new java.util.LinkedHashMap<>();
        try (var iterator = db.newIterator()) {
            for (iterator.seek(new byte[] {PENDING}); iterator.isValid() && iterator.key()[0] == PENDING; iterator.next()) {
                String key = new String(iterator.key(), 1, iterator.key().length - 1, StandardCharsets.US_ASCII);
                int separator = key.indexOf('/');
                if (separator < 0) {
                    LegacyPendingPut legacy = JSON.readValue(iterator.value(), LegacyPendingPut.class);
                    List<PendingSegment> segments = puts.computeIfAbsent(key, k -> new ArrayList<>());
                    legacy.segmentIds().forEach(id -> segments.add(new PendingSegment(id, null)));
                } else {
                    puts.computeIfAbsent(key.substring(0, separator), k -> new ArrayList<>())
                            .add(new PendingSegment(key.substring(separator + 1), iterator.value()));
                }
            }
        }
        List<PendingPut> out = new ArrayList<>();
        puts.forEach((object, segments) -> out.add(new PendingPut(object, List.copyOf(segments))));
        return out;
    }

    @Override
    public void close() {
        store.close();
    }
}
