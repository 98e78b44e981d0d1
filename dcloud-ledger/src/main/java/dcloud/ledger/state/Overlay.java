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

    /** The parent's keys merged with this overlay's writes and deletions, in key order. */
    @Override
    public void scan(byte[] prefix, byte[] from, int limit, BiPredicate<byte[], byte[]> visitor) {
        assert startsWith(from, prefix) : "the scan's start is within its prefix";
        TreeMap<byte[], byte[]> mine = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], byte[]> entry : writes.tailMap(from, true).entrySet()) {
            if (!startsWith(entry.getKey(), prefix)) {
                break;
            }
            mine.put(entry.getKey(), entry.getValue());
        }
        if (mine.isEmpty()) {
            parent.scan(prefix, from, limit, visitor);
            return;
        }
        // Each of our entries can hide at most one of the parent's, so limit + ours of theirs suffice.
        TreeMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
        parent.scan(prefix, from, (int) Math.min(Integer.MAX_VALUE, (long) limit + mine.size()), (key, value) -> {
            merged.put(key, value);
            return true;
        });
        for (Map.Entry<byte[], byte[]> entry : mine.entrySet()) {
            if (entry.getValue() == DELETED) {
                merged.remove(entry.getKey());
            } else {
                merged.put(entry.getKey(), entry.getValue());
            }
        }
        int visited = 0;
        for (Map.Entry<byte[], byte[]> entry : merged.entrySet()) {
            if (visited++ >= limit || !visitor.test(entry.getKey(), entry.getValue())) {
                return;
            }
        }
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
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
