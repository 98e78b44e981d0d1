package dcloud.core.merkle;

import dcloud.core.crypto.Sha256;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merkle trees over a piece's bytes, RFC 6962 style: leaves of {@link #LEAF_SIZE_BYTES} (the last
 * may be shorter), leaf hash SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right), a tree of
 * n leaves split at the largest power of two below n. The root goes on the ledger; a proof is the
 * audit path from one leaf, which any validator checks against the root.
 *
 * <p>Trees are built bottom-up over flat arrays of 32-byte hashes: each level hashes neighbours in
 * pairs and carries a last odd node up unchanged. That is the same tree as RFC 6962's recursive
 * split (every subtree starts at a multiple of its power-of-two width), and it needs no object per
 * hash: a 16 MiB piece has 32,767 of them. It also means any aligned block of 2^k leaves is a
 * subtree of its own, which is what {@link ChunkRoots} relies on.
 */
public final class MerkleTree {
    public static final int LEAF_SIZE_BYTES = 1024;
    public static final int HASH_SIZE_BYTES = Sha256.SIZE_BYTES;

    private MerkleTree() {}

    public static int leafCount(long size_bytes) {
        return (int) Math.max(1, (size_bytes + LEAF_SIZE_BYTES - 1) / LEAF_SIZE_BYTES);
    }

    public static byte[] leafHash(byte[] data, int offset, int length) {
        byte[] out = new byte[HASH_SIZE_BYTES];
        leafHash(Sha256.newDigest(), data, offset, length, out, 0);
        return out;
    }

    /** SHA-256(0x00 ‖ data[offset, offset + length)) into {@code out} at {@code out_offset}; {@code digest} is reset after. */
    static void leafHash(MessageDigest digest, byte[] data, int offset, int length, byte[] out, int out_offset) {
        digest.update((byte) 0x00);
        digest.update(data, offset, length);
        finish(digest, out, out_offset);
    }

    /** SHA-256(0x01 ‖ left ‖ right) of two hashes held in {@code hashes}, into {@code out} (which may overlap them: both are read first). */
    private static void nodeHash(MessageDigest digest, byte[] hashes, int left_offset, int right_offset, byte[] out, int out_offset) {
        digest.update((byte) 0x01);
        digest.update(hashes, left_offset, HASH_SIZE_BYTES);
        digest.update(hashes, right_offset, HASH_SIZE_BYTES);
        finish(digest, out, out_offset);
    }

    private static void finish(MessageDigest digest, byte[] out, int out_offset) {
        try {
            digest.digest(out, out_offset, HASH_SIZE_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("a 32-byte slot always holds a SHA-256", e);
        }
    }

    /**
     * Replaces the {@code count} hashes at the start of {@code hashes} by the next level up (pairs
     * hashed, a last odd one carried) and returns that level's count. In place: slot j is written
     * only after slots 2j and 2j + 1, at or after it, were read.
     */
    static int levelUp(MessageDigest digest, byte[] hashes, int count) {
        assert count > 1 : "a single hash is already the root";
        int pairs = count / 2;
        for (int j = 0; j < pairs; j++) {
            nodeHash(digest, hashes, 2 * j * HASH_SIZE_BYTES, (2 * j + 1) * HASH_SIZE_BYTES, hashes, j * HASH_SIZE_BYTES);
        }
        if (count % 2 == 1) {
            System.arraycopy(hashes, (count - 1) * HASH_SIZE_BYTES, hashes, pairs * HASH_SIZE_BYTES, HASH_SIZE_BYTES);
        }
        return pairs + count % 2;
    }

    /** The root over {@code count} hashes at the start of {@code hashes}; overwrites them. */
    static byte[] reduce(MessageDigest digest, byte[] hashes, int count) {
        assert count >= 1 && hashes.length >= count * HASH_SIZE_BYTES : "reduce needs at least one hash";
        while (count > 1) {
            count = levelUp(digest, hashes, count);
        }
        return Arrays.copyOf(hashes, HASH_SIZE_BYTES);
    }

    /** The audit path of hash {@code index} among {@code count} at the start of {@code hashes}: siblings from the bottom up. Overwrites them. */
    static List<byte[]> path(MessageDigest digest, byte[] hashes, int count, int index) {
        assert index >= 0 && index < count : "index inside the level";
        List<byte[]> path = new ArrayList<>();
        while (count > 1) {
            int sibling = index ^ 1;
            if (sibling < count) {
                path.add(Arrays.copyOfRange(hashes, sibling * HASH_SIZE_BYTES, (sibling + 1) * HASH_SIZE_BYTES));
            }
            count = levelUp(digest, hashes, count);
            index >>= 1;
        }
        return path;
    }

    public static byte[] root(byte[] data) {
        return root(data, 0, data.length);
    }

    /** The root of the piece held in {@code data[offset, offset + length)}. */
    public static byte[] root(byte[] data, int offset, int length) {
        return new MerkleStream().update(data, offset, length).root();
    }

    /** The audit path of leaf {@code index} of {@code data}: sibling hashes from the leaf up to the root. */
    public static List<byte[]> proof(byte[] data, int index) {
        int count = leafCount(data.length);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("leaf index " + index + " outside 0.." + (count - 1));
        }
        MessageDigest digest = Sha256.newDigest();
        byte[] hashes = new byte[count * HASH_SIZE_BYTES];
        for (int i = 0; i < count; i++) {
            int start = i * LEAF_SIZE_BYTES;
            leafHash(digest, data, start, Math.min(LEAF_SIZE_BYTES, data.length - start), hashes, i * HASH_SIZE_BYTES);
        }
        return path(digest, hashes, count, index);
    }

    /** Checks that {@code leaf} is leaf {@code index} of a tree of {@code leaf_count} leaves with {@code root}. */
    public static boolean verify(byte[] root, int leaf_count, int index, byte[] leaf, List<byte[]> proof) {
        if (index < 0 || index >= leaf_count || leaf.length > LEAF_SIZE_BYTES) {
            return false;
        }
        byte[] computed = climb(leaf_count, index, leafHash(leaf, 0, leaf.length), proof, proof.size());
        return computed != null && Arrays.equals(computed, root);
    }

    /**
     * The ledger's check walks the RFC 6962 recursion itself rather than the bottom-up levels, so the
     * two constructions check each other in the tests.
     */
    private static byte[] climb(int count, int index, byte[] hash, List<byte[]> proof, int remaining) {
        if (count == 1) {
            return remaining == 0 ? hash : null;
        }
        if (remaining == 0) {
            return null;
        }
        int split = Integer.highestOneBit(count - 1);
        byte[] sibling = proof.get(remaining - 1);
        if (sibling.length != HASH_SIZE_BYTES) {
            return null;
        }
        if (index < split) {
            byte[] left = climb(split, index, hash, proof, remaining - 1);
            return left == null ? null : concatHash(left, sibling);
        }
        byte[] right = climb(count - split, index - split, hash, proof, remaining - 1);
        return right == null ? null : concatHash(sibling, right);
    }

    private static byte[] concatHash(byte[] left, byte[] right) {
        byte[] pair = new byte[2 * HASH_SIZE_BYTES];
        System.arraycopy(left, 0, pair, 0, HASH_SIZE_BYTES);
        System.arraycopy(right, 0, pair, HASH_SIZE_BYTES, HASH_SIZE_BYTES);
        nodeHash(Sha256.newDigest(), pair, 0, HASH_SIZE_BYTES, pair, 0);
        return Arrays.copyOf(pair, HASH_SIZE_BYTES);
    }
}
