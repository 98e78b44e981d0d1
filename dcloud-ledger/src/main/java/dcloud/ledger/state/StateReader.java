package dcloud.ledger.state;

import java.util.function.BiPredicate;

/** Read access to consensus state: sorted byte keys to byte values. */
public interface StateReader {
    /** The value, or null when the key is absent. */
    byte[] get(byte[] key);

    /**
     * Visits keys starting with {@code prefix} in unsigned byte order, at most {@code limit} of them,
     * until {@code visitor} returns false.
     */
    default void scan(byte[] prefix, int limit, BiPredicate<byte[], byte[]> visitor) {
        scan(prefix, prefix, limit, visitor);
    }

    /**
     * Like {@link #scan(byte[], int, BiPredicate)}, from the first key at or after {@code from}
     * (which starts with {@code prefix}): a caller pages through a long range by giving the key
     * after the last one it saw, without visiting the keys before it again.
     */
    void scan(byte[] prefix, byte[] from, int limit, BiPredicate<byte[], byte[]> visitor);
}
