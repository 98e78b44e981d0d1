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
    void scan(byte[] prefix, int limit, BiPredicate<byte[], byte[]> visitor);
}
