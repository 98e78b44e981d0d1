package dcloud.ledger.state;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Pending writes over a parent reader, in a sorted map (never hash order). A transaction writes into
 * its own overlay, merged into the block's overlay only on success, so a failed transaction leaves
 * no trace. A null value is a deletion.
 */
public final class Overlay implements StateReader {
    private static final byte[] DELETED = new byte[0];
    private final StateReader parent;
    private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

    public Overlay(StateReader parent) {
        this.parent = parent;
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] value = writes.get(key);
        if (value == null) {
            return parent.get(key);
        }
        return value == DELETED ? null : value;
    }

    public void put(byte[] key, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("use delete() to remove a key");
        }
        writes.put(key.clone(), value.clone());
    }

    public void delete(byte[] key) {
        writes.put(key.clone(), DELETED);
    }

    /** Only the parent's keys are visited: scans serve pruning at block start, before any write. */
    @Override
    public void scan(byte[] prefix, int limit, BiPredicate<byte[], byte[]> visitor) {
        if (!writes.isEmpty()) {
            throw new IllegalStateException("scan on an overlay with pending writes would miss them");
        }
        parent.scan(prefix, limit, visitor);
    }

    /** Moves every write into {@code target}, in key order. */
    public void mergeInto(Overlay target) {
        for (Map.Entry<byte[], byte[]> entry : writes.entrySet()) {
            target.writes.put(entry.getKey(), entry.getValue());
        }
        writes.clear();
    }

    public void discard() {
        writes.clear();
    }

    /** Sorted changes; a null value means the key is deleted. */
    public TreeMap<byte[], byte[]> changes() {
        TreeMap<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], byte[]> entry : writes.entrySet()) {
            out.put(entry.getKey(), entry.getValue() == DELETED ? null : entry.getValue());
        }
        return out;
    }
}
