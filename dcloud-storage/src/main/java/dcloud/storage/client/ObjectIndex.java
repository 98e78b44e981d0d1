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
     * characters): {@code 0x01 ‖ object id (hex)} → the segment ids the put opened contracts for.
     */
    private static final byte PENDING = 0x01;

    /** A put that opened contracts for {@code segmentIds} and has not finished or been undone. */
    public record PendingPut(String objectHex, List<String> segmentIds) {}

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

    private static byte[] pendingKey(String object_hex) {
        byte[] hex = object_hex.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[1 + hex.length];
        key[0] = PENDING;
        System.arraycopy(hex, 0, key, 1, hex.length);
        return key;
    }

    /** Records, durably and before its contracts tx is sent, that the put of {@code object_hex} opens a segment. */
    public synchronized void pendingSegment(String object_hex, String segment_hex) throws IOException {
        try {
            byte[] key = pendingKey(object_hex);
            byte[] value = db.get(key);
            List<String> segments = new ArrayList<>(value == null ? List.of() : JSON.readValue(value, PendingPut.class).segmentIds());
            segments.add(segment_hex);
            db.put(synced, key, JSON.writeValueAsBytes(new PendingPut(object_hex, segments)));
        } catch (RocksDBException e) {
            throw new IOException("storage index write failed: " + e.getMessage(), e);
        }
    }

    /** Forgets a pending put (it finished, or its contracts were cancelled). */
    public void dropPending(String object_hex) throws IOException {
        try {
            db.delete(synced, pendingKey(object_hex));
        } catch (RocksDBException e) {
            throw new IOException("storage index delete failed: " + e.getMessage(), e);
        }
    }

    /** Puts that opened contracts and neither finished nor were undone: the CLI was killed in mid-put. */
    public List<PendingPut> pending() throws IOException {
        List<PendingPut> out = new ArrayList<>();
        try (var iterator = db.newIterator()) {
            for (iterator.seek(new byte[] {PENDING}); iterator.isValid() && iterator.key()[0] == PENDING; iterator.next()) {
                out.add(JSON.readValue(iterator.value(), PendingPut.class));
            }
        }
        return out;
    }

    @Override
    public void close() {
        store.close();
    }
}
