package dcloud.ledger.storage;

import dcloud.core.crypto.Sha256;
import dcloud.ledger.state.Values;
import java.nio.charset.StandardCharsets;

/**
 * Which leaves a node must prove: leaf i of contract c in an epoch with seed s is
 * u64(SHA-256("dcloud/challenge/v1\0" ‖ s ‖ c ‖ i)) mod leaf_count. The seed is the hash of the
 * block before the epoch's first block, so nobody knows the challenge before the epoch starts.
 */
public final class Challenge {
    private static final byte[] DOMAIN = "dcloud/challenge/v1\0".getBytes(StandardCharsets.US_ASCII);

    private Challenge() {}

    public static int leafIndex(byte[] seed, long contract, int challenge, int leaf_count) {
        if (leaf_count < 1) {
            throw new IllegalArgumentException("leaf_count must be positive");
        }
        byte[] hash = Sha256.hash(DOMAIN, seed, Values.u64(contract), Values.u64(challenge));
        return (int) Long.remainderUnsigned(Values.u64(hash, 0), leaf_count);
    }
}
